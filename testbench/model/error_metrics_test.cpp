// Error metrics against values derived by hand on tiny cases.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "model/error_metrics.hpp"

namespace interpsim {
namespace {

double identity(double x) {
  return x;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ErrorMetrics, ConstantOffsetOnThreeSamples) {
  // x = 1, 1.5, 2; every error is 2^-20: 8 ulps at 1 and 1.5 (ulp 2^-23), 4 at 2.
  const float offset = std::ldexp(1.0f, -20);
  const ErrorReport report =
      measure_error([offset](float x) { return x + offset; }, identity, 1.0f, 2.0f, 3);
  EXPECT_EQ(report.samples, 3u);
  EXPECT_DOUBLE_EQ(report.linf, std::ldexp(1.0, -20));
  EXPECT_DOUBLE_EQ(report.mean_abs, std::ldexp(1.0, -20));
  EXPECT_DOUBLE_EQ(report.l2, std::sqrt(3.0) * std::ldexp(1.0, -20));
  EXPECT_DOUBLE_EQ(report.max_ulp, 8.0);
  EXPECT_EQ(report.worst_x, 1.0f);
}

TEST(ErrorMetrics, SquareAgainstIdentity) {
  // x = 0, 1, 2: x*x - x = 0, 0, 2.
  const ErrorReport report = measure_error([](float x) { return x * x; }, identity, 0.0f, 2.0f, 3);
  EXPECT_DOUBLE_EQ(report.l2, 2.0);
  EXPECT_DOUBLE_EQ(report.linf, 2.0);
  EXPECT_DOUBLE_EQ(report.mean_abs, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(report.max_ulp, 2.0 / std::ldexp(1.0, -22));
  EXPECT_EQ(report.worst_x, 2.0f);
}

TEST(ErrorMetrics, UlpDefinition) {
  EXPECT_DOUBLE_EQ(ulp_error(1.0f + std::ldexp(1.0f, -23), 1.0), 1.0);
  EXPECT_DOUBLE_EQ(ulp_error(std::nextafter(1.0f, 0.0f), 1.0), 0.5);  // gap above 1 is 2^-23
  EXPECT_DOUBLE_EQ(ulp_error(std::ldexp(1.0f, -149), 0.0), 1.0);      // subnormal spacing
  EXPECT_DOUBLE_EQ(ulp_error(-3.0f, -3.0), 0.0);
  // Reference between floats: the ulp is that of the nearest float32 (1.0).
  EXPECT_DOUBLE_EQ(ulp_error(1.0f, 1.0 + std::ldexp(1.0, -26)), 0.125);
  EXPECT_EQ(ulp_error(NAN, NAN), 0.0);
  EXPECT_EQ(ulp_error(NAN, 1.0), kInf);
  EXPECT_EQ(ulp_error(1.0f, NAN), kInf);
  EXPECT_EQ(ulp_error(INFINITY, kInf), 0.0);
  EXPECT_EQ(ulp_error(INFINITY, 1e300), kInf);
  EXPECT_EQ(ulp_error(-INFINITY, kInf), kInf);
}

TEST(ErrorMetrics, AllFloatsCountsEveryFloatAndBothZeros) {
  const float offset = std::ldexp(1.0f, -20);
  // [1, 1 + 8 * 2^-23] holds exactly 9 floats.
  for (unsigned threads : {1u, 2u, 5u}) {
    const ErrorReport report =
        measure_error_all_floats([offset](float x) { return x + offset; }, identity, 1.0f,
                                 1.0f + 8 * std::ldexp(1.0f, -23), threads);
    EXPECT_EQ(report.samples, 9u);
    EXPECT_DOUBLE_EQ(report.l2, 3.0 * std::ldexp(1.0, -20));
    EXPECT_DOUBLE_EQ(report.linf, std::ldexp(1.0, -20));
  }
  // -2^-149, -0, +0, 2^-149.
  const float tiny = std::ldexp(1.0f, -149);
  const ErrorReport zeros =
      measure_error_all_floats([](float x) { return 2 * x; }, identity, -tiny, tiny, 3);
  EXPECT_EQ(zeros.samples, 4u);
  EXPECT_DOUBLE_EQ(zeros.linf, static_cast<double>(tiny));
  EXPECT_DOUBLE_EQ(zeros.l2, std::sqrt(2.0) * tiny);
  EXPECT_DOUBLE_EQ(zeros.max_ulp, 1.0);
}

TEST(ErrorMetrics, RejectsBadArguments) {
  const auto approx = [](float x) { return x; };
  EXPECT_THROW(measure_error(approx, identity, 0.0f, 1.0f, 1), std::invalid_argument);
  EXPECT_THROW(measure_error(approx, identity, 1.0f, 0.0f, 10), std::invalid_argument);
  EXPECT_THROW(measure_error(approx, identity, 0.0f, INFINITY, 10), std::invalid_argument);
  EXPECT_THROW(measure_error_all_floats(approx, identity, NAN, 1.0f), std::invalid_argument);
}

}  // namespace
}  // namespace interpsim
