#include "model/format_lookup.hpp"

#include <cmath>
#include <stdexcept>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim {

int64_t format_row(const UniformTable& table, float x) {
  if (std::isnan(x)) return -1;
  const int64_t segments = static_cast<int64_t>(table.segments());
  if (x <= table.a) return segments;
  if (x >= table.upper()) return segments + 1;
  // xn = round_F(x - a) > 0; its segment floor(xn / w) exactly (w = 2^(m-n)).
  const float xn = decode_value(table.format, fused_multiply_add(table.format, x, 1.0f, -table.a));
  if (static_cast<double>(xn) >= std::ldexp(1.0, table.m)) return segments - 1;
  return static_cast<int64_t>(std::floor(std::ldexp(static_cast<double>(xn), table.n - table.m)));
}

uint32_t interp_format_bits(const UniformTable& table, uint32_t x_bits) {
  const NumberFormat format = table.format;
  if (format == NumberFormat::kFp32) {  // its entries are fp32 too (kb fp32 or io)
    return canonical_bits(interp_uniform(table, bits_to_float(x_bits)));
  }
  const float x = decode_value(format, x_bits);
  const int64_t row = format_row(table, x);
  if (row < 0) return float_layout(format).canonical_nan;
  const float slope = table.k[static_cast<size_t>(row)];
  const float intercept = table.b[static_cast<size_t>(row)];
  const bool edge_row = row >= static_cast<int64_t>(table.segments());
  if (edge_row && slope == 0.0f) return round_to_format(format, intercept);
  return fused_multiply_add(format, x, slope, intercept);
}

uint64_t reachable_segments(const UniformTable& table) {
  const int bits = format_bits(table.format);
  if (bits > 16) return table.segments();
  std::vector<bool> reached(table.segments(), false);
  uint64_t count = 0;
  for (uint32_t pattern = 0; pattern < (uint32_t{1} << bits); ++pattern) {
    const int64_t row = format_row(table, decode_value(table.format, pattern));
    if (row >= 0 && row < static_cast<int64_t>(table.segments()) && !reached[row]) {
      reached[row] = true;
      ++count;
    }
  }
  return count;
}

FormatLookup::FormatLookup(const UniformTable& table) : table_(table) {
  const int bits = format_bits(table.format);
  if (bits > 16) return;
  outputs_.resize(size_t{1} << bits);
  for (uint32_t pattern = 0; pattern < outputs_.size(); ++pattern) {
    outputs_[pattern] = static_cast<uint16_t>(interp_format_bits(table_, pattern));
  }
}

uint32_t FormatLookup::operator()(uint32_t x_bits) const {
  if (!outputs_.empty()) return outputs_[x_bits & (outputs_.size() - 1)];
  return interp_format_bits(table_, x_bits);
}

void FormatLookup::run(const uint8_t* input, uint8_t* output, size_t count) const {
  if (outputs_.size() != 256) throw std::logic_error("FormatLookup::run: not an 8-bit format");
  for (size_t i = 0; i < count; ++i) output[i] = static_cast<uint8_t>(outputs_[input[i]]);
}

void FormatLookup::run(const uint16_t* input, uint16_t* output, size_t count) const {
  if (outputs_.size() != 65536) throw std::logic_error("FormatLookup::run: not a 16-bit format");
  for (size_t i = 0; i < count; ++i) output[i] = outputs_[input[i]];
}

void FormatLookup::run(const float* input, float* output, size_t count) const {
  if (table_.format != NumberFormat::kFp32) {
    throw std::logic_error("FormatLookup::run: float data needs an fp32 table");
  }
  interp_uniform_batch(table_, input, output, count);
}

}  // namespace interpsim
