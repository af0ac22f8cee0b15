// The SIMT array's machine state (sim/simt/simt_array.hpp): warps with their
// registers and scoreboard, blocks, the schedulers' warp lists, and the flat
// arrays the issue scan reads. Internal to the simulator (namespace detail).
//
// What runs once per issued instruction (update_ready, advance) is inline
// here so that the scheduler (simt_array.cpp) compiles it into its issue
// path; building the grid (machine_state.cpp) runs once.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <vector>

#include "sim/simt/isa.hpp"
#include "sim/simt/issue_scan.hpp"
#include "sim/simt/simt_array.hpp"
#include "sim/simt/simt_config.hpp"

#include <sys/mman.h>

namespace interpsim::simt::detail {

constexpr int kWarpSize = 32;
constexpr int kRegisters = 32;
constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();

// A warp's registers: row r holds register r of the 32 lanes.
using RegisterFile = std::array<std::array<uint32_t, kWarpSize>, kRegisters>;

// Allocates aligned to `Alignment` bytes, and in 2 MB transparent huge pages
// when that is the alignment.
template <typename T, size_t Alignment>
struct AlignedAllocator {
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = AlignedAllocator<U, Alignment>;
  };
  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U, Alignment>&) {}
  T* allocate(size_t count) {
    const size_t bytes =
        std::max<size_t>((count * sizeof(T) + Alignment - 1) / Alignment * Alignment, Alignment);
    void* memory = std::aligned_alloc(Alignment, bytes);
    if (memory == nullptr) throw std::bad_alloc();
    if (Alignment >= kHugePage) madvise(memory, bytes, MADV_HUGEPAGE);  // advice only
    return static_cast<T*>(memory);
  }
  void deallocate(T* memory, size_t) { std::free(memory); }
  template <typename U>
  bool operator==(const AlignedAllocator<U, Alignment>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const AlignedAllocator<U, Alignment>&) const {
    return false;
  }

  static constexpr size_t kHugePage = size_t{2} << 20;
};

// The warps of a V100 grid are ~20 MB touched in no useful order: with 4 KB
// pages most register accesses would also miss the TLB.
template <typename T>
using HugePageAllocator = AlignedAllocator<T, size_t{2} << 20>;
// The issue scan reads each scheduler's slots, a multiple of 32 bytes, as
// whole cache lines: misaligned, each scheduler costs a line more.
template <typename T>
using CacheLineAllocator = AlignedAllocator<T, 64>;

enum class Phase : uint8_t { kSetup, kPrologue, kBody, kDone };

// Laid out by cache line (the warps, ~20 MB for a V100 grid, are visited in
// no cache-friendly order, so an issue costs about one miss per line).
struct Warp {
  // Line 0: what every issue reads.
  Phase phase = Phase::kSetup;
  bool at_barrier = false;
  int pc = 0;
  uint32_t mask = 0;
  int block = 0;
  int sm = 0;
  int scheduler = 0;                             // global scheduler index
  int slot = 0;                                  // index in its scheduler's slot arrays
  std::array<uint8_t, kRegisters> reg_reason{};  // a Stall each
  // Lines 1-2: the scoreboard (cycles < 2^32, checked at issue).
  alignas(64) std::array<uint32_t, kRegisters> reg_ready{};
  // Line 3: read once per element iteration.
  uint32_t first_thread = 0;
  uint64_t iteration = 0;
  // Line-aligned: a register row is exactly two 64-byte cache lines.
  alignas(64) RegisterFile regs{};
  // An odd number of cache lines per warp: at 68 lines (4 x 17) a given
  // line of every warp would fall in only a quarter of the cache sets.
  std::array<uint8_t, 64> set_spread{};
};
static_assert(offsetof(Warp, reg_ready) == 64, "the issue fields fill line 0");
static_assert(sizeof(Warp) / 64 % 2 == 1, "warps spread over every cache set");

// An instruction's scoreboard registers, decoded once per program.
struct Decoded {
  uint8_t regs[6];  // sources, then destinations (write-after-write waits too)
  uint8_t count = 0;
  uint8_t sources = 0;  // regs[sources..count) are the destinations
};

// What the scheduler needs to pick a warp, kept compact in a flat array
// apart from the warps (the Warp with its registers is 4.3 KB; a scheduler's
// 16 entries fill two cache lines). When it can issue and on which unit live
// in Machine::issuable_at and Machine::unit.
struct Hot {
  uint32_t decoded = 0;  // index in Machine::decoded_all of the instruction at pc
  Stall reason = Stall::kDependency;
  bool store = false;
};
// Starts fetching what issuing `warp`'s next instruction touches: its control
// state and scoreboard (lines 0-2) and the register rows the instruction
// names (the warps together are far larger than the caches, and the
// schedulers interleave them cycle by cycle).
inline void prefetch_issue(const Warp& warp, const Decoded& decoded) {
  const char* bytes = reinterpret_cast<const char*>(&warp);
  for (size_t offset = 0; offset < offsetof(Warp, first_thread); offset += 64) {
    __builtin_prefetch(bytes + offset);
  }
  for (int i = 0; i < decoded.count; ++i) {
    const char* row = reinterpret_cast<const char*>(&warp.regs[decoded.regs[i]]);
    __builtin_prefetch(row);
    __builtin_prefetch(row + 64);
  }
}

struct Block {
  int warps = 0;
  int arrived = 0;
  int live = 0;
  std::vector<uint32_t> shared;
  std::vector<int> warp_index;  // in Machine::warps, in the block's warp order
};

