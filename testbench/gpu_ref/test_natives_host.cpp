// The host forms of the native kernels against float64 references: each
// within its documented ulp bound (docs/gpu_ref.md). Errors are measured
// against the exact value, so a function documented as k ulps from the
// correctly rounded result may show up to k + 0.5 here. The host path calls
// glibc's float functions, the device path CUDA's libdevice; gpu_ref_check
// applies the CUDA bounds to the device results.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "gpu_ref/natives.cuh"
#include "test_inputs.hpp"

namespace {

struct NativeCase {
  std::string name;
  std::function<float(float)> host;
  std::function<double(double)> reference;
  float lo, hi;     // the domain checked in ulps
  double max_ulps;  // the bound (docs/gpu_ref.md)
};

// Names the case in test listings (the default prints its bytes, pointers included).
void PrintTo(const NativeCase& c, std::ostream* os) {
  *os << c.name;
}

double gelu_reference(double x) {
  return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
}

std::vector<NativeCase> native_cases() {
  return {
      {"native_exp", gpu_ref::native_exp, [](double x) { return std::exp(x); }, -104.0f, 88.72f,
       1.0},
      {"native_tanh", gpu_ref::native_tanh, [](double x) { return std::tanh(x); }, -10.0f, 10.0f,
       2.5},
      {"native_sigmoid", gpu_ref::native_sigmoid,
       [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, -87.0f, 104.0f, 3.0},
      {"native_gelu_normcdf", gpu_ref::native_gelu_normcdf, gelu_reference, -13.0f, 100.0f, 2.0},
      // ::normcdf in double, rounded once: correctly rounded but for the
      // double's own error (<< 0.01 float ulp).
      {"native_gelu_normcdf_f64", gpu_ref::native_gelu_normcdf_f64, gelu_reference, -13.0f, 100.0f,
       0.51},
      // 1 + erf(x/sqrt2) cancels for x < -1: the ulp bound holds from -1 up,
      // the absolute bound below is checked on [-8, -1].
      {"native_gelu_erf", gpu_ref::native_gelu_erf, gelu_reference, -1.0f, 100.0f, 4.0},
  };
}

class NativeHostTest : public ::testing::TestWithParam<NativeCase> {};

TEST_P(NativeHostTest, WithinUlpBoundOfFloat64) {
  const NativeCase& c = GetParam();
  std::vector<float> inputs = gpu_ref_test::random_uniform(1'000'000, c.lo, c.hi, 7);
  const std::vector<float> narrow = gpu_ref_test::random_uniform(500'000, -4.0f, 4.0f, 8);
  inputs.insert(inputs.end(), narrow.begin(), narrow.end());
  for (float x : gpu_ref_test::special_values()) {
    if (std::isnan(x) || (x >= c.lo && x <= c.hi)) inputs.push_back(x);
  }
  double worst = 0.0;
  float worst_x = 0.0f;
  for (float x : inputs) {
    if (std::isfinite(x) && (x < c.lo || x > c.hi)) continue;
    const double error = gpu_ref_test::ulp_error(c.host(x), c.reference(x));
    if (error > worst) worst = error, worst_x = x;
  }
  std::cout << c.name << ": max " << worst << " ulp at x = " << worst_x << " on [" << c.lo << ", "
            << c.hi << "]\n";
  EXPECT_LE(worst, c.max_ulps) << c.name << " at x = " << worst_x;
}

INSTANTIATE_TEST_SUITE_P(Natives, NativeHostTest, ::testing::ValuesIn(native_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(NativeHost, GeluErfAbsoluteErrorWhereItCancels) {
  double worst = 0.0;
  for (float x : gpu_ref_test::random_uniform(500'000, -8.0f, -1.0f, 9)) {
    worst = std::fmax(worst, std::fabs(gpu_ref::native_gelu_erf(x) - gelu_reference(x)));
  }
  std::cout << "native_gelu_erf: max absolute error " << worst << " on [-8, -1]\n";
  EXPECT_LE(worst, 8.0 * 0x1p-24);  // |x| * ulp(1) / 2 with |x| <= 8, doubled
}

TEST(NativeHost, SpecialValues) {
  const float inf = INFINITY;
  EXPECT_EQ(gpu_ref::native_exp(-inf), 0.0f);
  EXPECT_EQ(gpu_ref::native_exp(inf), inf);
  EXPECT_EQ(gpu_ref::native_sigmoid(-inf), 0.0f);
  EXPECT_EQ(gpu_ref::native_sigmoid(inf), 1.0f);
  EXPECT_EQ(gpu_ref::native_tanh(-inf), -1.0f);
  EXPECT_EQ(gpu_ref::native_gelu_normcdf(inf), inf);
  EXPECT_TRUE(std::isnan(gpu_ref::native_gelu_normcdf(-inf)));  // -inf * 0
  EXPECT_TRUE(std::isnan(gpu_ref::native_exp(NAN)));
}

}  // namespace
