// Algorithm 1 (the O(1) segment lookup), written from DESIGN.md section 3
// independently of model/: the per-element functions shared by the host path
// and the alg1_global / alg1_shared kernels.
#pragma once

#include <cstdint>

#include "gpu_ref/host_device.cuh"

namespace gpu_ref {

// What the lookup needs besides the rows: a, b = a + 2^m, 2^m, m and n.
struct Alg1Params {
  float a;
  float upper;     // b
  float interval;  // 2^m as a float (exact: the table validity rules make b exact)
  int m;
  int n;
};

// Row read for a NaN input: none.
constexpr int32_t kNoRow = -1;

// The row Algorithm 1 reads for x: a segment 0..N-1, N for x <= a, N+1 for
// x >= b, kNoRow for NaN.
GPU_REF_HD inline int32_t alg1_row(const Alg1Params& p, float x) {
  const int32_t segments = int32_t{1} << p.n;
  if (is_nan(x)) return kNoRow;
  if (x <= p.a) return segments;
  if (x >= p.upper) return segments + 1;
  const float xn = sub_rn(x, p.a);            // rounded, > 0
  if (xn >= p.interval) return segments - 1;  // the rounding reached b
  const uint32_t bits = bits_of(xn);
  const int32_t biased_exponent = static_cast<int32_t>(bits >> 23);  // sign is 0
  if (biased_exponent == 0) return 0;                                // subnormal xn
  const int32_t shift = p.m - (biased_exponent - 127);               // >= 1 since xn < 2^m
  if (shift >= 24) return 0;
  const uint32_t mantissa = (bits & 0x7FFFFFu) | 0x800000u;
  return static_cast<int32_t>(((mantissa >> shift) & 0x7FFFFFu) >> (23 - p.n));
}

// y from the row: edge rows with K == +-0 return B (so +-inf inputs give B,
// not NaN); every other row is one fma. NaN results are canonical.
GPU_REF_HD inline float alg1_apply(float x, TableEntry entry, bool edge_row) {
  const bool constant = edge_row && entry.k == 0.0f;
  return canonical(constant ? entry.b : fma_rn(x, entry.k, entry.b));
}

// Algorithm 1 with rows read through `load_row(row)` (global read-only path,
// shared memory, or a host array).
template <typename RowLoader>
GPU_REF_HD inline float alg1_eval(const Alg1Params& p, float x, const RowLoader& load_row) {
  const int32_t row = alg1_row(p, x);
  if (row == kNoRow) return float_of(kCanonicalNan);
  const TableEntry entry = load_row(row);
  return alg1_apply(x, entry, row >= (int32_t{1} << p.n));
}

}  // namespace gpu_ref
