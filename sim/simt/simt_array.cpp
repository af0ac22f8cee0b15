#include "sim/simt/simt_array.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "model/input_error.hpp"
#include "sim/simt/issue_scan.hpp"

#include <sys/mman.h>

namespace interpsim::simt {

namespace {

constexpr int kWarpSize = 32;
constexpr int kRegisters = 32;
constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();
constexpr int kSectorBytes = 32;
constexpr int kLineSectors = 4;  // 128-byte L1 lines

float as_float(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, 4);
  return value;
}
uint32_t as_bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  return bits;
}

// Allocates in 2 MB transparent huge pages where the kernel offers them: the
// warps of a V100 grid are ~20 MB touched in no useful order, and with 4 KB
// pages most register accesses would also miss the TLB.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t count) {
    const size_t bytes = (count * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage;
    void* memory = std::aligned_alloc(kHugePage, bytes);
    if (memory == nullptr) throw std::bad_alloc();
    madvise(memory, bytes, MADV_HUGEPAGE);  // advice only: failure is harmless
    return static_cast<T*>(memory);
  }
  void deallocate(T* memory, size_t) { std::free(memory); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const {
    return false;
  }
};

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
  alignas(64) std::array<std::array<uint32_t, kWarpSize>, kRegisters> regs{};
};
static_assert(offsetof(Warp, reg_ready) == 64, "the issue fields fill line 0");

// What the scheduler needs to pick a warp, kept compact and contiguous per
// scheduler (the Warp with its registers is 4.3 KB).
struct Decoded;
// (When it can issue and on which unit: Simulator::issuable_at_ and unit_.)
struct Hot {
  const Decoded* decoded = nullptr;  // the registers of the instruction at pc
  Stall reason = Stall::kDependency;
  bool store = false;
};

// An instruction's scoreboard registers, decoded once per program.
struct Decoded {
  uint8_t regs[6];  // sources, then destinations (write-after-write waits too)
  uint8_t count = 0;
  uint8_t sources = 0;  // regs[sources..count) are the destinations
};

// Starts fetching what issuing `warp`'s next instruction touches: its control
// state and scoreboard (lines 0-2) and the register rows the instruction
// names (the warps together are far larger than the caches, and the
// schedulers interleave them cycle by cycle).
void prefetch_issue(const Warp& warp, const Hot& hot) {
  const char* bytes = reinterpret_cast<const char*>(&warp);
  for (size_t offset = 0; offset < offsetof(Warp, first_thread); offset += 64) {
    __builtin_prefetch(bytes + offset);
  }
  if (hot.decoded == nullptr) return;
  for (int i = 0; i < hot.decoded->count; ++i) {
    const char* row = reinterpret_cast<const char*>(&warp.regs[hot.decoded->regs[i]]);
    __builtin_prefetch(row);
    __builtin_prefetch(row + 64);
  }
}

struct Block {
  int warps = 0;
  int arrived = 0;
  int live = 0;
  std::vector<uint32_t> shared;
};

struct Scheduler {
  std::vector<int> warps;
  std::vector<Hot> hot;  // parallel to warps
  size_t next = 0;       // round-robin start
  std::array<uint64_t, kUnitCount> unit_free{};
  uint64_t sleep_since = 0;
  Stall sleep_reason = Stall::kIdle;
  int live = 0;
  uint64_t finished_at = 0;
};

struct Sm {
  uint64_t lsu_free = 0;
  bool lsu_conflict = false;  // the LSU's current work is a conflicted shared access
};

class Simulator {
 public:
  Simulator(const SimtConfig& config, const Program& program, GlobalBuffers& buffers,
            InterpBackend* interp)
      : c_(config), program_(program), buf_(buffers), interp_(interp) {}

  SimtStats run();

 private:
  const std::vector<Decoded>& decoded(const Warp& warp) const {
    switch (warp.phase) {
      case Phase::kSetup:
        return decoded_[0];
      case Phase::kPrologue:
        return decoded_[1];
      default:
        return decoded_[2];
    }
  }
  void update_ready(Warp& warp);
  const std::vector<Instr>& code(const Warp& warp) const {
    switch (warp.phase) {
      case Phase::kSetup:
        return program_.setup;
      case Phase::kPrologue:
        return program_.prologue;
      default:
        return program_.body;
    }
  }
  void configure();
  bool start_iteration(Warp& warp);
  void advance(Warp& warp, uint64_t now);
  bool try_issue(int s, int sm_index, uint64_t now);
  void issue(Warp& warp, const Instr& instr, uint64_t now);
  void execute_alu(Warp& warp, const Instr& instr, uint32_t mask);
  uint64_t execute_global(Warp& warp, const Instr& instr, uint32_t mask, uint64_t now);
  uint64_t execute_shared(Warp& warp, const Instr& instr, uint32_t mask, uint64_t now);
  uint64_t execute_interp(Warp& warp, const Instr& instr, uint32_t mask, uint64_t now);
  void release_barrier(int block, uint64_t now);
  void wake(int s, uint64_t at);
  std::vector<uint32_t>& global(Buffer buffer);

