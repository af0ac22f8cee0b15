#include "model/value_lut.hpp"

#include <cmath>
#include <stdexcept>

#include "model/float_bits.hpp"
#include "model/table_gen.hpp"

namespace interpsim {

std::string value_lut_mode_name(ValueLutMode mode) {
  return mode == ValueLutMode::kLinear ? "linear" : "exponent";
}

ValueLutMode parse_value_lut_mode(const std::string& name) {
  if (name == "linear") return ValueLutMode::kLinear;
  if (name == "exponent") return ValueLutMode::kExponent;
  throw std::invalid_argument("unknown value LUT mode '" + name + "' (linear, exponent)");
}

float ValueLutTable::lower() const {
  return mode == ValueLutMode::kLinear ? a : std::ldexp(1.0f, e0);
}

float ValueLutTable::upper() const {
  if (mode == ValueLutMode::kExponent) return std::ldexp(1.0f, e0 + static_cast<int>(intervals()));
  return static_cast<float>(static_cast<double>(a) + std::ldexp(1.0, m));
}

std::string check_value_lut_params(ValueLutMode mode, float a, int m, int e0, int n) {
  if (mode == ValueLutMode::kLinear) return check_table_params(a, m, n);
  if (n < 0 || n > 8) return "n must be in 0..8 in exponent mode";
  if (e0 < -126) return "e0 must be >= -126 (the table starts at a normal float32)";
  if (e0 + (1 << n) > 127) return "e0 + 2^n must be <= 127 (a finite upper bound)";
  return "";
}

ValueLutTable generate_value_lut(const std::string& func, ValueLutMode mode, float a, int m, int e0,
                                 int n, EdgeMode edges, bool derivative) {
  const RealFunction f = table_reference(func, derivative);  // throws for unknown names
  const std::string why = check_value_lut_params(mode, a, m, e0, n);
  if (!why.empty()) throw std::invalid_argument("invalid value LUT: " + why);
  ValueLutTable table;
  table.func = func;
  table.mode = mode;
  table.a = a;
  table.m = m;
  table.e0 = e0;
  table.n = n;
  table.edges = edges;
  const size_t count = table.entries();
  std::vector<double> t(count);
  for (size_t i = 0; i < count; ++i) {
    t[i] = mode == ValueLutMode::kLinear
               ? static_cast<double>(a) + std::ldexp(static_cast<double>(i), m - n)
               : std::ldexp(1.0, e0 + static_cast<int>(i));
  }
  table.y.resize(count);
  for (size_t i = 0; i < count; ++i) table.y[i] = static_cast<float>(f(t[i]));
  const auto [below, above] =
      edge_lines(func, derivative, edges, t.front(), t.back(), chord_line(f, t[0], t[1]),
                 chord_line(f, t[count - 2], t[count - 1]));
  table.under_k = static_cast<float>(below.k);
  table.under_b = static_cast<float>(below.b);
  table.over_k = static_cast<float>(above.k);
  table.over_b = static_cast<float>(above.b);
  return table;
}

int64_t value_lut_row(const ValueLutTable& table, float x, float* frac) {
  if (std::isnan(x)) return -1;
  const int64_t intervals = static_cast<int64_t>(table.intervals());
  if (x <= table.lower()) return intervals;
  if (x >= table.upper()) return intervals + 1;
  if (table.mode == ValueLutMode::kExponent) {
    // x is a normal float32 in (2^e0, 2^(e0+N)): the octave and the mantissa.
    const uint32_t bits = float_to_bits(x);
    *frac = std::ldexp(static_cast<float>(bits & 0x7FFFFFu), -23);  // exact
    return static_cast<int64_t>((bits >> 23) & 0xFFu) - 127 - table.e0;
  }
  // Linear: Algorithm 1's index of the rounded xn = x - a (docs/design.md section 3).
  const float xn = x - table.a;
  int64_t row;
  if (xn >= std::ldexp(1.0f, table.m)) {
    row = intervals - 1;  // rounding reached b: frac becomes 1
  } else {
    const uint32_t bits = float_to_bits(xn);
    const int biased_exponent = static_cast<int>((bits >> 23) & 0xFFu);
    const int shift = table.m - (biased_exponent - 127);
    if (biased_exponent == 0 || shift >= 24) {
      row = 0;
    } else {
      const uint32_t mantissa = (bits & 0x7FFFFFu) | 0x800000u;
      row = ((mantissa >> shift) & 0x7FFFFFu) >> (23 - table.n);
    }
  }
  // frac = xn / w - row: the product by 2^(n-m) is exact and so is the
  // subtraction, except where the result falls below 2^-126 with more bits
  // than a subnormal holds (w > 1 only): then it is rounded once.
  *frac = std::fma(xn, std::ldexp(1.0f, table.n - table.m), -static_cast<float>(row));
  return row;
}

float interp_value_lut(const ValueLutTable& table, float x) {
  float frac = 0.0f;
  const int64_t row = value_lut_row(table, x, &frac);
  if (row < 0) return bits_to_float(kCanonicalNanBits);
  const int64_t intervals = static_cast<int64_t>(table.intervals());
  float y;
  if (row >= intervals) {
    const bool under = row == intervals;
    const float k = under ? table.under_k : table.over_k;
    const float b = under ? table.under_b : table.over_b;
    y = k == 0.0f ? b : std::fma(x, k, b);
  } else {
    const float y0 = table.y[row];
    const float delta = table.y[row + 1] - y0;  // rounded once
    y = std::fma(frac, delta, y0);              // rounded once
  }
  return std::isnan(y) ? bits_to_float(kCanonicalNanBits) : y;
}

uint64_t value_lut_rtl_row(const ValueLutTable& table, size_t row) {
  const size_t intervals = table.intervals();
  if (row < intervals) {
    return (uint64_t{float_to_bits(table.y[row + 1])} << 32) | float_to_bits(table.y[row]);
  }
  const bool under = row == intervals;
  return (uint64_t{float_to_bits(under ? table.under_k : table.over_k)} << 32) |
         float_to_bits(under ? table.under_b : table.over_b);
}

uint32_t value_lut_request_row(const ValueLutTable& table, float x) {
  float frac = 0.0f;
  const int64_t row = value_lut_row(table, x, &frac);
  return static_cast<uint32_t>(row < 0 ? static_cast<int64_t>(table.intervals()) : row);
}

}  // namespace interpsim
