#include "sim/simt/occupancy.hpp"

#include <algorithm>
#include <vector>

#include "model/input_error.hpp"
#include "sim/simt/machine_state.hpp"

namespace interpsim::simt::detail {

Occupancy occupancy(const SimtConfig& c, int shared_bytes_per_block) {
  const int warps_per_block = c.block_threads / kWarpSize;
  struct Limit {
    const char* name;
    long long blocks;
  };
  std::vector<Limit> limits = {
      {"max_blocks_per_sm", c.max_blocks_per_sm},
      {"max_warps_per_sm", c.max_warps_per_sm / warps_per_block},
      {"registers_per_sm",
       c.registers_per_sm / (static_cast<long long>(c.registers_per_thread) * c.block_threads)}};
  if (shared_bytes_per_block > 0) {
    limits.push_back({"shared_bytes_per_sm", c.shared_bytes_per_sm / shared_bytes_per_block});
  }
  const Limit tightest =
      *std::min_element(limits.begin(), limits.end(),
                        [](const Limit& x, const Limit& y) { return x.blocks < y.blocks; });
  if (tightest.blocks < 1) {
    throw InputError("config: " + std::string(tightest.name) + ": one block of " +
                     std::to_string(c.block_threads) + " threads (" +
                     std::to_string(shared_bytes_per_block) + " shared bytes) does not fit an SM");
  }
  Occupancy result;
  result.blocks_per_sm = static_cast<int>(tightest.blocks);
  result.warps_per_sm = result.blocks_per_sm * warps_per_block;
  result.limit = tightest.name;
  return result;
}

uint64_t grid_blocks(const SimtConfig& c, const Occupancy& occupancy, uint64_t elements) {
  const uint64_t needed_blocks = (elements + c.block_threads - 1) / c.block_threads;
  const uint64_t resident = static_cast<uint64_t>(occupancy.blocks_per_sm) * c.sms;
  if (c.grid_blocks > 0 && static_cast<uint64_t>(c.grid_blocks) > resident) {
    throw InputError("config: grid_blocks: " + std::to_string(c.grid_blocks) +
                     " is more than the " + std::to_string(resident) +
                     " blocks resident at once (the model launches one wave)");
  }
  const uint64_t grid = c.grid_blocks > 0 ? static_cast<uint64_t>(c.grid_blocks) : resident;
  return std::max<uint64_t>(1, std::min<uint64_t>(needed_blocks, grid));
}

}  // namespace interpsim::simt::detail
