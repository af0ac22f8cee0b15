// The SIMT array's memory system: the global buffers behind L1/L2 and the
// chip-wide DRAM bandwidth server, each SM's LSU (global accesses coalesced
// into 128-byte lines, shared memory with its bank conflicts). An access moves
// the data at issue and returns when its result is ready; the LSU's busy time
// is what the scheduler sees (docs/simt.md, "The machine").
//
// The accesses are inline: the scheduler (simt_array.cpp) issues them for
// every element.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "sim/simt/isa.hpp"
#include "sim/simt/machine_state.hpp"
#include "sim/simt/simt_array.hpp"
#include "sim/simt/simt_config.hpp"

namespace interpsim::simt::detail {

constexpr int kSectorBytes = 32;
constexpr int kLineSectors = 4;  // 128-byte L1 lines

// An SM's load/store unit, shared by its schedulers.
struct Sm {
  uint64_t lsu_free = 0;
  bool lsu_conflict = false;  // the LSU's current work is a conflicted shared access
};

class MemorySystem {
 public:
  // Counts its traffic into `stats` (DRAM bytes, wavefronts, bank conflicts,
  // table reads, LSU busy cycles).
  MemorySystem(const SimtConfig& config, const Program& program, GlobalBuffers& buffers,
               SimtStats& stats)
      : c_(config), program_(program), buf_(buffers), stats_(stats) {}

  // Sizes the per-buffer coalescing bitmaps (call once the buffers have
  // their final sizes) and the SMs' LSUs.
  void configure();

  const Sm& sm(int index) const { return sms_[index]; }
  // The cycle the DRAM server has moved every byte asked of it so far.
  uint64_t dram_drained() const { return static_cast<uint64_t>(std::ceil(dram_free_)); }

  // LDG/STG on the lanes of `mask`: the cycle the loaded data is ready (a
  // store: the cycle after issue; stores never stall the warp). always_inline
  // as execute_alu (alu.hpp): every element loads and stores.
  [[gnu::always_inline]] uint64_t execute_global(Warp& warp, const Instr& in, uint32_t mask,
                                                 uint64_t now) {
    const auto buffer = static_cast<Buffer>(in.imm);
    std::vector<uint32_t>& data = global(buffer);
    uint32_t sectors[kWarpSize];  // each lane's 32-byte sector in the buffer
    int count = 0;
    const bool load = in.op == Op::kLdg;
    const bool table = buffer == Buffer::kTable || buffer == Buffer::kBreakpoints;
    // A value is buffer_bytes wide in memory (fp16 elements: 2), whatever its
    // register holds: the width sets the sectors and lines a warp touches.
    const uint64_t value_bytes = static_cast<uint64_t>(program_.buffer_bytes[in.imm]);
    for (uint32_t m = mask; m != 0; m &= m - 1) {
      const int lane = __builtin_ctz(m);
      const uint64_t word = static_cast<uint64_t>(warp.regs[in.a][lane]) * in.width;
      if (word + in.width > data.size()) {
        throw std::logic_error("kernel '" + program_.name + "' addresses past a global buffer");
      }
      for (int j = 0; j < in.width; ++j) {
        if (load) {
          warp.regs[in.d + j][lane] = data[word + j];
        } else {
          data[word + j] = warp.regs[in.b + j][lane];
        }
      }
      sectors[count++] = static_cast<uint32_t>(word * value_bytes / kSectorBytes);
    }
    // Distinct sectors and 128-byte lines, order-free: mark the sectors in
    // the buffer's bitmap, where a line's 4 sectors are one aligned nibble
    // (a line is new when its nibble was clear), then clear the words that
    // were touched.
    static_assert(64 % kLineSectors == 0, "a line's sector bits share one word");
    std::vector<uint64_t>& seen = seen_sectors_[static_cast<int>(buffer)];
    constexpr uint64_t kLineBits = (uint64_t{1} << kLineSectors) - 1;
    int distinct = 0;
    int lines = 0;
    for (int i = 0; i < count; ++i) {
      const uint32_t sector = sectors[i];
      uint64_t& word = seen[sector / 64];
      const uint64_t sector_bit = uint64_t{1} << (sector % 64);
      const uint64_t line_bits = kLineBits << (sector % 64 / kLineSectors * kLineSectors);
      distinct += (word & sector_bit) == 0;
      lines += (word & line_bits) == 0;
      word |= sector_bit;
    }
    for (int i = 0; i < count; ++i) seen[sectors[i] / 64] = 0;
    lines = std::max(lines, 1);
    if (table && warp.phase == Phase::kBody) stats_.table_reads += __builtin_popcount(mask);
    if (!table && fused_) return now + c_.ctrl_latency;  // the element is in a register
    stats_.global_wavefronts += lines;
    Sm& sm = sms_[warp.sm];
    sm.lsu_free = now + lines;  // the L1 takes one 128-byte line per cycle
    sm.lsu_conflict = false;
    stats_.unit_busy[static_cast<int>(Unit::kLsu)] += lines;
    const double bytes = static_cast<double>(distinct) * kSectorBytes;
    if (table) {
      // Tables are read-only and small: resident in L1 (or L2 when larger).
      return now + lines - 1 + (table_in_l1_ ? c_.l1_latency : c_.l2_latency);
    }
    // Element streams go to DRAM through one chip-wide FCFS bandwidth server;
    // a store completes when the server has moved it (dram_drained()).
    const double start = std::max(static_cast<double>(now), dram_free_);
    dram_free_ = start + bytes / dram_bytes_per_cycle_;
    if (load) {
      stats_.dram_read_bytes += static_cast<uint64_t>(bytes);
      return static_cast<uint64_t>(std::ceil(dram_free_)) + c_.dram_latency;
    }
    stats_.dram_write_bytes += static_cast<uint64_t>(bytes);
    return now + 1;
  }

