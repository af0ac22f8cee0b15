// The SIMT array's scheduler and cycle loop (simulate(), simt_array.hpp):
// each cycle every awake warp scheduler issues one instruction of its first
// ready warp, or sleeps until the earliest cycle one could issue and books the
// cycles in between to a stall reason. The parts it drives:
//   machine_state.hpp  warps, registers, blocks, the issue scan's arrays
//   alu.hpp            what compute instructions do to the lanes
//   memory.hpp         global/shared accesses, coalescing, bank conflicts, DRAM
//   occupancy.hpp      blocks per SM and the launch grid
// What runs per issued instruction is inline in those headers, so no call on
// that path leaves this file but the issue scan's (issue_scan.cpp) and the
// INTERP lane's; the paper's bsearch run issues ~2.3e7 warp instructions.
#include "sim/simt/simt_array.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "model/input_error.hpp"
#include "sim/simt/alu.hpp"
#include "sim/simt/issue_scan.hpp"
#include "sim/simt/machine_state.hpp"
#include "sim/simt/memory.hpp"
#include "sim/simt/occupancy.hpp"

namespace interpsim::simt {

namespace detail {
namespace {

class Simulator {
 public:
  Simulator(const SimtConfig& config, const Program& program, GlobalBuffers& buffers,
            lanes::InOrderLane* interp)
      : c_(config),
        program_(program),
        buf_(buffers),
        interp_(interp),
        machine_(program),
        memory_(config, program, buffers, stats_) {}

  SimtStats run();

 private:
  void configure();
  bool try_issue(int s, int sm_index, uint64_t now);
  void issue(Warp& warp, const Instr& instr, uint64_t now);
  void advance(Warp& warp, uint64_t now);
  void release_barrier(int block, uint64_t now);
  void wake(int s, uint64_t at);

  const SimtConfig& c_;
  const Program& program_;
  GlobalBuffers& buf_;
  lanes::InOrderLane* interp_;
  SimtStats stats_;
  Machine machine_;
  MemorySystem memory_;

