// Issue item 10: Algorithm 1 (scalar and batch) bit for bit against the
// independently written floor-division reference, on >= 10 million inputs per
// paper function with every corner class.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "reference_model.hpp"

namespace interpsim::testing {
namespace {

constexpr size_t kInputsPerFunction = 10'000'000;
const int kSegmentBits[] = {0, 1, 4, 12, 16, 20};
const EdgeMode kEdgeModes[] = {EdgeMode::kExtrapolate, EdgeMode::kSaturate, EdgeMode::kAsymptote};

std::string describe(const UniformTable& table, float x) {
  std::ostringstream out;
  out << table.func << " a=" << table.a << " m=" << table.m << " n=" << table.n << " x=" << x
      << " (0x" << std::hex << float_to_bits(x) << ")";
  return out.str();
}

// Compares the scalar model, both batch paths and the row function with the
// reference on `inputs`; returns the number of inputs checked.
size_t check_table(const UniformTable& table, const std::vector<float>& inputs) {
  std::vector<float> expected(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) expected[i] = reference_uniform(table, inputs[i]);
  size_t mismatches = 0;
  for (size_t i = 0; i < inputs.size() && mismatches < 5; ++i) {
    const float x = inputs[i];
    if (uniform_row(table, x) != reference_uniform_row(table, x)) {
      ADD_FAILURE() << "row " << uniform_row(table, x) << " vs reference "
                    << reference_uniform_row(table, x) << " for " << describe(table, x);
      ++mismatches;
    }
    if (!same_result(interp_uniform(table, x), expected[i])) {
      ADD_FAILURE() << "scalar " << interp_uniform(table, x) << " vs reference " << expected[i]
                    << " for " << describe(table, x);
      ++mismatches;
    }
  }
  // Batch paths, also from a misaligned start so every tail length occurs.
  for (size_t offset : {size_t{0}, size_t{3}}) {
    const size_t count = inputs.size() - std::min(offset, inputs.size());
    std::vector<float> fast(count), portable(count);
    interp_uniform_batch(table, inputs.data() + offset, fast.data(), count);
    interp_uniform_batch_portable(table, inputs.data() + offset, portable.data(), count);
    for (size_t i = 0; i < count && mismatches < 10; ++i) {
      if (!same_result(fast[i], expected[i + offset]) ||
          !same_result(portable[i], expected[i + offset])) {
        ADD_FAILURE() << "batch " << fast[i] << " / portable " << portable[i] << " vs reference "
                      << expected[i + offset] << " for " << describe(table, inputs[i + offset]);
        ++mismatches;
      }
    }
  }
  return inputs.size();
}

// The paper's interval, or the nearest aligned one [floor(a/2^m)*2^m, +2^m]
// when the paper's a is not a multiple of the width 2^(m-n) (e.g. GELU, n=0).
UniformTable paper_table(const FunctionInfo& info, int n, EdgeMode edges) {
  float a = info.default_a;
  if (!check_table_params(a, info.default_m, n).empty()) {
    const double length = std::ldexp(1.0, info.default_m);
    a = static_cast<float>(std::floor(a / length) * length);
  }
  return generate_table(info.name, a, info.default_m, n, edges);
}

class PaperFunctionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PaperFunctionTest, MatchesReferenceOnTenMillionInputs) {
  const FunctionInfo& info = find_function(GetParam());
  std::mt19937_64 rng(std::hash<std::string>{}(info.name));
  size_t checked = 0;
  size_t rounded_to_b = 0;  // inputs a < x < b whose x - a rounds to 2^m
  const size_t random_per_table = kInputsPerFunction / std::size(kSegmentBits) + 1;
  for (size_t t = 0; t < std::size(kSegmentBits); ++t) {
    const UniformTable table = paper_table(info, kSegmentBits[t], kEdgeModes[t % 3]);
    const std::vector<float> points = uniform_breakpoints(table);
    std::vector<float> inputs = corner_inputs(points);
    const std::vector<float> random = random_inputs(points, random_per_table, rng);
    inputs.insert(inputs.end(), random.begin(), random.end());
    for (const float x : inputs) {
      if (x > table.a && x < table.upper() && x - table.a >= std::ldexp(1.0f, table.m)) {
        ++rounded_to_b;
      }
    }
    checked += check_table(table, inputs);
  }
  EXPECT_GE(checked, kInputsPerFunction);
  EXPECT_GT(rounded_to_b, 0u) << "the corner class 'x - a rounds up to b' was not exercised";
}

INSTANTIATE_TEST_SUITE_P(Model, PaperFunctionTest,
                         ::testing::Values("exp", "tanh", "sigmoid", "gelu"),
                         [](const auto& info) { return info.param; });

// Tables the paper intervals never produce: the widest and narrowest widths,
// x - a overflowing float32, subnormal xn, signed-zero flat edges.
TEST(UniformLookup, MatchesReferenceOnExtremeGeometries) {
  struct Geometry {
    float a;
    int m, n;
  };
  const Geometry geometries[] = {
      {-std::ldexp(1.0f, 127), 128, 20},  // x - a can round to +inf
      {-std::ldexp(1.0f, 127), 128, 0},   // m - n = 128 is invalid: skipped below
      {0.0f, 127, 0},                     // w = 2^127, scale 2^-127 (scalar batch path)
      {0.0f, -106, 20},                   // w = 2^-126, the smallest normal width
      {std::ldexp(1.0f, -120), -120, 3},  // tiny interval away from zero
      {0.0f, 0, 0},
      {-1.0f, 1, 1},
      {3.0f, -2, 2},
      {-1.0e6f, 21, 12},
  };
  std::mt19937_64 rng(7);
  size_t subnormal_offsets = 0;  // inputs whose xn = x - a is subnormal
  for (const Geometry& g : geometries) {
    if (!check_table_params(g.a, g.m, g.n).empty()) continue;
    for (bool flat_edges : {false, true}) {
      const UniformTable table = random_entry_table(g.a, g.m, g.n, flat_edges, rng);
      const std::vector<float> points = uniform_breakpoints(table);
      std::vector<float> inputs = corner_inputs(points);
      const std::vector<float> random = random_inputs(points, 200'000, rng);
      inputs.insert(inputs.end(), random.begin(), random.end());
      for (const float x : inputs) {
        const float xn = x - table.a;
        if (x > table.a && x < table.upper() && xn < std::numeric_limits<float>::min()) {
          ++subnormal_offsets;
        }
      }
      check_table(table, inputs);
    }
  }
  EXPECT_GT(subnormal_offsets, 0u) << "the corner class 'subnormal xn' was not exercised";
}

TEST(UniformLookup, NanInputsGiveCanonicalNan) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 4, EdgeMode::kExtrapolate);
  for (uint32_t bits : {0x7FC00000u, 0x7F800001u, 0xFFFFFFFFu, 0x7FABCDEFu}) {
    EXPECT_EQ(float_to_bits(interp_uniform(table, bits_to_float(bits))), kCanonicalNanBits);
    EXPECT_EQ(uniform_row(table, bits_to_float(bits)), -1);
  }
}

}  // namespace
}  // namespace interpsim::testing
