// rtl/lbfp_interp_lane.sv (verilated) against model/lbfp_lane's
// lbfp_lane_eval, bit for bit: per table every one of the 256 element codes
// at every block exponent from below the interval's scale to above it (and
// the int8 extremes), through the table port with random grant, input and
// output stalls.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "Vlbfp_interp_lane.h"
#include "model/functions.hpp"
#include "model/lbfp_lane.hpp"

namespace interpsim {
namespace {

struct Element {
  uint8_t x;
  int8_t e;
};

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

void tick(Vlbfp_interp_lane& lane) {
  lane.clk_i = 0;
  lane.eval();
  lane.clk_i = 1;
  lane.eval();
}

// Streams `inputs` through the lane; returns the number of mismatches.
int run_table(const LbfpLaneTable& table, const std::vector<Element>& inputs, uint32_t seed) {
  auto lane = std::make_unique<Vlbfp_interp_lane>();
  const FixedTable& index = table.index;
  lane->cfg_qa_i = static_cast<uint16_t>(index.qa);
  lane->cfg_span_i = static_cast<uint8_t>(index.m + index.fx);
  lane->cfg_n_i = static_cast<uint8_t>(index.n);
  lane->cfg_fx_i = static_cast<uint8_t>(index.fx);
  lane->cfg_fy_i = static_cast<uint8_t>(static_cast<int8_t>(index.fy));
  lane->in_valid_i = 0;
  lane->out_ready_i = 0;
  lane->tbl_gnt_i = 0;
  lane->rst_ni = 0;
  lane->clk_i = 0;
  lane->eval();
  lane->rst_ni = 1;
  lane->eval();

  std::mt19937 rng(seed);
  std::bernoulli_distribution often(0.8);
  std::deque<uint16_t> expected;
  size_t next = 0;
  size_t received = 0;
  int mismatches = 0;
  uint32_t row_data = 0;
  for (uint64_t cycle = 0; received < inputs.size(); ++cycle) {
    if (cycle > 8 * inputs.size() + 1000) {
      ADD_FAILURE() << "the lane stopped: " << received << " of " << inputs.size() << " outputs";
      return mismatches + 1;
    }
    // Drive this cycle's inputs (the table answers last cycle's grant).
    lane->in_valid_i = next < inputs.size() && often(rng);
    if (next < inputs.size()) {
      lane->in_x_i = inputs[next].x;
      lane->in_e_i = static_cast<uint8_t>(inputs[next].e);
    }
    lane->out_ready_i = often(rng);
    lane->tbl_gnt_i = often(rng);
    lane->tbl_rdata_i = row_data;
    lane->clk_i = 0;
    lane->eval();
    // Sample the handshakes before the edge.
    const bool input_taken = lane->in_valid_i && lane->in_ready_o;
    const bool output_taken = lane->out_valid_o && lane->out_ready_i;
    const bool granted = lane->tbl_req_o && lane->tbl_gnt_i;
    if (output_taken) {
      if (expected.empty()) {
        ADD_FAILURE() << "an output with no input";
        return mismatches + 1;
      }
      const Element& in = inputs[received];
      if (lane->out_y_o != expected.front() && ++mismatches <= 5) {
        ADD_FAILURE() << index.func << " n=" << index.n << " x=0x" << std::hex << int{in.x}
                      << std::dec << " E=" << int{in.e} << ": rtl " << int16_t(lane->out_y_o)
                      << ", model " << int16_t(expected.front());
      }
      expected.pop_front();
      ++received;
    }
    if (input_taken) {
      expected.push_back(
          static_cast<uint16_t>(lbfp_lane_eval(table, inputs[next].x, inputs[next].e)));
      ++next;
    }
    if (granted) {
      const size_t row = lane->tbl_idx_o;
      row_data = (uint32_t{table.k_code.at(row)} << 24) |
                 (uint32_t{static_cast<uint8_t>(table.k_exponent.at(row))} << 16) |
                 static_cast<uint16_t>(table.b.at(row));
    } else {
      row_data = 0xDEADBEEF;  // nothing read: garbage the lane must not use
    }
    lane->clk_i = 1;
    lane->eval();
  }
  return mismatches;
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
  lane->cfg_qa_i = static_cast<uint16_t>(table.index.qa);
  lane->cfg_span_i = static_cast<uint8_t>(table.index.m + table.index.fx);
  lane->cfg_n_i = static_cast<uint8_t>(table.index.n);
  lane->cfg_fx_i = static_cast<uint8_t>(table.index.fx);
  lane->cfg_fy_i = static_cast<uint8_t>(static_cast<int8_t>(table.index.fy));
  lane->tbl_gnt_i = 1;
  lane->out_ready_i = 1;
  lane->in_valid_i = 0;
  lane->rst_ni = 0;
  lane->clk_i = 0;
  lane->eval();
  lane->rst_ni = 1;
  constexpr int kElements = 32;
  std::vector<int> output_cycles;
  uint32_t row_data = 0;
  for (int cycle = 0; cycle < kElements + 20; ++cycle) {
    lane->in_valid_i = cycle < kElements;
    lane->in_x_i = static_cast<uint8_t>(cycle * 5);
    lane->in_e_i = static_cast<uint8_t>(-2);
    lane->tbl_rdata_i = row_data;
    lane->clk_i = 0;
    lane->eval();
    if (cycle < kElements) EXPECT_TRUE(lane->in_ready_o) << "cycle " << cycle;
    if (lane->out_valid_o) output_cycles.push_back(cycle);
    if (lane->tbl_req_o) {
      const size_t row = lane->tbl_idx_o;
      row_data = (uint32_t{table.k_code.at(row)} << 24) |
                 (uint32_t{static_cast<uint8_t>(table.k_exponent.at(row))} << 16) |
                 static_cast<uint16_t>(table.b.at(row));
    }
    lane->clk_i = 1;
    lane->eval();
  }
  ASSERT_EQ(output_cycles.size(), size_t{kElements});
  for (int i = 0; i < kElements; ++i) {
    EXPECT_EQ(output_cycles[i], i + INTERPSIM_LBFP_LANE_LATENCY) << "element " << i;
  }
}

}  // namespace
}  // namespace interpsim
