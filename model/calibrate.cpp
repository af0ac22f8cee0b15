#include "model/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "model/input_error.hpp"
#include "model/kl_divergence.hpp"

namespace interpsim {

namespace {

constexpr size_t kBaseBins = 2048;
constexpr size_t kBinsPerLevel = 16;
// Every candidate for int8 (1921 of them); for wider formats, whose
// histograms have 16 bins per level, 256 evenly spaced ones keep it to seconds.
constexpr size_t kMaxCandidatesNarrow = 2048;
constexpr size_t kMaxCandidatesWide = 256;

// KL of the first `count` bins (outliers folded into the last) against their
// quantization into `levels` groups.
double candidate_kl(const std::vector<double>& hist, size_t count, size_t levels) {
  std::vector<double> p(hist.begin(), hist.begin() + static_cast<std::ptrdiff_t>(count));
  for (size_t i = count; i < hist.size(); ++i) p[count - 1] += hist[i];
  std::vector<double> q(count, 0.0);
  for (size_t level = 0; level < levels; ++level) {
    const size_t begin = level * count / levels;
    const size_t end = (level + 1) * count / levels;
    double mass = 0;
    size_t nonempty = 0;
    for (size_t i = begin; i < end; ++i) {
      mass += hist[i];  // without the clipped mass: what clipping costs shows here
      if (p[i] != 0) ++nonempty;
    }
    for (size_t i = begin; i < end; ++i) {
      if (p[i] != 0) q[i] = mass / static_cast<double>(nonempty);
    }
  }
  if (!smooth_and_normalize(p) || !smooth_and_normalize(q)) {
    return std::numeric_limits<double>::infinity();
  }
  return kl_divergence(p, q);
}

}  // namespace

Calibration calibrate(const std::vector<float>& values, FixedFormat format,
                      CalibrationMethod method, const std::string& source) {
  Calibration result;
  for (const float v : values) {
    if (!std::isfinite(v)) continue;
    ++result.finite;
    result.max_abs = std::max(result.max_abs, std::fabs(static_cast<double>(v)));
  }
  if (result.finite == 0) throw InputError(source + ": no finite value to calibrate on");
  if (result.max_abs == 0) throw InputError(source + ": every finite value is 0");
  const size_t levels = size_t{1} << (fixed_width(format) - 1);
  if (method == CalibrationMethod::kKl && fixed_width(format) > 16) {
    throw std::invalid_argument(
        "kl calibration is for int8 and int16 (a histogram of 16 bins "
        "per int32 level is too large): use max");
  }
  result.threshold = result.max_abs;
  if (method == CalibrationMethod::kKl) {
    const size_t bins = std::max(kBaseBins, kBinsPerLevel * levels);
    result.bins = bins;
    const double bin_width = result.max_abs / static_cast<double>(bins);
    std::vector<double> hist(bins, 0.0);
    for (const float v : values) {
      if (!std::isfinite(v)) continue;
      const double magnitude = std::fabs(static_cast<double>(v));
      const size_t bin = std::min(bins - 1, static_cast<size_t>(magnitude / bin_width));
      hist[bin] += 1.0;
    }
    const size_t first = std::min(levels, bins);
    const size_t span = bins - first + 1;
    const size_t tries = std::min(span, levels <= 128 ? kMaxCandidatesNarrow : kMaxCandidatesWide);
    double best = std::numeric_limits<double>::infinity();
    size_t best_count = bins;
    for (size_t t = 0; t < tries; ++t) {
      const size_t count = tries == 1 ? bins : first + t * (span - 1) / (tries - 1);
      const double kl = candidate_kl(hist, count, std::min(levels, count));
      if (kl < best) {
        best = kl;
        best_count = count;
      }
    }
    result.candidates = tries;
    result.kl = best;
    result.threshold = static_cast<double>(best_count) * bin_width;
  }
  for (const float v : values) {
    if (std::isfinite(v) && std::fabs(static_cast<double>(v)) > result.threshold) ++result.clipped;
  }
  // The most fractional bits that hold T: T * 2^fx <= 2^(W-1) - 1.
  const double limit = std::ldexp(1.0, fixed_width(format) - 1) - 1.0;
  result.fx = static_cast<int>(std::floor(std::log2(limit / result.threshold)));
  while (std::ldexp(result.threshold, result.fx) > limit) --result.fx;
  while (std::ldexp(result.threshold, result.fx + 1) <= limit) ++result.fx;
  return result;
}

}  // namespace interpsim
