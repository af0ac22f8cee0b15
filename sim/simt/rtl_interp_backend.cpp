// interp_impl = rtl: the verilated rtl/interp_lane.sv behind INTERP, through
// the SIMD array's lane adapter (one lane per scheduler's unit, private table).
#include <verilated.h>

#include "Vinterp_lane.h"
#include "sim/simd/rtl_lanes.hpp"
#include "sim/simt/interp_backend.hpp"

namespace interpsim::simt {

namespace {

class RtlInterpBackend : public InterpBackend {
 public:
  using Lane = simd::RtlInterpLane<Vinterp_lane>;
  explicit RtlInterpBackend(const UniformTable& table)
      : context_(std::make_unique<VerilatedContext>()),
        rows_(simd::packed_rows(table.k, table.b)),
        lane_([this, &table] {
          return std::make_unique<Lane>(context_.get(), "simt_interp_lane", table, &rows_, true);
        }) {}
  int latency() const override { return lane_.latency(); }
  int evaluate(const uint32_t* x, uint32_t* y, int count) override {
    return lane_.evaluate(x, y, count);
  }

 private:
  std::unique_ptr<VerilatedContext> context_;
  std::vector<uint64_t> rows_;
  LaneBackend<Lane> lane_;
};

}  // namespace

std::unique_ptr<InterpBackend> make_rtl_interp_backend(const UniformTable& table) {
  return std::make_unique<RtlInterpBackend>(table);
}

}  // namespace interpsim::simt
