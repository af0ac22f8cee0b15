// Error of an approximation against a float64 reference (paper eqs. 7-8).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "model/functions.hpp"
#include "model/number_format.hpp"

namespace interpsim {

struct ErrorReport {
  size_t samples = 0;
  double l2 = 0;        // sqrt(sum (y' - y)^2), paper eq. 7 (grows with samples)
  double linf = 0;      // max |y' - y|, eq. 8
  double mean_abs = 0;  // sum |y' - y| / samples
  double max_ulp = 0;   // max |y' - y| / ulp(nearest y in the format measured, float32 by default)
  float worst_x = 0;    // an input where |y' - y| = linf
  NumberFormat ulp_format = NumberFormat::kFp32;  // whose ulps max_ulp counts
  std::string ulp_unit;  // "" (ulp_format's ulps), or "lsb" (fixed point: units of 2^-fy)
};

// Distance |y' - y| / ulp(r) where r is the float32 nearest y and ulp(r) the
// gap from |r| to the next float32 away from zero (2^-149 for subnormals).
// Matching infinities count 0; any other non-finite pair counts +inf.
// In another format (docs/design.md section 12) ulp(r) is that format's gap
// at its nearest value r (at its largest finite value and beyond: the gap
// below the next binade, 2^(max_exponent - mantissa_bits)).
double ulp_error(float approx, double reference, NumberFormat format = NumberFormat::kFp32);

// `samples` (>= 2) points x_i = float32(lo + (hi - lo) * i / (samples - 1)),
// i = 0..samples-1; the reference is evaluated at the float32 x_i.
// Throws std::invalid_argument for samples < 2 or lo > hi or non-finite bounds.
ErrorReport measure_error(const std::function<float(float)>& approx, RealFunction reference,
                          float lo, float hi, size_t samples);

// Every float32 in [lo, hi] (both zeros counted when the range holds 0),
// split over `threads` threads.
ErrorReport measure_error_all_floats(const std::function<float(float)>& approx,
                                     RealFunction reference, float lo, float hi,
                                     unsigned threads = 1);

// Every value of an 8- or 16-bit `format` in [lo, hi] (both zeros counted
// when the range holds 0), max_ulp in that format's ulps.
ErrorReport measure_error_every_value(NumberFormat format,
                                      const std::function<float(float)>& approx,
                                      RealFunction reference, float lo, float hi);

// Fixed point: the integer inputs q = lo, lo + step, ... <= hi (x = q * 2^-fx),
// approx(q) the output's value, max_ulp in units of `lsb` (2^-fy).
ErrorReport measure_fixed_error(const std::function<double(int64_t)>& approx,
                                RealFunction reference, int fx, double lsb, int64_t lo, int64_t hi,
                                int64_t step = 1);

}  // namespace interpsim
