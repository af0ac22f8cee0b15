// Where the INTERP instruction's results come from: a lane adapter that pushes
// a warp's inputs through an interpolation lane and returns the outputs in
// order, with the lane's pipeline latency. Two lanes sit behind it, chosen by
// `interp_impl`: model/'s InterpLaneCycleModel (the C++ cycle model of
// rtl/interp_lane.sv) and the verilated rtl/interp_lane.sv itself
// (sim/simd/rtl_lanes.hpp's RtlInterpLane, the SIMD array's adapter).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "model/table.hpp"

namespace interpsim::simt {

class InterpBackend {
 public:
  virtual ~InterpBackend() = default;
  // Cycles from an input entering the lane to its output leaving it.
  virtual int latency() const = 0;
  // y[i] = the lane's output for x[i], i < count, in input order. Returns the
  // cycle (0 = the first input offered) in which the last output left the
  // lane: latency() + count - 1 for a lane that never stalls.
  virtual int evaluate(const uint32_t* x, uint32_t* y, int count) = 0;
};

// Drives one lane with the port protocol of model/lane_cycle_model.hpp
// (begin_cycle, table_request, set_grant, in_ready, out_valid, out_y, clock)
// on a private table: every table read is granted.
template <typename Lane>
class LaneBackend : public InterpBackend {
 public:
  // `make_lane` returns a lane out of reset; a first one measures the latency.
  explicit LaneBackend(const std::function<std::unique_ptr<Lane>()>& make_lane) {
    const uint32_t x = 0;
    uint32_t y = 0;
    latency_ = run(*make_lane(), &x, &y, 1, 1000);
    lane_ = make_lane();
  }
  int latency() const override { return latency_; }
  int evaluate(const uint32_t* x, uint32_t* y, int count) override {
    return run(*lane_, x, y, count, count + 10 * latency_ + 100);
  }

 private:
  static int run(Lane& lane, const uint32_t* x, uint32_t* y, int count, int cycle_limit) {
    int sent = 0;
    int received = 0;
    int cycle = 0;
    for (;; ++cycle) {
      if (cycle > cycle_limit) throw std::logic_error("INTERP lane stalled");
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

  std::unique_ptr<Lane> lane_;
  int latency_ = 0;
};

// The lane `impl` names ("model" or "rtl") over `table`, which must outlive
// it. InputError when the build cannot provide it (rtl without Verilator).
std::unique_ptr<InterpBackend> make_interp_backend(const std::string& impl,
                                                   const UniformTable& table);

// The verilated lane (sim/simt/rtl_interp_backend.cpp, or the stand-in that
// says why there is none).
std::unique_ptr<InterpBackend> make_rtl_interp_backend(const UniformTable& table);

}  // namespace interpsim::simt
