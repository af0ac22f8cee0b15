// Table generation: entries against an independently computed chord, the
// erratum, edge modes, derivative tables, and the function registry.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "model/functions.hpp"
#include "model/table_gen.hpp"

namespace interpsim {
namespace {

// |got - want| within `ulps` float32 ulps of want.
bool within_ulps(float got, long double want, int ulps) {
  const float nearest = static_cast<float>(want);
  const float gap = std::nextafter(std::fabs(nearest), INFINITY) - std::fabs(nearest);
  return std::fabs(static_cast<long double>(got) - want) <= ulps * static_cast<long double>(gap);
}

// Chord in point-slope form and 80-bit arithmetic: b = f(x0) - k*x0.
TEST(TableGen, EntriesMatchAnIndependentChord) {
  for (const FunctionInfo& info : all_functions()) {
    const UniformTable table =
        generate_table(info.name, info.default_a, info.default_m, 8, EdgeMode::kExtrapolate);
    ASSERT_EQ(table.k.size(), 258u);
    const long double width = std::ldexp(1.0L, info.default_m - 8);
    for (size_t i = 0; i < 256; ++i) {
      const long double x0 = static_cast<long double>(info.default_a) + i * width;
      const long double y0 = info.value(static_cast<double>(x0));
      const long double y1 = info.value(static_cast<double>(x0 + width));
      const long double slope = (y1 - y0) / width;
      const long double intercept = y0 - slope * x0;
      ASSERT_TRUE(within_ulps(table.k[i], slope, 1)) << info.name << " K[" << i << "]";
      // The intercept cancels y0 - k*x0: allow for the float64 rounding of the model.
      ASSERT_NEAR(table.b[i], static_cast<double>(intercept),
                  1e-12 + 1.2e-7 * std::fabs(static_cast<double>(intercept)))
          << info.name << " B[" << i << "]";
    }
  }
}

// The paper prints B with the opposite sign; the corrected chord meets f.
TEST(TableGen, InterceptSignIsCorrected) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 12, EdgeMode::kExtrapolate);
  for (size_t i = 0; i < table.segments(); i += 97) {
    const double x0 = -5.0 + i * table.width();
    EXPECT_NEAR(std::fma(x0, table.k[i], table.b[i]), find_function("gelu").value(x0), 1e-6);
    const double printed = -static_cast<double>(table.b[i]);
    if (std::fabs(table.b[i]) > 1e-3) {
      EXPECT_GT(std::fabs(x0 * table.k[i] + printed - find_function("gelu").value(x0)), 1e-3);
    }
  }
}

TEST(TableGen, EdgeModes) {
  const UniformTable extrapolate = generate_table("gelu", -5.0f, 3, 4, EdgeMode::kExtrapolate);
  EXPECT_EQ(extrapolate.k[16], extrapolate.k[0]);
  EXPECT_EQ(extrapolate.b[16], extrapolate.b[0]);
  EXPECT_EQ(extrapolate.k[17], extrapolate.k[15]);
  EXPECT_EQ(extrapolate.b[17], extrapolate.b[15]);

  const UniformTable saturate = generate_table("gelu", -5.0f, 3, 4, EdgeMode::kSaturate);
  EXPECT_EQ(saturate.k[16], 0.0f);
  EXPECT_EQ(saturate.b[16], static_cast<float>(-5.0 * 0.5 * std::erfc(5.0 / std::sqrt(2.0))));
  EXPECT_EQ(saturate.k[17], 0.0f);
  EXPECT_EQ(saturate.b[17], static_cast<float>(3.0 * 0.5 * std::erfc(-3.0 / std::sqrt(2.0))));

  const struct {
    const char* func;
    float below_k, below_b, above_k, above_b;
  } lines[] = {{"gelu", 0, 0, 1, 0},
               {"silu", 0, 0, 1, 0},
               {"sigmoid", 0, 0, 0, 1},
               {"tanh", 0, -1, 0, 1},
               {"softplus", 0, 0, 1, 0}};
  for (const auto& line : lines) {
    const FunctionInfo& info = find_function(line.func);
    const UniformTable table =
        generate_table(line.func, info.default_a, info.default_m, 4, EdgeMode::kAsymptote);
    EXPECT_EQ(table.k[16], line.below_k) << line.func;
    EXPECT_EQ(table.b[16], line.below_b) << line.func;
    EXPECT_EQ(table.k[17], line.above_k) << line.func;
    EXPECT_EQ(table.b[17], line.above_b) << line.func;
  }
  // exp has no asymptote above: that side extrapolates the last segment.
  const UniformTable exp_table = generate_table("exp", -16.0f, 4, 4, EdgeMode::kAsymptote);
  EXPECT_EQ(exp_table.k[16], 0.0f);
  EXPECT_EQ(exp_table.b[16], 0.0f);
  EXPECT_EQ(exp_table.k[17], exp_table.k[15]);
  EXPECT_EQ(exp_table.b[17], exp_table.b[15]);
}

