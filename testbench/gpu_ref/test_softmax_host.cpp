// softmax_alg1's host path: against a separately written softmax that uses
// the golden Algorithm 1 (model/interp_uniform) in the documented reduction
// order (bit for bit), and against float64 softmax (accuracy).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gpu_ref/host_eval.hpp"
#include "gpu_ref/softmax.cuh"
#include "model/float_bits.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace {

// docs/gpu_ref.md: T = 256 strided partials, then a halving tree.
std::vector<float> reference_softmax_row(const interpsim::UniformTable& exp_table,
                                         const std::vector<float>& row) {
  const int threads = 256;
  std::vector<float> partial(threads, -std::numeric_limits<float>::infinity());
  for (size_t j = 0; j < row.size(); ++j) {
    float& p = partial[j % threads];
    if (row[j] > p) p = row[j];
  }
  for (int stride = threads / 2; stride >= 1; stride /= 2) {
    for (int i = 0; i < stride; ++i) {
      if (partial[i + stride] > partial[i]) partial[i] = partial[i + stride];
    }
  }
  const float row_max = partial[0];
  std::vector<float> e(row.size());
  std::fill(partial.begin(), partial.end(), 0.0f);
  for (size_t j = 0; j < row.size(); ++j) {
    e[j] = interpsim::interp_uniform(exp_table, row[j] - row_max);
    partial[j % threads] += e[j];
  }
  for (int stride = threads / 2; stride >= 1; stride /= 2) {
    for (int i = 0; i < stride; ++i) partial[i] += partial[i + stride];
  }
  std::vector<float> y(row.size());
  for (size_t j = 0; j < row.size(); ++j) y[j] = e[j] / partial[0];
  return y;
}

TEST(SoftmaxHost, MatchesGoldenAlgorithm1InDocumentedOrder) {
  const interpsim::UniformTable exp_table =
      interpsim::generate_table("exp", -16.0f, 4, 12, interpsim::EdgeMode::kAsymptote);
  const gpu_ref::LookupTable lookup = gpu_ref::make_lookup_table(exp_table);
  std::mt19937_64 engine(5);
  std::normal_distribution<float> logit(0.0f, 4.0f);
  size_t mismatches = 0, checked = 0;
  double worst_relative = 0.0;
  for (size_t length : {1u, 7u, 128u, 255u, 256u, 257u, 1000u, 4096u}) {
    for (int repeat = 0; repeat < 8; ++repeat) {
      std::vector<float> row(length);
      for (float& x : row) x = logit(engine);
      if (repeat == 1) row[length / 2] = std::numeric_limits<float>::infinity();
      if (repeat == 2) row[0] = std::numeric_limits<float>::quiet_NaN();
      const std::vector<float> actual =
          gpu_ref::evaluate_on_host(gpu_ref::KernelId::kSoftmaxAlg1, &lookup, row, length);
      const std::vector<float> expected = reference_softmax_row(exp_table, row);
      for (size_t j = 0; j < length; ++j) {
        mismatches += !interpsim::same_result(actual[j], expected[j]);
        ++checked;
      }
      if (repeat < 3) continue;
      // float64 softmax of the function the table stands for: exp on
      // (-16, 0], 0 at and below -16 (the asymptote edge row).
      const auto truncated_exp = [](double t) { return t <= -16.0 ? 0.0 : std::exp(t); };
      double row_max = -INFINITY, sum = 0.0;
      for (float x : row) row_max = std::fmax(row_max, x);
      for (float x : row) sum += truncated_exp(static_cast<double>(x) - row_max);
      for (size_t j = 0; j < length; ++j) {
        const double exact = truncated_exp(static_cast<double>(row[j]) - row_max) / sum;
        if (exact > 1e-6) {
          worst_relative = std::fmax(worst_relative, std::fabs(actual[j] - exact) / exact);
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << checked;
  // 4096 segments on [-16, 0]: the chord's relative error is h^2/8 = 1.9e-6;
  // x - max, the sum and the division add a few float32 roundings.
  std::cout << "softmax_alg1: max relative error " << worst_relative << "\n";
  EXPECT_LT(worst_relative, 5e-6);
}

TEST(SoftmaxHost, RejectsRowLengthThatDoesNotDivideTheInput) {
  const gpu_ref::LookupTable lookup = gpu_ref::make_lookup_table(
      interpsim::generate_table("exp", -16.0f, 4, 6, interpsim::EdgeMode::kAsymptote));
  EXPECT_THROW(gpu_ref::evaluate_on_host(gpu_ref::KernelId::kSoftmaxAlg1, &lookup,
                                         std::vector<float>(10), 3),
               std::invalid_argument);
}

}  // namespace
