// I-BERT's i-GELU (Kim et al. 2021), the paper's Table 10/11 baseline:
//   i-GELU(x) = x/2 * (1 + L(x/sqrt2)),
//   L(u) = sign(u) * (a * (min(|u|, -b) + b)^2 + 1),  a = -0.2888, b = -1.769.
#pragma once

#include <cstddef>
#include <cstdint>

namespace interpsim {

// Float32 form, every step one IEEE binary32 operation, in this order (the
// CUDA reference follows the same order):
//   u = x * 0.70710677f            (float32 nearest 1/sqrt2)
//   t = fminf(fabsf(u), 1.769f)
//   d = t - 1.769f
//   p = d * d
//   q = -0.2888f * p
//   r = q + 1.0f
//   l = (u < 0) ? -r : r          (u == 0 keeps r; y is +-0 anyway)
//   h = x * 0.5f
//   s = 1.0f + l
//   y = h * s
// NaN results return 0x7FC00000 (x = NaN, and x = -inf gives -inf * 0).
float igelu_f32(float x);
void igelu_f32_batch(const float* input, float* output, size_t count);

// INT32 form, I-BERT's integer-only algorithm (IntGELU), for an input
// x = q * input_scale. Constants are derived once in float64 from the scale
// (s = input_scale / sqrt2):
//   b_int = floor(b / s), c_int = floor((1/a) / s^2), erf_scale = a * s^2 * 2^14,
//   shift_int = floor(1 / erf_scale), output_scale = input_scale * erf_scale / 2.
// Integer steps: sgn = sign(q); t = min(|q|, -b_int); e = sgn * ((t + b_int)^2 + c_int);
//   e = floor(e / 2^14); y = q * (e + shift_int)   (y * output_scale ~ GELU(x)).
struct IgeluIntParams {
  double input_scale;
  int64_t b_int;
  int64_t c_int;
  int64_t shift_int;
  double erf_scale;
  double output_scale;
};

// Default input scale 2^-10 (x on a 1/1024 grid); the int32 result is exact
// (no saturation) for |q| <= max_exact_q(params).
constexpr double kIgeluDefaultScale = 1.0 / 1024.0;

// Throws std::invalid_argument unless input_scale is positive, finite and at
// most 0.25 (coarser grids make the erf polynomial meaningless).
IgeluIntParams igelu_int_params(double input_scale = kIgeluDefaultScale);

// Largest |q| whose product q * (e + shift_int) fits int32.
int64_t max_exact_q(const IgeluIntParams& params);

// The integer algorithm; intermediates in int64, the result saturated to int32.
int32_t igelu_i32(const IgeluIntParams& params, int32_t q);

// Quantizes x (round to nearest, saturating to int32), runs igelu_i32 and
// dequantizes: float(y * output_scale). NaN -> 0x7FC00000.
float igelu_i32_dequantized(const IgeluIntParams& params, float x);
void igelu_i32_batch(const IgeluIntParams& params, const float* input, float* output, size_t count);

}  // namespace interpsim
