// Issue item 10 for the binary-search LUT: bsearch_row/interp_bsearch (scalar
// and batch) bit for bit against a linear scan over every breakpoint.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

#include "model/bsearch_lookup.hpp"
#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"
#include "reference_model.hpp"

namespace interpsim::testing {
namespace {

size_t check_table(const BreakpointTable& table, const std::vector<float>& inputs) {
  // The batch paths also from a misaligned start (offset 3) so every tail length occurs.
  std::vector<float> batch(inputs.size()), portable(inputs.size()), shifted(inputs.size());
  interp_bsearch_batch(table, inputs.data(), batch.data(), inputs.size());
  interp_bsearch_batch_portable(table, inputs.data(), portable.data(), inputs.size());
  const size_t offset = std::min<size_t>(3, inputs.size());
  interp_bsearch_batch(table, inputs.data() + offset, shifted.data(), inputs.size() - offset);
  size_t mismatches = 0;
  for (size_t i = 0; i < inputs.size() && mismatches < 10; ++i) {
    const float x = inputs[i];
    const float expected = reference_bsearch(table, x);
    if (bsearch_row(table, x) != reference_bsearch_row(table, x) ||
        !same_result(interp_bsearch(table, x), expected) || !same_result(batch[i], expected) ||
        !same_result(portable[i], expected) ||
        (i >= offset && !same_result(shifted[i - offset], expected))) {
      ADD_FAILURE() << table.func << " N=" << table.segments() << " x=" << x << " (0x" << std::hex
                    << float_to_bits(x) << std::dec << "): row " << bsearch_row(table, x)
                    << " vs scan " << reference_bsearch_row(table, x) << ", y "
                    << interp_bsearch(table, x) << " / batch " << batch[i] << " vs " << expected;
      ++mismatches;
    }
  }
  return inputs.size();
}

class BsearchPaperFunctionTest : public ::testing::TestWithParam<std::string> {};

// >= 10 million inputs per function; fewer on the large tables, where the
// linear scan costs N comparisons per input.
TEST_P(BsearchPaperFunctionTest, MatchesLinearScan) {
  const FunctionInfo& info = find_function(GetParam());
  const struct {
    int n;
    size_t random;
  } cases[] = {{3, 3'400'000}, {4, 3'400'000}, {6, 3'000'000}, {8, 300'000}, {12, 30'000}};
  std::mt19937_64 rng(11);
  size_t checked = 0;
  int variant = 0;
  for (const auto& c : cases) {
    const EdgeMode edges = static_cast<EdgeMode>(variant++ % 3);
    // n >= 3 keeps every paper interval valid (a is a multiple of 2^(m-n)).
    const BreakpointTable table = breakpoint_table_from_uniform(
        generate_table(info.name, info.default_a, info.default_m, c.n, edges));
    std::vector<float> inputs = corner_inputs(table.breakpoints);
    const std::vector<float> random = random_inputs(table.breakpoints, c.random, rng);
    inputs.insert(inputs.end(), random.begin(), random.end());
    checked += check_table(table, inputs);
  }
  EXPECT_GE(checked, size_t{10'000'000});
}

INSTANTIATE_TEST_SUITE_P(Model, BsearchPaperFunctionTest,
                         ::testing::Values("exp", "tanh", "sigmoid", "gelu"),
                         [](const auto& info) { return info.param; });

// 2^16 segments: a sample of breakpoints and their neighbours, since the
// linear scan costs 2^16 comparisons per input.
TEST(BsearchLookup, MatchesLinearScanOnLargeTable) {
  const BreakpointTable table =
      breakpoint_table_from_uniform(generate_table("gelu", -5.0f, 3, 16, EdgeMode::kSaturate));
  std::mt19937_64 rng(13);
  std::uniform_int_distribution<size_t> any_point(0, table.breakpoints.size() - 1);
  std::vector<float> sample = {table.breakpoints.front()};  // corner_inputs: a first, b last
  for (int i = 0; i < 300; ++i) sample.push_back(table.breakpoints[any_point(rng)]);
  sample.push_back(table.breakpoints.back());
  std::vector<float> inputs = corner_inputs(sample);
  const std::vector<float> random = random_inputs(table.breakpoints, 3000, rng);
  inputs.insert(inputs.end(), random.begin(), random.end());
  check_table(table, inputs);
}

// Arbitrary (non-uniform, non-power-of-two) breakpoints, including a single segment.
TEST(BsearchLookup, MatchesLinearScanOnRandomBreakpoints) {
  std::mt19937_64 rng(5);
  for (size_t count : {2, 3, 17, 100, 1000}) {
    std::uniform_real_distribution<float> spread(-6.0f, 4.0f);
    std::set<float> unique;
    while (unique.size() < count) unique.insert(spread(rng));
    const std::vector<float> points(unique.begin(), unique.end());
    for (EdgeMode edges : {EdgeMode::kExtrapolate, EdgeMode::kSaturate, EdgeMode::kAsymptote}) {
      const BreakpointTable table = generate_breakpoint_table("gelu", points, edges);
      std::vector<float> inputs = corner_inputs(points);
      const std::vector<float> random = random_inputs(points, 100'000, rng);
      inputs.insert(inputs.end(), random.begin(), random.end());
      check_table(table, inputs);
    }
  }
}

TEST(BsearchLookup, ChordsThroughArbitraryBreakpoints) {
  const std::vector<float> points = {-3.0f, -1.25f, 0.5f, 0.75f, 2.0f};
  const BreakpointTable table = generate_breakpoint_table("tanh", points, EdgeMode::kSaturate);
  ASSERT_EQ(table.k.size(), points.size() + 1);
  for (size_t i = 0; i + 1 < points.size(); ++i) {
    // The chord passes through both end points (to float32 rounding).
    for (const float x : {points[i], points[i + 1]}) {
      EXPECT_NEAR(std::fma(x, table.k[i], table.b[i]), std::tanh(static_cast<double>(x)), 1e-6);
    }
  }
  EXPECT_EQ(table.k[4], 0.0f);
  EXPECT_EQ(table.b[4], static_cast<float>(std::tanh(-3.0)));
  EXPECT_EQ(table.b[5], static_cast<float>(std::tanh(2.0)));
}

TEST(BsearchLookup, RejectsBadBreakpoints) {
  EXPECT_THROW(generate_breakpoint_table("gelu", {1.0f}, EdgeMode::kExtrapolate),
               std::invalid_argument);
  EXPECT_THROW(generate_breakpoint_table("gelu", {1.0f, 1.0f}, EdgeMode::kExtrapolate),
               std::invalid_argument);
  EXPECT_THROW(generate_breakpoint_table("gelu", {2.0f, 1.0f, 3.0f}, EdgeMode::kExtrapolate),
               std::invalid_argument);
  EXPECT_THROW(generate_breakpoint_table("gelu", {0.0f, INFINITY}, EdgeMode::kExtrapolate),
               std::invalid_argument);
  EXPECT_THROW(generate_breakpoint_table("nope", {0.0f, 1.0f}, EdgeMode::kExtrapolate),
               std::invalid_argument);
}

}  // namespace
}  // namespace interpsim::testing
