// The binary-search LUT baseline (docs/design.md section 4): sorted breakpoints,
// log2(N) exact comparisons, the same entries and edge rules as Algorithm 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/table.hpp"

namespace interpsim {

struct BreakpointTable {
  std::string func;
  std::vector<float> breakpoints;  // t_0 = a < t_1 < ... < t_N = b
  std::vector<float> k, b;         // N + 2 rows: segments, then below and above edges
  EdgeMode edges = EdgeMode::kExtrapolate;

  size_t segments() const { return breakpoints.empty() ? 0 : breakpoints.size() - 1; }
};

// The same segments as a uniform table (breakpoints a + i*w, rows copied).
BreakpointTable breakpoint_table_from_uniform(const UniformTable& table);

// Chord table of `func` (or f') through arbitrary breakpoints (strictly
// increasing, finite, at least two); entries in float64 rounded once, edge rows
// as generate_table. Throws std::invalid_argument on bad breakpoints/function.
BreakpointTable generate_breakpoint_table(const std::string& func,
                                          const std::vector<float>& breakpoints, EdgeMode edges,
                                          bool derivative = false);

// Throws std::invalid_argument unless breakpoints are strictly increasing and
// finite and k/b have N+2 rows.
void check_breakpoint_table(const BreakpointTable& table);

// Row used for x: -1 for NaN, N for x <= t_0, N+1 for x >= t_N, otherwise the
// largest i with t_i <= x (exact comparisons).
int64_t bsearch_row(const BreakpointTable& table, float x);

// y = fma(x, K[row], B[row]); edge rows with K == +-0 return B; NaN -> 0x7FC00000.
float interp_bsearch(const BreakpointTable& table, float x);

// The same over an array: an AVX2+FMA path (eight searches in lock step,
// bit-exact with the scalar definition) when the CPU has one.
void interp_bsearch_batch(const BreakpointTable& table, const float* input, float* output,
                          size_t count);

// Always the scalar loop.
void interp_bsearch_batch_portable(const BreakpointTable& table, const float* input, float* output,
                                   size_t count);

}  // namespace interpsim
