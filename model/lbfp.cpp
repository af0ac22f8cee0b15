#include "model/lbfp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/input_error.hpp"
#include "model/kl_divergence.hpp"

namespace interpsim {

namespace {

constexpr int kMaxOffset = 8;
// A log-domain histogram, as the format itself is: bin 0 holds the zeros, then
// 16 bins per octave (the code's step) over the 32 octaves below max|x|;
// smaller magnitudes share the lowest bin.
constexpr int kOctaves = 32;
constexpr int kBinsPerOctave = 1 << kLbfpFractionBits;
constexpr size_t kBins = 1 + static_cast<size_t>(kOctaves * kBinsPerOctave);

std::vector<double> magnitude_histogram(const std::vector<double>& values, double top) {
  std::vector<double> hist(kBins, 0.0);
  const double top_log = std::log2(top);
  for (const double v : values) {
    if (v == 0) {
      hist[0] += 1.0;
      continue;
    }
    const double below = (top_log - std::log2(std::fabs(v))) * kBinsPerOctave;  // >= 0
    const size_t from_top = static_cast<size_t>(std::clamp(below, 0.0, kBins - 2.0));
    hist[kBins - 1 - from_top] += 1.0;
  }
  return hist;
}

}  // namespace

double lbfp8_decode(uint8_t element, int exponent) {
  const int code = element & 0x7F;
  if (code == kLbfpZeroCode) return 0.0;
  const double magnitude = std::exp2(static_cast<double>(exponent) -
                                     static_cast<double>(code) / (1 << kLbfpFractionBits));
  return (element & 0x80) != 0 ? -magnitude : magnitude;
}

uint8_t lbfp8_encode(double x, int exponent) {
  const uint8_t sign = std::signbit(x) ? 0x80 : 0x00;
  if (x == 0) return kLbfpZeroCode;
  const double steps =
      (static_cast<double>(exponent) - std::log2(std::fabs(x))) * (1 << kLbfpFractionBits);
  if (steps <= 0) return sign;                // saturates to the block's largest magnitude
  const double code = std::nearbyint(steps);  // ties to even
  if (code >= kLbfpZeroCode) return kLbfpZeroCode;
  return static_cast<uint8_t>(sign | static_cast<uint8_t>(code));
}

int lbfp8_block_max_exponent(const float* x, size_t count) {
  double largest = 0;
  for (size_t i = 0; i < count; ++i) {
    if (std::isfinite(x[i])) largest = std::max(largest, std::fabs(static_cast<double>(x[i])));
  }
  if (largest == 0) return kLbfpMinExponent;
  int exponent = static_cast<int>(std::ceil(std::log2(largest)));
  while (std::ldexp(1.0, exponent) < largest) ++exponent;  // log2 rounding aside
  return std::clamp(exponent, kLbfpMinExponent, kLbfpMaxExponent);
}

LbfpTrace lbfp8_encode_trace(const std::vector<float>& values, size_t block, int offset,
                             const std::string& source) {
  LbfpTrace trace;
  trace.block = block;
  trace.offset = offset;
  trace.elements.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InputError(source + ": element " + std::to_string(i) + " (" +
                       std::to_string(values[i]) + ") is not finite: LBFP8 has no NaN or infinity");
    }
  }
  for (size_t start = 0; start < values.size(); start += block) {
    const size_t count = std::min(block, values.size() - start);
    const int max_exponent = lbfp8_block_max_exponent(values.data() + start, count);
    const int exponent = max_exponent == kLbfpMinExponent
                             ? kLbfpMinExponent
                             : std::max(kLbfpMinExponent, max_exponent - offset);
    trace.exponents.push_back(static_cast<int8_t>(exponent));
    for (size_t i = start; i < start + count; ++i) {
      trace.elements[i] = lbfp8_encode(values[i], exponent);
    }
  }
  return trace;
}

std::vector<double> lbfp8_decode_trace(const LbfpTrace& trace) {
  std::vector<double> values(trace.elements.size());
  for (size_t i = 0; i < values.size(); ++i) {
    values[i] = lbfp8_decode(trace.elements[i], trace.exponents[i / trace.block]);
  }
  return values;
}

LbfpCalibration lbfp8_calibrate(const std::vector<float>& values, size_t block, bool use_kl,
                                const std::string& source) {
  std::vector<float> finite;
  double top = 0;
  for (const float v : values) {
    if (!std::isfinite(v)) continue;
    finite.push_back(v);
    top = std::max(top, std::fabs(static_cast<double>(v)));
  }
  if (finite.empty()) throw InputError(source + ": no finite value to calibrate on");
  if (top == 0) throw InputError(source + ": every finite value is 0");
  LbfpCalibration result;
  std::vector<double> wide(finite.begin(), finite.end());
  std::vector<double> p = magnitude_histogram(wide, top);
  smooth_and_normalize(p);
  double best = std::numeric_limits<double>::infinity();
  for (int offset = 0; offset <= (use_kl ? kMaxOffset : 0); ++offset) {
    const std::vector<double> decoded =
        lbfp8_decode_trace(lbfp8_encode_trace(finite, block, offset, source));
    std::vector<double> q = magnitude_histogram(decoded, top);
    smooth_and_normalize(q);
    const double kl = kl_divergence(p, q);
    result.kl_by_offset.push_back(kl);
    if (kl < best) {
      best = kl;
      result.offset = offset;
      result.kl = use_kl ? kl : 0.0;
    }
  }
  const LbfpTrace trace = lbfp8_encode_trace(finite, block, result.offset, source);
  const std::vector<double> decoded = lbfp8_decode_trace(trace);
  double sum = 0;
  size_t nonzero = 0;
  for (size_t i = 0; i < finite.size(); ++i) {
    const double x = finite[i];
    if (x == 0) continue;
    ++nonzero;
    sum += std::fabs(decoded[i] - x) / std::fabs(x);
    if (decoded[i] == 0) ++result.flushed;
    if (std::fabs(x) > std::ldexp(1.0, trace.exponents[i / block])) ++result.saturated;
  }
  result.mean_relative_error = nonzero == 0 ? 0.0 : sum / static_cast<double>(nonzero);
  if (!use_kl) result.kl_by_offset.clear();
  return result;
}

}  // namespace interpsim
