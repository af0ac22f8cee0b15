// Calibration of a fixed-point input format (docs/design.md section 12): the
// clipping threshold of a trace, by its largest magnitude or by KL divergence
// between the float histogram and its quantized version (TensorRT's entropy
// calibration, adapted to any width), and the fractional bits it implies.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "model/enum_names.hpp"
#include "model/fixed_point.hpp"

namespace interpsim {

enum class CalibrationMethod { kKl, kMax };

inline const EnumNames<CalibrationMethod>& calibration_method_names() {
  static const EnumNames<CalibrationMethod> names{{CalibrationMethod::kKl, "kl"},
                                                  {CalibrationMethod::kMax, "max"}};
  return names;
}

struct Calibration {
  double max_abs = 0;     // largest finite |x|
  double threshold = 0;   // clipping threshold T
  double kl = 0;          // KL divergence at T (kl), 0 for max
  int fx = 0;             // the most fractional bits with T * 2^fx <= 2^(W-1) - 1
  size_t finite = 0;      // finite elements used
  size_t clipped = 0;     // of them, |x| > T
  size_t bins = 0;        // histogram bins (kl)
  size_t candidates = 0;  // thresholds tried (kl)
};

// Histogram: `bins` equal bins of |x| over [0, max|x|] (2048, or 16 per
// quantization level when that is more: 2^(W-1) levels). Candidate
// thresholds: the upper edges of bins i = levels .. bins (every one for
// int8, 256 evenly spaced ones for int16). For each: P = the first i bins,
// the rest (the clipped values) added to bin i-1; Q = the first i bins
// without that mass, merged into `levels` groups of consecutive bins, each
// group's mass spread evenly over the bins where P is not empty; both smoothed (empty bins get 1e-4
// of the mass, taken evenly from the others) and normalized; KL(P || Q). The threshold is the
// candidate with the least KL (the smallest on ties). Throws InputError
// (naming `source`) when no element is finite or every one is 0.
Calibration calibrate(const std::vector<float>& values, FixedFormat format,
                      CalibrationMethod method, const std::string& source);

}  // namespace interpsim
