#include "test_inputs.hpp"

#include <cfloat>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>

#include "model/float_bits.hpp"
#include "model/npy_io.hpp"

namespace gpu_ref_test {

using interpsim::bits_to_float;

// Keeps the suite fast whatever lands in traces/.
constexpr size_t kMaxTraceValues = 4'000'000;

std::vector<float> special_values() {
  std::vector<float> values;
  const uint32_t patterns[] = {
      0x00000000u, 0x80000000u,                            // +-0
      0x00000001u, 0x80000001u, 0x007FFFFFu, 0x807FFFFFu,  // subnormal extremes
      0x00400000u, 0x80400000u,                            // mid subnormals
      0x00800000u, 0x80800000u,                            // smallest normals
      0x7F800000u, 0xFF800000u,                            // +-inf
      0x7FC00000u, 0xFFC00000u, 0x7F800001u, 0xFF800001u,  // NaNs: quiet, signalling
      0x7FFFFFFFu, 0xFFFFFFFFu, 0x7FC12345u, 0x7FA00000u,  // NaN payloads
      0x7F7FFFFFu, 0xFF7FFFFFu,                            // +-FLT_MAX
      0x3F800000u, 0xBF800000u,                            // +-1
  };
  for (uint32_t bits : patterns) values.push_back(bits_to_float(bits));
  for (int exponent = -149; exponent <= 127; exponent += 3) {
    values.push_back(std::ldexp(1.0f, exponent));
    values.push_back(-std::ldexp(1.0f, exponent));
    values.push_back(std::ldexp(1.5f, exponent > 126 ? 126 : exponent));
  }
  for (float huge : {1e20f, -1e20f, 3e38f, -3e38f, 1e-30f, -1e-30f}) values.push_back(huge);
  return values;
}

std::vector<float> breakpoint_neighbours(const std::vector<float>& breakpoints) {
  std::vector<float> values;
  const float inf = std::numeric_limits<float>::infinity();
  for (size_t i = 0; i < breakpoints.size(); ++i) {
    const float t = breakpoints[i];
    const float below = std::nextafter(t, -inf), above = std::nextafter(t, inf);
    values.insert(values.end(),
                  {t, below, above, std::nextafter(below, -inf), std::nextafter(above, inf)});
    if (i + 1 < breakpoints.size()) values.push_back(0.5f * (t + breakpoints[i + 1]));
  }
  return values;
}

std::vector<float> random_bit_patterns(size_t count, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::vector<float> values(count);
  for (float& value : values) value = bits_to_float(static_cast<uint32_t>(engine()));
  return values;
}

std::vector<float> random_uniform(size_t count, float lo, float hi, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<float> distribution(lo, hi);
  std::vector<float> values(count);
  for (float& value : values) value = distribution(engine);
  return values;
}

std::vector<float> trace_like(const std::string& func, size_t count, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::vector<float> values;
  values.reserve(count);
  if (func == "exp") {
    // softmax rows of 128 logits ~ N(0, 3): x - max(row)
    std::normal_distribution<float> logit(0.0f, 3.0f);
    std::vector<float> row(128);
    while (values.size() < count) {
      float row_max = -std::numeric_limits<float>::infinity();
      for (float& x : row) row_max = std::fmax(row_max, x = logit(engine));
      for (float x : row) values.push_back(x - row_max);
    }
    values.resize(count);
  } else {
    const float spread = func == "gelu" ? 1.0f : 2.5f;
    std::normal_distribution<float> activation(func == "gelu" ? -0.2f : 0.0f, spread);
    for (size_t i = 0; i < count; ++i) values.push_back(activation(engine));
  }
  const std::filesystem::path traces = std::filesystem::path(GPU_REF_TEST_SOURCE_DIR) / "traces";
  if (std::filesystem::is_directory(traces)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(traces)) {
      if (entry.path().extension() != ".npy") continue;
      try {
        const interpsim::NpyArray array = interpsim::read_npy(entry.path().string());
        const size_t room = kMaxTraceValues > values.size() ? kMaxTraceValues - values.size() : 0;
        const size_t take = array.data.size() < room ? array.data.size() : room;
        values.insert(values.end(), array.data.begin(), array.data.begin() + take);
      } catch (const std::exception&) {
        // Not a float32 trace (e.g. a golden file in another dtype): not an input set.
      }
    }
  }
  return values;
}

double ulp_error(float result, double reference) {
  if (std::isnan(reference) || std::isnan(result)) {
    return (std::isnan(reference) && std::isnan(result)) ? 0.0
                                                         : std::numeric_limits<double>::infinity();
  }
  if (std::isinf(reference) || std::isinf(result)) {
    return static_cast<double>(result) == reference ? 0.0 : std::numeric_limits<double>::infinity();
  }
  const double magnitude = std::fabs(reference);
  // Spacing of float32 around the reference; subnormal spacing below FLT_MIN.
  const int exponent = magnitude < FLT_MIN ? -126 : std::ilogb(magnitude);
  const double ulp = std::ldexp(1.0, (exponent < -126 ? -126 : exponent) - 23);
  return std::fabs(static_cast<double>(result) - reference) / ulp;
}

}  // namespace gpu_ref_test
