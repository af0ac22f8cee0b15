#include "model/igelu.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "model/float_bits.hpp"

namespace interpsim {
namespace {

// I-BERT's erf polynomial a*(min(|u|, -b) + b)^2 + 1.
constexpr double kCoeffA = -0.2888;
constexpr double kCoeffB = -1.769;
constexpr int kErfShiftBits = 14;  // I-BERT's "const": drops 14 bits to avoid overflow
constexpr double kSqrt2 = 1.41421356237309504880;

inline float canonical(float y) {
  return std::isnan(y) ? bits_to_float(kCanonicalNanBits) : y;
}

inline int64_t floor_to_int(double value) {
  return static_cast<int64_t>(std::floor(value));
}

// floor(value / 2^bits) without relying on the implementation-defined >> of negatives.
inline int64_t floor_shift(int64_t value, int bits) {
  const int64_t divisor = int64_t{1} << bits;
  const int64_t quotient = value / divisor;  // truncates toward zero
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

}  // namespace

float igelu_f32(float x) {
  const float u = x * 0.70710677f;
  const float t = std::fmin(std::fabs(u), 1.769f);
  const float d = t - 1.769f;
  const float p = d * d;
  const float q = -0.2888f * p;
  const float r = q + 1.0f;
  const float l = (u < 0.0f) ? -r : r;
  const float h = x * 0.5f;
  const float s = 1.0f + l;
  return canonical(h * s);
}

void igelu_f32_batch(const float* input, float* output, size_t count) {
  for (size_t i = 0; i < count; ++i) output[i] = igelu_f32(input[i]);
}

IgeluIntParams igelu_int_params(double input_scale) {
  if (!(input_scale > 0.0) || !std::isfinite(input_scale) || input_scale > 0.25) {
    throw std::invalid_argument("i-GELU input scale must be in (0, 0.25]");
  }
  IgeluIntParams params;
  params.input_scale = input_scale;
  const double erf_input_scale = input_scale / kSqrt2;
  params.b_int = floor_to_int(kCoeffB / erf_input_scale);
  params.c_int = floor_to_int((1.0 / kCoeffA) / (erf_input_scale * erf_input_scale));
  params.erf_scale = kCoeffA * erf_input_scale * erf_input_scale * std::ldexp(1.0, kErfShiftBits);
  params.shift_int = floor_to_int(1.0 / params.erf_scale);
  params.output_scale = input_scale * params.erf_scale / 2.0;
  // (t + b_int)^2 and c_int must fit int32 like I-BERT's INT32 kernel.
  const double square = static_cast<double>(params.b_int) * static_cast<double>(params.b_int);
  if (square > std::numeric_limits<int32_t>::max() ||
      -static_cast<double>(params.c_int) > std::numeric_limits<int32_t>::max()) {
    throw std::invalid_argument("i-GELU input scale too fine: erf polynomial overflows int32");
  }
  return params;
}

int64_t max_exact_q(const IgeluIntParams& params) {
  // |e| <= (|c_int| >> 14) + 1, so |e + shift_int| <= that + |shift_int|.
  const int64_t e_bound = ((-params.c_int) >> kErfShiftBits) + 1;
  const int64_t factor = e_bound + (params.shift_int < 0 ? -params.shift_int : params.shift_int);
  return std::numeric_limits<int32_t>::max() / factor;
}

int32_t igelu_i32(const IgeluIntParams& params, int32_t q) {
  const int64_t value = q;
  const int64_t sign = (value > 0) - (value < 0);
  const int64_t magnitude = value < 0 ? -value : value;
  const int64_t clipped = magnitude < -params.b_int ? magnitude : -params.b_int;
  const int64_t centered = clipped + params.b_int;
  const int64_t erf_int = floor_shift(sign * (centered * centered + params.c_int), kErfShiftBits);
  int64_t result = value * (erf_int + params.shift_int);
  if (result > std::numeric_limits<int32_t>::max()) result = std::numeric_limits<int32_t>::max();
  if (result < std::numeric_limits<int32_t>::min()) result = std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(result);
}

float igelu_i32_dequantized(const IgeluIntParams& params, float x) {
  if (std::isnan(x)) return bits_to_float(kCanonicalNanBits);
  double q = std::nearbyint(static_cast<double>(x) / params.input_scale);
  q = std::fmin(std::fmax(q, std::numeric_limits<int32_t>::min()),
                std::numeric_limits<int32_t>::max());
  const int32_t y = igelu_i32(params, static_cast<int32_t>(q));
  return static_cast<float>(static_cast<double>(y) * params.output_scale);
}

void igelu_i32_batch(const IgeluIntParams& params, const float* input, float* output,
                     size_t count) {
  for (size_t i = 0; i < count; ++i) output[i] = igelu_i32_dequantized(params, input[i]);
}

}  // namespace interpsim