TEST(TableGen, DerivativeTables) {
  const UniformTable table = generate_table("sigmoid", -8.0f, 4, 6, EdgeMode::kAsymptote, true);
  EXPECT_TRUE(is_derivative_table(table));
  EXPECT_EQ(table.extra_header.at("derivative"), "1");
  for (size_t i = 0; i < table.segments(); ++i) {
    const double x0 = -8.0 + i * table.width();
    const double s = 1.0 / (1.0 + std::exp(-x0));
    EXPECT_NEAR(std::fma(x0, table.k[i], table.b[i]), s * (1.0 - s), 1e-6);
  }
  EXPECT_EQ(table.k[64], 0.0f);
  EXPECT_EQ(table.b[65], 0.0f);  // sigmoid' -> 0 on both sides
  EXPECT_EQ(reference_of(table), find_function("sigmoid").derivative);
  const UniformTable gelu_grad = generate_table("gelu", -5.0f, 3, 4, EdgeMode::kAsymptote, true);
  EXPECT_EQ(gelu_grad.b[17], 1.0f);  // gelu' -> 1 above
}

TEST(TableGen, RejectsInvalidParameters) {
  EXPECT_THROW(generate_table("gelu", -5.0f, 3, 0, EdgeMode::kExtrapolate),
               std::invalid_argument);  // -5 is not a multiple of 8
  EXPECT_THROW(generate_table("gelu", -5.0f, 3, 21, EdgeMode::kExtrapolate), std::invalid_argument);
  EXPECT_THROW(generate_table("gelu", 0.1f, 3, 4, EdgeMode::kExtrapolate), std::invalid_argument);
  EXPECT_THROW(generate_table("gelu", INFINITY, 3, 4, EdgeMode::kExtrapolate),
               std::invalid_argument);
  try {
    generate_table("swish2", 0.0f, 0, 0, EdgeMode::kExtrapolate);
    FAIL() << "unknown function accepted";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    for (const char* name : {"swish2", "exp", "tanh", "sigmoid", "gelu", "gelu_tanh", "silu",
                             "softplus", "reciprocal", "rsqrt"}) {
      EXPECT_NE(message.find(name), std::string::npos) << message;
    }
  }
}

// Derivatives against central differences; asymptote lines against f far out.
TEST(Functions, DerivativesAndAsymptotes) {
  for (const FunctionInfo& info : all_functions()) {
    const double lo = info.default_a;
    const double hi = lo + std::ldexp(1.0, info.default_m);
    for (int i = 1; i < 20; ++i) {
      const double x = lo + (hi - lo) * i / 20.0;
      const double h = 1e-5 * std::max(1.0, std::fabs(x));
      const double d1 = (info.value(x + h) - info.value(x - h)) / (2 * h);
      const double d2 = (info.derivative(x + h) - info.derivative(x - h)) / (2 * h);
      EXPECT_NEAR(info.derivative(x), d1, 1e-6 * std::max(1.0, std::fabs(d1))) << info.name;
      EXPECT_NEAR(info.second_derivative(x), d2, 1e-5 * std::max(1.0, std::fabs(d2))) << info.name;
    }
    for (bool derivative : {false, true}) {
      const RealFunction f = derivative ? info.derivative : info.value;
      const EdgeLine below = below_asymptote(info, derivative);
      const EdgeLine above = above_asymptote(info, derivative);
      if (below.present) {
        EXPECT_NEAR(f(-60.0), below.k * -60.0 + below.b, 1e-9) << info.name << derivative;
      }
      if (above.present) {
        EXPECT_NEAR(f(1e6), above.k * 1e6 + above.b, 2e-3) << info.name << derivative;
      }
    }
    EXPECT_TRUE(check_table_params(info.default_a, info.default_m, 12).empty()) << info.name;
  }
  EXPECT_EQ(find_function("gelu").default_a, -5.0f);
  EXPECT_EQ(find_function("gelu").default_m, 3);
  EXPECT_EQ(find_function("exp").default_a, -16.0f);
  EXPECT_EQ(find_function("tanh").default_m, 3);
  EXPECT_EQ(find_function("sigmoid").default_a, -8.0f);
}

}  // namespace
}  // namespace interpsim
