// The value LUT golden model (model/value_lut.*) against a reference written
// here from docs/design.md section 4's definition: float64 index and fraction,
// and every float32 rounding done exactly (TwoSum), not with fmaf.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <vector>

#include "model/error_metrics.hpp"
#include "model/float_bits.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "model/value_lut.hpp"

namespace interpsim {
namespace {

// p * q + c rounded once to float32 (round to nearest even). p * q is exact in
// float64 for float32 operands; the sum's rounding error comes from TwoSum, so
// a float64 sum lying on a float32 midpoint is resolved by the error's sign.
float round_fma(float p, float q, float c) {
  const double product = static_cast<double>(p) * static_cast<double>(q);
  const double s = product + static_cast<double>(c);
  const double bb = s - product;
  const double err = (product - (s - bb)) + (static_cast<double>(c) - bb);
  float r = static_cast<float>(s);
  if (err == 0.0 || std::isinf(r) || std::isnan(r)) return r;
  if (static_cast<double>(r) == s) return r;  // the error is far below float32's half ulp
  const float other = std::nextafter(
      r, s > r ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity());
  if ((static_cast<double>(r) + static_cast<double>(other)) / 2 != s) return r;  // not a tie
  // Exactly halfway in float64: the true value lies on the side of err.
  const float upper = std::max(r, other);
  const float lower = std::min(r, other);
  return err > 0 ? upper : lower;
}

float reference(const ValueLutTable& t, float x) {
  const float nan = bits_to_float(kCanonicalNanBits);
  if (std::isnan(x)) return nan;
  const double size = std::ldexp(1.0, t.n);
  const double lo = t.mode == ValueLutMode::kLinear ? t.a : std::ldexp(1.0, t.e0);
  const double hi = t.mode == ValueLutMode::kLinear ? t.a + std::ldexp(1.0, t.m)
                                                    : std::ldexp(1.0, t.e0 + (1 << t.n));
  float y;
  if (x <= lo || x >= hi) {
    const bool under = x <= lo;
    const float k = under ? t.under_k : t.over_k;
    const float b = under ? t.under_b : t.over_b;
    y = k == 0.0f ? b : round_fma(x, k, b);
  } else {
    double idx, frac_exact;
    if (t.mode == ValueLutMode::kLinear) {
      const float xn = round_fma(x, 1.0f, -t.a);  // x - a rounded once
      const double w = std::ldexp(1.0, t.m - t.n);
      idx = std::min(std::floor(xn / w), size - 1);
      frac_exact = xn / w - idx;
    } else {
      int exponent;
      std::frexp(static_cast<double>(x), &exponent);  // x in [2^(exponent-1), 2^exponent)
      const double octave = std::ldexp(1.0, exponent - 1);
      idx = exponent - 1 - t.e0;
      frac_exact = x / octave - 1.0;
    }
    const float frac = static_cast<float>(frac_exact);  // exact unless below 2^-126
    const float y0 = t.y[static_cast<size_t>(idx)];
    const float y1 = t.y[static_cast<size_t>(idx) + 1];
    const float delta = round_fma(y1, 1.0f, -y0);
    y = round_fma(frac, delta, y0);
  }
  return std::isnan(y) ? nan : y;
}

// Random floats around the table, breakpoints and their neighbours, random
// bit patterns and the special values.
std::vector<float> inputs(const ValueLutTable& t, size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<float> xs = {0.0f,
                           -0.0f,
                           std::numeric_limits<float>::infinity(),
                           -std::numeric_limits<float>::infinity(),
                           std::numeric_limits<float>::quiet_NaN(),
                           std::numeric_limits<float>::denorm_min(),
                           -std::numeric_limits<float>::denorm_min(),
                           std::numeric_limits<float>::max(),
                           std::numeric_limits<float>::lowest()};
  const double lo = t.lower();
  const double hi = t.upper();
  for (size_t i = 0; i <= t.intervals(); ++i) {
    const double bp = t.mode == ValueLutMode::kLinear
                          ? lo + (hi - lo) * static_cast<double>(i) / t.intervals()
                          : std::ldexp(1.0, t.e0 + static_cast<int>(i));
    float x = static_cast<float>(bp);
    for (int step = 0; step < 3; ++step) x = std::nextafter(x, -1e30f);
    for (int step = 0; step < 7; ++step, x = std::nextafter(x, 1e30f)) xs.push_back(x);
  }
  std::uniform_real_distribution<double> inside(lo - (hi - lo) / 8, hi + (hi - lo) / 8);
  std::uniform_int_distribution<uint32_t> any_bits;
  std::uniform_real_distribution<double> log_scale(std::log2(lo) - 2, std::log2(hi) + 2);
  while (xs.size() < count) {
    const uint32_t kind = any_bits(rng) % 8;
    if (kind == 0) {
      xs.push_back(bits_to_float(any_bits(rng)));
    } else if (kind == 1 && t.mode == ValueLutMode::kExponent) {
      xs.push_back(static_cast<float>(std::exp2(log_scale(rng))));
    } else {
      xs.push_back(static_cast<float>(inside(rng)));
    }
  }
  return xs;
}

void expect_bit_exact(const ValueLutTable& t, size_t count, uint32_t seed) {
  size_t mismatches = 0;
  for (const float x : inputs(t, count, seed)) {
    const float got = interp_value_lut(t, x);
    const float want = reference(t, x);
    if (float_to_bits(got) != float_to_bits(want) && mismatches++ < 5) {
      ADD_FAILURE() << t.func << " x=" << x << " (0x" << std::hex << float_to_bits(x) << ") got 0x"
                    << float_to_bits(got) << " want 0x" << float_to_bits(want);
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

constexpr size_t kRandom = 400000;

TEST(ValueLut, LinearMatchesReference65And257) {
  for (const char* func : {"gelu", "sigmoid", "tanh", "exp", "silu", "reciprocal"}) {
    const FunctionInfo& info = find_function(func);
    for (const int n : {6, 8}) {
      for (const EdgeMode edges : {EdgeMode::kExtrapolate, EdgeMode::kSaturate}) {
        const ValueLutTable t = generate_value_lut(func, ValueLutMode::kLinear, info.default_a,
                                                   info.default_m, 0, n, edges);
        ASSERT_EQ(t.entries(), n == 6 ? 65u : 257u);
        expect_bit_exact(t, kRandom / 4, 1234 + n);
      }
    }
  }
}

TEST(ValueLut, WideSegmentsAndTinyFractions) {
  // w = 2^4 > 1: tiny xn gives fractions below 2^-126 (rounded once).
  const ValueLutTable t = generate_value_lut("softplus", ValueLutMode::kLinear, -512.0f, 10, 0, 6,
                                             EdgeMode::kAsymptote);
  expect_bit_exact(t, kRandom, 77);
  const ValueLutTable z =
      generate_value_lut("silu", ValueLutMode::kLinear, 0.0f, 12, 0, 8, EdgeMode::kExtrapolate);
  expect_bit_exact(z, kRandom, 78);
}

TEST(ValueLut, ExponentModeMatchesReference) {
  for (const char* func : {"rsqrt", "reciprocal", "sigmoid"}) {
    for (const auto& [e0, n] :
         std::vector<std::pair<int, int>>{{-20, 6}, {-126, 6}, {-100, 7}, {-8, 4}}) {
      const ValueLutTable t =
          generate_value_lut(func, ValueLutMode::kExponent, 0.0f, 0, e0, n, EdgeMode::kSaturate);
      expect_bit_exact(t, kRandom / 8, 99 + n);
    }
  }
}

TEST(ValueLut, BreakpointsReturnTheStoredValues) {
  const ValueLutTable t =
      generate_value_lut("tanh", ValueLutMode::kLinear, -4.0f, 3, 0, 6, EdgeMode::kExtrapolate);
  for (size_t i = 1; i < t.intervals(); ++i) {
    const float x = static_cast<float>(-4.0 + 8.0 * i / t.intervals());
    EXPECT_EQ(interp_value_lut(t, x), t.y[i]) << i;
    EXPECT_EQ(t.y[i], static_cast<float>(std::tanh(static_cast<double>(x))));
  }
  const ValueLutTable e =
      generate_value_lut("rsqrt", ValueLutMode::kExponent, 0.0f, 0, -10, 6, EdgeMode::kSaturate);
  for (int i = 1; i < 64; ++i) {
    EXPECT_EQ(interp_value_lut(e, std::ldexp(1.0f, -10 + i)),
              static_cast<float>(std::pow(2.0, (10.0 - i) / 2)))
        << i;
  }
  EXPECT_EQ(interp_value_lut(e, -1.0f), e.y.front());  // saturate: f(lower)
  EXPECT_EQ(interp_value_lut(e, 1e30f), e.y.back());
  EXPECT_TRUE(std::isnan(interp_value_lut(e, std::nanf(""))));
}

TEST(ValueLut, RejectsInvalidParameters) {
  EXPECT_THROW(
      generate_value_lut("exp", ValueLutMode::kExponent, 0, 0, -127, 6, EdgeMode::kSaturate),
      std::invalid_argument);
  EXPECT_THROW(
      generate_value_lut("exp", ValueLutMode::kExponent, 0, 0, 100, 6, EdgeMode::kSaturate),
      std::invalid_argument);
  EXPECT_THROW(generate_value_lut("exp", ValueLutMode::kLinear, 0.1f, 3, 0, 6, EdgeMode::kSaturate),
               std::invalid_argument);
  EXPECT_THROW(parse_value_lut_mode("log"), std::invalid_argument);
}

// Equal memory: 2^(n+1) + 1 values and two edge lines ((2^(n+1) + 5) words)
// against Algorithm 1's 2^n segments ((2^n + 2) K, B pairs). Both interpolate
// f at their breakpoints, the value LUT with half the spacing, so while the
// approximation error dominates its Linf is near a quarter of Algorithm 1's.
TEST(ValueLut, ErrorPerTableBitAgainstAlgorithm1) {
  for (const char* func : {"gelu", "sigmoid", "tanh", "exp", "silu"}) {
    const FunctionInfo& info = find_function(func);
    for (int n = 4; n <= 7; ++n) {  // n = 3 is coarser than the h^2 law
      const UniformTable alg1 =
          generate_table(func, info.default_a, info.default_m, n, EdgeMode::kExtrapolate);
      const ValueLutTable vlut =
          generate_value_lut(func, ValueLutMode::kLinear, info.default_a, info.default_m, 0, n + 1,
                             EdgeMode::kExtrapolate);
      const size_t alg1_bits = alg1.rows() * 64;
      const size_t vlut_bits = vlut.memory_bytes() * 8;
      ASSERT_LE(vlut_bits, alg1_bits + 32);
      const float lo = info.default_a;
      const float hi = alg1.upper();
      const ErrorReport e1 = measure_error([&](float x) { return interp_uniform(alg1, x); },
                                           info.value, lo, hi, 200001);
      const ErrorReport ev = measure_error([&](float x) { return interp_value_lut(vlut, x); },
                                           info.value, lo, hi, 200001);
      std::printf(
          "%-8s n=%d  alg1 %5zu bits Linf %.3e (%.3e/bit)  value %5zu bits Linf %.3e "
          "(%.3e/bit)  ratio %.2f\n",
          func, n, alg1_bits, e1.linf, e1.linf * alg1_bits, vlut_bits, ev.linf, ev.linf * vlut_bits,
          e1.linf / ev.linf);
      EXPECT_GT(e1.linf / ev.linf, 2.5) << func << " n=" << n;
      EXPECT_LT(e1.linf / ev.linf, 5.5) << func << " n=" << n;
    }
  }
}

}  // namespace
}  // namespace interpsim