  const SimtConfig& c_;
  const Program& program_;
  GlobalBuffers& buf_;
  InterpBackend* interp_;
  SimtStats stats_;

  std::array<int, kUnitCount> occupancy_{};  // cycles a warp instruction holds its pipe
  std::array<int, kUnitCount> latency_{};
  double dram_bytes_per_cycle_ = 1;
  double dram_free_ = 0;
  uint64_t last_completion_ = 0;
  uint64_t elements_ = 0;
  uint64_t grid_threads_ = 0;
  bool table_in_l1_ = true;
  bool fused_ = false;
  std::vector<Warp, HugePageAllocator<Warp>> warps_;
  std::vector<Block> blocks_;
  std::vector<Scheduler> schedulers_;
  // When each scheduler next tries to issue (kNever: asleep at a barrier, or
  // no warp left); apart from Scheduler so the cycle loop reads one array.
  std::vector<uint64_t> wake_;
  // What the issue scan reads, per scheduler `slot_stride_` slots (padded),
  // flat and apart from the warps: when each slot's operands are ready
  // (kNever at a barrier or done), the unit it needs.
  size_t slot_stride_ = kScanPad;
  std::vector<uint64_t> issuable_at_;
  std::vector<uint8_t> unit_;
  const IssueScanFn scan_issue_ = best_issue_scan();
  std::vector<Sm> sms_;
  std::array<std::vector<Decoded>, 3> decoded_;
  // Per global buffer: one bit per 32-byte sector and per 128-byte line,
  // all clear between accesses (execute_global).
  std::array<std::vector<uint64_t>, 4> seen_sectors_;
  std::array<std::vector<uint64_t>, 4> seen_lines_;
};

