#include "model/fixed_point.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace interpsim {

namespace {

using Int128 = __int128;

// Round-to-nearest-even of acc / 2^drop (drop > 0), exact.
Int128 round_nearest_even(Int128 acc, int drop) {
  const Int128 floor_part = acc >> drop;  // arithmetic: floor
  const Int128 remainder = acc - (floor_part << drop);
  const Int128 half = Int128{1} << (drop - 1);
  if (remainder > half || (remainder == half && (floor_part & 1) != 0)) return floor_part + 1;
  return floor_part;
}

int64_t saturate(Int128 value, FixedFormat format) {
  if (value < fixed_min(format)) return fixed_min(format);
  if (value > fixed_max(format)) return fixed_max(format);
  return static_cast<int64_t>(value);
}

}  // namespace

double FixedTable::a() const {
  return std::ldexp(static_cast<double>(qa), -fx);
}
double FixedTable::upper() const {
  return a() + std::ldexp(1.0, m);
}

std::string check_fixed_params(const FixedTable& table) {
  const int width = fixed_width(table.format);
  const std::string w = std::to_string(width);
  for (const auto& [name, bits] : {std::pair{"fx", table.fx}, std::pair{"fy", table.fy},
                                   std::pair{"fk", table.fk}, std::pair{"fb", table.fb}}) {
    if (bits < kMinFracBits || bits > kMaxFracBits) {
      return std::string(name) + "=" + std::to_string(bits) + " is outside " +
             std::to_string(kMinFracBits) + ".." + std::to_string(kMaxFracBits);
    }
  }
  if (table.fx < 0) return "fx=" + std::to_string(table.fx) + " is negative";
  if (std::abs(table.fb - (table.fx + table.fk)) > kMaxAlignBits) {
    return "fb=" + std::to_string(table.fb) + " is more than " + std::to_string(kMaxAlignBits) +
           " bits from fx + fk = " + std::to_string(table.fx + table.fk);
  }
  const int drop = std::max(table.fx + table.fk, table.fb) - table.fy;
  if (std::abs(drop) > kMaxDropBits) {
    return "fy=" + std::to_string(table.fy) + " is more than " + std::to_string(kMaxDropBits) +
           " bits from max(fx + fk, fb) = " + std::to_string(drop + table.fy);
  }
  if (table.n < 0 || table.n > kMaxSegmentBits) {
    return "n=" + std::to_string(table.n) + " is outside 0.." + std::to_string(kMaxSegmentBits);
  }
  if (table.m + table.fx < table.n) {
    return "m + fx = " + std::to_string(table.m + table.fx) +
           " is less than n = " + std::to_string(table.n) +
           " (a segment would be narrower than one step of x)";
  }
  // x - a spans at most 2^width steps, so m + fx <= width.
  if (table.m + table.fx > width) {
    return "m + fx = " + std::to_string(table.m + table.fx) + " exceeds the width " + w +
           " (the interval is wider than every " + fixed_format_names().name(table.format) +
           " value)";
  }
  if (table.qa < fixed_min(table.format) || table.qa > fixed_max(table.format)) {
    return "a = " + std::to_string(table.qa) + " * 2^-" + std::to_string(table.fx) +
           " is not a value of " + fixed_format_names().name(table.format);
  }
  return "";
}

std::string check_fixed_table(const FixedTable& table) {
  const std::string why = check_fixed_params(table);
  if (!why.empty()) return why;
  const std::string w = std::to_string(fixed_width(table.format));
  if (table.k.size() != table.rows() || table.b.size() != table.rows()) {
    return "expected " + std::to_string(table.rows()) + " rows";
  }
  for (size_t i = 0; i < table.rows(); ++i) {
    for (const int64_t entry : {table.k[i], table.b[i]}) {
      if (entry < fixed_min(table.format) || entry > fixed_max(table.format)) {
        return "row " + std::to_string(i) + ": entry " + std::to_string(entry) +
               " does not fit in " + w + " bits";
      }
    }
  }
  return "";
}

