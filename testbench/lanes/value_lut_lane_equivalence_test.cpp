// The value LUT lane's cycle model (model/value_lut_lane_cycle_model.hpp)
// against the verilated rtl/value_lut_lane.sv, port by port, every cycle:
// the same random input bubbles, table-grant denials and output backpressure
// go to both, and in_ready, the table request and row, out_valid and out_y
// must agree in every cycle (run_lock_step of lane_equivalence_test). The
// model computes y with the golden model, so the RTL's outputs are checked
// bit for bit too, and the outputs taken are compared with the golden model.
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "Vvalue_lut_lane.h"
#include "model/float_bits.hpp"
#include "model/value_lut.hpp"
#include "model/value_lut_lane_cycle_model.hpp"
#include "sim/lanes/rtl_lanes.hpp"
#include "testbench/lanes/lock_step.hpp"
#include "testbench/rtl/input_sets.hpp"

namespace interpsim {
namespace {

using lane_test::Pressure;
using lane_test::pressure_name;
using lane_test::run_lock_step;
using lanes::RtlInterpLane;

struct ValueLaneCase {
  const char* func;
  ValueLutMode mode;
  float a;
  int m, e0, n;
  Pressure pressure;
};

std::string case_name(const ValueLaneCase& c) {
  return std::string(c.func) + "_" + value_lut_mode_name(c.mode) + "_n" + std::to_string(c.n) +
         "_" + pressure_name(c.pressure);
}
void PrintTo(const ValueLaneCase& c, std::ostream* out) {
  *out << case_name(c);
}

std::vector<uint32_t> stimulus(const ValueLutTable& table, uint64_t seed) {
  const float lo = table.lower();
  const float hi = table.upper();
  std::vector<uint32_t> inputs = rtl_test::ieee_corners(lo, hi);
  std::vector<float> breakpoints;
  for (size_t i = 0; i < table.entries(); ++i) {
    breakpoints.push_back(
        table.mode == ValueLutMode::kLinear
            ? static_cast<float>(table.a + std::ldexp(static_cast<double>(i), table.m - table.n))
            : std::ldexp(1.0f, table.e0 + static_cast<int>(i)));
  }
  for (const auto& part : {rtl_test::breakpoint_neighbourhoods(breakpoints, 200),
                           rtl_test::random_in_interval(lo, hi, 3000, seed),
                           rtl_test::trace_like(0.5f * (lo + hi), 0.3f * (hi - lo), 2000, seed + 1),
                           rtl_test::random_bit_patterns(500, seed + 2)}) {
    inputs.insert(inputs.end(), part.begin(), part.end());
  }
  return inputs;
}

class ValueLutLaneEquivalence : public ::testing::TestWithParam<ValueLaneCase> {};

TEST_P(ValueLutLaneEquivalence, SameOutputsEveryCycle) {
  const ValueLaneCase c = GetParam();
  const ValueLutTable table =
      generate_value_lut(c.func, c.mode, c.a, c.m, c.e0, c.n, EdgeMode::kExtrapolate);
  std::vector<uint64_t> rows(table.intervals() + 2);
  for (size_t r = 0; r < rows.size(); ++r) rows[r] = value_lut_rtl_row(table, r);
  VerilatedContext context;
  RtlInterpLane<Vvalue_lut_lane> rtl(&context, "lane", table, &rows, false);
  ValueLutLaneCycleModel model(table);
  const std::vector<uint32_t> inputs = stimulus(table, 17 + c.n);
  uint64_t cycles = 0;
  std::vector<uint32_t> outputs;
  run_lock_step(rtl, model, inputs, c.pressure, 99 + c.n, &cycles, &outputs);
  ASSERT_EQ(outputs.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    ASSERT_EQ(outputs[i], canonical_bits(interp_value_lut(table, bits_to_float(inputs[i]))))
        << "x = 0x" << std::hex << inputs[i];
  }
  EXPECT_TRUE(model.idle());
}

using M = ValueLutMode;
INSTANTIATE_TEST_SUITE_P(
    Lanes, ValueLutLaneEquivalence,
    ::testing::Values(ValueLaneCase{"gelu", M::kLinear, -8.0f, 4, 0, 8, {1.0, 1.0, 1.0}},
                      ValueLaneCase{"gelu", M::kLinear, -8.0f, 4, 0, 8, {0.7, 0.6, 0.5}},
                      ValueLaneCase{"tanh", M::kLinear, -4.0f, 3, 0, 6, {1.0, 0.3, 1.0}},
                      ValueLaneCase{"exp", M::kLinear, -16.0f, 4, 0, 6, {1.0, 1.0, 0.25}},
                      ValueLaneCase{"rsqrt", M::kExponent, 0.0f, 0, -32, 6, {0.5, 0.9, 0.8}},
                      ValueLaneCase{"sigmoid", M::kExponent, 0.0f, 0, -40, 6, {0.9, 0.5, 0.5}}),
    [](const ::testing::TestParamInfo<ValueLaneCase>& info) { return case_name(info.param); });

// With every grant and no stall, an element leaves latency() cycles after it
// entered, measured on both implementations.
template <typename Lane>
int measured_latency(Lane& lane) {
  for (int cycle = 0; cycle < 100; ++cycle) {
    lane.begin_cycle(cycle == 0, float_to_bits(0.5f), true);
    lane.set_grant(true);
    if (lane.out_valid()) return cycle;
    lane.clock();
  }
  return -1;
}

TEST(ValueLutLaneEquivalence, LatencyMatchesTheModel) {
  const ValueLutTable table =
      generate_value_lut("gelu", M::kLinear, -8.0f, 4, 0, 6, EdgeMode::kExtrapolate);
  std::vector<uint64_t> rows(table.intervals() + 2);
  for (size_t r = 0; r < rows.size(); ++r) rows[r] = value_lut_rtl_row(table, r);
  VerilatedContext context;
  RtlInterpLane<Vvalue_lut_lane> rtl(&context, "lane", table, &rows, true);
  ValueLutLaneCycleModel model(table);
  EXPECT_EQ(measured_latency(rtl), kValueLutLaneLatency);
  EXPECT_EQ(measured_latency(model), kValueLutLaneLatency);
}

}  // namespace
}  // namespace interpsim
