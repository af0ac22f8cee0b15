#include "model/error_metrics.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"

namespace interpsim {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// |y' - y|, with NaN/inf pairs handled as documented in the header.
double absolute_error(float approx, double reference) {
  const bool approx_nan = std::isnan(approx);
  const bool reference_nan = std::isnan(reference);
  if (approx_nan || reference_nan) return approx_nan && reference_nan ? 0.0 : kInfinity;
  if (std::isinf(approx) || std::isinf(reference)) {
    return static_cast<double>(approx) == reference ? 0.0 : kInfinity;
  }
  return std::fabs(static_cast<double>(approx) - reference);
}

// Gap from |r| to the next float32 away from zero; FLT_MAX and beyond use 2^104.
double ulp_of_nearest(double reference) {
  const float nearest = std::fabs(static_cast<float>(reference));
  if (std::isinf(nearest) || nearest == std::numeric_limits<float>::max()) {
    return std::ldexp(1.0, 104);
  }
  const float next = std::nextafter(nearest, std::numeric_limits<float>::infinity());
  return static_cast<double>(next) - static_cast<double>(nearest);
}

double ulp_of_nearest(double reference, NumberFormat format) {
  if (format == NumberFormat::kFp32) return ulp_of_nearest(reference);
  const FloatLayout layout = float_layout(format);
  const uint32_t nearest = round_to_format(format, std::fabs(reference));
  if (nearest >= layout.max_finite_bits()) {
    return std::ldexp(1.0, layout.max_exponent() - layout.mantissa_bits);
  }
  return static_cast<double>(decode_value(format, nearest + 1)) -
         static_cast<double>(decode_value(format, nearest));
}

// Running sums of one range of inputs.
struct Accumulator {
  NumberFormat format = NumberFormat::kFp32;  // of the ulps
  size_t samples = 0;
  double sum_squares = 0;
  double sum_abs = 0;
  double linf = -1;
  double max_ulp = 0;
  float worst_x = 0;

  void add(float x, float approx, double reference) {
    add_error(x, absolute_error(approx, reference), ulp_error(approx, reference, format));
  }

  void add_error(double x, double error, double ulps) {
    ++samples;
    sum_squares += error * error;
    sum_abs += error;
    if (error > linf) {
      linf = error;
      worst_x = static_cast<float>(x);
    }
    if (ulps > max_ulp) max_ulp = ulps;
  }

  void merge(const Accumulator& other) {
    samples += other.samples;
    sum_squares += other.sum_squares;
    sum_abs += other.sum_abs;
    if (other.linf > linf) {
      linf = other.linf;
      worst_x = other.worst_x;
    }
    if (other.max_ulp > max_ulp) max_ulp = other.max_ulp;
  }

  ErrorReport report() const {
    ErrorReport result;
    result.samples = samples;
    result.l2 = std::sqrt(sum_squares);
    result.linf = linf < 0 ? 0 : linf;
    result.mean_abs = samples == 0 ? 0 : sum_abs / static_cast<double>(samples);
    result.max_ulp = max_ulp;
    result.worst_x = worst_x;
    result.ulp_format = format;
    return result;
  }
};

void check_range(float lo, float hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) {
    throw std::invalid_argument("error range needs finite lo <= hi");
  }
}

// Float32 bits mapped to an unsigned key that increases with the value
// (-0 just below +0), so a range of floats is a range of keys.
uint32_t order_key(float value) {
  const uint32_t bits = float_to_bits(value);
  return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

float from_order_key(uint32_t key) {
  return bits_to_float((key & 0x80000000u) ? key & 0x7FFFFFFFu : ~key);
}

}  // namespace

double ulp_error(float approx, double reference, NumberFormat format) {
  const double error = absolute_error(approx, reference);
  if (error == 0.0 || std::isinf(error)) return error;
  return error / ulp_of_nearest(reference, format);
}

ErrorReport measure_error(const std::function<float(float)>& approx, RealFunction reference,
                          float lo, float hi, size_t samples) {
  check_range(lo, hi);
  if (samples < 2) throw std::invalid_argument("error measurement needs at least 2 samples");
  Accumulator sums;
  const double low = lo;
  const double span = static_cast<double>(hi) - low;
  const double last = static_cast<double>(samples - 1);
  for (size_t i = 0; i < samples; ++i) {
    const float x = static_cast<float>(low + span * (static_cast<double>(i) / last));
    sums.add(x, approx(x), reference(x));
  }
  return sums.report();
}

ErrorReport measure_error_all_floats(const std::function<float(float)>& approx,
                                     RealFunction reference, float lo, float hi, unsigned threads) {
  check_range(lo, hi);
  if (threads == 0) threads = 1;
  const uint64_t first = order_key(lo);
  const uint64_t count = uint64_t{order_key(hi)} - first + 1;
  std::vector<Accumulator> partial(threads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    const uint64_t begin = first + count * t / threads;
    const uint64_t end = first + count * (t + 1) / threads;
    workers.emplace_back([&, t, begin, end] {
      Accumulator& sums = partial[t];
      for (uint64_t key = begin; key < end; ++key) {
        const float x = from_order_key(static_cast<uint32_t>(key));
        sums.add(x, approx(x), reference(x));
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  Accumulator total;
  for (const Accumulator& sums : partial) total.merge(sums);
  return total.report();
}

ErrorReport measure_error_every_value(NumberFormat format,
                                      const std::function<float(float)>& approx,
                                      RealFunction reference, float lo, float hi) {
  check_range(lo, hi);
  const int bits = format_bits(format);
  if (bits > 16) throw std::invalid_argument("measure_error_every_value: an 8- or 16-bit format");
  Accumulator sums;
  sums.format = format;
  for (uint32_t pattern = 0; pattern < (uint32_t{1} << bits); ++pattern) {
    const float x = decode_value(format, pattern);
    if (std::isnan(x) || x < lo || x > hi) continue;
    sums.add(x, approx(x), reference(x));
  }
  return sums.report();
}

ErrorReport measure_fixed_error(const std::function<double(int64_t)>& approx,
                                RealFunction reference, int fx, double lsb, int64_t lo, int64_t hi,
                                int64_t step) {
  if (lo > hi || step < 1) throw std::invalid_argument("error range needs lo <= hi, step >= 1");
  Accumulator sums;
  for (int64_t q = lo;; q += step) {
    const double x = std::ldexp(static_cast<double>(q), -fx);
    const double error = std::fabs(approx(q) - reference(x));
    sums.add_error(x, error, error / lsb);
    if (hi - q < step) break;
  }
  ErrorReport report = sums.report();
  report.ulp_unit = "lsb";
  return report;
}

}  // namespace interpsim
