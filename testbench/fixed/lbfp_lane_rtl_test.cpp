// rtl/lbfp_interp_lane.sv (verilated) against model/lbfp_lane's
// lbfp_lane_eval, bit for bit: per table every one of the 256 element codes
// at every block exponent from below the interval's scale to above it (and
// the int8 extremes), through the table port with random grant, input and
// output stalls.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "Vlbfp_interp_lane.h"
#include "model/functions.hpp"
#include "model/lbfp_lane.hpp"
#include "testbench/rtl/lbfp_lane_stream.hpp"

namespace interpsim {
namespace {

using Element = rtl_test::LbfpElement;

// Every code at every exponent that puts the decoded x below, inside and
// above the table's int16 range at fx, and the int8 extremes.
std::vector<Element> inputs_for(const LbfpLaneTable& table) {
  std::vector<int> exponents = {kLbfpMinExponent, kLbfpMaxExponent};
  for (int e = -table.index.fx - 2; e <= 16 - table.index.fx + 2; ++e) exponents.push_back(e);
  std::vector<Element> inputs;
  for (const int e : exponents) {
    for (int code = 0; code < 256; ++code) {
      inputs.push_back({static_cast<uint8_t>(code), static_cast<int8_t>(e)});
    }
  }
  return inputs;
}

void configure_and_reset(Vlbfp_interp_lane& lane, const FixedTable& index) {
  lane.cfg_qa_i = static_cast<uint16_t>(index.qa);
  lane.cfg_span_i = static_cast<uint8_t>(index.m + index.fx);
  lane.cfg_n_i = static_cast<uint8_t>(index.n);
  lane.cfg_fx_i = static_cast<uint8_t>(index.fx);
  lane.cfg_fy_i = static_cast<uint8_t>(static_cast<int8_t>(index.fy));
  lane.in_valid_i = 0;
  lane.out_ready_i = 0;
  lane.tbl_gnt_i = 0;
  lane.rst_ni = 0;
  lane.clk_i = 0;
  lane.eval();
  lane.rst_ni = 1;
  lane.eval();
}

// {K code, EK, B}: the table port's row word.
uint32_t row_word(const LbfpLaneTable& table, size_t row) {
  return (uint32_t{table.k_code.at(row)} << 24) |
         (uint32_t{static_cast<uint8_t>(table.k_exponent.at(row))} << 16) |
         static_cast<uint16_t>(table.b.at(row));
}

// Streams `inputs` through the lane; returns the number of mismatches.
int run_table(const LbfpLaneTable& table, const std::vector<Element>& inputs, uint32_t seed) {
  auto lane = std::make_unique<Vlbfp_interp_lane>();
  configure_and_reset(*lane, table.index);
  // The lane's int16 output and the model's, both sign-extended.
  return rtl_test::stream_lbfp_lane(
      *lane, inputs, seed, [&](size_t row) { return row_word(table, row); },
      [&](const Element& in) { return int64_t{int16_t(lbfp_lane_eval(table, in.x, in.e))}; },
      [](uint16_t y) { return int64_t{int16_t(y)}; },
      table.index.func + " n=" + std::to_string(table.index.n));
}

TEST(LbfpInterpLane, MatchesModelOnEveryCodeAndExponent) {
  size_t tables = 0;
  size_t elements = 0;
  for (const char* name : {"gelu", "exp", "sigmoid", "tanh"}) {
    const FunctionInfo& info = find_function(name);
    for (const int n : {4, 6, 8}) {
      const LbfpLaneTable table = generate_lbfp_lane_table(info.name, info.default_a,
                                                           info.default_m, n, info.default_edges);
      const std::vector<Element> inputs = inputs_for(table);
      EXPECT_EQ(run_table(table, inputs, 7u + static_cast<uint32_t>(n)), 0) << name << " n=" << n;
      ++tables;
      elements += inputs.size();
    }
  }
  std::printf("%zu tables, %zu elements\n", tables, elements);
}

// No stalls: one element a cycle, each output Latency cycles after its input.
TEST(LbfpInterpLane, LatencyAndOneElementPerCycle) {
  const FunctionInfo& info = find_function("gelu");
  const LbfpLaneTable table =
      generate_lbfp_lane_table(info.name, info.default_a, info.default_m, 6, info.default_edges);
  auto lane = std::make_unique<Vlbfp_interp_lane>();
  configure_and_reset(*lane, table.index);
  constexpr int kElements = 32;
  const std::vector<uint64_t> output_cycles = rtl_test::full_rate_output_cycles(
      *lane, kElements, -2, [&](size_t row) { return row_word(table, row); });
  ASSERT_EQ(output_cycles.size(), size_t{kElements});
  for (int i = 0; i < kElements; ++i) {
    EXPECT_EQ(output_cycles[i], uint64_t(i) + INTERPSIM_LBFP_LANE_LATENCY) << "element " << i;
  }
}

}  // namespace
}  // namespace interpsim
