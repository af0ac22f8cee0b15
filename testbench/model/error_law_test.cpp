// Issue item 11: the error law of uniform tables on the paper's intervals.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "model/error_metrics.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim {
namespace {

constexpr size_t kSamples = (size_t{1} << 22) + 1;

ErrorReport table_error(const std::string& func, int n) {
  const FunctionInfo& info = find_function(func);
  const UniformTable table =
      generate_table(func, info.default_a, info.default_m, n, EdgeMode::kExtrapolate);
  return measure_error([&table](float x) { return interp_uniform(table, x); }, info.value, table.a,
                       table.upper(), kSamples);
}

class ErrorLawTest : public ::testing::TestWithParam<std::string> {};

// Each 4x more segments (16 -> 4096) cuts Linf by at least 10x (the paper's
// "an order of magnitude"; chord theory gives 16x until float32 rounding).
TEST_P(ErrorLawTest, LinfFallsTenfoldPerFourfoldSegments) {
  double previous = table_error(GetParam(), 4).linf;
  for (int n = 6; n <= 12; n += 2) {
    const double linf = table_error(GetParam(), n).linf;
    EXPECT_GE(previous / linf, 10.0) << GetParam() << ": Linf " << previous << " at 2^" << n - 2
                                     << " segments, " << linf << " at 2^" << n;
    previous = linf;
  }
}

// Linf within the chord bound h^2/8 * max|f''| plus float32 rounding of K, B and the fma.
TEST_P(ErrorLawTest, LinfWithinChordBound) {
  const FunctionInfo& info = find_function(GetParam());
  const double lo = info.default_a;
  const double hi = lo + std::ldexp(1.0, info.default_m);
  double max_curvature = 0;
  double max_value = 0;
  for (int i = 0; i <= 100000; ++i) {
    const double x = lo + (hi - lo) * i / 100000.0;
    max_curvature = std::max(max_curvature, std::fabs(info.second_derivative(x)));
    max_value = std::max(max_value, std::fabs(info.value(x)));
  }
  for (int n = 4; n <= 12; n += 2) {
    const double width = std::ldexp(1.0, info.default_m - n);
    const double rounding = 4 * max_value * std::ldexp(1.0, -24) * std::max(1.0, std::fabs(lo));
    const double bound = width * width / 8 * max_curvature * 1.001 + rounding;
    EXPECT_LE(table_error(GetParam(), n).linf, bound) << GetParam() << " n=" << n;
  }
}

INSTANTIATE_TEST_SUITE_P(Model, ErrorLawTest, ::testing::Values("gelu", "tanh", "sigmoid", "exp"),
                         [](const auto& info) { return info.param; });

TEST(ErrorLaw, Gelu4096SegmentsBelowHalfMicro) {
  const ErrorReport report = table_error("gelu", 12);
  EXPECT_LT(report.linf, 5e-7);
  EXPECT_EQ(report.samples, kSamples);
}

}  // namespace
}  // namespace interpsim
