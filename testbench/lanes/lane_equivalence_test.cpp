// The C++ cycle models of the lanes (model/lane_cycle_model.hpp) against the
// verilated RTL (sim/lanes/rtl_lanes.hpp), port by port, every cycle: the same
// random input bubbles, table-grant denials and output backpressure go to
// both, and in_ready, the table request and index, out_valid and out_y must
// agree in every cycle. The model computes y with the golden model, so this
// also checks the RTL's outputs bit for bit.
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "Vinterp_lane.h"
#include "Vinterp_lane_pipelined.h"
#include "Vinterp_lane_pipelined_interp_lane.h"
#include "Vnonuniform_lane.h"
#include "bsearch_rtl_models.hpp"
#include "model/bsearch_lookup.hpp"
#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/lane_cycle_model.hpp"
#include "model/nonuniform.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/lanes/rtl_lanes.hpp"
#include "testbench/lanes/lock_step.hpp"
#include "testbench/rtl/input_sets.hpp"

namespace interpsim {
namespace {

using lanes::RtlBsearchLane;
using lanes::RtlInterpLane;
using lanes::RtlNonuniformLane;

using lane_test::Pressure;
using lane_test::pressure_name;
using lane_test::run_lock_step;

std::vector<uint32_t> stimulus(const UniformTable& table, uint64_t seed) {
  std::vector<uint32_t> inputs = rtl_test::ieee_corners(table.a, table.upper());
  std::vector<float> breakpoints;
  for (size_t i = 0; i <= table.segments(); ++i) {
    breakpoints.push_back(static_cast<float>(table.a + table.width() * i));
  }
  for (const auto& part : {rtl_test::breakpoint_neighbourhoods(breakpoints, 200),
                           rtl_test::random_in_interval(table.a, table.upper(), 3000, seed),
                           rtl_test::trace_like(-0.5f, 1.5f, 2000, seed + 1),
                           rtl_test::random_bit_patterns(500, seed + 2)}) {
    inputs.insert(inputs.end(), part.begin(), part.end());
  }
  return inputs;
}

struct LaneCase {
  const char* func;
  int n;
  Pressure pressure;
};

std::string lane_case_name(const LaneCase& c) {
  return std::string(c.func) + "_n" + std::to_string(c.n) + "_" + pressure_name(c.pressure);
}
void PrintTo(const LaneCase& c, std::ostream* out) {
  *out << lane_case_name(c);
}

// interp_lane verilated as Top (with or without added stages) against the
// cycle model given the same stages, every cycle; the outputs are the golden
// model's, in order.
template <typename Top>
void check_interp_lane(const LaneCase& c, LanePipelining pipelining, uint32_t seed) {
  const FunctionInfo& info = find_function(c.func);
  const UniformTable table =
      generate_table(c.func, info.default_a, info.default_m, c.n, info.default_edges);
  const std::vector<uint64_t> rows = lanes::packed_rows(table.k, table.b);
  VerilatedContext context;
  RtlInterpLane<Top> rtl(&context, "lane", table, &rows, false);
  InterpLaneCycleModel model(table, pipelining);
  const std::vector<uint32_t> inputs = stimulus(table, seed);
  uint64_t cycles = 0;
  std::vector<uint32_t> outputs;
  run_lock_step(rtl, model, inputs, c.pressure, 82 + seed, &cycles, &outputs);
  ASSERT_EQ(outputs.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    ASSERT_EQ(outputs[i], canonical_bits(interp_uniform(table, bits_to_float(inputs[i]))))
        << "x = 0x" << std::hex << inputs[i];
  }
}

// Cycles one element takes through an empty verilated lane.
template <typename Top>
int measured_latency(const UniformTable& table) {
  const std::vector<uint64_t> rows = lanes::packed_rows(table.k, table.b);
  VerilatedContext context;
  RtlInterpLane<Top> rtl(&context, "lane", table, &rows, true);
  int cycles = 0;
  rtl.begin_cycle(true, float_to_bits(0.5f), true);
  rtl.clock();
  while (true) {
    rtl.begin_cycle(false, 0, true);
    ++cycles;
    if (rtl.out_valid() || cycles > 100) break;
    rtl.clock();
  }
  return cycles;
}

class InterpLaneEquivalence : public ::testing::TestWithParam<LaneCase> {};

TEST_P(InterpLaneEquivalence, SameOutputsEveryCycle) {
  check_interp_lane<Vinterp_lane>(GetParam(), {}, 17 + GetParam().n);
}

INSTANTIATE_TEST_SUITE_P(
    Lanes, InterpLaneEquivalence,
    ::testing::Values(LaneCase{"gelu", 12, {1.0, 1.0, 1.0}},  // full speed
                      LaneCase{"gelu", 12, {0.7, 0.6, 0.5}},  // everything stalls
                      LaneCase{"tanh", 4, {1.0, 0.3, 1.0}},   // output backpressure
                      LaneCase{"exp", 8, {1.0, 1.0, 0.25}},   // grant denials
                      LaneCase{"sigmoid", 16, {0.5, 0.9, 0.8}},
                      LaneCase{"silu", 1, {0.9, 0.5, 0.5}}),
    [](const ::testing::TestParamInfo<LaneCase>& info) { return lane_case_name(info.param); });

// Pipelining for timing: interp_lane verilated with AddExtraStages and
// FmaExtraStages (Vinterp_lane_pipelined, testbench/lanes/CMakeLists.txt)
// against the cycle model given the same stages, every cycle, under stalls.
constexpr LanePipelining kPipelined{INTERPSIM_ADD_EXTRA_STAGES, INTERPSIM_FMA_EXTRA_STAGES};

class PipelinedInterpLaneEquivalence : public ::testing::TestWithParam<LaneCase> {};

TEST_P(PipelinedInterpLaneEquivalence, SameOutputsEveryCycle) {
  check_interp_lane<Vinterp_lane_pipelined>(GetParam(), kPipelined, 23 + GetParam().n);
}

INSTANTIATE_TEST_SUITE_P(
    Lanes, PipelinedInterpLaneEquivalence,
    ::testing::Values(LaneCase{"gelu", 12, {1.0, 1.0, 1.0}}, LaneCase{"gelu", 8, {0.7, 0.6, 0.5}},
                      LaneCase{"tanh", 4, {1.0, 0.3, 1.0}}, LaneCase{"exp", 8, {1.0, 1.0, 0.25}}),
    [](const ::testing::TestParamInfo<LaneCase>& info) { return lane_case_name(info.param); });

// Measured on the RTL: one element through an empty lane takes the model's
// latency, the base latency plus the added stages, and the RTL publishes it.
TEST(PipelinedInterpLaneEquivalence, LatencyMatchesTheModel) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 6, EdgeMode::kAsymptote);
  const int cycles = measured_latency<Vinterp_lane_pipelined>(table);
  const InterpLaneCycleModel model(table, kPipelined);
  EXPECT_EQ(cycles, model.latency());
  EXPECT_EQ(cycles, kInterpLaneLatency + kPipelined.add_extra_stages + kPipelined.fma_extra_stages);
  EXPECT_EQ(cycles, Vinterp_lane_pipelined_interp_lane::Latency);
}

