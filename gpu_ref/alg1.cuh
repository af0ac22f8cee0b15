// Algorithm 1 (the O(1) segment lookup), written from docs/design.md section 3
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

// The row Algorithm 1 reads for a non-NaN x: a segment 0..N-1, N for
// x <= a, N+1 for x >= b. Written branch-free (every case computed, then
// selected) so a warp never diverges and the in-range path stays short; the
// selects are applied in the reverse order of docs/design.md section 3's rules so
// that the earlier rule wins. For a NaN x every comparison is false and the
// result is some segment row 0..N-1 (the index expression cannot exceed
// N-1), whose fma then returns NaN: alg1_eval needs no NaN case of its own.
GPU_REF_HD inline int32_t alg1_row_unchecked(const Alg1Params& p, float x) {
  const int32_t segments = int32_t{1} << p.n;
  const float xn = sub_rn(x, p.a);  // rounded; > 0 whenever a < x < b
  const uint32_t bits = bits_of(xn);
  const int32_t biased_exponent = static_cast<int32_t>((bits >> 23) & 0xFFu);
  // shift = m - E >= 1 for a normal xn < 2^m; shifts of 24..31 leave 0 (the
  // mantissa has 24 bits), which is the rule "shift >= 24: idx 0". Clamped
  // to [0, 31] so out-of-range x (selected away below) shift defined amounts.
  const int32_t shift_raw = p.m + 127 - biased_exponent;
  const int32_t shift = shift_raw < 0 ? 0 : (shift_raw > 31 ? 31 : shift_raw);
  const uint32_t mantissa = (bits & 0x7FFFFFu) | 0x800000u;
  int32_t row = static_cast<int32_t>(((mantissa >> shift) & 0x7FFFFFu) >> (23 - p.n));
  row = biased_exponent == 0 ? 0 : row;         // subnormal xn
  row = xn >= p.interval ? segments - 1 : row;  // the rounding reached b
  row = x >= p.upper ? segments + 1 : row;      // x >= b, +inf
  row = x <= p.a ? segments : row;              // x <= a, -inf
  return row;
}

// The row Algorithm 1 reads for x, kNoRow for NaN (docs/design.md section 3).
GPU_REF_HD inline int32_t alg1_row(const Alg1Params& p, float x) {
  return is_nan(x) ? kNoRow : alg1_row_unchecked(p, x);
}

// y from the row: edge rows with K == +-0 return B (so +-inf inputs give B,
// not NaN); every other row is one fma. NaN results are canonical.
GPU_REF_HD inline float alg1_apply(float x, TableEntry entry, bool edge_row) {
  const bool constant = edge_row && entry.k == 0.0f;
  return canonical(constant ? entry.b : fma_rn(x, entry.k, entry.b));
}

// Algorithm 1 with rows read through `load_row(row)` (global read-only path,
// shared memory, or a host array). A NaN x lands on a segment row (see
// alg1_row_unchecked), so its fma gives NaN and canonical() the pattern.
template <typename RowLoader>
GPU_REF_HD inline float alg1_eval(const Alg1Params& p, float x, const RowLoader& load_row) {
  const int32_t row = alg1_row_unchecked(p, x);
  return alg1_apply(x, load_row(row), row >= (int32_t{1} << p.n));
}

}  // namespace gpu_ref
