// How many blocks of a kernel an SM holds at once, and which resource limits
// it (docs/simt.md, "occupancy"); the grid the launch then uses.
#pragma once

#include <cstdint>
#include <string>

#include "sim/simt/simt_config.hpp"

namespace interpsim::simt::detail {

struct Occupancy {
  int blocks_per_sm = 0;
  int warps_per_sm = 0;
  std::string limit;  // the config key of the tightest limit
};

// Blocks per SM = the least of max_blocks_per_sm, max_warps_per_sm,
// registers_per_sm and (when the kernel uses any) shared_bytes_per_sm, for
// blocks of config.block_threads threads. Throws InputError when not even one
// block fits.
Occupancy occupancy(const SimtConfig& config, int shared_bytes_per_block);

// A grid-stride launch with as many blocks as are resident (gpu_ref's
// launch), or config.grid_blocks when set (more than are resident: an
// InputError), and no more than `elements` need; at least one.
uint64_t grid_blocks(const SimtConfig& config, const Occupancy& occupancy, uint64_t elements);

}  // namespace interpsim::simt::detail
