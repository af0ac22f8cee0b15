// Input sets for the gpu_ref cross-checks: corners, random bit patterns,
// random values around a table's interval, and activation-like traces.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gpu_ref_test {

// +-0, subnormals, smallest normals, +-inf, NaNs (quiet, signalling, negative,
// payloads), FLT_MAX, huge and tiny values, +-1.
std::vector<float> special_values();

// Every breakpoint in `breakpoints` with its neighbours 1 and 2 ulps away on
// each side, plus the midpoints of consecutive breakpoints.
std::vector<float> breakpoint_neighbours(const std::vector<float>& breakpoints);

// `count` uniformly random 32-bit patterns (every class of float, NaNs included).
std::vector<float> random_bit_patterns(size_t count, uint64_t seed);

// `count` uniform values in [lo, hi].
std::vector<float> random_uniform(size_t count, float lo, float hi, uint64_t seed);

// Activation-like inputs for a paper function (exp: x - max of softmax
// logits, <= 0; tanh and sigmoid: pre-activations; gelu: BERT FFN
// pre-activations), from fixed normal distributions, plus every .npy under
// the repository's traces/ folder (read flat).
std::vector<float> trace_like(const std::string& func, size_t count, uint64_t seed);

// Distance in units in the last place (of float32 at `reference`) between a
// float32 result and a float64 reference; NaN vs NaN is 0, NaN vs number is +inf.
double ulp_error(float result, double reference);

}  // namespace gpu_ref_test
