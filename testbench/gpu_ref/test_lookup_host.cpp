// The host path of gpu_ref's Algorithm 1 and binary-search kernels against
// the golden model (model/uniform_lookup, model/bsearch_lookup), bit for bit,
// on corner, random and trace inputs for the paper's four functions at
// n = 6, 12, 16: per function and design over 10 million inputs (3 x 3.3 M
// plus the breakpoint neighbours).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "gpu_ref/host_eval.hpp"
#include "gpu_ref/lookup_table.hpp"
#include "model/bsearch_lookup.hpp"
#include "model/float_bits.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "test_inputs.hpp"

namespace {

using gpu_ref::KernelId;
using interpsim::EdgeMode;

// Every edge mode appears: the saturate and asymptote edges have K == 0.
EdgeMode edges_for(int n) {
  return n == 6 ? EdgeMode::kExtrapolate : (n == 12 ? EdgeMode::kSaturate : EdgeMode::kAsymptote);
}

struct Case {
  std::string func;
  int n;
};

class LookupHostTest : public ::testing::TestWithParam<std::tuple<std::string, int>> {
 protected:
  void SetUp() override {
    const std::string func = std::get<0>(GetParam());
    const int n = std::get<1>(GetParam());
    float a = 0.0f;
    int m = 0;
    gpu_ref::paper_interval(func, &a, &m);
    table_ = interpsim::generate_table(func, a, m, n, edges_for(n));
    lookup_ = gpu_ref::make_lookup_table(table_);

    const uint64_t seed = 1000u * static_cast<uint64_t>(n) + func.size();
    const float lo = a, hi = table_.upper();
    const float margin = (hi - lo) / 8.0f;
    append(gpu_ref_test::special_values());
    append(gpu_ref_test::breakpoint_neighbours(lookup_.breakpoints));
    append({lo, hi, std::nextafter(lo, lo - 1.0f), std::nextafter(hi, hi + 1.0f)});
    append(gpu_ref_test::random_bit_patterns(500'000, seed));
    append(gpu_ref_test::random_uniform(2'000'000, lo - margin, hi + margin, seed + 1));
    // The first floats above a and below b: the smallest xn and the rounding to b.
    std::vector<float> near_ends;
    for (float up = lo, down = hi; near_ends.size() < 2000;) {
      near_ends.push_back(up = std::nextafter(up, hi));
      near_ends.push_back(down = std::nextafter(down, lo));
    }
    append(near_ends);
    append(gpu_ref_test::trace_like(func, 800'000, seed + 3));
  }

  void append(const std::vector<float>& values) {
    inputs_.insert(inputs_.end(), values.begin(), values.end());
  }

  interpsim::UniformTable table_;
  gpu_ref::LookupTable lookup_;
  std::vector<float> inputs_;
};

// Reports the first few mismatches with their bits; counts them all.
void expect_same_bits(const std::vector<float>& inputs, const std::vector<float>& actual,
                      const std::vector<float>& expected, const char* what) {
  ASSERT_EQ(actual.size(), expected.size());
  size_t mismatches = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (interpsim::same_result(actual[i], expected[i])) continue;
    if (++mismatches <= 5) {
      ADD_FAILURE() << what << ": x bits 0x" << std::hex << interpsim::float_to_bits(inputs[i])
                    << " gpu_ref 0x" << interpsim::float_to_bits(actual[i]) << " model 0x"
                    << interpsim::float_to_bits(expected[i]);
    }
  }
  EXPECT_EQ(mismatches, 0u) << what << " over " << inputs.size() << " inputs";
}

TEST_P(LookupHostTest, Alg1MatchesGoldenModelBitForBit) {
  std::vector<float> expected(inputs_.size());
  interpsim::interp_uniform_batch(table_, inputs_.data(), expected.data(), inputs_.size());
  for (KernelId id : {KernelId::kAlg1Global, KernelId::kAlg1Shared}) {
    const std::vector<float> actual = gpu_ref::evaluate_on_host(id, &lookup_, inputs_, 0);
    expect_same_bits(inputs_, actual, expected, gpu_ref::kernel_name(id).c_str());
  }
}

TEST_P(LookupHostTest, BsearchMatchesGoldenModelBitForBit) {
  const interpsim::BreakpointTable breakpoint_table =
      interpsim::breakpoint_table_from_uniform(table_);
  ASSERT_EQ(breakpoint_table.breakpoints, lookup_.breakpoints);
  std::vector<float> expected(inputs_.size());
  interpsim::interp_bsearch_batch(breakpoint_table, inputs_.data(), expected.data(),
                                  inputs_.size());
  const std::vector<float> actual =
      gpu_ref::evaluate_on_host(KernelId::kBsearch, &lookup_, inputs_, 0);
  expect_same_bits(inputs_, actual, expected, "bsearch");
}

// The row choice itself, not only y: both designs pick the golden rows.
TEST_P(LookupHostTest, RowsMatchGoldenModel) {
  const interpsim::BreakpointTable breakpoint_table =
      interpsim::breakpoint_table_from_uniform(table_);
  const auto breakpoint = [&](int32_t i) { return lookup_.breakpoints[i]; };
  size_t uniform_mismatches = 0, bsearch_mismatches = 0;
  for (float x : inputs_) {
    const int64_t golden_uniform = interpsim::uniform_row(table_, x);
    const int64_t golden_bsearch = interpsim::bsearch_row(breakpoint_table, x);
    uniform_mismatches += gpu_ref::alg1_row(lookup_.alg1, x) != golden_uniform;
    bsearch_mismatches += gpu_ref::bsearch_row(lookup_.bsearch, x, breakpoint) != golden_bsearch;
  }
  EXPECT_EQ(uniform_mismatches, 0u);
  EXPECT_EQ(bsearch_mismatches, 0u);
}

INSTANTIATE_TEST_SUITE_P(PaperFunctions, LookupHostTest,
                         ::testing::Combine(::testing::Values("exp", "tanh", "sigmoid", "gelu"),
                                            ::testing::Values(6, 12, 16)),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_n" +
                                  std::to_string(std::get<1>(info.param));
                         });

// a = 0 reaches the paths the paper intervals cannot: subnormal xn (x
// subnormal), and shift >= 24 (xn < 2^(m-24) but normal).
TEST(Alg1Host, TinyOffsetsFromZeroMatchGoldenModel) {
  for (int n : {0, 1, 8, 20}) {
    const interpsim::UniformTable table =
        interpsim::generate_table("gelu", 0.0f, 2, n, EdgeMode::kAsymptote);
    const gpu_ref::LookupTable lookup = gpu_ref::make_lookup_table(table);
    std::vector<float> inputs = gpu_ref_test::special_values();
    for (uint32_t bits = 1; bits < 0x40000000u; bits += 0x00012345u) {
      inputs.push_back(interpsim::bits_to_float(bits));  // positive floats up to 2
    }
    const std::vector<float> randoms = gpu_ref_test::random_uniform(200'000, -1.0f, 5.0f, n);
    inputs.insert(inputs.end(), randoms.begin(), randoms.end());
    std::vector<float> expected(inputs.size());
    interpsim::interp_uniform_batch(table, inputs.data(), expected.data(), inputs.size());
    const std::vector<float> actual =
        gpu_ref::evaluate_on_host(KernelId::kAlg1Global, &lookup, inputs, 0);
    expect_same_bits(inputs, actual, expected, "alg1 a=0");
  }
}

// Non-uniform breakpoints and segment counts that are not powers of two.
TEST(BsearchHost, NonUniformBreakpointsMatchGoldenModel) {
  for (int segments : {1, 3, 10, 100, 257}) {
    std::vector<float> breakpoints;
    for (int i = 0; i <= segments; ++i) {
      const double u = static_cast<double>(i) / segments;
      breakpoints.push_back(static_cast<float>(-5.0 + 8.0 * u * u));  // denser near -5
    }
    const interpsim::BreakpointTable golden =
        interpsim::generate_breakpoint_table("gelu", breakpoints, EdgeMode::kAsymptote);
    gpu_ref::LookupTable lookup;
    lookup.breakpoints = golden.breakpoints;
    for (size_t row = 0; row < golden.k.size(); ++row) {
      lookup.rows.push_back({golden.k[row], golden.b[row]});
    }
    lookup.bsearch = {segments, breakpoints.front(), breakpoints.back()};
    EXPECT_EQ(gpu_ref::bsearch_steps(segments),
              static_cast<int32_t>(std::ceil(std::log2(segments))));

    std::vector<float> inputs = gpu_ref_test::breakpoint_neighbours(breakpoints);
    const std::vector<float> specials = gpu_ref_test::special_values();
    const std::vector<float> randoms = gpu_ref_test::random_uniform(100'000, -6.0f, 4.0f, segments);
    inputs.insert(inputs.end(), specials.begin(), specials.end());
    inputs.insert(inputs.end(), randoms.begin(), randoms.end());
    std::vector<float> expected(inputs.size());
    interpsim::interp_bsearch_batch(golden, inputs.data(), expected.data(), inputs.size());
    const std::vector<float> actual =
        gpu_ref::evaluate_on_host(KernelId::kBsearch, &lookup, inputs, 0);
    expect_same_bits(inputs, actual, expected, "bsearch non-uniform");
  }
}

}  // namespace