// Two cache lines: the first holds what every issue attempt reads, the
// second what issuing or going to sleep reads and writes (a scheduler is
// visited about every third cycle, between visits to ~45 others).
struct alignas(64) Scheduler {
  std::array<uint64_t, kUnitCount> unit_free{};
  uint32_t next = 0;   // round-robin start
  uint32_t slots = 0;  // its warps: Machine::warps[first_warp, first_warp + slots)
  // Line 1.
  size_t first_warp = 0;
  uint64_t sleep_since = 0;
  uint64_t finished_at = 0;
  int live = 0;
  Stall sleep_reason = Stall::kIdle;
};
static_assert(offsetof(Scheduler, first_warp) == 64, "the attempt's fields fill line 0");

// Every warp, block and scheduler of the grid, and where each warp stands in
// the program. Plain data: the scheduler reads and writes it directly.
struct Machine {
  explicit Machine(const Program& program) : program(program) {}

  // Lays out a grid-stride launch of `grid` blocks over config.sms SMs
  // (round-robin) and their warps over each SM's schedulers, and moves every
  // warp to its first instruction. Throws InputError for an empty body.
  void build(const SimtConfig& config, uint64_t grid, uint64_t elements);

  const std::vector<Instr>& code(const Warp& warp) const {
    switch (warp.phase) {
      case Phase::kSetup:
        return program.setup;
      case Phase::kPrologue:
        return program.prologue;
      default:
        return program.body;
    }
  }
  // Where the warp's current phase starts in decoded_all.
  size_t decoded_base(const Warp& warp) const {
    switch (warp.phase) {
      case Phase::kSetup:
        return 0;
      case Phase::kPrologue:
        return program.setup.size();
      default:
        return program.setup.size() + program.prologue.size();
    }
  }
  const Decoded& decoded(const Warp& warp) const {
    return decoded_all[decoded_base(warp) + warp.pc];
  }
  Warp& warp_at(const Scheduler& sched, size_t slot) { return warps[sched.first_warp + slot]; }

  // Sets r0 and the mask for the warp's current iteration; false when done.
  bool start_iteration(Warp& warp) {
    const uint64_t first = warp.iteration * grid_threads + warp.first_thread;
    if (first >= elements) {
      warp.phase = Phase::kDone;
      return false;
    }
    const uint64_t left = elements - first;
    warp.mask = left >= kWarpSize ? 0xFFFFFFFFu : ((1u << left) - 1);
    for (int lane = 0; lane < kWarpSize; ++lane) {
      warp.regs[0][lane] = static_cast<uint32_t>(first + lane);
    }
    warp.pc = 0;
    return true;
  }

  // Moves the warp past the instruction it issued (into the next phase or
  // element iteration at the end of one) and refreshes its scan entry.
  // Returns true when the warp has just finished.
  bool advance(Warp& warp) {
    ++warp.pc;
    while (warp.phase != Phase::kDone && warp.pc >= static_cast<int>(code(warp).size())) {
      warp.pc = 0;
      if (warp.phase == Phase::kSetup) {
        warp.phase = Phase::kPrologue;
      } else if (warp.phase == Phase::kPrologue) {
        warp.phase = Phase::kBody;
        if (!start_iteration(warp)) break;
      } else {
        ++warp.iteration;
        if (!start_iteration(warp)) break;
      }
    }
    update_ready(warp);
    return warp.phase == Phase::kDone;
  }

  // Refreshes what the issue scan knows of the warp: when the operands of
  // its instruction at pc are ready (and what they wait for), and its unit.
  void update_ready(Warp& warp) {
    const size_t flat = warp.scheduler * slot_stride + warp.slot;
    if (warp.phase == Phase::kDone) {
      issuable_at[flat] = kNeverIssuable;
      return;
    }
    const size_t index = decoded_base(warp) + warp.pc;
    const Decoded& d = decoded_all[index];
    uint32_t ready = 0;  // < kNeverIssuable: issue() keeps the scoreboard below it
    Stall reason = Stall::kDependency;
    for (int i = 0; i < d.count; ++i) {
      if (warp.reg_ready[d.regs[i]] > ready) {
        ready = warp.reg_ready[d.regs[i]];
        reason = static_cast<Stall>(warp.reg_reason[d.regs[i]]);
      }
    }
    const Instr& instr = code(warp)[warp.pc];
    Hot& entry = hot[flat];
    entry.decoded = static_cast<uint32_t>(index);
    entry.reason = reason;
    entry.store = instr.op == Op::kStg;
    issuable_at[flat] = warp.at_barrier ? kNeverIssuable : ready;
    unit[flat] = static_cast<uint8_t>(instr.unit);
  }

  const Program& program;
  uint64_t elements = 0;
  uint64_t grid_threads = 0;
  // Scheduler by scheduler (Scheduler::first_warp), so that a slot finds
  // its warp without a lookup that would miss the cache.
  std::vector<Warp, HugePageAllocator<Warp>> warps;
  std::vector<Block> blocks;
  std::vector<Scheduler, CacheLineAllocator<Scheduler>> schedulers;
  // What the issue scan reads, per scheduler `slot_stride` slots (padded),
  // flat and apart from the warps: when each slot's operands are ready
  // (kNeverIssuable at a barrier or done), the unit it needs.
  size_t slot_stride = kScanPad;
  std::vector<uint32_t, CacheLineAllocator<uint32_t>> issuable_at;
  std::vector<uint8_t, CacheLineAllocator<uint8_t>> unit;
  std::vector<Hot, CacheLineAllocator<Hot>> hot;
  std::vector<Decoded> decoded_all;  // setup, prologue, body, one after the other
};

}  // namespace interpsim::simt::detail
