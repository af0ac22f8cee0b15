// The lane port protocol both arrays drive, and both lane kinds speak (the
// verilated RTL in rtl_lanes.hpp, the cycle models of model/lane_cycle_model.hpp).
// One call sequence per clock:
//   begin_cycle(in_valid, x, out_ready)   inputs other than the table grant
//   table_request(&row)                   the lane's table request (if any)
//   set_grant(granted)                    the array's arbitration result
//   in_ready(), out_valid(), out_y()      combinational outputs of the cycle
//   clock()                               the rising edge
// A handshake happens when in_valid && in_ready (input) or out_valid &&
// out_ready (output) in the same cycle, exactly as on the RTL ports.
#pragma once

#include <cstdint>
#include <stdexcept>

namespace interpsim::lanes {

// Pushes x[0..count) through `lane` with its own table (every read granted)
// and an output that is always ready; y gets the outputs in order. Returns
// the cycle (0 = the first input offered) in which the last output left:
// latency + count - 1 for a lane that never stalls. logic_error past
// `cycle_limit` (a lane that never answers).
template <typename Lane>
int drive_in_order(Lane& lane, const uint32_t* x, uint32_t* y, int count, int cycle_limit) {
  int sent = 0;
  int received = 0;
  for (int cycle = 0;; ++cycle) {
    if (cycle > cycle_limit) throw std::logic_error("lane stalled: no output");
    lane.begin_cycle(sent < count, sent < count ? x[sent] : 0, true);
    uint32_t row = 0;
    lane.table_request(&row);
    lane.set_grant(true);
    const bool last = lane.out_valid() && received + 1 == count;
    if (lane.out_valid()) y[received++] = lane.out_y();
    if (sent < count && lane.in_ready()) ++sent;
    lane.clock();
    if (last) return cycle;
  }
}

}  // namespace interpsim::lanes
