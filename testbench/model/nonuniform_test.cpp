// Non-uniform tables: lookup against a brute-force part search plus the
// floor-division reference; generator invariants and error equalization.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "model/error_metrics.hpp"
#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/nonuniform.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "reference_model.hpp"

namespace interpsim::testing {
namespace {

// The part whose [a_j, b_j) holds x, by scanning; the first part below a, the
// last from b on.
float brute_force(const NonuniformTable& table, float x) {
  if (x != x) return bits_to_float(kCanonicalNanBits);
  size_t chosen = 0;
  for (size_t j = 0; j < table.parts.size(); ++j) {
    if (x >= table.parts[j].a) chosen = j;
  }
  return reference_uniform(table.parts[chosen], x);
}

std::vector<float> all_breakpoints(const NonuniformTable& table) {
  std::vector<float> points;
  for (const UniformTable& part : table.parts) {
    const std::vector<float> part_points = uniform_breakpoints(part);
    points.insert(points.end(), part_points.begin(), part_points.end() - 1);
  }
  points.push_back(table.upper());
  return points;
}

TEST(Nonuniform, MatchesBruteForce) {
  std::mt19937_64 rng(3);
  for (const char* func : {"gelu", "exp", "tanh", "sigmoid", "silu"}) {
    const FunctionInfo& info = find_function(func);
    for (int budget : {48, 96, 300}) {
      const NonuniformTable table = generate_nonuniform(func, info.default_a, info.default_m,
                                                        budget, static_cast<EdgeMode>(budget % 3));
      const std::vector<float> points = all_breakpoints(table);
      std::vector<float> inputs = corner_inputs(points);
      const std::vector<float> random = random_inputs(points, 300'000, rng);
      inputs.insert(inputs.end(), random.begin(), random.end());
      std::vector<float> batch(inputs.size());
      interp_nonuniform_batch(table, inputs.data(), batch.data(), inputs.size());
      size_t mismatches = 0;
      for (size_t i = 0; i < inputs.size() && mismatches < 5; ++i) {
        const float expected = brute_force(table, inputs[i]);
        if (!same_result(interp_nonuniform(table, inputs[i]), expected) ||
            !same_result(batch[i], expected)) {
          ADD_FAILURE() << func << " budget " << budget << " x=" << inputs[i] << ": "
                        << interp_nonuniform(table, inputs[i]) << " / " << batch[i] << " vs "
                        << expected;
          ++mismatches;
        }
      }
    }
  }
}

TEST(Nonuniform, GeneratorInvariants) {
  for (int budget : {8, 48, 96, 1000}) {
    const NonuniformTable table =
        generate_nonuniform("gelu", -5.0f, 3, budget, EdgeMode::kAsymptote);
    EXPECT_EQ(table.segments(), static_cast<size_t>(budget));
    EXPECT_EQ(table.lower(), -5.0f);
    EXPECT_EQ(table.upper(), 3.0f);
    size_t bytes = 0;
    for (size_t j = 0; j < table.parts.size(); ++j) {
      const UniformTable& part = table.parts[j];
      EXPECT_TRUE(check_table_params(part.a, part.m, part.n).empty());
      if (j > 0) {
        EXPECT_EQ(table.parts[j - 1].upper(), part.a);
      }
      bytes += (part.segments() + 2) * 8 + 8;
    }
    EXPECT_EQ(table.memory_bytes(), bytes);
    EXPECT_EQ(table.segment_memory_bytes(), static_cast<size_t>(budget) * 8);
    // Overall edges follow the mode; GELU's asymptotes are 0 below, x above.
    const UniformTable& first = table.parts.front();
    const UniformTable& last = table.parts.back();
    EXPECT_EQ(first.k[first.segments()], 0.0f);
    EXPECT_EQ(last.k[last.segments() + 1], 1.0f);
    EXPECT_EQ(interp_nonuniform(table, -100.0f), 0.0f);
    EXPECT_EQ(interp_nonuniform(table, 50.0f), 50.0f);
  }
  // Near the smallest normal width: splitting stops at w = 2^-126, 2^6 segments.
  const NonuniformTable tiny =
      generate_nonuniform("sigmoid", 0.0f, -120, 1000, EdgeMode::kExtrapolate);
  EXPECT_EQ(tiny.segments(), 64u);
  EXPECT_NO_THROW(check_nonuniform(tiny));
  EXPECT_THROW(generate_nonuniform("gelu", -5.0f, 3, 4, EdgeMode::kAsymptote),
               std::invalid_argument);  // the coarsest valid mesh has 8 segments
  EXPECT_THROW(generate_nonuniform("gelu", 0.3f, 3, 64, EdgeMode::kAsymptote),
               std::invalid_argument);
  EXPECT_THROW(generate_nonuniform("nope", -5.0f, 3, 64, EdgeMode::kAsymptote),
               std::invalid_argument);
}

// Splitting the worst segment beats a uniform table with the same budget.
TEST(Nonuniform, EqualizedErrorBeatsUniform) {
  for (const char* func : {"gelu", "exp", "sigmoid", "tanh"}) {
    const FunctionInfo& info = find_function(func);
    for (int n : {6, 8, 10}) {
      const UniformTable uniform =
          generate_table(func, info.default_a, info.default_m, n, EdgeMode::kExtrapolate);
      const NonuniformTable split =
          generate_nonuniform(func, info.default_a, info.default_m, 1 << n, EdgeMode::kExtrapolate);
      const float lo = uniform.a, hi = uniform.upper();
      const double uniform_linf = measure_error([&](float x) { return interp_uniform(uniform, x); },
                                                info.value, lo, hi, 1 << 20)
                                      .linf;
      const double split_linf = measure_error([&](float x) { return interp_nonuniform(split, x); },
                                              info.value, lo, hi, 1 << 20)
                                    .linf;
      EXPECT_LT(split_linf, uniform_linf) << func << " 2^" << n;
    }
  }
}

}  // namespace
}  // namespace interpsim::testing