  // LDS/STS on the lanes of `mask` in the block's `shared` memory: the cycle
  // the result is ready.
  uint64_t execute_shared(Warp& warp, std::vector<uint32_t>& shared, const Instr& in, uint32_t mask,
                          uint64_t now) {
    const int banks = c_.shared_banks;
    // A lane's access is width values of shared_value_bytes: 8 bytes (two
    // fp32 entries) are served a half-warp at a time, 4 bytes or fewer (two
    // fp16 entries) a warp at a time; each phase costs the largest number of
    // distinct 4-byte words any bank must deliver (same word: broadcast, so
    // lanes reading bytes of one word do not conflict).
    const int value_bytes = program_.shared_value_bytes;
    const int access_bytes = in.width * value_bytes;
    const int phases = access_bytes > 4 ? access_bytes / 4 : 1;
    const int lanes_per_phase = kWarpSize / phases;
    int wavefronts = 0;
    const bool load = in.op == Op::kLds;
    for (int p = 0; p < phases; ++p) {
      uint32_t words[2 * kWarpSize];
      int count = 0;
      for (int lane = p * lanes_per_phase; lane < (p + 1) * lanes_per_phase; ++lane) {
        if (((mask >> lane) & 1u) == 0) continue;
        const uint64_t word = static_cast<uint64_t>(warp.regs[in.a][lane]) * in.width;
        if (word + in.width > shared.size()) {
          throw std::logic_error("kernel '" + program_.name + "' addresses past shared memory");
        }
        for (int j = 0; j < in.width; ++j) {
          if (load) {
            warp.regs[in.d + j][lane] = shared[word + j];
          } else {
            shared[word + j] = warp.regs[in.b + j][lane];
          }
        }
        // The bank words (4 bytes) the access covers.
        const uint64_t first_byte = word * static_cast<uint64_t>(value_bytes);
        for (uint64_t w = first_byte / 4; w <= (first_byte + access_bytes - 1) / 4; ++w) {
          words[count++] = static_cast<uint32_t>(w);
        }
      }
      if (count == 0) continue;
      std::sort(words, words + count);
      const int distinct = static_cast<int>(std::unique(words, words + count) - words);
      int per_bank[64] = {};
      int degree = 1;
      for (int i = 0; i < distinct; ++i) degree = std::max(degree, ++per_bank[words[i] % banks]);
      wavefronts += degree;
      stats_.bank_conflict_replays += degree - 1;
    }
    wavefronts = std::max(wavefronts, 1);
    if (load && warp.phase == Phase::kBody) stats_.table_reads += __builtin_popcount(mask);
    stats_.shared_wavefronts += wavefronts;
    Sm& sm = sms_[warp.sm];
    sm.lsu_free = now + wavefronts;
    sm.lsu_conflict = wavefronts > phases;
    stats_.unit_busy[static_cast<int>(Unit::kLsu)] += wavefronts;
    return now + c_.shared_latency + wavefronts - 1;
  }

 private:
  std::vector<uint32_t>& global(Buffer buffer) {
    switch (buffer) {
      case Buffer::kInput:
        return buf_.input;
      case Buffer::kOutput:
        return buf_.output;
      case Buffer::kTable:
        return buf_.table;
      default:
        return buf_.breakpoints;
    }
  }

  const SimtConfig& c_;
  const Program& program_;
  GlobalBuffers& buf_;
  SimtStats& stats_;
  double dram_bytes_per_cycle_ = 1;
  double dram_free_ = 0;  // when the DRAM server has moved every byte so far
  bool table_in_l1_ = true;
  bool fused_ = false;  // element_memory = fused: element loads and stores skip DRAM
  std::vector<Sm> sms_;
  // Per global buffer: one bit per 32-byte sector, all clear between
  // accesses (execute_global).
  std::array<std::vector<uint64_t>, 4> seen_sectors_;
};

}  // namespace interpsim::simt::detail
