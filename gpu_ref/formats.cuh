// The 8- and 16-bit float formats of docs/design.md section 12 (fp16, bf16,
// OCP fp8 E5M2 and E4M3) for gpu_ref, written from that section: the layouts,
// exact decoding to float, and round_F of an exact value given as an
// unevaluated double sum s + e (one rounding to nearest even, subnormals kept,
// overflow to +-inf, or to +-448 for E4M3, canonical NaN). Shared by the host
// path and the kernels (GPU_REF_HD, integer and IEEE double operations only).
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include <cstdint>
#include <cstring>

#include "gpu_ref/host_device.cuh"
#include "model/number_format.hpp"

namespace gpu_ref {

// One binary format: sign, kExponentBits, kMantissaBits; kFiniteOnly is OCP
// E4M3 (no infinities, only S.1111.111 is NaN, overflow saturates to +-max).
template <typename ElementT, typename StorageT, int ExponentBits, int MantissaBits,
          bool FiniteOnly, uint32_t CanonicalNan, interpsim::NumberFormat FormatId>
struct FloatFormat {
  static constexpr interpsim::NumberFormat kFormatId = FormatId;
  using Element = ElementT;  // the CUDA type (__half, ...)
  using Storage = StorageT;  // its bits
  static constexpr int kExponentBits = ExponentBits;
  static constexpr int kMantissaBits = MantissaBits;
  static constexpr bool kFiniteOnly = FiniteOnly;
  static constexpr uint32_t kCanonicalNan = CanonicalNan;
  static constexpr int kWidth = 1 + ExponentBits + MantissaBits;
  static constexpr int kBias = (1 << (ExponentBits - 1)) - 1;
  static constexpr uint32_t kSignMask = uint32_t{1} << (kWidth - 1);
  static constexpr uint32_t kMagnitudeMask = kSignMask - 1;
  static constexpr uint32_t kExponentMask = ((uint32_t{1} << ExponentBits) - 1) << MantissaBits;
  static constexpr uint32_t kMantissaMask = (uint32_t{1} << MantissaBits) - 1;
  // The largest finite magnitude (E4M3: S.1111.110 = 448) and, for the IEEE-like
  // formats, infinity.
  static constexpr uint32_t kMaxFinite = FiniteOnly ? kMagnitudeMask - 1 : kExponentMask - 1;
  static constexpr uint32_t kInfinity = kExponentMask;
  // What an overflowing magnitude becomes.
  static constexpr uint32_t kOverflow = FiniteOnly ? kMaxFinite : kInfinity;
};

using Fp16Format = FloatFormat<__half, uint16_t, 5, 10, false, 0x7E00u,
                                 interpsim::NumberFormat::kFp16>;
using Bf16Format = FloatFormat<__nv_bfloat16, uint16_t, 8, 7, false, 0x7FC0u,
                                 interpsim::NumberFormat::kBf16>;
using Fp8E5M2Format = FloatFormat<__nv_fp8_e5m2, uint8_t, 5, 2, false, 0x7Eu,
                                    interpsim::NumberFormat::kFp8E5M2>;
using Fp8E4M3Format = FloatFormat<__nv_fp8_e4m3, uint8_t, 4, 3, true, 0x7Fu,
                                    interpsim::NumberFormat::kFp8E4M3>;

// The format of a CUDA element type.
template <typename T>
struct FormatOf;
template <>
struct FormatOf<__half> {
  using type = Fp16Format;
};
template <>
struct FormatOf<__nv_bfloat16> {
  using type = Bf16Format;
};
template <>
struct FormatOf<__nv_fp8_e5m2> {
  using type = Fp8E5M2Format;
};
template <>
struct FormatOf<__nv_fp8_e4m3> {
  using type = Fp8E4M3Format;
};

// Bits of a CUDA element and back (the types are plain storage wrappers).
template <typename T>
GPU_REF_HD inline typename FormatOf<T>::type::Storage storage_of(const T& value) {
  using Storage = typename FormatOf<T>::type::Storage;
  static_assert(sizeof(T) == sizeof(Storage), "element type is its storage");
  Storage bits;
  memcpy(&bits, static_cast<const void*>(&value), sizeof bits);
  return bits;
}

template <typename T>
GPU_REF_HD inline T element_of(typename FormatOf<T>::type::Storage bits) {
  T value;
  memcpy(static_cast<void*>(&value), &bits, sizeof bits);
  return value;
}

template <typename F>
GPU_REF_HD inline bool format_is_nan(uint32_t bits) {
  const uint32_t magnitude = bits & F::kMagnitudeMask;
  return F::kFiniteOnly ? magnitude == F::kMagnitudeMask : magnitude > F::kExponentMask;
}

// The exact float value of a format's bits (every value of these formats is
// a float32 value); NaN gives a float NaN, +-inf +-inf.
template <typename F>
GPU_REF_HD inline float format_to_float(uint32_t bits) {
  if constexpr (F::kExponentBits == 8) {
    // bf16: float32's upper half (subnormals, inf and NaN included).
    return float_of(bits << (32 - F::kWidth));
  } else {
    const uint32_t sign = (bits & F::kSignMask) ? 0x80000000u : 0u;
    const uint32_t magnitude = bits & F::kMagnitudeMask;
    const uint32_t exponent = magnitude >> F::kMantissaBits;
    const uint32_t fraction = magnitude & F::kMantissaMask;
    // Normal: rebias the exponent and widen the fraction.
    const uint32_t normal =
        ((exponent + 127u - F::kBias) << 23) | (fraction << (23 - F::kMantissaBits));
    // Subnormal: fraction * 2^(1 - bias - M), exact (a normal float32 scale).
    constexpr uint32_t kSubnormalScale = static_cast<uint32_t>(127 + 1 - F::kBias - F::kMantissaBits)
                                         << 23;
    const float subnormal = mul_rn(static_cast<float>(fraction), float_of(kSubnormalScale));
    constexpr uint32_t kAllOnes = F::kExponentMask >> F::kMantissaBits;
    const bool special = F::kFiniteOnly ? magnitude == F::kMagnitudeMask : exponent == kAllOnes;
    uint32_t result = exponent == 0 ? bits_of(subnormal) : normal;
    result = special ? (F::kFiniteOnly || fraction != 0 ? 0x7FC00000u : 0x7F800000u) : result;
    return float_of(result | sign);
  }
}

GPU_REF_HD inline uint64_t bits_of_double(double value) {
#ifdef __CUDA_ARCH__
  return static_cast<uint64_t>(__double_as_longlong(value));
#else
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
#endif
}

GPU_REF_HD inline double double_of(uint64_t bits) {
#ifdef __CUDA_ARCH__
  return __longlong_as_double(static_cast<long long>(bits));
#else
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
#endif
}

GPU_REF_HD inline double dadd_rn(double x, double y) {
#ifdef __CUDA_ARCH__
  return __dadd_rn(x, y);
#else
  return x + y;
#endif
}

GPU_REF_HD inline double dsub_rn(double x, double y) {
#ifdef __CUDA_ARCH__
  return __dsub_rn(x, y);
#else
  return x - y;
#endif
}

GPU_REF_HD inline double dmul_rn(double x, double y) {
#ifdef __CUDA_ARCH__
  return __dmul_rn(x, y);
#else
  return x * y;
#endif
}

// An exact real value held as s + e: s = RN64(p + q), e the exact error (Knuth's
// TwoSum; for an infinite s, e is NaN and ignored).
struct ExactSum {
  double s;
  double e;
};

GPU_REF_HD inline ExactSum two_sum(double p, double q) {
  const double s = dadd_rn(p, q);
  const double q_part = dsub_rn(s, p);
  const double p_part = dsub_rn(s, q_part);
  const double e = dadd_rn(dsub_rn(p, p_part), dsub_rn(q, q_part));
  return ExactSum{s, e};
}

// round_F(s + e): one rounding to nearest even of the exact value.
// Step 1, round to odd at double precision: when e != 0 and s's last bit is
// even, s moves one ulp toward e (the neighbour on the other side of the
// exact value, whose last bit is odd). A 53-bit round-to-odd value rounds to
// any format of at most 51 significant bits exactly as the exact value does.
// Step 2, round that double to F with integer operations: the significand is
// shifted right by the number of bits F cannot hold at this exponent (more
// for F's subnormals), rounded to nearest even on the dropped bits, and the
// exponent field added so that a carry out of the significand bumps it
// (including subnormal -> normal). Overflow gives +-inf, or +-max for E4M3;
// NaN the canonical NaN.
template <typename F>
GPU_REF_HD inline uint32_t round_to_format(double s, double e) {
  uint64_t u = bits_of_double(s);
  const bool inexact = e > 0.0 || e < 0.0;  // false for a NaN e (infinite s)
  const bool toward_larger_magnitude = (e > 0.0) == (s > 0.0);
  u += (inexact && (u & 1u) == 0) ? (toward_larger_magnitude ? 1 : ~uint64_t{0}) : 0;

  const uint32_t sign = (u >> 63) ? F::kSignMask : 0u;
  const uint64_t magnitude = u & 0x7FFFFFFFFFFFFFFFull;
  const int32_t double_exponent = static_cast<int32_t>(magnitude >> 52);  // biased; 0: zero/subnormal
  // A double subnormal (< 2^-1022) is far below half of every F's smallest
  // subnormal: its significand is taken as 0 (it then rounds to +-0).
  const uint64_t significand =
      double_exponent == 0 ? 0 : ((magnitude & 0xFFFFFFFFFFFFFull) | (uint64_t{1} << 52));
  // F's biased exponent for this value if it is normal in F.
  const int32_t biased = double_exponent - 1023 + F::kBias;
  const int32_t drop_raw = (52 - F::kMantissaBits) + (biased >= 1 ? 0 : 1 - biased);
  const int32_t drop = drop_raw > 63 ? 63 : drop_raw;  // >= 54 already rounds to 0
  const uint64_t kept = significand >> drop;
  const uint64_t rest = significand & ((uint64_t{1} << drop) - 1);
  const uint64_t half = uint64_t{1} << (drop - 1);
  const uint64_t rounded = kept + ((rest > half || (rest == half && (kept & 1u))) ? 1 : 0);
  // Normal: (biased - 1) << M plus the significand with its hidden bit at M.
  const int64_t field_base = biased >= 1 ? static_cast<int64_t>(biased - 1) << F::kMantissaBits : 0;
  const int64_t result = field_base + static_cast<int64_t>(rounded);
  uint32_t bits = result > static_cast<int64_t>(F::kMaxFinite) ? F::kOverflow
                                                                : static_cast<uint32_t>(result);
  bits |= sign;
  return magnitude > 0x7FF0000000000000ull ? F::kCanonicalNan : bits;
}

// round_F of a float32 value (the natives' final step).
template <typename F>
GPU_REF_HD inline uint32_t round_float_to_format(float value) {
  return round_to_format<F>(static_cast<double>(value), 0.0);
}

}  // namespace gpu_ref
