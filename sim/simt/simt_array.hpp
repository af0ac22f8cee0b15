// The SIMT (GPU-like) array model: SMs with warp schedulers, per-scheduler
// FP32/INT/SFU/FP64 pipes and an optional INTERP unit, a per-SM LSU with
// 32-bank shared memory and an L1, a chip-wide DRAM bandwidth server, and
// occupancy limits. Warps execute the kernel's per-thread program on the real
// data (functional at issue), so bank conflicts and scattered table reads
// come from the trace. docs/simt.md describes the model and its limits.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/lanes/in_order_lane.hpp"
#include "sim/simt/isa.hpp"
#include "sim/simt/simt_config.hpp"

namespace interpsim::simt {

// The global buffers a program addresses (isa.hpp Buffer), as 32-bit words.
struct GlobalBuffers {
  std::vector<uint32_t> input;        // one word per element
  std::vector<uint32_t> output;       // resized to the input's size by simulate()
  std::vector<uint32_t> table;        // rows {K, B}, interleaved
  std::vector<uint32_t> breakpoints;  // t_0 .. t_N
};

enum class Stall : int {
  kMemory,         // waiting for DRAM data (element loads)
  kTable,          // waiting for a table read (L1 or shared memory)
  kTableConflict,  // LSU busy replaying a bank-conflicted shared access
  kLsuBusy,        // LSU busy with other (global) wavefronts
  kOutput,         // a store waiting for the LSU
  kDependency,     // waiting for an ALU/SFU/INTERP result
  kPipeBusy,       // the instruction's pipe is still taking an earlier warp
  kBarrier,        // waiting at the block barrier
  kIdle,           // no warps left on the scheduler
  kCount
};
constexpr int kStallCount = static_cast<int>(Stall::kCount);
const char* stall_name(Stall stall);

struct SimtStats {
  uint64_t cycles = 0;
  uint64_t elements = 0;
  uint64_t warp_instructions = 0;
  std::array<uint64_t, kUnitCount> unit_busy{};  // scheduler-unit busy cycles (LSU: SM-cycles)
  std::array<uint64_t, kStallCount> stalls{};    // scheduler-cycles without an issue
  uint64_t dram_read_bytes = 0;
  uint64_t dram_write_bytes = 0;
  uint64_t table_reads = 0;  // lane reads of the table or breakpoints (and INTERP lookups)
  uint64_t bank_conflict_replays = 0;  // extra shared-memory wavefronts
  uint64_t shared_wavefronts = 0;
  uint64_t global_wavefronts = 0;  // L1 lines processed by LSUs
  int blocks_per_sm = 0;
  int warps_per_sm = 0;
  std::string occupancy_limit;
  int grid_blocks = 0;
  int interp_latency = 0;
  double sim_seconds = 0;
};

// Runs `program` over buffers.input (one element per input word) on the
// machine of `config`; `interp` serves INTERP instructions (may be null when
// the program has none). Throws InputError for a program/config mismatch
// (e.g. INTERP without lanes, a block that does not fit an SM).
SimtStats simulate(const SimtConfig& config, const Program& program, GlobalBuffers& buffers,
                   lanes::InOrderLane* interp);

}  // namespace interpsim::simt
