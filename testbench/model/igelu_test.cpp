// i-GELU: the float32 form against a float64 evaluation of the same formula,
// and the INT32 form against the float form within the bound derived in
// docs/algorithm.md.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>

#include "model/float_bits.hpp"
#include "model/igelu.hpp"

namespace interpsim {
namespace {

constexpr double kA = -0.2888;
constexpr double kB = -1.769;
const double kEps = std::ldexp(1.0, -24);

double igelu_f64(double x) {
  const double u = x / std::sqrt(2.0);
  const double t = std::fmin(std::fabs(u), -kB);
  const double r = kA * (t + kB) * (t + kB) + 1.0;
  const double l = u < 0 ? -r : (u > 0 ? r : 0.0);
  return x / 2 * (1 + l);
}

// Ten float32 roundings and three rounded constants, each at most 2^-24
// relative; the cancellation in d = t - 1.769 turns them into absolute error
// of at most 12 * 2^-24 in (1 + L) (docs/algorithm.md). Subnormal results
// add up to half a subnormal step (2^-150) per rounding.
double float_tolerance(double x, double y) {
  return std::fabs(x) / 2 * 12 * kEps + 2 * kEps * std::fabs(y) + 8 * std::ldexp(1.0, -150);
}

TEST(Igelu, FloatFormMatchesFloat64Formula) {
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> wide(-10.0f, 10.0f);
  std::uniform_int_distribution<uint32_t> bits;
  for (int i = 0; i < 2'000'000; ++i) {
    float x = (i % 4 == 3) ? bits_to_float(bits(rng)) : wide(rng);
    if (!std::isfinite(x) || std::fabs(x) > 1e30f) continue;
    const double want = igelu_f64(x);
    ASSERT_NEAR(igelu_f32(x), want, float_tolerance(x, want)) << "x=" << x;
  }
  EXPECT_EQ(float_to_bits(igelu_f32(NAN)), kCanonicalNanBits);
  EXPECT_EQ(float_to_bits(igelu_f32(-INFINITY)), kCanonicalNanBits);  // -inf * 0
  EXPECT_EQ(igelu_f32(INFINITY), INFINITY);
  EXPECT_EQ(float_to_bits(igelu_f32(-0.0f)), 0x80000000u);
  std::vector<float> in = {-3.0f, -0.5f, 0.0f, 0.25f, 2.0f, NAN}, out(in.size());
  igelu_f32_batch(in.data(), out.data(), in.size());
  for (size_t i = 0; i < in.size(); ++i) EXPECT_TRUE(same_result(out[i], igelu_f32(in[i])));
}

// Per-step floor errors of the integer algorithm, in units of (1 + L):
// b_int: |a| s (2*1.769 + s); c_int: |a| s^2; the >>14 and shift_int floors:
// |erf_scale| each. Times |x|/2, plus the float form's own tolerance.
double int_bound(const IgeluIntParams& params, double x, double y) {
  const double s = params.input_scale / std::sqrt(2.0);
  const double per_unit = -kA * (s * (2 * -kB + s) + s * s) + 2 * std::fabs(params.erf_scale);
  return std::fabs(x) / 2 * per_unit + float_tolerance(x, y) + kEps * std::fabs(y);
}

TEST(Igelu, IntFormWithinDerivedBoundOfFloatForm) {
  for (double scale : {1.0 / 1024, 1.0 / 64, 0.1}) {
    const IgeluIntParams params = igelu_int_params(scale);
    const int64_t limit = std::min<int64_t>(max_exact_q(params), static_cast<int64_t>(12 / scale));
    double worst_ratio = 0;
    for (int64_t q = -limit; q <= limit; ++q) {
      const float x = static_cast<float>(q * scale);  // on the grid, exact in float32
      if (static_cast<double>(x) != q * scale) continue;
      const float y_float = igelu_f32(x);
      const float y_int = igelu_i32_dequantized(params, x);
      const double bound = int_bound(params, x, y_float);
      ASSERT_LE(std::fabs(static_cast<double>(y_int) - y_float), bound)
          << "scale " << scale << " q=" << q;
      worst_ratio = std::max(worst_ratio, std::fabs(double{y_int} - y_float) / bound);
    }
    EXPECT_GT(worst_ratio, 0.01) << "the bound is far looser than the errors seen";
  }
}

TEST(Igelu, IntegerStepsByHand) {
  // scale 1/4: s = 0.25/sqrt2, b_int = floor(-1.769/s) = -11, c_int =
  // floor(-3.4626/s^2) = floor(-110.80) = -111, erf_scale = -0.2888 s^2 2^14
  // = -147.86, shift_int = floor(1/erf_scale) = -1.
  const IgeluIntParams params = igelu_int_params(0.25);
  EXPECT_EQ(params.b_int, -11);
  EXPECT_EQ(params.c_int, -111);
  EXPECT_EQ(params.shift_int, -1);
  // q = 3: t = 3, (3-11)^2 - 111 = -47, floor(-47/16384) = -1, y = 3*(-1-1) = -6.
  EXPECT_EQ(igelu_i32(params, 3), -6);
  // q = -3: e = -(-47) = 47 -> floor(47/16384) = 0, y = -3 * (0 - 1) = 3.
  EXPECT_EQ(igelu_i32(params, -3), 3);
  EXPECT_EQ(igelu_i32(params, 0), 0);
  EXPECT_THROW(igelu_int_params(0.0), std::invalid_argument);
  EXPECT_THROW(igelu_int_params(1.0), std::invalid_argument);
  EXPECT_THROW(igelu_int_params(1e-9), std::invalid_argument);
  EXPECT_EQ(float_to_bits(igelu_i32_dequantized(params, NAN)), kCanonicalNanBits);
}

}  // namespace
}  // namespace interpsim
