#include "sim/simt/machine_state.hpp"

#include <algorithm>

#include "model/input_error.hpp"

namespace interpsim::simt::detail {

void Machine::build(const SimtConfig& config, uint64_t grid, uint64_t element_count) {
  const int warps_per_block = config.block_threads / kWarpSize;
  elements = element_count;
  grid_threads = grid * config.block_threads;
  schedulers.assign(static_cast<size_t>(config.sms) * config.schedulers_per_sm, Scheduler{});
  blocks.assign(grid, Block{});
  // Each block's warps go round-robin over its SM's schedulers (blocks
  // round-robin over the SMs); a scheduler's warps are stored together.
  std::vector<int> sm_warps(config.sms, 0);
  std::vector<int> scheduler_of(grid * warps_per_block);
  std::vector<uint32_t> slot_of(grid * warps_per_block);
  for (uint64_t b = 0; b < grid; ++b) {
    const int sm = static_cast<int>(b % config.sms);
    for (int w = 0; w < warps_per_block; ++w) {
      const size_t index = b * warps_per_block + w;
      const int s = sm * config.schedulers_per_sm + (sm_warps[sm]++ % config.schedulers_per_sm);
      scheduler_of[index] = s;
      slot_of[index] = schedulers[s].slots++;
    }
  }
  size_t stored = 0;
  for (Scheduler& sched : schedulers) {
    sched.first_warp = stored;
    stored += sched.slots;
  }
  warps.assign(grid * warps_per_block, Warp{});
  for (uint64_t b = 0; b < grid; ++b) {
    Block& block = blocks[b];
    block.warps = warps_per_block;
    block.live = warps_per_block;
    if (program.shared_bytes_per_block > 0) {
      const int value_bytes = program.shared_value_bytes;
      block.shared.assign((program.shared_bytes_per_block + value_bytes - 1) / value_bytes, 0);
    }
    for (int w = 0; w < warps_per_block; ++w) {
      const size_t index = b * warps_per_block + w;
      Scheduler& sched = schedulers[scheduler_of[index]];
      const size_t stored_at = sched.first_warp + slot_of[index];
      block.warp_index.push_back(static_cast<int>(stored_at));
      Warp& warp = warps[stored_at];
      warp.block = static_cast<int>(b);
      warp.sm = static_cast<int>(b % config.sms);
      warp.scheduler = scheduler_of[index];
      warp.slot = static_cast<int>(slot_of[index]);
      warp.first_thread = static_cast<uint32_t>(b * config.block_threads + w * kWarpSize);
      for (int lane = 0; lane < kWarpSize; ++lane) {
        warp.regs[1][lane] = static_cast<uint32_t>(w * kWarpSize + lane);
      }
      warp.mask = 0xFFFFFFFFu;
      warp.phase = Phase::kSetup;
      warp.pc = 0;
      ++sched.live;
    }
  }
  // The scan reads whole groups of kScanPad slots: pad with slots that never issue.
  size_t most_slots = 0;
  for (const Scheduler& sched : schedulers) most_slots = std::max<size_t>(most_slots, sched.slots);
  slot_stride = std::max<size_t>((most_slots + kScanPad - 1) / kScanPad * kScanPad, kScanPad);
  issuable_at.assign(schedulers.size() * slot_stride, kNeverIssuable);
  unit.assign(schedulers.size() * slot_stride, 0);
  hot.assign(schedulers.size() * slot_stride, Hot{});
  const std::vector<Instr>* phases[3] = {&program.setup, &program.prologue, &program.body};
  decoded_all.clear();
  for (const std::vector<Instr>* phase : phases) {
    for (const Instr& instr : *phase) {
      Decoded d;
      d.count = static_cast<uint8_t>(source_registers(instr, d.regs));
      d.sources = d.count;
      d.count = static_cast<uint8_t>(d.count + dest_registers(instr, d.regs + d.count));
      decoded_all.push_back(d);
    }
  }
  // Skip empty phases.
  for (Warp& warp : warps) {
    while (warp.phase != Phase::kDone && code(warp).empty()) {
      if (warp.phase == Phase::kSetup) {
        warp.phase = Phase::kPrologue;
      } else if (warp.phase == Phase::kPrologue) {
        warp.phase = Phase::kBody;
        if (!start_iteration(warp)) break;
      } else {
        throw InputError("kernel '" + program.name + "' has an empty body");
      }
    }
    if (warp.phase == Phase::kDone) {
      // No element for this warp and nothing to run before: it never issues.
      --schedulers[warp.scheduler].live;
      --blocks[warp.block].live;
    }
    update_ready(warp);
  }
}

}  // namespace interpsim::simt::detail
