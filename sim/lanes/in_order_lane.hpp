// One lane behind a call that takes a batch of inputs and returns their
// outputs in order, with the lane's pipeline latency: how the SIMT array's
// INTERP unit uses a lane (a private table, every read granted, output always
// ready). Built by the lane factory, so `lane_impl` picks the verilated
// rtl/interp_lane.sv or its C++ cycle model, as in the SIMD array.
#pragma once

#include <cstdint>
#include <memory>

#include "model/table.hpp"
#include "sim/lanes/lane_impl.hpp"

namespace interpsim::lanes {

class InOrderLane {
 public:
  virtual ~InOrderLane() = default;
  // Cycles from an input entering the lane to its output leaving it.
  virtual int latency() const = 0;
  // y[i] = the lane's output for x[i], i < count, in input order. Returns the
  // cycle (0 = the first input offered) in which the last output left the
  // lane: latency() + count - 1 for a lane that never stalls.
  virtual int evaluate(const uint32_t* x, uint32_t* y, int count) = 0;
};

// An Algorithm 1 lane over `table` (which must outlive it). InputError when
// the build cannot provide `impl` (rtl without Verilator).
std::unique_ptr<InOrderLane> make_in_order_lane(LaneImpl impl, const UniformTable& table);

}  // namespace interpsim::lanes
