// Verilated bsearch_pipelined and bsearch_iterative (N = 16 and 256) against
// the golden binary-search model (model/bsearch_lookup.hpp), bit for bit, with
// their cycle contracts: latency SegBits + 2 + fp32_fma's, II = 1 (pipelined)
// or II = SegBits (iterative).
#include <gtest/gtest.h>
#include <verilated.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "Vbsearch_iterative_4.h"
#include "Vbsearch_iterative_4_bsearch_iterative.h"
#include "Vbsearch_iterative_8.h"
#include "Vbsearch_iterative_8_bsearch_iterative.h"
#include "Vbsearch_pipelined_4.h"
#include "Vbsearch_pipelined_4_bsearch_pipelined.h"
#include "Vbsearch_pipelined_8.h"
#include "Vbsearch_pipelined_8_bsearch_pipelined.h"
#include "model/bsearch_lookup.hpp"
#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"
#include "testbench/rtl/input_sets.hpp"
#include "testbench/rtl/stream_driver.hpp"
#include "testbench/rtl/table_ports.hpp"
#include "testbench/rtl/unit_checks.hpp"

namespace interpsim::rtl_test {
namespace {

template <typename Model>
class BsearchHarness {
 public:
  explicit BsearchHarness(uint64_t seed)
      : context_(std::make_unique<VerilatedContext>()),
        model_(std::make_unique<Model>(context_.get())),
        driver_(*model_, seed) {
    model_->bp_we_i = 0;
    model_->tbl_we_i = 0;
    driver_.reset();
  }

  // Breakpoints t_0 .. t_N and rows 0 .. N+1, one write per cycle each.
  void load(const BreakpointTable& table) {
    model_->in_valid_i = 0;
    for (size_t i = 0; i < table.breakpoints.size(); ++i) {
      model_->bp_we_i = 1;
      model_->bp_addr_i = static_cast<uint32_t>(i);
      model_->bp_wdata_i = float_to_bits(table.breakpoints[i]);
      driver_.tick();
    }
    model_->bp_we_i = 0;
    write_table_rows(*model_, table.k, table.b, [this] { driver_.tick(); });
  }

  StreamRun run(const std::vector<uint32_t>& inputs, const Traffic& traffic) {
    return driver_.run(inputs, traffic);
  }

 private:
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  StreamDriver<Model> driver_;
};

std::vector<uint32_t> test_inputs(const BreakpointTable& table, uint64_t seed) {
  const float lo = table.breakpoints.front();
  const float hi = table.breakpoints.back();
  std::vector<uint32_t> inputs = random_bit_patterns(1500, seed);
  auto append = [&inputs](const std::vector<uint32_t>& more) {
    inputs.insert(inputs.end(), more.begin(), more.end());
  };
  append(random_in_interval(lo, hi, 3000, seed + 1));
  append(ieee_corners(lo, hi));
  append(breakpoint_neighbourhoods(table.breakpoints, 300));
  append(trace_like(0.5f * (lo + hi), 0.25f * (hi - lo), 1500, seed + 2));
  return inputs;
}

// Sorted random breakpoints on [lo, hi] (a non-uniform table).
std::vector<float> random_breakpoints(float lo, float hi, size_t segments, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> points;
  while (points.size() + 1 < segments) {
    points.push_back(dist(rng));
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    points.erase(
        std::remove_if(points.begin(), points.end(), [&](float t) { return t <= lo || t >= hi; }),
        points.end());
  }
  points.insert(points.begin(), lo);
  points.push_back(hi);
  return points;
}

template <typename Model>
void check_variant(int seg_bits, uint64_t ii, uint64_t published_latency) {
  const uint64_t latency = seg_bits + 2 + INTERPSIM_FMA_LATENCY;
  const size_t segments = size_t{1} << seg_bits;
  EXPECT_EQ(published_latency, latency) << "the RTL's Latency localparam";
  BsearchHarness<Model> unit(seg_bits * 31 + ii);
  std::vector<BreakpointTable> tables;
  for (const char* func : {"exp", "tanh", "sigmoid", "gelu"}) {
    const FunctionInfo& info = find_function(func);
    tables.push_back(breakpoint_table_from_uniform(
        generate_table(func, info.default_a, info.default_m, seg_bits, info.default_edges)));
  }
  tables.push_back(generate_breakpoint_table(
      "gelu", random_breakpoints(-5.0f, 3.0f, segments, 17 + seg_bits), EdgeMode::kExtrapolate));
  tables.push_back(generate_breakpoint_table(
      "tanh", random_breakpoints(-4.0f, 4.0f, segments, 29 + seg_bits), EdgeMode::kSaturate));

  uint64_t seed = 40 + seg_bits;
  for (const BreakpointTable& table : tables) {
    SCOPED_TRACE(table.func + " N=" + std::to_string(table.segments()));
    ASSERT_EQ(table.segments(), segments);
    unit.load(table);
    const std::vector<uint32_t> inputs = test_inputs(table, ++seed);
    auto golden = [&table](float x) { return interp_bsearch(table, x); };

    const StreamRun streaming = unit.run(inputs, {});
    EXPECT_TRUE(outputs_match(inputs, streaming, golden)) << "full rate";
    EXPECT_TRUE(timing_matches(streaming, latency, ii)) << "full rate";

    const StreamRun bubbly = unit.run(inputs, {0.3, 0.0});
    EXPECT_TRUE(outputs_match(inputs, bubbly, golden)) << "input bubbles";
    EXPECT_TRUE(latency_constant(bubbly, latency)) << "input bubbles";

    const StreamRun congested = unit.run(inputs, {0.3, 0.4});
    EXPECT_TRUE(outputs_match(inputs, congested, golden)) << "backpressure";
    if (ii == 1) EXPECT_EQ(congested.refusals_without_backpressure, 0u);
  }
}

TEST(BsearchPipelined, N16BitExactIIOne) {
  check_variant<Vbsearch_pipelined_4>(4, 1, Vbsearch_pipelined_4_bsearch_pipelined::Latency);
}
TEST(BsearchPipelined, N256BitExactIIOne) {
  check_variant<Vbsearch_pipelined_8>(8, 1, Vbsearch_pipelined_8_bsearch_pipelined::Latency);
}
TEST(BsearchIterative, N16BitExactIILog2N) {
  EXPECT_EQ(Vbsearch_iterative_4_bsearch_iterative::II, 4);
  check_variant<Vbsearch_iterative_4>(4, 4, Vbsearch_iterative_4_bsearch_iterative::Latency);
}
TEST(BsearchIterative, N256BitExactIILog2N) {
  EXPECT_EQ(Vbsearch_iterative_8_bsearch_iterative::II, 8);
  check_variant<Vbsearch_iterative_8>(8, 8, Vbsearch_iterative_8_bsearch_iterative::Latency);
}

}  // namespace
}  // namespace interpsim::rtl_test
