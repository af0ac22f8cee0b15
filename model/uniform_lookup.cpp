#include "model/uniform_lookup.hpp"

#include <cmath>

#include "model/float_bits.hpp"

namespace interpsim {

int64_t uniform_row(const UniformTable& table, float x) {
  if (std::isnan(x)) return -1;
  const int64_t segments = static_cast<int64_t>(table.segments());
  if (x <= table.a) return segments;
  if (x >= table.upper()) return segments + 1;
  const float xn = x - table.a;                              // rounded, > 0
  if (xn >= std::ldexp(1.0f, table.m)) return segments - 1;  // rounding reached b
  const uint32_t bits = float_to_bits(xn);
  const int biased_exponent = static_cast<int>((bits >> 23) & 0xFFu);
  if (biased_exponent == 0) return 0;                   // subnormal xn
  const int shift = table.m - (biased_exponent - 127);  // >= 1 because xn < 2^m
  if (shift >= 24) return 0;
  const uint32_t mantissa = (bits & 0x7FFFFFu) | 0x800000u;
  return ((mantissa >> shift) & 0x7FFFFFu) >> (23 - table.n);
}

float interp_uniform(const UniformTable& table, float x) {
  const int64_t row = uniform_row(table, x);
  if (row < 0) return bits_to_float(kCanonicalNanBits);
  const float slope = table.k[row];
  const float intercept = table.b[row];
  const bool edge_row = row >= static_cast<int64_t>(table.segments());
  const float y = (edge_row && slope == 0.0f) ? intercept : std::fma(x, slope, intercept);
  return std::isnan(y) ? bits_to_float(kCanonicalNanBits) : y;
}

void interp_uniform_batch(const UniformTable& table, const float* input, float* output,
                          size_t count) {
  for (size_t i = 0; i < count; ++i) output[i] = interp_uniform(table, input[i]);
}

}  // namespace interpsim
