// What serves the INTERP instruction: one lane from sim/lanes/ (lane_impl =
// model | rtl, the same factory as the SIMD array's), driven in order.
#pragma once

#include "sim/lanes/in_order_lane.hpp"

namespace interpsim::simt {

using InterpBackend = lanes::InOrderLane;

}  // namespace interpsim::simt