TEST(InterpLaneEquivalence, LatencyMatchesTheModel) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 6, EdgeMode::kAsymptote);
  const int cycles = measured_latency<Vinterp_lane>(table);
  EXPECT_EQ(cycles, kInterpLaneLatency);
}

// nonuniform_lane and InterpLaneCycleModel(NonuniformTable): every part
// start with its neighbours, the overall edges, random and trace inputs.
struct NonuniformCase {
  const char* func;
  int segments;
  Pressure pressure;
};

std::string nonuniform_case_name(const NonuniformCase& c) {
  return std::string(c.func) + "_" + std::to_string(c.segments) + "_" + pressure_name(c.pressure);
}
void PrintTo(const NonuniformCase& c, std::ostream* out) {
  *out << nonuniform_case_name(c);
}

class NonuniformLaneEquivalence : public ::testing::TestWithParam<NonuniformCase> {};

TEST_P(NonuniformLaneEquivalence, SameOutputsEveryCycle) {
  const NonuniformCase c = GetParam();
  const FunctionInfo& info = find_function(c.func);
  const NonuniformTable table =
      generate_nonuniform(c.func, info.default_a, info.default_m, c.segments, info.default_edges);
  std::vector<uint32_t> row_bases;
  const std::vector<uint64_t> rows = lanes::packed_rows(table, &row_bases);
  VerilatedContext context;
  RtlNonuniformLane<Vnonuniform_lane> rtl(&context, "lane", table, &rows, false);
  InterpLaneCycleModel model(table);
  std::vector<uint32_t> inputs = rtl_test::ieee_corners(table.lower(), table.upper());
  std::vector<float> starts;
  for (const UniformTable& part : table.parts) starts.push_back(part.a);
  for (const auto& part :
       {rtl_test::breakpoint_neighbourhoods(starts, 200),
        rtl_test::random_in_interval(table.lower(), table.upper(), 3000, 5),
        rtl_test::trace_like(-0.5f, 1.5f, 1000, 6), rtl_test::random_bit_patterns(300, 7)}) {
    inputs.insert(inputs.end(), part.begin(), part.end());
  }
  uint64_t cycles = 0;
  std::vector<uint32_t> outputs;
  run_lock_step(rtl, model, inputs, c.pressure, 41 + c.segments, &cycles, &outputs);
  ASSERT_EQ(outputs.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    ASSERT_EQ(outputs[i], canonical_bits(interp_nonuniform(table, bits_to_float(inputs[i]))))
        << "x = 0x" << std::hex << inputs[i];
  }
}

