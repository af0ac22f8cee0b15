// I-BERT's i-GELU (Kim et al. 2021), the paper's Table 10/11 baseline
// (DESIGN.md section 4), written from I-BERT's definition:
//   i-GELU(x) = x/2 * [1 + L(x/sqrt 2)],
//   L(z) = sign(z) * [a * (min(|z|, -b) + b)^2 + 1], a = -0.2888, b = -1.769.
#pragma once

#include <cstdint>

#include "gpu_ref/host_device.cuh"

namespace gpu_ref {

constexpr float kIgeluA = -0.2888f;
constexpr float kIgeluB = -1.769f;
constexpr float kIgeluSqrt2 = 1.41421356237309504880f;

// Float32 form, one rounding per operation in this order:
//   z = x / sqrt2; c = min(|z|, -b); t = c + b; p = a * (t * t);
//   L = sign(z) * (p + 1); y = (x * 0.5) * (1 + L).
GPU_REF_HD inline float igelu_f32(float x) {
  if (is_nan(x)) return float_of(kCanonicalNan);
  const float z = div_rn(x, kIgeluSqrt2);
  const float magnitude = z < 0.0f ? -z : z;
  const float clipped = magnitude < -kIgeluB ? magnitude : -kIgeluB;
  const float t = add_rn(clipped, kIgeluB);
  const float poly = add_rn(mul_rn(kIgeluA, mul_rn(t, t)), 1.0f);
  const float erf_approx = z < 0.0f ? -poly : (z > 0.0f ? poly : 0.0f);
  return canonical(mul_rn(mul_rn(x, 0.5f), add_rn(1.0f, erf_approx)));
}

// INT32 form, I-BERT's IntGELU with its integer constants: x is quantized
// with the input scale S (x_int = round(x / S), saturated to int32), the erf
// polynomial and the product run on integers (int64, no overflow), and the
// result is dequantized once: y = float(out_int) * S_out.
constexpr double kIgeluInputScale = 1.0 / 1024.0;  // S: 10 fractional bits
constexpr double kIgeluK = 1.4142;                 // I-BERT's sqrt 2
constexpr int kIgeluShift = 14;                    // I-BERT's overflow guard, 2^14

constexpr int64_t igelu_floor(double value) {
  const int64_t truncated = static_cast<int64_t>(value);
  return static_cast<double>(truncated) > value ? truncated - 1 : truncated;
}

constexpr double kIgeluScaleErf = kIgeluInputScale / kIgeluK;
constexpr int64_t kIgeluBInt = igelu_floor(-1.769 / kIgeluScaleErf);
constexpr int64_t kIgeluCInt = igelu_floor((1.0 / -0.2888) / (kIgeluScaleErf * kIgeluScaleErf));
constexpr double kIgeluScaleSigmoid =
    kIgeluScaleErf * kIgeluScaleErf * -0.2888 * static_cast<double>(int64_t{1} << kIgeluShift);
constexpr int64_t kIgeluShiftInt = igelu_floor(1.0 / kIgeluScaleSigmoid);
constexpr float kIgeluOutputScale = static_cast<float>(kIgeluInputScale * kIgeluScaleSigmoid / 2.0);

// floor(value / 2^shift) for negative values too.
GPU_REF_HD inline int64_t igelu_floor_shift(int64_t value, int shift) {
  const int64_t divisor = int64_t{1} << shift;
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

GPU_REF_HD inline float igelu_i32(float x) {
  if (is_nan(x)) return float_of(kCanonicalNan);
  const float scaled = mul_rn(x, static_cast<float>(1.0 / kIgeluInputScale));  // exact: 2^10
  const float limit = 2147483520.0f;  // the largest float32 below 2^31
  const float clamped = scaled > limit ? limit : (scaled < -limit ? -limit : scaled);
#ifdef __CUDA_ARCH__
  const int64_t x_int = __float2int_rn(clamped);
#else
  const int64_t x_int = static_cast<int64_t>(std::nearbyint(clamped));  // ties to even
#endif
  const int64_t sign = x_int > 0 ? 1 : (x_int < 0 ? -1 : 0);
  const int64_t magnitude = x_int < 0 ? -x_int : x_int;
  const int64_t clipped = magnitude < -kIgeluBInt ? magnitude : -kIgeluBInt;
  const int64_t offset = clipped + kIgeluBInt;
  const int64_t erf_int = igelu_floor_shift(sign * (offset * offset + kIgeluCInt), kIgeluShift);
  const int64_t out_int = x_int * (erf_int + kIgeluShiftInt);
#ifdef __CUDA_ARCH__
  const float out_float = __ll2float_rn(out_int);
#else
  const float out_float = static_cast<float>(out_int);
#endif
  return mul_rn(out_float, kIgeluOutputScale);
}

}  // namespace gpu_ref
