// Input sets for the RTL suites: random bit patterns, values inside the
// table's interval, IEEE corner cases, breakpoints and their neighbours, and
// trace-like (normally distributed) activations. Bit patterns, not floats, so
// signalling NaNs and -0 survive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace interpsim::rtl_test {

// Uniform over all 2^32 patterns (every class: NaN, inf, subnormal, ...).
std::vector<uint32_t> random_bit_patterns(size_t count, uint64_t seed);

// Uniform reals in [lo - margin, hi + margin], margin = (hi - lo) / 8.
std::vector<uint32_t> random_in_interval(float lo, float hi, size_t count, uint64_t seed);

// Normally distributed "activations" (mean, sigma), like a layer's trace.
std::vector<uint32_t> trace_like(float mean, float sigma, size_t count, uint64_t seed);

// +-0, subnormals, normal extremes, +-inf, quiet/signalling/negative NaNs,
// huge values, and lo/hi with their float neighbours.
std::vector<uint32_t> ieee_corners(float lo, float hi);

// Each breakpoint with its two float neighbours; at most max_points
// breakpoints, evenly spaced through the list, first and last always included.
std::vector<uint32_t> breakpoint_neighbourhoods(const std::vector<float>& breakpoints,
                                                size_t max_points);

}  // namespace interpsim::rtl_test
