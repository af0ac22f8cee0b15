#include "format_reference.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace interpsim::format_reference {

namespace mp = boost::multiprecision;

Layout layout_of(NumberFormat format) {
  // docs/design.md section 12: E8M23, E5M10, E8M7, E5M2, E4M3 and the canonical NaNs.
  switch (format) {
    case NumberFormat::kFp32:
      return {8, 23, false, 0x7FC00000u};
    case NumberFormat::kFp16:
      return {5, 10, false, 0x7E00u};
    case NumberFormat::kBf16:
      return {8, 7, false, 0x7FC0u};
    case NumberFormat::kFp8E5M2:
      return {5, 2, false, 0x7Eu};
    case NumberFormat::kFp8E4M3:
      return {4, 3, true, 0x7Fu};
  }
  throw std::invalid_argument("format_reference: unknown format");
}

Exact finite(bool negative, const cpp_int& magnitude, int exponent) {
  Exact value;
  value.kind = Exact::Kind::kFinite;
  value.negative = negative;
  value.magnitude = magnitude;
  value.exponent = exponent;
  return value;
}

Exact infinity(bool negative) {
  Exact value;
  value.kind = Exact::Kind::kInfinite;
  value.negative = negative;
  return value;
}

Exact not_a_number() {
  Exact value;
  value.kind = Exact::Kind::kNaN;
  return value;
}

Exact decode(const Layout& layout, uint32_t bits) {
  const int mbits = layout.mantissa_bits;
  const int ebits = layout.exponent_bits;
  const bool negative = ((bits >> (mbits + ebits)) & 1u) != 0;
  const uint32_t field = (bits >> mbits) & ((1u << ebits) - 1u);
  const uint32_t mantissa = bits & ((1u << mbits) - 1u);
  const uint32_t all_ones = (1u << ebits) - 1u;
  if (layout.finite_only) {
    // E4M3: only S.1111.111 is NaN; S.1111.000-110 are ordinary numbers (256..448).
    if (field == all_ones && mantissa == (1u << mbits) - 1u) return not_a_number();
  } else if (field == all_ones) {
    return mantissa == 0 ? infinity(negative) : not_a_number();
  }
  // Subnormal (field 0): mantissa * 2^(1 - bias - mbits); normal: (2^mbits + mantissa) * 2^(field - bias - mbits).
  if (field == 0) return finite(negative, cpp_int(mantissa), 1 - layout.bias() - mbits);
  return finite(negative, cpp_int((1u << mbits) | mantissa),
                static_cast<int>(field) - layout.bias() - mbits);
}

Exact exact_of_float(float value) {
  uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return decode(layout_of(NumberFormat::kFp32), bits);
}

float float_of_exact(const Exact& value) {
  if (value.is_nan()) return std::numeric_limits<float>::quiet_NaN();
  if (value.is_infinite()) {
    return value.negative ? -std::numeric_limits<float>::infinity()
                          : std::numeric_limits<float>::infinity();
  }
  // Every value of every format has at most 24 significant bits and an fp32 exponent.
  const double magnitude = std::ldexp(value.magnitude.convert_to<double>(), value.exponent);
  const float result = static_cast<float>(magnitude);
  return value.negative ? -result : result;
}

Exact negate(Exact value) {
  value.negative = !value.negative;
  return value;
}

Exact add(const Exact& lhs, const Exact& rhs) {
  if (lhs.is_nan() || rhs.is_nan()) return not_a_number();
  if (lhs.is_infinite() && rhs.is_infinite()) {
    return lhs.negative == rhs.negative ? lhs : not_a_number();
  }
  if (lhs.is_infinite()) return lhs;
  if (rhs.is_infinite()) return rhs;
  // Align both magnitudes to the smaller exponent: the sum is then an exact integer.
  const int exponent = std::min(lhs.exponent, rhs.exponent);
  cpp_int left = lhs.magnitude << (lhs.exponent - exponent);
  cpp_int right = rhs.magnitude << (rhs.exponent - exponent);
  if (lhs.negative) left = -left;
  if (rhs.negative) right = -right;
  const cpp_int sum = left + right;
  if (sum == 0) {
    // Exact zero: -0 only for (-0) + (-0); any other zero sum is +0.
    return finite(lhs.negative && rhs.negative, cpp_int(0), 0);
  }
  return finite(sum < 0, mp::abs(sum), exponent);
}

Exact multiply(const Exact& lhs, const Exact& rhs) {
  if (lhs.is_nan() || rhs.is_nan()) return not_a_number();
  const bool negative = lhs.negative != rhs.negative;
  if (lhs.is_infinite() || rhs.is_infinite()) {
    if (lhs.is_zero() || rhs.is_zero()) return not_a_number();
    return infinity(negative);
  }
  return finite(negative, lhs.magnitude * rhs.magnitude, lhs.exponent + rhs.exponent);
}

int compare(const Exact& lhs, const Exact& rhs) {
  if (lhs.is_nan() || rhs.is_nan()) throw std::logic_error("format_reference::compare: NaN");
  auto rank = [](const Exact& v) { return v.is_infinite() ? (v.negative ? -1 : 1) : 0; };
  if (rank(lhs) != rank(rhs)) return rank(lhs) < rank(rhs) ? -1 : 1;
  if (rank(lhs) != 0) return 0;  // the same infinity
  const Exact difference = add(lhs, negate(rhs));
  if (difference.is_zero()) return 0;
  return difference.negative ? -1 : 1;
}