std::vector<uint32_t>& Simulator::global(Buffer buffer) {
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

void Simulator::configure() {
  const int per_sched = c_.schedulers_per_sm;
  const auto pipe_cycles = [](int lanes) { return (kWarpSize + lanes - 1) / lanes; };
  occupancy_[static_cast<int>(Unit::kFp32)] = pipe_cycles(c_.fp32_lanes_per_sm / per_sched);
  occupancy_[static_cast<int>(Unit::kInt)] = pipe_cycles(c_.int_lanes_per_sm / per_sched);
  occupancy_[static_cast<int>(Unit::kSfu)] = pipe_cycles(c_.sfu_lanes_per_sm / per_sched);
  occupancy_[static_cast<int>(Unit::kFp64)] = pipe_cycles(c_.fp64_lanes_per_sm / per_sched);
  occupancy_[static_cast<int>(Unit::kCtrl)] = 1;
  occupancy_[static_cast<int>(Unit::kLsu)] = 1;
  occupancy_[static_cast<int>(Unit::kInterp)] =
      c_.interp_lanes_per_scheduler > 0 ? pipe_cycles(c_.interp_lanes_per_scheduler) : 1;
  latency_[static_cast<int>(Unit::kFp32)] = c_.fp32_latency;
  latency_[static_cast<int>(Unit::kInt)] = c_.int_latency;
  latency_[static_cast<int>(Unit::kSfu)] = c_.sfu_latency;
  latency_[static_cast<int>(Unit::kFp64)] = c_.fp64_latency;
  latency_[static_cast<int>(Unit::kCtrl)] = c_.ctrl_latency;
  latency_[static_cast<int>(Unit::kLsu)] = c_.shared_latency;
  latency_[static_cast<int>(Unit::kInterp)] = interp_ != nullptr ? interp_->latency() : 1;
  stats_.interp_latency = interp_ != nullptr ? interp_->latency() : 0;
  dram_bytes_per_cycle_ = c_.dram_gb_per_s / c_.clock_ghz;
  fused_ = c_.element_memory == "fused";
  const bool uses_interp = std::any_of(program_.body.begin(), program_.body.end(),
                                       [](const Instr& instr) { return instr.op == Op::kInterp; });
  if (uses_interp && (c_.interp_lanes_per_scheduler == 0 || interp_ == nullptr)) {
    throw InputError("interp_lanes_per_scheduler: kernel '" + program_.name +
                     "' executes INTERP, which needs an interpolation unit (>= 1 lane)");
  }
  for (Buffer buffer : {Buffer::kInput, Buffer::kOutput, Buffer::kTable, Buffer::kBreakpoints}) {
    const size_t sectors = global(buffer).size() * 4 / kSectorBytes + 1;
    seen_sectors_[static_cast<int>(buffer)].assign(sectors / 64 + 1, 0);
    seen_lines_[static_cast<int>(buffer)].assign(sectors / kLineSectors / 64 + 1, 0);
  }
  const uint64_t table_bytes = 4ull * (buf_.table.size() + buf_.breakpoints.size());
  table_in_l1_ = table_bytes <= static_cast<uint64_t>(c_.l1_bytes);

  // Occupancy: blocks per SM under each limit.
  const int warps_per_block = c_.block_threads / kWarpSize;
  struct Limit {
    const char* name;
    long long blocks;
  };
  std::vector<Limit> limits = {
      {"max_blocks_per_sm", c_.max_blocks_per_sm},
      {"max_warps_per_sm", c_.max_warps_per_sm / warps_per_block},
      {"registers_per_sm",
       c_.registers_per_sm / (static_cast<long long>(c_.registers_per_thread) * c_.block_threads)}};
  if (program_.shared_bytes_per_block > 0) {
    limits.push_back(
        {"shared_bytes_per_sm", c_.shared_bytes_per_sm / program_.shared_bytes_per_block});
  }
  const Limit tightest =
      *std::min_element(limits.begin(), limits.end(),
                        [](const Limit& x, const Limit& y) { return x.blocks < y.blocks; });
  if (tightest.blocks < 1) {
    throw InputError(std::string(tightest.name) + ": one block of " +
                     std::to_string(c_.block_threads) + " threads (" +
                     std::to_string(program_.shared_bytes_per_block) +
                     " shared bytes) does not fit an SM");
  }
  stats_.blocks_per_sm = static_cast<int>(tightest.blocks);
  stats_.warps_per_sm = stats_.blocks_per_sm * warps_per_block;
  stats_.occupancy_limit = tightest.name;

  // A grid-stride kernel with as many blocks as are resident (gpu_ref's launch).
  elements_ = buf_.input.size();
  const uint64_t needed_blocks = (elements_ + c_.block_threads - 1) / c_.block_threads;
  const uint64_t grid = std::max<uint64_t>(
      1, std::min<uint64_t>(needed_blocks, static_cast<uint64_t>(stats_.blocks_per_sm) * c_.sms));
  stats_.grid_blocks = static_cast<int>(grid);
  grid_threads_ = grid * c_.block_threads;

  schedulers_.assign(static_cast<size_t>(c_.sms) * c_.schedulers_per_sm, Scheduler{});
  sms_.assign(c_.sms, Sm{});
  blocks_.assign(grid, Block{});
  warps_.assign(grid * warps_per_block, Warp{});
  std::vector<int> sm_warps(c_.sms, 0);
  for (uint64_t b = 0; b < grid; ++b) {
    Block& block = blocks_[b];
    block.warps = warps_per_block;
    block.live = warps_per_block;
    if (program_.shared_bytes_per_block > 0) {
      block.shared.assign((program_.shared_bytes_per_block + 3) / 4, 0);
    }
    const int sm = static_cast<int>(b % c_.sms);
    for (int w = 0; w < warps_per_block; ++w) {
      const size_t index = b * warps_per_block + w;
      Warp& warp = warps_[index];
      warp.block = static_cast<int>(b);
      warp.sm = sm;
      warp.scheduler = sm * c_.schedulers_per_sm + (sm_warps[sm]++ % c_.schedulers_per_sm);
      warp.first_thread = static_cast<uint32_t>(b * c_.block_threads + w * kWarpSize);
      for (int lane = 0; lane < kWarpSize; ++lane) {
        warp.regs[1][lane] = static_cast<uint32_t>(w * kWarpSize + lane);
      }
      warp.mask = 0xFFFFFFFFu;
      warp.phase = Phase::kSetup;
      warp.pc = 0;
      warp.slot = static_cast<int>(schedulers_[warp.scheduler].warps.size());
      schedulers_[warp.scheduler].warps.push_back(static_cast<int>(index));
      schedulers_[warp.scheduler].hot.push_back(Hot{});
      ++schedulers_[warp.scheduler].live;
    }
  }
  // The scan reads whole groups of kScanPad slots: pad with slots that never issue.
  size_t most_slots = 0;
  for (const Scheduler& sched : schedulers_) most_slots = std::max(most_slots, sched.warps.size());
  slot_stride_ = std::max<size_t>((most_slots + kScanPad - 1) / kScanPad * kScanPad, kScanPad);
  issuable_at_.assign(schedulers_.size() * slot_stride_, kNever);
  unit_.assign(schedulers_.size() * slot_stride_, 0);
  const std::vector<Instr>* phases[3] = {&program_.setup, &program_.prologue, &program_.body};
  for (int p = 0; p < 3; ++p) {
    for (const Instr& instr : *phases[p]) {
      Decoded d;
      d.count = static_cast<uint8_t>(source_registers(instr, d.regs));
      d.sources = d.count;
      d.count = static_cast<uint8_t>(d.count + dest_registers(instr, d.regs + d.count));
      decoded_[p].push_back(d);
    }
  }
  // Skip empty phases.
  for (Warp& warp : warps_) {
    while (warp.phase != Phase::kDone && code(warp).empty()) {
      if (warp.phase == Phase::kSetup) {
        warp.phase = Phase::kPrologue;
      } else if (warp.phase == Phase::kPrologue) {
        warp.phase = Phase::kBody;
        if (!start_iteration(warp)) break;
      } else {
        throw InputError("kernel '" + program_.name + "' has an empty body");
      }
    }
    if (warp.phase == Phase::kDone) {
      // No element for this warp and nothing to run before: it never issues.
      --schedulers_[warp.scheduler].live;
      --blocks_[warp.block].live;
    }
    update_ready(warp);
  }
}

// Sets r0 and the mask for the warp's current iteration; false when done.
bool Simulator::start_iteration(Warp& warp) {
  const uint64_t first = warp.iteration * grid_threads_ + warp.first_thread;
  if (first >= elements_) {
    warp.phase = Phase::kDone;
    return false;
  }
  const uint64_t left = elements_ - first;
  warp.mask = left >= kWarpSize ? 0xFFFFFFFFu : ((1u << left) - 1);
  for (int lane = 0; lane < kWarpSize; ++lane) {
    warp.regs[0][lane] = static_cast<uint32_t>(first + lane);
  }
  warp.pc = 0;
  return true;
}

void Simulator::advance(Warp& warp, uint64_t now) {
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
  if (warp.phase == Phase::kDone) {
    Scheduler& sched = schedulers_[warp.scheduler];
    --blocks_[warp.block].live;
    if (--sched.live == 0) sched.finished_at = now + 1;
    // A barrier waits only for live warps.
    Block& block = blocks_[warp.block];
    if (block.arrived > 0 && block.arrived >= block.live) release_barrier(warp.block, now);
  }
}

void Simulator::update_ready(Warp& warp) {
  Scheduler& sched = schedulers_[warp.scheduler];
  Hot& hot = sched.hot[warp.slot];
  if (warp.phase == Phase::kDone) {
    issuable_at_[warp.scheduler * slot_stride_ + warp.slot] = kNever;
    return;
  }
  const Decoded& d = decoded(warp)[warp.pc];
  uint64_t ready = 0;
  Stall reason = Stall::kDependency;
  for (int i = 0; i < d.count; ++i) {
    if (warp.reg_ready[d.regs[i]] > ready) {
      ready = warp.reg_ready[d.regs[i]];
      reason = static_cast<Stall>(warp.reg_reason[d.regs[i]]);
    }
  }
  const Instr& instr = code(warp)[warp.pc];
  hot.decoded = &d;
  hot.reason = reason;
  hot.store = instr.op == Op::kStg;
  issuable_at_[warp.scheduler * slot_stride_ + warp.slot] = warp.at_barrier ? kNever : ready;
  unit_[warp.scheduler * slot_stride_ + warp.slot] = static_cast<uint8_t>(instr.unit);
}

// Wakes a sleeping scheduler early (a barrier release), correcting the
// stall cycles booked when it went to sleep.
void Simulator::wake(int s, uint64_t at) {
  Scheduler& sched = schedulers_[s];
  uint64_t& wake = wake_[s];
  // A scheduler with no live warp stays asleep for good (the run loop has
  // counted it out); a warp that left right after its last barrier is still
  // released with its block, and must not wake it.
  if (wake <= at || sched.live == 0) return;
  if (wake != kNever) {
    stats_.stalls[static_cast<int>(sched.sleep_reason)] -= wake - at;
  } else if (at > sched.sleep_since) {
    stats_.stalls[static_cast<int>(Stall::kBarrier)] += at - sched.sleep_since;
  }
  wake = at;
}

// Every live warp of the block has arrived: all continue.
void Simulator::release_barrier(int block_index, uint64_t now) {
  Block& block = blocks_[block_index];
  block.arrived = 0;
  for (int w = 0; w < block.warps; ++w) {
    Warp& other = warps_[static_cast<size_t>(block_index) * block.warps + w];
    if (!other.at_barrier) continue;
    other.at_barrier = false;
    for (auto& t : other.reg_ready)
      t = static_cast<uint32_t>(std::max<uint64_t>(t, now + c_.ctrl_latency));
    update_ready(other);
    wake(other.scheduler, now + 1);
  }
}

bool Simulator::try_issue(int s, int sm_index, uint64_t now) {
  Scheduler& sched = schedulers_[s];
  const size_t n = sched.warps.size();
  const Sm& sm = sms_[sm_index];
  // When each unit can next take an instruction (the LSU is the SM's).
  std::array<uint64_t, kUnitCount> free = sched.unit_free;
  free[static_cast<int>(Unit::kLsu)] = sm.lsu_free;
  // The first warp in round-robin order that can issue now; else the first
  // that can issue earliest (its reason is worked out once, below).
  uint64_t earliest = kNever;
  size_t earliest_slot = 0;
  if (n <= kScanMaxSlots) {
    // Branch-free scan (the common case): when each warp could issue, as
    // bit masks; round-robin order = the lowest set bit at or after `next`.
    const IssueScan scan = scan_issue_(&issuable_at_[s * slot_stride_], &unit_[s * slot_stride_],
                                       slot_stride_, free.data(), now);
    const uint64_t ready_bits = scan.ready_bits;
    earliest = scan.earliest;
    const auto first_from_next = [&sched](uint64_t bits) {
      const uint64_t after = sched.next < 64 ? bits & (~uint64_t{0} << sched.next) : 0;
      return static_cast<size_t>(__builtin_ctzll(after != 0 ? after : bits));
    };
    if (ready_bits != 0) {
      const size_t slot = first_from_next(ready_bits);
      Warp& warp = warps_[sched.warps[slot]];
      // The next ready warp is likely the next to issue here.
      const uint64_t others = ready_bits & ~(uint64_t{1} << slot);
      if (others != 0) {
        const uint64_t after = others & (~uint64_t{1} << slot);
        const size_t next_slot = __builtin_ctzll(after != 0 ? after : others);
        prefetch_issue(warps_[sched.warps[next_slot]], sched.hot[next_slot]);
      }
      issue(warp, code(warp)[warp.pc], now);
      sched.next = slot + 1 == n ? 0 : slot + 1;
      return true;
    }
    if (earliest != kNever) {
      earliest_slot = first_from_next(scan.earliest_bits);
      prefetch_issue(warps_[sched.warps[earliest_slot]], sched.hot[earliest_slot]);
    }
  } else {
    size_t slot = sched.next;
    for (size_t k = 0; k < n; ++k, slot = (slot + 1 == n) ? 0 : slot + 1) {
      const size_t flat = s * slot_stride_ + slot;
      if (issuable_at_[flat] == kNever) continue;  // at a barrier or done
      const uint64_t at = std::max(issuable_at_[flat], free[unit_[flat]]);
      if (at <= now) {
        Warp& warp = warps_[sched.warps[slot]];
        issue(warp, code(warp)[warp.pc], now);
        sched.next = slot + 1 == n ? 0 : slot + 1;
        return true;
      }
      if (at < earliest) {
        earliest = at;
        earliest_slot = slot;
      }
    }
  }
  wake_[s] = earliest;
  sched.sleep_since = now;
  if (earliest == kNever) {
    // Every live warp waits at a barrier (woken by the release), or none is left.
    sched.sleep_reason = sched.live > 0 ? Stall::kBarrier : Stall::kIdle;
    return false;
  }
  const Hot& hot = sched.hot[earliest_slot];
  const size_t flat = s * slot_stride_ + earliest_slot;  // not at a barrier: it can issue
  Stall reason = hot.reason;                             // operands not ready: what they wait for
  if (issuable_at_[flat] <= now) {                       // operands ready, the unit busy
    if (unit_[flat] == static_cast<uint8_t>(Unit::kLsu)) {
      reason =
          sm.lsu_conflict ? Stall::kTableConflict : (hot.store ? Stall::kOutput : Stall::kLsuBusy);
    } else {
      reason = Stall::kPipeBusy;
    }
  }
  sched.sleep_reason = reason;
  stats_.stalls[static_cast<int>(reason)] += earliest - now;
  return false;
}

void Simulator::execute_alu(Warp& warp, const Instr& in, uint32_t mask) {
  auto& r = warp.regs;
  // Every lane is computed into `out` from read-only source rows (no
  // aliasing with the destination, so the loops vectorize and SEL needs no
  // data-dependent branch); only the active lanes are written back.
  // Inactive lanes may hold any bits: the operations have no side effects.
  uint32_t out[kWarpSize];
  const auto row = [&r](uint8_t reg) -> const uint32_t* { return r[reg].data(); };
  const auto each = [&out](auto&& fn) {
    for (int lane = 0; lane < kWarpSize; ++lane) out[lane] = fn(lane);
  };
  const auto unary = [&](auto&& fn) {
    const uint32_t* a = row(in.a);
    each([&](int l) { return fn(a[l]); });
  };
  const auto binary = [&](auto&& fn) {
    const uint32_t* a = row(in.a);
    const uint32_t* b = row(in.b);
    each([&](int l) { return fn(a[l], b[l]); });
  };
  const auto binary_float = [&](auto&& fn) {
    binary([&](uint32_t x, uint32_t y) { return fn(as_float(x), as_float(y)); });
  };
  switch (in.op) {
    case Op::kFadd:
      binary_float([](float x, float y) { return as_bits(x + y); });
      break;
    case Op::kFmul:
      binary_float([](float x, float y) { return as_bits(x * y); });
      break;
    case Op::kFfma: {
      const uint32_t* a = row(in.a);
      const uint32_t* b = row(in.b);
      const uint32_t* c = row(in.c);
      each(
          [&](int l) { return as_bits(std::fma(as_float(a[l]), as_float(b[l]), as_float(c[l]))); });
      break;
    }
    case Op::kFmin:
      binary_float([](float x, float y) { return as_bits(std::fmin(x, y)); });
      break;
    case Op::kFabs:
      unary([](uint32_t x) { return x & 0x7FFFFFFFu; });
      break;
    case Op::kFneg:
      unary([](uint32_t x) { return x ^ 0x80000000u; });
      break;
    case Op::kFsetLe:
      binary_float([](float x, float y) { return static_cast<uint32_t>(x <= y); });
      break;
    case Op::kFsetGe:
      binary_float([](float x, float y) { return static_cast<uint32_t>(x >= y); });
      break;
    case Op::kFsetLt:
      binary_float([](float x, float y) { return static_cast<uint32_t>(x < y); });
      break;
    case Op::kFsetNan:
      unary([](uint32_t x) { return static_cast<uint32_t>((x & 0x7FFFFFFFu) > 0x7F800000u); });
      break;
    case Op::kFsetZero:
      unary([](uint32_t x) { return static_cast<uint32_t>((x & 0x7FFFFFFFu) == 0); });
      break;
    case Op::kIadd:
      binary([](uint32_t x, uint32_t y) { return x + y; });
      break;
    case Op::kIaddI:
      unary([imm = in.imm](uint32_t x) { return x + imm; });
      break;
    case Op::kIsub:
      binary([](uint32_t x, uint32_t y) { return x - y; });
      break;
    case Op::kShl:
      binary([](uint32_t x, uint32_t y) { return y >= 32 ? 0u : x << (y & 31); });
      break;
    case Op::kShr:
      binary([](uint32_t x, uint32_t y) { return y >= 32 ? 0u : x >> (y & 31); });
      break;
    case Op::kShrI:
      unary([shift = in.imm & 31](uint32_t x) { return x >> shift; });
      break;
    case Op::kAndI:
      unary([imm = in.imm](uint32_t x) { return x & imm; });
      break;
    case Op::kOrI:
      unary([imm = in.imm](uint32_t x) { return x | imm; });
      break;
    case Op::kIsetLt:
      binary([](uint32_t x, uint32_t y) {
        return static_cast<uint32_t>(static_cast<int32_t>(x) < static_cast<int32_t>(y));
      });
      break;
    case Op::kIsetGeI:
      unary([imm = static_cast<int32_t>(in.imm)](uint32_t x) {
        return static_cast<uint32_t>(static_cast<int32_t>(x) >= imm);
      });
      break;
    case Op::kSel: {
      const uint32_t* cond = row(in.a);
      const uint32_t* if_set = row(in.b);
      const uint32_t* if_clear = row(in.c);
      each([&](int l) {  // a bit mask, not a branch: the conditions are data
        const uint32_t take = 0u - static_cast<uint32_t>(cond[l] != 0);
        return (if_set[l] & take) | (if_clear[l] & ~take);
      });
      break;
    }
    case Op::kMov:
      unary([](uint32_t x) { return x; });
      break;
    case Op::kMovI:
      each([imm = in.imm](int) { return imm; });
      break;
    case Op::kFill:
      if (in.d == kNoReg || in.a == kNoReg || in.d == in.a) return;
      unary([](uint32_t x) { return x; });
      break;
    case Op::kOracle: {
      // Expensive: only the active lanes.
      const auto fn = static_cast<OracleFn>(in.imm);
      for (uint32_t m = mask; m != 0; m &= m - 1) {
        const int lane = __builtin_ctz(m);
        out[lane] = as_bits(evaluate_oracle(fn, as_float(r[in.a][lane])));
      }
      break;
    }
    default:
      throw std::logic_error("execute_alu: not an ALU instruction");
  }
  uint32_t* dest = r[in.d].data();
  if (mask == 0xFFFFFFFFu) {  // the common case: no divergence, no tail
    std::memcpy(dest, out, sizeof(out));
    return;
  }
  for (int lane = 0; lane < kWarpSize; ++lane) {
    dest[lane] = ((mask >> lane) & 1u) != 0 ? out[lane] : dest[lane];
  }
}

uint64_t Simulator::execute_global(Warp& warp, const Instr& in, uint32_t mask, uint64_t now) {
  const auto buffer = static_cast<Buffer>(in.imm);
  std::vector<uint32_t>& data = global(buffer);
  uint32_t sectors[kWarpSize];  // each lane's 32-byte sector in the buffer
  int count = 0;
  const bool load = in.op == Op::kLdg;
  const bool table = buffer == Buffer::kTable || buffer == Buffer::kBreakpoints;
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
    sectors[count++] = static_cast<uint32_t>(word * 4 / kSectorBytes);
  }
  // Distinct sectors and 128-byte lines, order-free: mark them in the
  // buffer's bitmaps, then clear the words that were touched.
  std::vector<uint64_t>& sector_seen = seen_sectors_[static_cast<int>(buffer)];
  std::vector<uint64_t>& line_seen = seen_lines_[static_cast<int>(buffer)];
  int distinct = 0;
  int lines = 0;
  for (int i = 0; i < count; ++i) {
    const uint32_t sector = sectors[i];
    const uint32_t line = sector / kLineSectors;
    uint64_t& sector_word = sector_seen[sector / 64];
    uint64_t& line_word = line_seen[line / 64];
    const uint64_t sector_bit = uint64_t{1} << (sector % 64);
    const uint64_t line_bit = uint64_t{1} << (line % 64);
    distinct += (sector_word & sector_bit) == 0;
    lines += (line_word & line_bit) == 0;
    sector_word |= sector_bit;
    line_word |= line_bit;
  }
  for (int i = 0; i < count; ++i) {
    sector_seen[sectors[i] / 64] = 0;
    line_seen[sectors[i] / kLineSectors / 64] = 0;
  }
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
  // Element streams go to DRAM through one chip-wide FCFS bandwidth server.
  const double start = std::max(static_cast<double>(now), dram_free_);
  dram_free_ = start + bytes / dram_bytes_per_cycle_;
  if (load) {
    stats_.dram_read_bytes += static_cast<uint64_t>(bytes);
    return static_cast<uint64_t>(std::ceil(dram_free_)) + c_.dram_latency;
  }
  stats_.dram_write_bytes += static_cast<uint64_t>(bytes);
  last_completion_ = std::max(last_completion_, static_cast<uint64_t>(std::ceil(dram_free_)));
  return now + 1;
}