INSTANTIATE_TEST_SUITE_P(
    Lanes, NonuniformLaneEquivalence,
    ::testing::Values(NonuniformCase{"gelu", 256, {1.0, 1.0, 1.0}},    // full speed
                      NonuniformCase{"gelu", 256, {0.7, 0.6, 0.5}},    // everything stalls
                      NonuniformCase{"exp", 64, {1.0, 0.3, 1.0}},      // output backpressure
                      NonuniformCase{"tanh", 1024, {1.0, 1.0, 0.25}},  // grant denials
                      NonuniformCase{"silu", 4096, {0.5, 0.9, 0.8}}),
    [](const ::testing::TestParamInfo<NonuniformCase>& info) {
      return nonuniform_case_name(info.param);
    });

struct BsearchCase {
  int seg_bits;
  bool iterative;
  Pressure pressure;
};

std::string bsearch_case_name(const BsearchCase& c) {
  return std::string(c.iterative ? "iterative" : "pipelined") + "_n" + std::to_string(c.seg_bits) +
         "_" + pressure_name(c.pressure);
}
void PrintTo(const BsearchCase& c, std::ostream* out) {
  *out << bsearch_case_name(c);
}

class BsearchLaneEquivalence : public ::testing::TestWithParam<BsearchCase> {};

template <typename Top>
void check_bsearch(const BsearchCase& c) {
  const UniformTable uniform = generate_table("gelu", -5.0f, 3, c.seg_bits, EdgeMode::kAsymptote);
  const BreakpointTable table = breakpoint_table_from_uniform(uniform);
  VerilatedContext context;
  RtlBsearchLane<Top> rtl(&context, "lane", table);
  BsearchLaneCycleModel model(table, c.iterative);
  const std::vector<uint32_t> inputs = stimulus(uniform, 5 + c.seg_bits);
  uint64_t cycles = 0;
  std::vector<uint32_t> outputs;
  run_lock_step(rtl, model, inputs, c.pressure, 3 + c.seg_bits, &cycles, &outputs);
  ASSERT_EQ(outputs.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    ASSERT_EQ(outputs[i], canonical_bits(interp_bsearch(table, bits_to_float(inputs[i]))))
        << "x = 0x" << std::hex << inputs[i];
  }
  if (c.iterative && c.pressure.input_valid == 1.0 && c.pressure.out_ready == 1.0) {
    // II = log2 N: the search engine is the bottleneck.
    EXPECT_GE(cycles, inputs.size() * static_cast<uint64_t>(c.seg_bits));
  }
}

TEST_P(BsearchLaneEquivalence, SameOutputsEveryCycle) {
  const BsearchCase c = GetParam();
  switch (c.seg_bits) {
#define INTERPSIM_BSEARCH_CHECK(S)                                \
  case S:                                                         \
    return c.iterative ? check_bsearch<Vbsearch_iterative_##S>(c) \
                       : check_bsearch<Vbsearch_pipelined_##S>(c);
    INTERPSIM_FOR_EACH_BSEARCH_RTL_SEG_BITS(INTERPSIM_BSEARCH_CHECK)
#undef INTERPSIM_BSEARCH_CHECK
    default:
      FAIL() << "no verilated binary search at SegBits " << c.seg_bits;
  }
}

INSTANTIATE_TEST_SUITE_P(Lanes, BsearchLaneEquivalence,
                         ::testing::Values(BsearchCase{4, false, {1.0, 1.0, 1.0}},
                                           BsearchCase{8, false, {0.8, 0.5, 1.0}},
                                           BsearchCase{4, true, {1.0, 1.0, 1.0}},
                                           BsearchCase{8, true, {0.6, 0.4, 1.0}}),
                         [](const ::testing::TestParamInfo<BsearchCase>& info) {
                           return bsearch_case_name(info.param);
                         });

}  // namespace
}  // namespace interpsim
