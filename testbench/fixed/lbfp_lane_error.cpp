// Not a test: the error against float64 of the LBFP interpolation lane
// (model/lbfp_lane, rtl/lbfp_interp_lane.sv) beside the fp32, int16 and int8
// lanes and the int16 lane fed LBFP8 inputs (docs/results/lbfp-lane.md).
// Usage: lbfp_lane_error [SAMPLES]
//
// Per function (default interval and edges) and segment count, each lane's
// Linf and mean |error| against f in float64 at the value the lane receives:
//   fp32       interp_uniform (model/uniform_lookup) on SAMPLES evenly spaced
//              float32 x in (a, b), against f(x);
//   int16/int8 fixed_eval (model/fixed_point) on every integer of the width
//              in (a, b), against f(q * 2^-fx);
//   lbfp8 x -> int16 lane and the LBFP lane: the same float32 x, shuffled
//              (fixed seed: a block holds unrelated activations), encoded to
//              LBFP8 in blocks of 16 with each block's max exponent, against
//              f at the exact LBFP8 value: fixed_eval_lbfp8 on the int16
//              table, and lbfp_lane_eval (K an LBFP8 code per row).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/fixed_table_gen.hpp"
#include "model/functions.hpp"
#include "model/lbfp.hpp"
#include "model/lbfp_lane.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace {

using namespace interpsim;

struct ErrorSum {
  double max = 0;
  double sum = 0;
  size_t count = 0;
  void add(double e) {
    max = std::max(max, std::fabs(e));
    sum += std::fabs(e);
    ++count;
  }
  double mean() const { return count == 0 ? 0.0 : sum / static_cast<double>(count); }
};

// Empty (count 0) when the width holds no table of 2^n segments on the
// interval (a segment narrower than one step of x).
ErrorSum fixed_lane_error(const FunctionInfo& info, int n, FixedFormat format) {
  FixedTable table;
  try {
    table = generate_fixed_table(info.name, info.default_a, info.default_m, n, info.default_edges,
                                 format);
  } catch (const std::invalid_argument&) {
    return ErrorSum{};
  }
  const int64_t lo = std::max(table.qa + 1, fixed_min(format));
  const int64_t hi =
      std::min(table.qa + (int64_t{1} << (table.m + table.fx)) - 1, fixed_max(format));
  ErrorSum error;
  for (int64_t q = lo; q <= hi; ++q) {
    const double y = std::ldexp(static_cast<double>(fixed_eval(table, q)), -table.fy);
    error.add(y - info.value(std::ldexp(static_cast<double>(q), -table.fx)));
  }
  return error;
}

// "Linf | mean", or "- | -" when there is no such table.
std::string cells(const ErrorSum& error) {
  if (error.count == 0) return "- | -";
  char text[64];
  std::snprintf(text, sizeof text, "%.3e | %.3e", error.max, error.mean());
  return text;
}

void row(const FunctionInfo& info, int n, size_t samples) {
  std::vector<float> xs(samples);
  const double step = std::ldexp(1.0, info.default_m) / static_cast<double>(samples);
  for (size_t j = 0; j < samples; ++j) {
    xs[j] = static_cast<float>(info.default_a + (static_cast<double>(j) + 0.5) * step);
  }
  std::mt19937 rng(1);
  std::shuffle(xs.begin(), xs.end(), rng);

  const UniformTable float_table =
      generate_table(info.name, info.default_a, info.default_m, n, info.default_edges);
  ErrorSum fp32;
  for (const float x : xs) fp32.add(interp_uniform(float_table, x) - info.value(x));

  const ErrorSum int16 = fixed_lane_error(info, n, FixedFormat::kInt16);
  const ErrorSum int8 = fixed_lane_error(info, n, FixedFormat::kInt8);

  const LbfpTrace trace = lbfp8_encode_trace(xs, 16, 0, "x");
  const FixedTable int16_table = generate_fixed_table(info.name, info.default_a, info.default_m, n,
                                                      info.default_edges, FixedFormat::kInt16);
  const std::vector<int64_t> decoded_y = fixed_eval_lbfp8(int16_table, trace);
  const LbfpLaneTable lane =
      generate_lbfp_lane_table(info.name, info.default_a, info.default_m, n, info.default_edges);
  ErrorSum lbfp_input, lbfp_lane;
  for (size_t j = 0; j < samples; ++j) {
    const int exponent = trace.exponents[j / trace.block];
    const double f = info.value(lbfp8_decode(trace.elements[j], exponent));
    lbfp_input.add(std::ldexp(static_cast<double>(decoded_y[j]), -int16_table.fy) - f);
    lbfp_lane.add(std::ldexp(static_cast<double>(lbfp_lane_eval(lane, trace.elements[j], exponent)),
                             -lane.index.fy) -
                  f);
  }
  std::printf("| %s | %zu | %s | %s | %s | %s | %d | %s |\n", info.name.c_str(), size_t{1} << n,
              cells(fp32).c_str(), cells(int16).c_str(), cells(int8).c_str(),
              cells(lbfp_input).c_str(), lane.index.fy, cells(lbfp_lane).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const size_t samples = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 65536;
  if (samples == 0 || samples % 16 != 0) {
    std::fprintf(stderr, "usage: lbfp_lane_error [SAMPLES, a positive multiple of 16]\n");
    return 2;
  }
  std::printf(
      "| function | segments | fp32 lane Linf | mean | int16 lane Linf | mean | int8 lane Linf "
      "| mean | lbfp8 x -> int16 lane Linf | mean | LBFP lane fy | LBFP lane Linf | mean |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const char* name : {"gelu", "exp", "tanh", "sigmoid"}) {
    for (const int n : {4, 6, 8}) row(find_function(name), n, samples);
  }
  return 0;
}
