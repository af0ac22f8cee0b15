// NVDLA-style value LUT (docs/design.md section 4): the entries are function
// values y_i at the 2^n + 1 breakpoints and y = y0 + frac * (y1 - y0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/table.hpp"

namespace interpsim {

// Linear: breakpoints a + i * 2^(m-n), index and fraction from x - a (the
// index of Algorithm 1). Exponent: breakpoints 2^(e0 + i), index from the
// exponent of x itself, fraction its mantissa (NVDLA's exponent-mode LE table).
enum class ValueLutMode { kLinear, kExponent };

std::string value_lut_mode_name(ValueLutMode mode);
// "linear" or "exponent"; throws std::invalid_argument.
ValueLutMode parse_value_lut_mode(const std::string& name);

struct ValueLutTable {
  std::string func;
  ValueLutMode mode = ValueLutMode::kLinear;
  float a = 0.0f;  // linear: the first breakpoint
  int m = 0;       // linear: the interval is [a, a + 2^m]
  int e0 = 0;      // exponent: the interval is [2^e0, 2^(e0 + 2^n)]
  int n = 0;       // 2^n intervals, 2^n + 1 values (65 entries: n = 6; 257: n = 8)
  EdgeMode edges = EdgeMode::kExtrapolate;
  std::vector<float> y;  // y[0..N] = f(breakpoint i), rounded once to float32
  // The underflow (x <= lower) and overflow (x >= upper) lines as Algorithm 1's
  // edge rows: y = B if K is +-0, else fma(x, K, B).
  float under_k = 0.0f, under_b = 0.0f;
  float over_k = 0.0f, over_b = 0.0f;

  size_t intervals() const { return size_t{1} << n; }
  size_t entries() const { return intervals() + 1; }
  float lower() const;
  float upper() const;
  // N + 1 values and the two edge lines (K, B), float32 each.
  size_t memory_bytes() const { return (entries() + 4) * 4; }
};

// Exponent mode: 0 <= n <= 8, e0 >= -126 and e0 + 2^n <= 127 (every x inside
// is a normal float32 and the upper bound is finite). Linear: the rules of
// check_table_params with n <= 20. Empty string when valid, else the reason.
std::string check_value_lut_params(ValueLutMode mode, float a, int m, int e0, int n);

// y_i = f(t_i) computed in float64 and rounded once; edge lines per `edges`
// (extrapolate: the float64 chords of the first and last intervals; saturate:
// 0, f(lower) and 0, f(upper); asymptote as section 3). Throws
// std::invalid_argument for invalid parameters or an unknown function.
ValueLutTable generate_value_lut(const std::string& func, ValueLutMode mode, float a, int m, int e0,
                                 int n, EdgeMode edges, bool derivative = false);

// The interval index 0..N-1 for x inside, N below, N+1 above, -1 for NaN;
// `frac` receives the fraction for the inside rows.
int64_t value_lut_row(const ValueLutTable& table, float x, float* frac);

// y as docs/design.md section 4 (Decision) defines it, bit-exact.
float interp_value_lut(const ValueLutTable& table, float x);

// The RTL's view (rtl/value_lut_lane.sv, docs/rtl.md "value_lut_lane"): the
// 64-bit table row r the lane reads, {U, L}: {y_{r+1}, y_r} for r < N, the
// underflow line {K, B} for r = N, the overflow line for r = N + 1.
uint64_t value_lut_rtl_row(const ValueLutTable& table, size_t row);
// The row the lane requests for x: value_lut_row's, with NaN reading row N.
uint32_t value_lut_request_row(const ValueLutTable& table, float x);

}  // namespace interpsim
