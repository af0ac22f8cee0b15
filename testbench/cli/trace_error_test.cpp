// The trace passes of the commands (sim/cli/report.cpp, demo_trace.cpp) run
// on all cores: each is compared here with the plain one-thread loop it
// replaced, written out in the test, bit for bit.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "model/error_metrics.hpp"
#include "model/functions.hpp"
#include "sim/cli/demo_trace.hpp"
#include "sim/cli/report.hpp"

namespace interpsim::cli {
namespace {

// The one-thread loop measure_trace_error was before (kept here as the
// reference): sums in input order, Linf's first occurrence, NaN outputs +inf.
ErrorReport plain_trace_error(const std::vector<float>& input, const std::vector<float>& output,
                              RealFunction reference, bool inside_only, float lo, float hi) {
  ErrorReport report;
  double sum_squares = 0;
  double sum_abs = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    const float x = input[i];
    if (!std::isfinite(x) || (inside_only && !(x > lo && x < hi))) continue;
    const double expected = reference(static_cast<double>(x));
    if (!std::isfinite(expected)) continue;
    const double error = std::fabs(static_cast<double>(output[i]) - expected);
    ++report.samples;
    sum_squares += error * error;
    sum_abs += error;
    if (!(error <= report.linf)) {
      report.linf = std::isnan(error) ? INFINITY : error;
      report.worst_x = x;
    }
    report.max_ulp = std::fmax(report.max_ulp, ulp_error(output[i], expected));
  }
  report.l2 = std::sqrt(sum_squares);
  report.mean_abs = report.samples != 0 ? sum_abs / static_cast<double>(report.samples) : 0.0;
  return report;
}

// Bit patterns: NaN sums (a NaN output) compare equal too.
uint64_t bits_of(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

void expect_same(const ErrorReport& got, const ErrorReport& want) {
  EXPECT_EQ(got.samples, want.samples);
  EXPECT_EQ(bits_of(got.l2), bits_of(want.l2));
  EXPECT_EQ(bits_of(got.linf), bits_of(want.linf));
  EXPECT_EQ(bits_of(got.mean_abs), bits_of(want.mean_abs));
  EXPECT_EQ(bits_of(got.max_ulp), bits_of(want.max_ulp));
  EXPECT_EQ(got.worst_x, want.worst_x);
}

TEST(TraceError, BothReportsEqualThePlainLoopBitForBit) {
  // 300,001 inputs (several blocks and a ragged end), outputs a float tanh
  // with noise, NaN and infinite inputs, a NaN output, repeated maxima.
  const size_t count = 300001;
  std::mt19937 engine(7);
  std::uniform_real_distribution<float> spread(-6.0f, 6.0f);
  std::vector<float> input(count);
  std::vector<float> output(count);
  for (size_t i = 0; i < count; ++i) {
    input[i] = spread(engine);
    output[i] = std::tanh(input[i]) + (i % 3 == 0 ? 1e-6f : 0.0f);
  }
  input[10] = std::numeric_limits<float>::quiet_NaN();
  input[20] = INFINITY;
  const RealFunction reference = [](double x) { return std::tanh(x); };
  const float lo = -4.0f;
  const float hi = 4.0f;
  const auto inside = [lo, hi](float x) { return x > lo && x < hi; };
  const auto check = [&] {
    const TraceErrors both = measure_trace_errors(input, output, reference, inside);
    expect_same(both.all, plain_trace_error(input, output, reference, false, lo, hi));
    expect_same(both.inside, plain_trace_error(input, output, reference, true, lo, hi));
    expect_same(measure_trace_error(input, output, reference, inside),
                plain_trace_error(input, output, reference, true, lo, hi));
    expect_same(measure_trace_error(input, output, reference),
                plain_trace_error(input, output, reference, false, lo, hi));
    return both;
  };
  EXPECT_GT(check().all.samples, 299000u);
  output[200000] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(check().all.linf, INFINITY) << "the NaN output";
}

// The one-thread generator make_demo_trace was before.
std::vector<float> plain_demo_trace(const DemoTraceSpec& spec) {
  std::mt19937_64 engine(spec.seed);
  const auto open_unit = [&engine] {
    return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53;
  };
  std::vector<float> trace(spec.count);
  const double two_pi = 2.0 * std::acos(-1.0);
  for (float& value : trace) {
    const double radius = std::sqrt(-2.0 * std::log(open_unit()));
    const double standard_normal = radius * std::cos(two_pi * open_unit());
    const double sigma = open_unit() < spec.tail_share ? spec.tail_sigma : spec.core_sigma;
    value = static_cast<float>(spec.mean + sigma * standard_normal);
  }
  return trace;
}

TEST(DemoTrace, EqualsThePlainGeneratorBitForBit) {
  for (const size_t count : {size_t{0}, size_t{5}, size_t{200003}}) {
    DemoTraceSpec spec;
    spec.count = count;
    const std::vector<float> got = make_demo_trace(spec);
    const std::vector<float> want = plain_demo_trace(spec);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < count; ++i) ASSERT_EQ(got[i], want[i]) << i;
  }
}

}  // namespace
}  // namespace interpsim::cli
