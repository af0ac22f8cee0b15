// The binary-search LUT baseline (docs/design.md section 4), written independently
// of model/: sorted breakpoints t_0 = a < t_1 < ... < t_N = b, rows as in
// Algorithm 1 (segments 0..N-1, edge rows N and N+1).
#pragma once

#include <cstdint>

#include "gpu_ref/alg1.cuh"
#include "gpu_ref/host_device.cuh"

namespace gpu_ref {

struct BsearchParams {
  int32_t segments;  // N >= 1, any value (not only powers of two)
  float lower;       // t_0
  float upper;       // t_N
};

// Comparisons the search makes for N segments: ceil(log2 N).
GPU_REF_HD inline int32_t bsearch_steps(int32_t segments) {
  int32_t steps = 0;
  for (int32_t len = segments; len > 1; len -= len / 2) ++steps;
  return steps;
}

// For a < x < b: the largest i in 0..N-1 with t_i <= x, by ceil(log2 N)
// exact comparisons. Each step halves the candidate range [lo, lo + len);
// the comparison t[lo + half] <= x is branch-free so warps do not diverge.
template <typename BreakpointLoader>
GPU_REF_HD inline int32_t bsearch_segment(int32_t segments, float x,
                                          const BreakpointLoader& breakpoint) {
  int32_t lo = 0;
  GPU_REF_NO_UNROLL
  for (int32_t len = segments; len > 1;) {
    const int32_t half = len / 2;
    lo = (breakpoint(lo + half) <= x) ? lo + half : lo;
    len -= half;
  }
  return lo;
}

// Branch-free like alg1_row_unchecked: every x runs the (uniform-length)
// search, the edge rows are selected afterwards. A NaN compares false
// everywhere and ends on segment 0, whose fma returns NaN.
template <typename BreakpointLoader>
GPU_REF_HD inline int32_t bsearch_row_unchecked(const BsearchParams& p, float x,
                                                const BreakpointLoader& breakpoint) {
  int32_t row = bsearch_segment(p.segments, x, breakpoint);
  row = x >= p.upper ? p.segments + 1 : row;
  row = x <= p.lower ? p.segments : row;
  return row;
}

// The row for x, kNoRow for NaN.
template <typename BreakpointLoader>
GPU_REF_HD inline int32_t bsearch_row(const BsearchParams& p, float x,
                                      const BreakpointLoader& breakpoint) {
  return is_nan(x) ? kNoRow : bsearch_row_unchecked(p, x, breakpoint);
}

template <typename BreakpointLoader, typename RowLoader>
GPU_REF_HD inline float bsearch_eval(const BsearchParams& p, float x,
                                     const BreakpointLoader& breakpoint,
                                     const RowLoader& load_row) {
  const int32_t row = bsearch_row_unchecked(p, x, breakpoint);
  return alg1_apply(x, load_row(row), row >= p.segments);
}

}  // namespace gpu_ref