  std::array<int, kUnitCount> hold_{};  // cycles a warp instruction holds its pipe
  std::array<int, kUnitCount> latency_{};
  uint64_t last_completion_ = 0;
  // When each scheduler next tries to issue (kNever: asleep at a barrier, or
  // no warp left); apart from Scheduler so the cycle loop reads one array.
  std::vector<uint64_t> wake_;
  // Per SM the least of its schedulers' wake_, so that the cycle loop passes
  // a sleeping SM with one compare.
  std::vector<uint64_t> sm_wake_;
  const IssueScanFn scan_issue_ = best_issue_scan();
};

void Simulator::configure() {
  // The pipes: a unit of `lanes` lanes takes a warp instruction in
  // ceil(32 / lanes) cycles.
  const int per_sched = c_.schedulers_per_sm;
  const auto pipe_cycles = [](int lanes) { return (kWarpSize + lanes - 1) / lanes; };
  hold_[static_cast<int>(Unit::kFp32)] = pipe_cycles(c_.fp32_lanes_per_sm / per_sched);
  hold_[static_cast<int>(Unit::kInt)] = pipe_cycles(c_.int_lanes_per_sm / per_sched);
  hold_[static_cast<int>(Unit::kSfu)] = pipe_cycles(c_.sfu_lanes_per_sm / per_sched);
  hold_[static_cast<int>(Unit::kFp64)] = pipe_cycles(c_.fp64_lanes_per_sm / per_sched);
  hold_[static_cast<int>(Unit::kCtrl)] = 1;
  hold_[static_cast<int>(Unit::kLsu)] = 1;
  hold_[static_cast<int>(Unit::kInterp)] =
      c_.interp_lanes_per_scheduler > 0 ? pipe_cycles(c_.interp_lanes_per_scheduler) : 1;
  latency_[static_cast<int>(Unit::kFp32)] = c_.fp32_latency;
  latency_[static_cast<int>(Unit::kInt)] = c_.int_latency;
  latency_[static_cast<int>(Unit::kSfu)] = c_.sfu_latency;
  latency_[static_cast<int>(Unit::kFp64)] = c_.fp64_latency;
  latency_[static_cast<int>(Unit::kCtrl)] = c_.ctrl_latency;
  latency_[static_cast<int>(Unit::kLsu)] = c_.shared_latency;
  latency_[static_cast<int>(Unit::kInterp)] = interp_ != nullptr ? interp_->latency() : 1;
  stats_.interp_latency = interp_ != nullptr ? interp_->latency() : 0;
  memory_.configure();
  const bool uses_interp = std::any_of(program_.body.begin(), program_.body.end(),
                                       [](const Instr& instr) { return instr.op == Op::kInterp; });
  if (uses_interp && (c_.interp_lanes_per_scheduler == 0 || interp_ == nullptr)) {
    throw InputError("config: interp_lanes_per_scheduler: kernel '" + program_.name +
                     "' executes INTERP, which needs an interpolation unit (>= 1 lane)");
  }
  const Occupancy occupancy = detail::occupancy(c_, program_.shared_bytes_per_block);
  stats_.blocks_per_sm = occupancy.blocks_per_sm;
  stats_.warps_per_sm = occupancy.warps_per_sm;
  stats_.occupancy_limit = occupancy.limit;
  const uint64_t elements = buf_.input.size();
  const uint64_t grid = detail::grid_blocks(c_, occupancy, elements);
  stats_.grid_blocks = static_cast<int>(grid);
  machine_.build(c_, grid, elements);
}

void Simulator::advance(Warp& warp, uint64_t now) {
  if (!machine_.advance(warp)) return;
  // The warp is done.
  Scheduler& sched = machine_.schedulers[warp.scheduler];
  --machine_.blocks[warp.block].live;
  if (--sched.live == 0) sched.finished_at = now + 1;
  // A barrier waits only for live warps.
  Block& block = machine_.blocks[warp.block];
  if (block.arrived > 0 && block.arrived >= block.live) release_barrier(warp.block, now);
}

// Wakes a sleeping scheduler early (a barrier release), correcting the
// stall cycles booked when it went to sleep.
void Simulator::wake(int s, uint64_t at) {
  Scheduler& sched = machine_.schedulers[s];
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
  uint64_t& sm_wake = sm_wake_[s / c_.schedulers_per_sm];
  sm_wake = std::min(sm_wake, at);
}

// Every live warp of the block has arrived: all continue.
void Simulator::release_barrier(int block_index, uint64_t now) {
  Block& block = machine_.blocks[block_index];
  block.arrived = 0;
  for (int w = 0; w < block.warps; ++w) {
    Warp& other = machine_.warps[block.warp_index[w]];
    if (!other.at_barrier) continue;
    other.at_barrier = false;
    if (now + c_.ctrl_latency >= kNeverIssuable) {
      throw InputError("simt: the kernel runs past 2^32 cycles; simulate fewer elements");
    }
    for (auto& t : other.reg_ready)
      t = static_cast<uint32_t>(std::max<uint64_t>(t, now + c_.ctrl_latency));
    machine_.update_ready(other);
    wake(other.scheduler, now + 1);
  }
}

bool Simulator::try_issue(int s, int sm_index, uint64_t now) {
  Scheduler& sched = machine_.schedulers[s];
  const size_t n = sched.slots;
  const Sm& sm = memory_.sm(sm_index);
  const size_t stride = machine_.slot_stride;
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
    // This scheduler's own slots (rows are padded to the fullest scheduler's
    // count, which may exceed the scan's limit; the padding never issues).
    const size_t slots = std::min(stride, (n + kScanPad - 1) / kScanPad * kScanPad);
    const IssueScan scan = scan_issue_(&machine_.issuable_at[s * stride],
                                       &machine_.unit[s * stride], slots, free.data(), now);
    const uint64_t ready_bits = scan.ready_bits;
    earliest = scan.earliest;
    const auto first_from_next = [&sched](uint64_t bits) {
      const uint64_t after = sched.next < 64 ? bits & (~uint64_t{0} << sched.next) : 0;
      return static_cast<size_t>(__builtin_ctzll(after != 0 ? after : bits));
    };
    if (ready_bits != 0) {
      const size_t slot = first_from_next(ready_bits);
      Warp& warp = machine_.warp_at(sched, slot);
      // The next ready warp is likely the next to issue here.
      const uint64_t others = ready_bits & ~(uint64_t{1} << slot);
      if (others != 0) {
        const uint64_t after = others & (~uint64_t{1} << slot);
        const size_t next_slot = __builtin_ctzll(after != 0 ? after : others);
        prefetch_issue(machine_.warp_at(sched, next_slot),
                       machine_.decoded_all[machine_.hot[s * stride + next_slot].decoded]);
      }
      issue(warp, machine_.code(warp)[warp.pc], now);
      sched.next = slot + 1 == n ? 0 : static_cast<uint32_t>(slot + 1);
      return true;
    }
    if (earliest != kNever) {
      earliest_slot = first_from_next(scan.earliest_bits);
      prefetch_issue(machine_.warp_at(sched, earliest_slot),
                     machine_.decoded_all[machine_.hot[s * stride + earliest_slot].decoded]);
    }
  } else {
    size_t slot = sched.next;
    for (size_t k = 0; k < n; ++k, slot = (slot + 1 == n) ? 0 : slot + 1) {
      const size_t flat = s * stride + slot;
      if (machine_.issuable_at[flat] == kNeverIssuable) continue;  // at a barrier or done
      const uint64_t at = std::max<uint64_t>(machine_.issuable_at[flat], free[machine_.unit[flat]]);
      if (at <= now) {
        Warp& warp = machine_.warp_at(sched, slot);
        issue(warp, machine_.code(warp)[warp.pc], now);
        sched.next = slot + 1 == n ? 0 : static_cast<uint32_t>(slot + 1);
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
  // Stall attribution: the cycles until `earliest` go to what the first warp
  // to issue then waits for.
  const size_t flat = s * stride + earliest_slot;  // not at a barrier: it can issue
  const Hot& hot = machine_.hot[flat];
  Stall reason = hot.reason;                // operands not ready: what they wait for
  if (machine_.issuable_at[flat] <= now) {  // operands ready, the unit busy
    if (machine_.unit[flat] == static_cast<uint8_t>(Unit::kLsu)) {
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

// Executes the instruction (functional at issue), occupies its unit and sets
// the scoreboard of its destinations to when the result is ready.
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
  Scheduler& sched = machine_.schedulers[warp.scheduler];
  uint64_t ready = now + latency_[u] + hold_[u] - 1;
  Stall reason = Stall::kDependency;
  switch (in.op) {
    case Op::kLdg:
    case Op::kStg: {
      const auto buffer = static_cast<Buffer>(in.imm);
      ready = memory_.execute_global(warp, in, mask, now);
      reason = (buffer == Buffer::kTable || buffer == Buffer::kBreakpoints) ? Stall::kTable
                                                                            : Stall::kMemory;
      break;
    }
    case Op::kLds:
    case Op::kSts:
      ready = memory_.execute_shared(warp, machine_.blocks[warp.block].shared, in, mask, now);
      reason = Stall::kTable;
      break;
    case Op::kBar:
      break;
    case Op::kInterp: {
      const int count = execute_interp(warp.regs, in, mask, *interp_);
      stats_.table_reads += count;
      // The unit's lanes take the warp's elements at one per lane per cycle.
      const int beats = (count + c_.interp_lanes_per_scheduler - 1) / c_.interp_lanes_per_scheduler;
      ready = now + interp_->latency() + std::max(beats, 1) - 1;
      sched.unit_free[u] = now + hold_[u];
      stats_.unit_busy[u] += hold_[u];
      break;
    }
    default:
      execute_alu(warp.regs, in, mask);
      sched.unit_free[u] = now + hold_[u];
      stats_.unit_busy[u] += hold_[u];
      break;
  }
  if (ready >= kNeverIssuable) {
    // The scoreboard keeps 32-bit cycles (4.3e9: hours of simulation), and
    // the issue scan reads UINT32_MAX as "cannot issue".
    throw InputError("simt: the kernel runs past 2^32 cycles; simulate fewer elements");
  }
  const Decoded& d = machine_.decoded(warp);
  for (int i = d.sources; i < d.count; ++i) {
    warp.reg_ready[d.regs[i]] = static_cast<uint32_t>(ready);
    warp.reg_reason[d.regs[i]] = static_cast<uint8_t>(reason);
  }
  last_completion_ = std::max(last_completion_, ready);
  if (in.op == Op::kBar) {
    Block& block = machine_.blocks[warp.block];
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
  stats_.elements = machine_.elements;
  auto& schedulers = machine_.schedulers;
  uint64_t now = 0;
  int live_schedulers = 0;
  wake_.assign(schedulers.size(), kNever);
  for (size_t s = 0; s < schedulers.size(); ++s) {
    if (schedulers[s].live == 0) continue;
    ++live_schedulers;
    wake_[s] = 0;
  }
  const int per_sm = c_.schedulers_per_sm;
  sm_wake_.assign(c_.sms, kNever);
  for (size_t s = 0; s < schedulers.size(); ++s) {
    sm_wake_[s / per_sm] = std::min(sm_wake_[s / per_sm], wake_[s]);
  }
  while (live_schedulers > 0) {
    uint64_t next = kNever;
    // Which scheduler of an SM asks first for the shared LSU rotates.
    const int rotate = static_cast<int>(now % static_cast<uint64_t>(per_sm));
    for (int sm = 0; sm < c_.sms; ++sm) {
      uint64_t* sm_wake = &wake_[static_cast<size_t>(sm) * per_sm];
      uint64_t& sm_next = sm_wake_[sm];
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
          if (schedulers[s].live == 0) {
            --live_schedulers;
            wake = kNever;
            continue;
          }
        }
        next = std::min(next, wake);
      }
      // Re-read: a barrier release may have woken a scheduler visited before.
      sm_next = *std::min_element(sm_wake, sm_wake + per_sm);
    }
    if (live_schedulers == 0) break;
    if (next == kNever) throw std::logic_error("SIMT model deadlock (every warp at a barrier?)");
    now = std::max(now + 1, next);
  }
  // Stores complete when the DRAM server has moved them.
  uint64_t end = std::max(last_completion_, memory_.dram_drained());
  for (const Scheduler& sched : schedulers) end = std::max(end, sched.finished_at);
  stats_.cycles = std::max<uint64_t>(end, 1);
  for (const Scheduler& sched : schedulers) {
    if (sched.slots == 0) {
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
}  // namespace detail

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
                   lanes::InOrderLane* interp) {
  detail::Simulator simulator(config, program, buffers, interp);
  return simulator.run();
}

}  // namespace interpsim::simt
