// Where the INTERP instruction's results come from: a lane adapter that pushes
// a warp's inputs through an interpolation lane and returns the outputs in
// order, with the lane's pipeline latency. The model-lane adapter drives
// model/'s InterpLaneCycleModel (the C++ cycle model of rtl/interp_lane.sv);
// a verilated-RTL adapter can implement the same interface.
#pragma once

#include <cstdint>
#include <memory>

#include "model/lane_cycle_model.hpp"
#include "model/table.hpp"

namespace interpsim::simt {

class InterpBackend {
 public:
  virtual ~InterpBackend() = default;
  // Cycles from an input entering the lane to its output leaving it.
  virtual int latency() const = 0;
  // y[i] = the lane's output for x[i], i < count, in input order.
  virtual void evaluate(const uint32_t* x, uint32_t* y, int count) = 0;
};

class ModelLaneBackend : public InterpBackend {
 public:
  explicit ModelLaneBackend(const UniformTable& table);
  int latency() const override { return latency_; }
  void evaluate(const uint32_t* x, uint32_t* y, int count) override;

 private:
  InterpLaneCycleModel lane_;
  int latency_ = 0;
};

}  // namespace interpsim::simt
