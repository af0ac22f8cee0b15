// Algorithm 1 and the natives in the 8- and 16-bit float formats
// (docs/design.md section 12, "Evaluation in a float format"), written from
// that section independently of model/: the per-element functions of the
// format kernels (device_format_kernels.cu) and of the host path. x and y are
// elements of the io format F (__half, __nv_bfloat16, __nv_fp8_e5m2,
// __nv_fp8_e4m3); the rows are {K, B} as float32 (kb = fp32, TableEntry) or
// as F's bits (kb = io, FormatEntry).
#pragma once

#include <cstdint>

#include "gpu_ref/alg1.cuh"
#include "gpu_ref/formats.cuh"
#include "gpu_ref/natives.cuh"

namespace gpu_ref {

// A kb = io row: K and B in the io format, interleaved, so one 32-bit (16-bit
// formats) or 16-bit (fp8) load reads a row.
template <typename Storage>
struct alignas(2 * sizeof(Storage)) FormatEntry {
  Storage k;
  Storage b;
};

// K and B as float32 values (exact) from either row layout.
template <typename F>
GPU_REF_HD inline TableEntry entry_values(const TableEntry& entry) {
  return entry;
}

template <typename F>
GPU_REF_HD inline TableEntry entry_values(const FormatEntry<typename F::Storage>& entry) {
  return TableEntry{format_to_float<F>(entry.k), format_to_float<F>(entry.b)};
}

// The row for x (x's exact float value), 0..N+1, section 12 step 2-3:
// xn = round_F(x - a) (the exact difference as a double TwoSum, rounded once
// to F), idx = floor(xn / 2^(m-n)) from F's fields: with xn = mant * 2^(E-M),
// idx = mant shifted by E - M - (m - n) (left when n exceeds what F can
// address, right otherwise); a subnormal xn is segment 0 (w is a normal
// number of F); xn >= 2^m (E >= m, including an infinite xn) is N-1. Branch-
// free like alg1_row_unchecked; the index is masked to 0..N-1 so that a NaN
// x (every comparison false) reads a segment row, whose result is NaN anyway.
template <typename F>
GPU_REF_HD inline int32_t alg1_format_row_unchecked(const Alg1Params& p, float x) {
  const int32_t segments = int32_t{1} << p.n;
  const ExactSum difference = two_sum(static_cast<double>(x), -static_cast<double>(p.a));
  const uint32_t xn = round_to_format<F>(difference.s, difference.e);
  const int32_t exponent = static_cast<int32_t>((xn & F::kMagnitudeMask) >> F::kMantissaBits);
  const uint32_t mantissa = (xn & F::kMantissaMask) | (uint32_t{1} << F::kMantissaBits);
  const int32_t up = exponent - F::kBias - F::kMantissaBits - p.m + p.n;
  const int32_t left = up < 0 ? 0 : (up > 31 ? 31 : up);
  const int32_t right = up > 0 ? 0 : (-up > 31 ? 31 : -up);
  int32_t row = static_cast<int32_t>((mantissa << left) >> right) & (segments - 1);
  row = exponent == 0 ? 0 : row;                                // subnormal xn
  row = exponent - F::kBias >= p.m ? segments - 1 : row;        // the rounding reached b
  row = x >= p.upper ? segments + 1 : row;                      // x >= b, +inf
  row = x <= p.a ? segments : row;                              // x <= a, -inf
  return row;
}

// The row for x's bits, kNoRow for NaN.
template <typename F>
GPU_REF_HD inline int32_t alg1_format_row(const Alg1Params& p, uint32_t x_bits) {
  return format_is_nan<F>(x_bits) ? kNoRow : alg1_format_row_unchecked<F>(p, format_to_float<F>(x_bits));
}

// y's bits: round_F(x*K + B) with one rounding (x*K is exact in double: at
// most 11 + 24 significant bits; the sum is TwoSum'd and rounded once by
// round_to_format), round_F(B) for an edge row with K == +-0. NaN results
// canonical; overflow +-inf, +-448 for E4M3.
template <typename F>
GPU_REF_HD inline uint32_t alg1_format_apply(float x, TableEntry entry, bool edge_row) {
  const bool constant = edge_row && entry.k == 0.0f;
  const double product = dmul_rn(static_cast<double>(x), static_cast<double>(entry.k));
  const ExactSum sum = two_sum(product, static_cast<double>(entry.b));
  return round_to_format<F>(constant ? static_cast<double>(entry.b) : sum.s, constant ? 0.0 : sum.e);
}

// Algorithm 1 on bits, rows through load_row(row) (TableEntry or FormatEntry).
template <typename F, typename RowLoader>
GPU_REF_HD inline uint32_t alg1_format_eval_bits(const Alg1Params& p, uint32_t x_bits,
                                                 const RowLoader& load_row) {
  const float x = format_to_float<F>(x_bits);
  const int32_t row = alg1_format_row_unchecked<F>(p, x);
  return alg1_format_apply<F>(x, entry_values<F>(load_row(row)), row >= (int32_t{1} << p.n));
}

// Algorithm 1 for one element of a CUDA float type T (the kernels' and the
// host path's element function).
template <typename T, typename RowLoader>
GPU_REF_HD inline T alg1_eval_format(const Alg1Params& p, T x, const RowLoader& load_row) {
  using F = typename FormatOf<T>::type;
  return element_of<T>(
      static_cast<typename F::Storage>(alg1_format_eval_bits<F>(p, storage_of(x), load_row)));
}

// A native in format T: the float32 function of x's exact value, rounded once
// to T (canonical NaN; overflow inf, or +-448 for E4M3).
template <typename T, typename FloatFunction>
GPU_REF_HD inline T native_in_format(T x, const FloatFunction& function) {
  using F = typename FormatOf<T>::type;
  return element_of<T>(static_cast<typename F::Storage>(
      round_float_to_format<F>(function(format_to_float<F>(storage_of(x))))));
}

// The five natives of natives.cuh per element type.
struct NativeExpFunction {
  GPU_REF_HD float operator()(float x) const { return native_exp(x); }
};
struct NativeTanhFunction {
  GPU_REF_HD float operator()(float x) const { return native_tanh(x); }
};
struct NativeSigmoidFunction {
  GPU_REF_HD float operator()(float x) const { return native_sigmoid(x); }
};
struct NativeGeluNormcdfFunction {
  GPU_REF_HD float operator()(float x) const { return native_gelu_normcdf(x); }
};
struct NativeGeluErfFunction {
  GPU_REF_HD float operator()(float x) const { return native_gelu_erf(x); }
};

}  // namespace gpu_ref
