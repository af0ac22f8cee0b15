#include "model/float_format.hpp"

#include <cmath>
#include <cstring>

#include "model/float_bits.hpp"

namespace interpsim {
namespace {

uint64_t double_bits(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// Round to odd: of the two doubles around the exact s + error, the one whose
// last significand bit is 1 (s itself when the sum was exact). Rounding that
// to a format of at most 51 bits then rounds the exact sum once.
double round_to_odd(double sum, double error) {
  if (error == 0.0 || (double_bits(sum) & 1u) != 0) return sum;
  return std::nextafter(sum, error > 0.0 ? HUGE_VAL : -HUGE_VAL);
}

}  // namespace

bool is_nan_in(NumberFormat format, uint32_t bits) {
  const FloatLayout layout = float_layout(format);
  const uint32_t magnitude = bits & layout.magnitude_mask();
  if (layout.finite_only) return magnitude == layout.magnitude_mask();
  return magnitude > layout.infinity_bits();
}

float decode_value(NumberFormat format, uint32_t bits) {
  if (format == NumberFormat::kFp32) {
    return is_nan_bits(bits) ? bits_to_float(kCanonicalNanBits) : bits_to_float(bits);
  }
  const FloatLayout layout = float_layout(format);
  bits &= (uint32_t{1} << layout.width()) - 1;
  if (is_nan_in(format, bits)) return bits_to_float(kCanonicalNanBits);
  const bool negative = (bits & layout.sign_mask()) != 0;
  const uint32_t magnitude = bits & layout.magnitude_mask();
  const int exponent_field = static_cast<int>(magnitude >> layout.mantissa_bits);
  const uint32_t mantissa = magnitude & layout.mantissa_mask();
  float value;
  if (!layout.finite_only && magnitude == layout.infinity_bits()) {
    value = HUGE_VALF;
  } else if (exponent_field == 0) {
    value = std::ldexp(static_cast<float>(mantissa),
                       layout.min_normal_exponent() - layout.mantissa_bits);
  } else {
    value = std::ldexp(static_cast<float>(mantissa | (uint32_t{1} << layout.mantissa_bits)),
                       exponent_field - layout.bias() - layout.mantissa_bits);
  }
  return negative ? -value : value;
}

uint32_t round_to_format(NumberFormat format, double value) {
  const FloatLayout layout = float_layout(format);
  if (std::isnan(value)) return layout.canonical_nan;
  const uint32_t sign = std::signbit(value) ? layout.sign_mask() : 0u;
  const double magnitude = std::fabs(value);
  const uint32_t overflow = layout.finite_only ? layout.max_finite_bits() : layout.infinity_bits();
  if (std::isinf(magnitude)) return sign | overflow;
  if (magnitude == 0.0) return sign;
  // The quantum (weight of the last mantissa bit) at value's binade, or the
  // subnormal quantum below the normal range.
  const int exponent = std::ilogb(magnitude);
  const int quantum_exponent =
      (exponent < layout.min_normal_exponent() ? layout.min_normal_exponent() : exponent) -
      layout.mantissa_bits;
  // Scaling by a power of two is exact; nearbyint rounds to nearest even.
  const double units = std::nearbyint(std::ldexp(magnitude, -quantum_exponent));
  if (units == 0.0) return sign;
  // Biased exponent field times 2^mantissa_bits plus the significand: a carry
  // from rounding (units = 2^precision) or a subnormal reaching the normal
  // range moves into the exponent field by itself.
  const int64_t field_base = exponent < layout.min_normal_exponent()
                                 ? 0
                                 : static_cast<int64_t>(exponent + layout.bias() - 1)
                                       << layout.mantissa_bits;
  const int64_t magnitude_bits = field_base + static_cast<int64_t>(units);
  if (magnitude_bits > static_cast<int64_t>(layout.max_finite_bits())) return sign | overflow;
  return sign | static_cast<uint32_t>(magnitude_bits);
}

std::optional<uint32_t> encode_exact(NumberFormat format, float value) {
  if (std::isnan(value)) return float_layout(format).canonical_nan;
  const uint32_t bits = round_to_format(format, value);
  const float back = decode_value(format, bits);
  if (back != value || std::signbit(back) != std::signbit(value)) return std::nullopt;
  return bits;
}

uint32_t fused_multiply_add(NumberFormat format, float a, float b, float c) {
  // float32 products are exact in float64 (24 + 24 significant bits, exponents
  // far inside float64's range).
  const double product = static_cast<double>(a) * static_cast<double>(b);
  const double addend = static_cast<double>(c);
  const double sum = product + addend;
  if (!std::isfinite(sum)) return round_to_format(format, sum);  // NaN and infinities
  // Two-sum: sum + error is exactly product + addend.
  const double addend_part = sum - product;
  const double product_part = sum - addend_part;
  const double error = (product - product_part) + (addend - addend_part);
  return round_to_format(format, round_to_odd(sum, error));
}

}  // namespace interpsim
