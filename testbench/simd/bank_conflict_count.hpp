// An independent replay of a banked table's arbitration (docs/simulator.md),
// shared by the SIMD array tests: from the rows each requester reads in
// order, the refusals and the conflicted (bank, cycle) pairs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace interpsim::simd {

// With ample bandwidth and queues deep enough that no lane waits for input or
// output, every lane requests its next element's row in every cycle from the
// same first cycle on, and a granted lane requests its following row in the
// next cycle. So the refusals follow from the rows alone: replay them.
struct ConflictCount {
  uint64_t refused_lane_cycles = 0;
  uint64_t conflicted_bank_cycles = 0;
};

inline ConflictCount count_bank_conflicts(const std::vector<std::vector<uint32_t>>& rows_of_lane,
                                          int banks, bool round_robin) {
  const int lanes = static_cast<int>(rows_of_lane.size());
  std::vector<size_t> next(lanes, 0);
  std::vector<int> priority(banks, 0);  // round robin: the lane served first
  ConflictCount count;
  while (true) {
    bool any = false;
    std::vector<int> winner(banks, -1);
    for (int bank = 0; bank < banks; ++bank) {
      // Walk the lanes from the bank's priority lane (or lane 0) around.
      for (int step = 0; step < lanes && winner[bank] < 0; ++step) {
        const int lane = ((round_robin ? priority[bank] : 0) + step) % lanes;
        if (next[lane] < rows_of_lane[lane].size() &&
            static_cast<int>(rows_of_lane[lane][next[lane]] % banks) == bank) {
          winner[bank] = lane;
        }
      }
    }
    std::vector<bool> conflicted(banks, false);
    std::vector<size_t> advanced = next;
    for (int lane = 0; lane < lanes; ++lane) {
      if (next[lane] >= rows_of_lane[lane].size()) continue;
      any = true;
      const uint32_t row = rows_of_lane[lane][next[lane]];
      const int bank = static_cast<int>(row % banks);
      if (row == rows_of_lane[winner[bank]][next[winner[bank]]]) {
        ++advanced[lane];  // the winner, or a broadcast of the same row
      } else {
        ++count.refused_lane_cycles;
        conflicted[bank] = true;
      }
    }
    if (!any) break;
    for (int bank = 0; bank < banks; ++bank) {
      if (winner[bank] >= 0) priority[bank] = (winner[bank] + 1) % lanes;
      count.conflicted_bank_cycles += conflicted[bank];
    }
    next = advanced;
  }
  return count;
}

}  // namespace interpsim::simd