uint64_t Simulator::execute_shared(Warp& warp, const Instr& in, uint32_t mask, uint64_t now) {
  std::vector<uint32_t>& shared = blocks_[warp.block].shared;
  const int banks = c_.shared_banks;
  // 64-bit accesses are served a half-warp at a time; each phase costs the
  // largest number of distinct words any bank must deliver (same word:
  // broadcast).
  const int phases = in.width == 2 ? 2 : 1;
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
        words[count++] = static_cast<uint32_t>(word + j);
      }
    }
    if (count == 0) continue;
    std::sort(words, words + count);
    const int distinct = static_cast<int>(std::unique(words, words + count) - words);
    int per_bank[64] = {};
    int degree = 1;
    for (int i = 0; i < distinct; ++i) degree = std::max(degree, ++per_bank[words[i] % banks]);
    wavefronts += degree;
    stats_.bank_conflicts += degree - 1;
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

uint64_t Simulator::execute_interp(Warp& warp, const Instr& in, uint32_t mask, uint64_t now) {
  uint32_t x[kWarpSize] = {};
  uint32_t y[kWarpSize];
  int lanes[kWarpSize];
  int count = 0;
  for (uint32_t m = mask; m != 0; m &= m - 1) {
    const int lane = __builtin_ctz(m);
    lanes[count] = lane;
    x[count++] = warp.regs[in.a][lane];
  }
  interp_->evaluate(x, y, count);
  for (int i = 0; i < count; ++i) warp.regs[in.d][lanes[i]] = y[i];
  stats_.table_reads += count;
  // The unit's lanes take the warp's elements at one per lane per cycle.
  const int beats = (count + c_.interp_lanes_per_scheduler - 1) / c_.interp_lanes_per_scheduler;
  return now + interp_->latency() + std::max(beats, 1) - 1;
}

