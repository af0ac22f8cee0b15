#include "testbench/rtl/input_sets.hpp"

#include <cfloat>
#include <cmath>
#include <limits>
#include <random>

#include "model/float_bits.hpp"

namespace interpsim::rtl_test {

std::vector<uint32_t> random_bit_patterns(size_t count, uint64_t seed) {
  std::mt19937 rng(static_cast<uint32_t>(seed));
  std::vector<uint32_t> out(count);
  for (uint32_t& bits : out) bits = rng();
  return out;
}

std::vector<uint32_t> random_in_interval(float lo, float hi, size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const double margin = (static_cast<double>(hi) - lo) / 8.0;
  std::uniform_real_distribution<double> dist(lo - margin, hi + margin);
  std::vector<uint32_t> out(count);
  for (uint32_t& bits : out) bits = float_to_bits(static_cast<float>(dist(rng)));
  return out;
}

std::vector<uint32_t> trace_like(float mean, float sigma, size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> dist(mean, sigma);
  std::vector<uint32_t> out(count);
  for (uint32_t& bits : out) bits = float_to_bits(dist(rng));
  return out;
}

std::vector<uint32_t> ieee_corners(float lo, float hi) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::vector<uint32_t> out = {
      0x00000000u, 0x80000000u,                            // +-0
      0x00000001u, 0x80000001u, 0x007FFFFFu, 0x807FFFFFu,  // subnormal extremes
      0x00400000u, 0x80400000u,                            // mid subnormal
      0x00800000u, 0x80800000u,                            // smallest normals
      0x7F7FFFFFu, 0xFF7FFFFFu,                            // +-FLT_MAX
      0x7F800000u, 0xFF800000u,                            // +-inf
      0x7FC00000u, 0xFFC00000u, 0x7F800001u, 0xFF800001u,  // quiet/signalling, both signs
      0x7FFFFFFFu, 0x7FA00000u,                            // other payloads
      0x3F800000u, 0xBF800000u,                            // +-1
  };
  for (float huge : {1e30f, -1e30f, 65504.0f, -65504.0f, 1e-30f, -1e-30f}) {
    out.push_back(float_to_bits(huge));
  }
  for (float edge : {lo, hi}) {
    float below = edge;
    float above = edge;
    out.push_back(float_to_bits(edge));
    for (int step = 0; step < 4; ++step) {
      below = std::nextafter(below, -kInf);
      above = std::nextafter(above, kInf);
      out.push_back(float_to_bits(below));
      out.push_back(float_to_bits(above));
    }
    out.push_back(float_to_bits(-edge));
  }
  return out;
}

std::vector<uint32_t> breakpoint_neighbourhoods(const std::vector<float>& breakpoints,
                                                size_t max_points) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::vector<uint32_t> out;
  if (breakpoints.empty()) return out;
  const size_t count = breakpoints.size();
  const size_t stride = count <= max_points ? 1 : (count + max_points - 1) / max_points;
  auto add = [&](float t) {
    out.push_back(float_to_bits(t));
    out.push_back(float_to_bits(std::nextafter(t, -kInf)));
    out.push_back(float_to_bits(std::nextafter(t, kInf)));
  };
  for (size_t i = 0; i < count; i += stride) add(breakpoints[i]);
  add(breakpoints.back());
  return out;
}

}  // namespace interpsim::rtl_test