size_t fixed_row(const FixedTable& table, int64_t qx) {
  const int64_t offset = qx - table.qa;
  if (offset <= 0) return table.segments();                                         // x <= a
  if (offset >= (int64_t{1} << (table.m + table.fx))) return table.segments() + 1;  // x >= b
  return static_cast<size_t>(offset >> table.index_shift());
}

int64_t fixed_eval(const FixedTable& table, int64_t qx, StochasticStream* stream) {
  const size_t row = fixed_row(table, qx);
  // K*x has fx + fk fractional bits, B has fb: both aligned to s (exact).
  const int product_bits = table.fx + table.fk;
  const int s = std::max(product_bits, table.fb);
  const Int128 acc =
      (Int128{qx} * table.k[row] << (s - product_bits)) + (Int128{table.b[row]} << (s - table.fb));
  const int drop = s - table.fy;
  if (drop <= 0) {
    // Exact: scale up, saturating (a shift past the width saturates by sign).
    if (acc == 0) return 0;
    const Int128 limit = Int128{1} << 64;
    if (-drop >= 64 || acc >= (limit >> -drop) || acc <= -(limit >> -drop)) {
      return acc > 0 ? fixed_max(table.format) : fixed_min(table.format);
    }
    return saturate(acc << -drop, table.format);
  }
  if (stream == nullptr) return saturate(round_nearest_even(acc, drop), table.format);
  // |acc| < 2^125 and drop <= kMaxDropBits: the sum stays inside 128 bits.
  const uint32_t random = stream->next();
  const Int128 addend = drop <= 32 ? Int128{random >> (32 - drop)} : Int128{random} << (drop - 32);
  return saturate((acc + addend) >> drop, table.format);
}

FixedLookup::FixedLookup(FixedTable table) : table_(std::move(table)) {
  const int width = fixed_width(table_.format);
  if (width > 16) return;
  outputs_.resize(size_t{1} << width);
  for (size_t u = 0; u < outputs_.size(); ++u) {
    // The unsigned bits u as a two's-complement value of the width.
    const int64_t qx = u >= outputs_.size() / 2
                           ? static_cast<int64_t>(u) - static_cast<int64_t>(outputs_.size())
                           : static_cast<int64_t>(u);
    outputs_[u] = static_cast<int32_t>(fixed_eval(table_, qx));
  }
}

template <typename Int>
void FixedLookup::run(const Int* x, Int* y, size_t count, FixedRounding rounding,
                      uint32_t seed) const {
  static_assert(std::is_signed_v<Int>);
  if (static_cast<int>(sizeof(Int) * 8) != fixed_width(table_.format)) {
    throw std::invalid_argument("FixedLookup::run: element width differs from the table's");
  }
  if (rounding == FixedRounding::kStochastic) {
    StochasticStream stream(seed);
    for (size_t i = 0; i < count; ++i) y[i] = static_cast<Int>(fixed_eval(table_, x[i], &stream));
    return;
  }
  if constexpr (sizeof(Int) <= 2) {
    const int32_t* outputs = outputs_.data();
    for (size_t i = 0; i < count; ++i) {
      y[i] = static_cast<Int>(outputs[static_cast<std::make_unsigned_t<Int>>(x[i])]);
    }
  } else {
    for (size_t i = 0; i < count; ++i) y[i] = static_cast<Int>(fixed_eval(table_, x[i]));
  }
}

template void FixedLookup::run<int8_t>(const int8_t*, int8_t*, size_t, FixedRounding,
                                       uint32_t) const;
template void FixedLookup::run<int16_t>(const int16_t*, int16_t*, size_t, FixedRounding,
                                        uint32_t) const;
template void FixedLookup::run<int32_t>(const int32_t*, int32_t*, size_t, FixedRounding,
                                        uint32_t) const;

}  // namespace interpsim