void Simulator::issue(Warp& warp, const Instr& in, uint64_t now) {
  ++stats_.warp_instructions;
  uint32_t mask = warp.mask;
  if (in.guard != kNoReg) {
    uint32_t guarded = 0;
    for (uint32_t m = mask; m != 0; m &= m - 1) {
      const int lane = __builtin_ctz(m);
      if (warp.regs[in.guard][lane] != 0) guarded |= 1u << lane;
    }
    mask = guarded;
  }
  const int u = static_cast<int>(in.unit);
  Scheduler& sched = schedulers_[warp.scheduler];
  uint64_t ready = now + latency_[u] + occupancy_[u] - 1;
  Stall reason = Stall::kDependency;
  switch (in.op) {
    case Op::kLdg:
    case Op::kStg: {
      const auto buffer = static_cast<Buffer>(in.imm);
      ready = execute_global(warp, in, mask, now);
      reason = (buffer == Buffer::kTable || buffer == Buffer::kBreakpoints) ? Stall::kTable
                                                                            : Stall::kMemory;
      break;
    }
    case Op::kLds:
    case Op::kSts:
      ready = execute_shared(warp, in, mask, now);
      reason = Stall::kTable;
      break;
    case Op::kBar:
      break;
    case Op::kInterp:
      ready = execute_interp(warp, in, mask, now);
      sched.unit_free[u] = now + occupancy_[u];
      stats_.unit_busy[u] += occupancy_[u];
      break;
    default:
      execute_alu(warp, in, mask);
      sched.unit_free[u] = now + occupancy_[u];
      stats_.unit_busy[u] += occupancy_[u];
      break;
  }
  if (ready > std::numeric_limits<uint32_t>::max()) {
    // The scoreboard keeps 32-bit cycles (4.3e9: hours of simulation).
    throw InputError("simt: the kernel runs past 2^32 cycles; simulate fewer elements");
  }
  const Decoded& d = decoded(warp)[warp.pc];
  for (int i = d.sources; i < d.count; ++i) {
    warp.reg_ready[d.regs[i]] = static_cast<uint32_t>(ready);
    warp.reg_reason[d.regs[i]] = static_cast<uint8_t>(reason);
  }
  last_completion_ = std::max(last_completion_, ready);
  if (in.op == Op::kBar) {
    Block& block = blocks_[warp.block];
    warp.at_barrier = true;
    ++block.arrived;
    advance(warp, now);
    if (block.arrived >= block.live) release_barrier(warp.block, now);
    return;
  }
  advance(warp, now);
}

