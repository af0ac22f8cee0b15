// Verilated rtl/nonuniform_lane.sv against the golden model
// model/nonuniform.* (interp_nonuniform), bit for bit: generated non-uniform
// tables and hand-built ones (1 part, a part count that is not a power of
// two, the most parts the lane searches), on corner inputs (every part start
// a_j and its float neighbours, the segment breakpoints inside the parts,
// edges, NaN, inf, +-0, subnormals), random and trace-like inputs and every
// bf16 pattern: about 2.2 * 10^6 inputs, and TenMillionInputs 10^7 more
// (about 3 s of CPU).
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "Vnonuniform_lane.h"
#include "Vnonuniform_lane_nonuniform_lane.h"
#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/lane_cycle_model.hpp"
#include "model/nonuniform.hpp"
#include "model/table_gen.hpp"
#include "sim/lanes/rtl_lanes.hpp"
#include "testbench/rtl/input_sets.hpp"

namespace interpsim {
namespace {

using lanes::RtlNonuniformLane;

struct NamedTable {
  std::string name;
  NonuniformTable table;
};

// Parts of 2^seg_bits[j] segments, each 2^m wide, from `a` on: contiguous by
// construction (a and the widths are exact), checked by check_nonuniform.
NonuniformTable hand_built(const char* func, float a, int m, const std::vector<int>& seg_bits) {
  NonuniformTable table;
  table.func = func;
  for (size_t j = 0; j < seg_bits.size(); ++j) {
    const float start = a + static_cast<float>(j) * std::ldexp(1.0f, m);
    table.parts.push_back(generate_table(func, start, m, seg_bits[j], EdgeMode::kExtrapolate));
  }
  check_nonuniform(table);
  return table;
}

std::vector<NamedTable> tables() {
  std::vector<NamedTable> out;
  for (const auto& [func, segments, edges] :
       {std::tuple{"gelu", 256, EdgeMode::kAsymptote}, std::tuple{"exp", 64, EdgeMode::kSaturate},
        std::tuple{"tanh", 1024, EdgeMode::kExtrapolate},
        std::tuple{"sigmoid", 128, EdgeMode::kAsymptote},
        std::tuple{"silu", 4096, EdgeMode::kAsymptote}}) {
    const FunctionInfo& info = find_function(func);
    out.push_back({std::string(func) + "_" + std::to_string(segments),
                   generate_nonuniform(func, info.default_a, info.default_m, segments, edges)});
  }
  out.push_back({"one_part", hand_built("gelu", -4.0f, 3, {5})});
  out.push_back({"three_parts", hand_built("tanh", -3.0f, 0, {2, 7, 0})});
  std::vector<int> many(size_t{1} << kNonuniformLanePartBits);
  for (size_t j = 0; j < many.size(); ++j) many[j] = static_cast<int>(j % 5);
  out.push_back({"most_parts", hand_built("sigmoid", -8.0f, -2, many)});
  return out;
}

// Every part start and every segment breakpoint inside the parts, with their
// float neighbours; the edges, NaN, inf, +-0, subnormals.
std::vector<uint32_t> corner_inputs(const NonuniformTable& table) {
  std::vector<uint32_t> inputs = rtl_test::ieee_corners(table.lower(), table.upper());
  std::vector<float> breakpoints;
  for (const UniformTable& part : table.parts) {
    for (size_t i = 0; i < part.segments(); ++i) {
      breakpoints.push_back(static_cast<float>(part.a + part.width() * static_cast<double>(i)));
    }
  }
  breakpoints.push_back(table.upper());
  for (const uint32_t x : rtl_test::breakpoint_neighbourhoods(breakpoints, 5000)) {
    inputs.push_back(x);
  }
  constexpr float kInf = std::numeric_limits<float>::infinity();
  for (const UniformTable& part : table.parts) {
    float below = part.a;
    float above = part.a;
    inputs.push_back(float_to_bits(part.a));
    for (int step = 0; step < 3; ++step) {
      below = std::nextafter(below, -kInf);
      above = std::nextafter(above, kInf);
      inputs.push_back(float_to_bits(below));
      inputs.push_back(float_to_bits(above));
    }
  }
  return inputs;
}

std::vector<uint32_t> mixed_inputs(const NonuniformTable& table, size_t count, uint64_t seed) {
  std::vector<uint32_t> inputs;
  const size_t quarter = count / 4;
  for (const auto& part :
       {rtl_test::random_in_interval(table.lower(), table.upper(), 2 * quarter, seed),
        rtl_test::trace_like(0.0f, 2.0f, quarter, seed + 1),
        rtl_test::random_bit_patterns(count - 3 * quarter, seed + 2)}) {
    inputs.insert(inputs.end(), part.begin(), part.end());
  }
  return inputs;
}

// Full rate (every input offered, every output taken, every read granted):
// the number of inputs whose output differs from the golden model, the
// first few reported.
size_t mismatches(const NonuniformTable& table, const std::vector<uint32_t>& inputs,
                  const std::string& what) {
  std::vector<uint32_t> row_bases;
  const std::vector<uint64_t> rows = lanes::packed_rows(table, &row_bases);
  VerilatedContext context;
  RtlNonuniformLane<Vnonuniform_lane> lane(&context, "lane", table, &rows, true);
  size_t next = 0;
  size_t taken = 0;
  size_t wrong = 0;
  while (taken < inputs.size()) {
    const bool in_valid = next < inputs.size();
    lane.begin_cycle(in_valid, in_valid ? inputs[next] : 0, true);
    if (lane.out_valid()) {
      const uint32_t x = inputs[taken];
      const uint32_t expected = canonical_bits(interp_nonuniform(table, bits_to_float(x)));
      if (lane.out_y() != expected && ++wrong <= 5) {
        ADD_FAILURE() << what << ": x = 0x" << std::hex << x << " gives 0x" << lane.out_y()
                      << ", the model 0x" << expected;
      }
      ++taken;
    }
    if (in_valid && lane.in_ready()) ++next;
    lane.clock();
  }
  return wrong;
}

uint32_t bf16_pattern(uint32_t bits) {
  return bits << 16;
}

TEST(NonuniformLane, BitExactOnCornerRandomTraceAndBf16Inputs) {
  size_t total = 0;
  uint64_t seed = 11;
  for (const NamedTable& t : tables()) {
    std::vector<uint32_t> inputs = corner_inputs(t.table);
    const std::vector<uint32_t> mixed = mixed_inputs(t.table, 200000, seed++);
    inputs.insert(inputs.end(), mixed.begin(), mixed.end());
    for (uint32_t bits = 0; bits < (1u << 16); ++bits) inputs.push_back(bf16_pattern(bits));
    EXPECT_EQ(mismatches(t.table, inputs, t.name), 0u) << t.name;
    total += inputs.size();
  }
  EXPECT_GT(total, size_t{2000000});
}

// 10^7 inputs more, random and mixed over every table.
TEST(NonuniformLane, TenMillionInputs) {
  const std::vector<NamedTable> all = tables();
  const size_t per_table = 10000000 / all.size() + 1;
  uint64_t seed = 1000;
  for (const NamedTable& t : all) {
    EXPECT_EQ(mismatches(t.table, mixed_inputs(t.table, per_table, seed++), t.name), 0u) << t.name;
  }
}

// Latency and II from the port timing; the verilated Latency is the cycle
// model's (model/lane_cycle_model.hpp).
TEST(NonuniformLane, LatencyIsSearchPlusInterpLane) {
  const NonuniformTable table = hand_built("tanh", -3.0f, 0, {2, 7, 0});
  const InterpLaneCycleModel model(table);
  EXPECT_EQ(static_cast<int>(Vnonuniform_lane_nonuniform_lane::Latency), model.latency());
  EXPECT_EQ(model.latency(), kNonuniformLanePartBits + 1 + kInterpLaneLatency);
  std::vector<uint32_t> row_bases;
  const std::vector<uint64_t> rows = lanes::packed_rows(table, &row_bases);
  VerilatedContext context;
  RtlNonuniformLane<Vnonuniform_lane> lane(&context, "lane", table, &rows, true);
  const int count = 50;
  std::vector<int> accepted, produced;
  for (int cycle = 0; produced.size() < static_cast<size_t>(count) && cycle < 1000; ++cycle) {
    const bool in_valid = accepted.size() < static_cast<size_t>(count);
    lane.begin_cycle(in_valid, float_to_bits(-3.0f + 0.05f * accepted.size()), true);
    if (lane.out_valid()) produced.push_back(cycle);
    if (in_valid && lane.in_ready()) accepted.push_back(cycle);
    lane.clock();
  }
  ASSERT_EQ(produced.size(), static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    EXPECT_EQ(accepted[i], i) << "II = 1";
    EXPECT_EQ(produced[i] - accepted[i], model.latency());
  }
}

}  // namespace
}  // namespace interpsim
