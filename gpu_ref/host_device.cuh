// The shim that lets one source compile as CUDA (nvcc) and as plain C++ (g++):
// every per-element function is GPU_REF_HD, and the few operations whose
// spelling differs (bit casts, fma, IEEE add/mul/div, read-only loads) go
// through the helpers below. The IEEE helpers pin the rounding on the device
// (__fadd_rn etc. are never contracted into an FMA nor flushed to zero), so
// the host and the device compute the same bits.
#pragma once

#include <cstdint>
#include <cstring>

#include <cmath>

#ifdef __CUDACC__
#define GPU_REF_HD __host__ __device__
#else
#define GPU_REF_HD
#endif

// Keeps a data-dependent loop rolled on the device, so its instruction mix is
// one iteration (the host compiler does not know the pragma).
#ifdef __CUDA_ARCH__
#define GPU_REF_NO_UNROLL _Pragma("unroll 1")
#else
#define GPU_REF_NO_UNROLL
#endif

namespace gpu_ref {

// The canonical quiet NaN every lookup returns for a NaN (docs/design.md section 3).
constexpr uint32_t kCanonicalNan = 0x7FC00000u;

GPU_REF_HD inline uint32_t bits_of(float value) {
#ifdef __CUDA_ARCH__
  return __float_as_uint(value);
#else
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
#endif
}

GPU_REF_HD inline float float_of(uint32_t bits) {
#ifdef __CUDA_ARCH__
  return __uint_as_float(bits);
#else
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
#endif
}

GPU_REF_HD inline bool is_nan(float value) {
  return (bits_of(value) & 0x7FFFFFFFu) > 0x7F800000u;
}

GPU_REF_HD inline float canonical(float value) {
  return is_nan(value) ? float_of(kCanonicalNan) : value;
}

// y = x*k + c with one rounding.
GPU_REF_HD inline float fma_rn(float x, float k, float c) {
#ifdef __CUDA_ARCH__
  return __fmaf_rn(x, k, c);
#else
  return std::fma(x, k, c);
#endif
}

GPU_REF_HD inline float add_rn(float x, float y) {
#ifdef __CUDA_ARCH__
  return __fadd_rn(x, y);
#else
  return x + y;
#endif
}

GPU_REF_HD inline float sub_rn(float x, float y) {
#ifdef __CUDA_ARCH__
  return __fsub_rn(x, y);
#else
  return x - y;
#endif
}

GPU_REF_HD inline float mul_rn(float x, float y) {
#ifdef __CUDA_ARCH__
  return __fmul_rn(x, y);
#else
  return x * y;
#endif
}

GPU_REF_HD inline float div_rn(float x, float y) {
#ifdef __CUDA_ARCH__
  return __fdiv_rn(x, y);
#else
  return x / y;
#endif
}

// One table row {K, B}: 8 bytes, so the device reads it with one 64-bit load.
struct alignas(8) TableEntry {
  float k;
  float b;
};

// A float read through the read-only data cache on the device.
GPU_REF_HD inline float load_readonly(const float* address) {
#ifdef __CUDA_ARCH__
  return __ldg(address);
#else
  return *address;
#endif
}

GPU_REF_HD inline TableEntry load_readonly(const TableEntry* address) {
#ifdef __CUDA_ARCH__
  const float2 entry = __ldg(reinterpret_cast<const float2*>(address));
  return TableEntry{entry.x, entry.y};
#else
  return *address;
#endif
}

}  // namespace gpu_ref