SimtStats Simulator::run() {
  const auto started = std::chrono::steady_clock::now();
  buf_.output.assign(buf_.input.size(), 0);
  configure();
  stats_.elements = elements_;
  uint64_t now = 0;
  int live_schedulers = 0;
  wake_.assign(schedulers_.size(), kNever);
  for (size_t s = 0; s < schedulers_.size(); ++s) {
    if (schedulers_[s].live == 0) continue;
    ++live_schedulers;
    wake_[s] = 0;
  }
  while (live_schedulers > 0) {
    uint64_t next = kNever;
    // Which scheduler of an SM asks first for the shared LSU rotates.
    const int per_sm = c_.schedulers_per_sm;
    const int rotate = static_cast<int>(now % static_cast<uint64_t>(per_sm));
    for (int sm = 0; sm < c_.sms; ++sm) {
      uint64_t* sm_wake = &wake_[static_cast<size_t>(sm) * per_sm];
      uint64_t sm_next = kNever;
      for (int j = 0; j < per_sm; ++j) sm_next = std::min(sm_next, sm_wake[j]);
      if (sm_next > now) {  // the whole SM sleeps this cycle
        next = std::min(next, sm_next);
        continue;
      }
      for (int j = 0; j < per_sm; ++j) {
        const int local = j + rotate < per_sm ? j + rotate : j + rotate - per_sm;
        uint64_t& wake = sm_wake[local];
        if (wake <= now) {
          const int s = sm * per_sm + local;
          if (try_issue(s, sm, now)) wake = now + 1;
          if (schedulers_[s].live == 0) {
            --live_schedulers;
            wake = kNever;
            continue;
          }
        }
        next = std::min(next, wake);
      }
    }
    if (live_schedulers == 0) break;
    if (next == kNever) throw std::logic_error("SIMT model deadlock (every warp at a barrier?)");
    now = std::max(now + 1, next);
  }
  uint64_t end = std::max(last_completion_, static_cast<uint64_t>(std::ceil(dram_free_)));
  for (const Scheduler& sched : schedulers_) end = std::max(end, sched.finished_at);
  stats_.cycles = std::max<uint64_t>(end, 1);
  for (const Scheduler& sched : schedulers_) {
    if (sched.warps.empty()) {
      stats_.stalls[static_cast<int>(Stall::kIdle)] += stats_.cycles;
    } else if (sched.finished_at < stats_.cycles) {
      stats_.stalls[static_cast<int>(Stall::kIdle)] += stats_.cycles - sched.finished_at;
    }
  }
  stats_.sim_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats_;
}

}  // namespace

const char* stall_name(Stall stall) {
  switch (stall) {
    case Stall::kMemory:
      return "memory";
    case Stall::kTable:
      return "table";
    case Stall::kTableConflict:
      return "table_conflict";
    case Stall::kLsuBusy:
      return "lsu_busy";
    case Stall::kOutput:
      return "output";
    case Stall::kDependency:
      return "dependency";
    case Stall::kPipeBusy:
      return "pipe_busy";
    case Stall::kBarrier:
      return "barrier";
    case Stall::kIdle:
      return "idle";
    default:
      return "?";
  }
}

SimtStats simulate(const SimtConfig& config, const Program& program, GlobalBuffers& buffers,
                   InterpBackend* interp) {
  Simulator simulator(config, program, buffers, interp);
  return simulator.run();
}

double time_ms(const SimtConfig& config, const SimtStats& stats) {
  return static_cast<double>(stats.cycles) / (config.clock_ghz * 1e6);
}

}  // namespace interpsim::simt
