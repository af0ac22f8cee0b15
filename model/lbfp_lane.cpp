#include "model/lbfp_lane.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "model/fixed_table_gen.hpp"
#include "model/lbfp_multiply.hpp"
#include "model/table_gen.hpp"

namespace interpsim {

namespace {

int64_t saturate_to(int64_t value, FixedFormat format) {
  return std::clamp(value, fixed_min(format), fixed_max(format));
}

}  // namespace

int32_t lbfp_align(int16_t p, int shift) {
  shift = std::clamp(shift, -kLbfpAlignMax, kLbfpAlignMax);
  if (shift >= 0) return static_cast<int32_t>(p) * (int32_t{1} << shift);
  const int drop = -shift;
  const int32_t floor_part = static_cast<int32_t>(p) >> drop;  // arithmetic: floor
  const int32_t remainder = p - floor_part * (int32_t{1} << drop);
  const int32_t half = int32_t{1} << (drop - 1);
  if (remainder > half || (remainder == half && (floor_part & 1) != 0)) return floor_part + 1;
  return floor_part;
}

int64_t lbfp8_decode_fixed(uint8_t element, int exponent, FixedFormat format, int fx) {
  if (format == FixedFormat::kInt32) {
    throw std::invalid_argument("an LBFP8 input needs an int8 or int16 table, not int32");
  }
  const int code = element & 0x7F;
  if (code == kLbfpZeroCode) return 0;
  const int octave = code >> kLbfpFractionBits;
  const int64_t mantissa = lbfp8_mul_mantissa(code & 15);  // 2^(-k/16), 16 fractional bits
  // |x| = M[k] * 2^(E - 16 - q): one rounding, from the table entry to fx bits.
  const int shift = std::clamp(exponent + fx - kLbfpMulTableBits - octave, -kLbfpDecodeShiftMax,
                               kLbfpDecodeShiftMax);
  int64_t magnitude = 0;
  if (shift >= 0) {
    magnitude = mantissa << shift;
  } else {
    const int drop = -shift;
    magnitude = mantissa >> drop;
    const int64_t remainder = mantissa - (magnitude << drop);
    const int64_t half = int64_t{1} << (drop - 1);
    if (remainder > half || (remainder == half && (magnitude & 1) != 0)) ++magnitude;
  }
  // Round-half-even is symmetric, so rounding the magnitude rounds the value.
  return saturate_to((element & 0x80) != 0 ? -magnitude : magnitude, format);
}

std::vector<int64_t> fixed_eval_lbfp8(const FixedTable& table, const LbfpTrace& trace) {
  std::vector<int64_t> y(trace.elements.size());
  for (size_t i = 0; i < y.size(); ++i) {
    const int exponent = trace.exponents[i / trace.block];
    y[i] =
        fixed_eval(table, lbfp8_decode_fixed(trace.elements[i], exponent, table.format, table.fx));
  }
  return y;
}

int lbfp8_value_exponent(double k) {
  if (k == 0.0) return kLbfpMinExponent;
  int e = 0;
  const double mantissa = std::frexp(std::fabs(k), &e);  // |k| = mantissa * 2^e, in [0.5, 1)
  if (mantissa == 0.5) --e;                              // a power of two: |k| = 2^(e-1)
  return std::clamp(e, kLbfpMinExponent, kLbfpMaxExponent);
}

LbfpLaneTable generate_lbfp_lane_table(const std::string& func, double a, int m, int n,
                                       EdgeMode edges) {
  LbfpLaneTable lane;
  lane.index = generate_fixed_table(func, a, m, n, edges, FixedFormat::kInt16);
  const RealFunction f = table_reference(func, false);
  const size_t segments = lane.index.segments();
  const double width = std::ldexp(1.0, m - n);
  std::vector<ChordLine> lines(segments);
  for (size_t i = 0; i < segments; ++i) {
    const double x0 = a + static_cast<double>(i) * width;
    lines[i] = chord_line(f, x0, x0 + width);
  }
  const auto [below, above] =
      edge_lines(func, false, edges, a, a + std::ldexp(1.0, m), lines.front(), lines.back());
  lines.push_back(below);
  lines.push_back(above);
  double largest_b = 0.0;
  for (const ChordLine& line : lines) largest_b = std::max(largest_b, std::fabs(line.b));
  lane.index.fy = std::min(lane.index.fy, most_fraction_bits(largest_b, 16));
  lane.index.k.clear();
  lane.index.b.clear();
  for (const ChordLine& line : lines) {
    const int exponent = lbfp8_value_exponent(line.k);
    lane.k_exponent.push_back(static_cast<int8_t>(exponent));
    lane.k_code.push_back(line.k == 0.0 ? kLbfpZeroCode : lbfp8_encode(line.k, exponent));
    lane.b.push_back(static_cast<int16_t>(std::nearbyint(std::ldexp(line.b, lane.index.fy))));
  }
  return lane;
}

int16_t lbfp_lane_eval(const LbfpLaneTable& table, uint8_t x, int ex) {
  const FixedTable& index = table.index;
  const int64_t qx = lbfp8_decode_fixed(x, ex, FixedFormat::kInt16, index.fx);
  const size_t row = fixed_row(index, qx);
  const int16_t p = lbfp8_mul(x, table.k_code[row]);
  const int shift = ex + table.k_exponent[row] - kLbfpMulOutFracBits + index.fy;
  const int64_t sum = int64_t{lbfp_align(p, shift)} + table.b[row];
  return static_cast<int16_t>(saturate_to(sum, FixedFormat::kInt16));
}

}  // namespace interpsim