uint32_t round_to(const Layout& layout, const Exact& value) {
  const uint32_t sign = value.negative ? (1u << (layout.width() - 1)) : 0u;
  const uint32_t all_ones = (1u << layout.exponent_bits) - 1u;
  const uint32_t mantissa_all = (1u << layout.mantissa_bits) - 1u;
  // E4M3's largest value S.1111.110 = 448; the other formats' infinity S.11..1.00..0.
  const uint32_t overflow_bits =
      layout.finite_only ? sign | (all_ones << layout.mantissa_bits) | (mantissa_all - 1u)
                         : sign | (all_ones << layout.mantissa_bits);
  if (value.is_nan()) return layout.canonical_nan;
  if (value.is_infinite()) return overflow_bits;
  if (value.magnitude == 0) return sign;

  const int precision = layout.mantissa_bits + 1;
  const int min_exponent = 1 - layout.bias();  // of a normal number
  // value = magnitude * 2^exponent lies in [2^top, 2^(top+1)).
  const int top = static_cast<int>(mp::msb(value.magnitude)) + value.exponent;
  // The quantum (weight of the last kept bit): precision bits for a normal
  // result, fixed at the subnormal spacing below the normal range.
  int quantum = std::max(top, min_exponent) - (precision - 1);
  cpp_int kept;
  if (value.exponent >= quantum) {
    kept = value.magnitude << (value.exponent - quantum);  // exact, no rounding
  } else {
    const int dropped = quantum - value.exponent;
    kept = value.magnitude >> dropped;
    const cpp_int remainder = value.magnitude - (kept << dropped);
    const cpp_int half = cpp_int(1) << (dropped - 1);
    // Round to nearest; a tie goes to the even neighbour.
    if (remainder > half || (remainder == half && mp::bit_test(kept, 0))) ++kept;
  }
  if (kept == (cpp_int(1) << precision)) {  // the rounding carried into a new binade
    kept >>= 1;
    ++quantum;
  }
  if (kept == 0) return sign;  // underflow to zero keeps the sign
  const uint32_t significand = kept.convert_to<uint32_t>();
  if (significand < (1u << layout.mantissa_bits)) {
    // Subnormal (quantum is the subnormal spacing): biased exponent 0.
    return sign | significand;
  }
  const int unbiased = quantum + precision - 1;
  const int max_field = layout.finite_only ? static_cast<int>(all_ones) : static_cast<int>(all_ones) - 1;
  const int field = unbiased + layout.bias();
  const uint32_t mantissa = significand - (1u << layout.mantissa_bits);
  if (field > max_field) return overflow_bits;
  // E4M3: S.1111.111 is NaN, so 480 (and anything rounding to it) saturates too.
  if (layout.finite_only && field == max_field && mantissa == mantissa_all) return overflow_bits;
  return sign | (static_cast<uint32_t>(field) << layout.mantissa_bits) | mantissa;
}

uint32_t canonicalize(const Layout& layout, uint32_t bits) {
  return decode(layout, bits).is_nan() ? layout.canonical_nan : bits;
}

namespace {

struct Operands {
  Exact x;
  int64_t row = -1;
};

Operands find_row(const UniformTable& table, uint32_t x_bits) {
  const Layout layout = layout_of(table.format);
  Operands result;
  result.x = decode(layout, x_bits);
  if (result.x.is_nan()) return result;
  const int64_t segments = int64_t{1} << table.n;
  const Exact a = exact_of_float(table.a);
  const Exact span = finite(false, cpp_int(1), table.m);  // 2^m
  const Exact b = add(a, span);
  if (compare(result.x, a) <= 0) {
    result.row = segments;
  } else if (compare(result.x, b) >= 0) {
    result.row = segments + 1;
  } else {
    // xn = round_F(x - a) > 0, then floor(xn / 2^(m-n)) with integers.
    const Exact xn = decode(layout, round_to(layout, add(result.x, negate(a))));
    if (xn.is_infinite() || compare(xn, span) >= 0) {
      result.row = segments - 1;
    } else {
      const int shift = xn.exponent + table.n - table.m;  // xn / w = magnitude * 2^shift
      const cpp_int index = shift >= 0 ? cpp_int(xn.magnitude << shift) : cpp_int(xn.magnitude >> -shift);
      result.row = index.convert_to<int64_t>();
    }
  }
  return result;
}

}  // namespace

int64_t reference_row(const UniformTable& table, uint32_t x_bits) {
  return find_row(table, x_bits).row;
}

uint32_t reference_interp(const UniformTable& table, uint32_t x_bits) {
  const Layout layout = layout_of(table.format);
  const Operands operands = find_row(table, x_bits);
  if (operands.row < 0) return layout.canonical_nan;
  const Exact slope = exact_of_float(table.k.at(static_cast<size_t>(operands.row)));
  const Exact intercept = exact_of_float(table.b.at(static_cast<size_t>(operands.row)));
  const bool edge_row = operands.row >= (int64_t{1} << table.n);
  if (edge_row && slope.is_zero()) return round_to(layout, intercept);
  // One rounding of the exact x*K + B.
  return round_to(layout, add(multiply(operands.x, slope), intercept));
}

}  // namespace interpsim::format_reference
