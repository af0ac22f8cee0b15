// The native (math-library) baselines the paper times against Algorithm 1.
// On the device they call CUDA's libdevice functions (expf 2 ulp, tanhf 2 ulp,
// erff 2 ulp, normcdff 5 ulp per the CUDA Programming Guide); on the host the
// C library's float functions (glibc), and for normcdff, which the C library
// lacks, 0.5*erfc(-x/sqrt 2) in double rounded once. The two paths are
// therefore NOT bit-identical; each is checked against float64 within an ulp
// bound instead (docs/gpu_ref.md).
#pragma once

#include <cmath>

#include "gpu_ref/host_device.cuh"

namespace gpu_ref {

GPU_REF_HD inline float native_exp(float x) {
#ifdef __CUDA_ARCH__
  return expf(x);
#else
  return std::exp(x);
#endif
}

GPU_REF_HD inline float native_tanh(float x) {
#ifdef __CUDA_ARCH__
  return tanhf(x);
#else
  return std::tanh(x);
#endif
}

GPU_REF_HD inline float native_erf(float x) {
#ifdef __CUDA_ARCH__
  return erff(x);
#else
  return std::erf(x);
#endif
}

// Phi(x), the standard normal CDF.
GPU_REF_HD inline float native_normcdf(float x) {
#ifdef __CUDA_ARCH__
  return normcdff(x);
#else
  return static_cast<float>(0.5 * std::erfc(-static_cast<double>(x) * 0.70710678118654752440));
#endif
}

// 1 / (1 + exp(-x)), as torch.sigmoid's reference form in the paper.
GPU_REF_HD inline float native_sigmoid(float x) {
  return div_rn(1.0f, add_rn(1.0f, native_exp(-x)));
}

// x * Phi(x): the paper's GELU baseline (::normcdf).
GPU_REF_HD inline float native_gelu_normcdf(float x) {
  return mul_rn(x, native_normcdf(x));
}

// Table 2 of the paper read literally: `::normcdf` is CUDA's *double*
// function, so the element is widened, x * normcdf(x) computed in double and
// rounded once to float (the hypothesis `normcdf_f64` of
// docs/results/paper-tables.md). Host: 0.5*erfc(-x/sqrt 2) in double.
GPU_REF_HD inline float native_gelu_normcdf_f64(float x) {
  const double wide = static_cast<double>(x);
#ifdef __CUDA_ARCH__
  return static_cast<float>(wide * normcdf(wide));
#else
  return static_cast<float>(wide * (0.5 * std::erfc(-wide * 0.70710678118654752440)));
#endif
}

// x * 0.5 * (1 + erf(x / sqrt 2)), PyTorch's exact GELU, in that order.
GPU_REF_HD inline float native_gelu_erf(float x) {
  constexpr float kSqrtHalf = 0.70710678118654752440f;
  return mul_rn(mul_rn(x, 0.5f), add_rn(1.0f, native_erf(mul_rn(x, kSqrtHalf))));
}

}  // namespace gpu_ref
