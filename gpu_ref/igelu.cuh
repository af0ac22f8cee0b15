// I-BERT's i-GELU (Kim et al. 2021), the paper's Table 10/11 baseline
// (docs/design.md section 4), written from I-BERT's definition and the operation
// order documented in model/igelu.hpp (the cross-check compares the two):
//   i-GELU(x) = x/2 * [1 + L(x/sqrt 2)],
//   L(u) = sign(u) * [a * (min(|u|, -b) + b)^2 + 1], a = -0.2888, b = -1.769.
#pragma once

#include <cmath>
#include <cstdint>

#include "gpu_ref/host_device.cuh"

namespace gpu_ref {

// Float32 form, one IEEE binary32 rounding per step, in this order:
//   u = x * 0.70710677f; t = min(|u|, 1.769f); d = t - 1.769f; p = d * d;
//   q = -0.2888f * p; r = q + 1; l = u < 0 ? -r : r; h = x * 0.5f;
//   s = 1 + l; y = h * s; NaN results canonical.
GPU_REF_HD inline float igelu_f32(float x) {
  if (is_nan(x)) return float_of(kCanonicalNan);
  constexpr float kInvSqrt2 = 0.70710677f;
  constexpr float kClip = 1.769f;
  constexpr float kA = -0.2888f;
  const float u = mul_rn(x, kInvSqrt2);
  const float magnitude = u < 0.0f ? -u : u;
  const float t = magnitude < kClip ? magnitude : kClip;
  const float d = sub_rn(t, kClip);
  const float q = mul_rn(kA, mul_rn(d, d));
  const float r = add_rn(q, 1.0f);
  const float l = u < 0.0f ? -r : r;
  const float h = mul_rn(x, 0.5f);
  return canonical(mul_rn(h, add_rn(1.0f, l)));
}

// INT32 form (I-BERT's IntGELU) for x = q * input_scale. The integer
// constants come from the scale, in float64 (s = input_scale / sqrt 2):
//   b_int = floor(-1.769 / s), c_int = floor((1 / -0.2888) / s^2),
//   erf_scale = -0.2888 * s^2 * 2^14, shift_int = floor(1 / erf_scale),
//   output_scale = input_scale * erf_scale / 2.
struct IgeluI32Params {
  double input_scale;
  int64_t b_int;
  int64_t c_int;
  int64_t shift_int;
  double output_scale;
};

constexpr double kIgeluDefaultInputScale = 1.0 / 1024.0;
constexpr int kIgeluShift = 14;  // I-BERT's overflow guard: e / 2^14

inline int64_t igelu_floor_to_int(double value) {
  return static_cast<int64_t>(std::floor(value));
}

inline IgeluI32Params igelu_i32_params(double input_scale = kIgeluDefaultInputScale) {
  const double s = input_scale / 1.41421356237309504880;
  const double erf_scale = -0.2888 * s * s * static_cast<double>(int64_t{1} << kIgeluShift);
  IgeluI32Params params{};
  params.input_scale = input_scale;
  params.b_int = igelu_floor_to_int(-1.769 / s);
  params.c_int = igelu_floor_to_int((1.0 / -0.2888) / (s * s));
  params.shift_int = igelu_floor_to_int(1.0 / erf_scale);
  params.output_scale = input_scale * erf_scale / 2.0;
  return params;
}

// floor(value / 2^shift), negative values included.
GPU_REF_HD inline int64_t igelu_floor_shift(int64_t value, int shift) {
  const int64_t divisor = int64_t{1} << shift;
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

GPU_REF_HD inline int64_t igelu_saturate_i32(int64_t value) {
  const int64_t lo = -2147483648LL, hi = 2147483647LL;
  return value < lo ? lo : (value > hi ? hi : value);
}

// The integer core on q: sgn = sign(q); t = min(|q|, -b_int);
// e = floor(sgn * ((t + b_int)^2 + c_int) / 2^14); y = q * (e + shift_int),
// int64 intermediates, the result saturated to int32.
GPU_REF_HD inline int32_t igelu_i32_core(const IgeluI32Params& p, int32_t q) {
  const int64_t wide = q;
  const int64_t sign = wide > 0 ? 1 : (wide < 0 ? -1 : 0);
  const int64_t magnitude = wide < 0 ? -wide : wide;
  const int64_t t = magnitude < -p.b_int ? magnitude : -p.b_int;
  const int64_t offset = t + p.b_int;
  const int64_t e = igelu_floor_shift(sign * (offset * offset + p.c_int), kIgeluShift);
  return static_cast<int32_t>(igelu_saturate_i32(wide * (e + p.shift_int)));
}

// Quantize q = round-to-nearest-even(x / input_scale) in float64, saturated
// to int32; run the core; dequantize float(y * output_scale) in float64
// rounded once. NaN -> canonical NaN.
GPU_REF_HD inline float igelu_i32(const IgeluI32Params& p, float x) {
  if (is_nan(x)) return float_of(kCanonicalNan);
  const double scaled = static_cast<double>(x) / p.input_scale;
  const double clamped =
      scaled > 2147483647.0 ? 2147483647.0 : (scaled < -2147483648.0 ? -2147483648.0 : scaled);
#ifdef __CUDA_ARCH__
  const int32_t q = static_cast<int32_t>(__double2ll_rn(clamped));
  return __double2float_rn(__dmul_rn(static_cast<double>(igelu_i32_core(p, q)), p.output_scale));
#else
  const int32_t q = static_cast<int32_t>(std::nearbyint(clamped));
  return static_cast<float>(static_cast<double>(igelu_i32_core(p, q)) * p.output_scale);
#endif
}

}  // namespace gpu_ref
