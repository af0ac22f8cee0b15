// Straightforward references written independently of model/'s lookups, for
// the bit-exactness tests: Algorithm 1 by floor division in float64, and the
// binary-search LUT by a linear scan.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "model/bsearch_lookup.hpp"
#include "model/table.hpp"

namespace interpsim::testing {

// Row by docs/design.md section 3 read literally: idx = floor(xn / w) from the
// float32-rounded xn = x - a, clamped to [0, N-1]; -1 for NaN.
int64_t reference_uniform_row(const UniformTable& table, float x);
float reference_uniform(const UniformTable& table, float x);

// Row by scanning every breakpoint; -1 for NaN.
int64_t reference_bsearch_row(const BreakpointTable& table, float x);
float reference_bsearch(const BreakpointTable& table, float x);

// Every corner class of docs/design.md section 3 for breakpoints `points`
// (t_0 = a ... t_N = b): +-0, subnormals, +-inf, NaN payloads, every
// breakpoint and its float neighbours, the floats just below b whose x - a
// rounds up to b, huge magnitudes.
std::vector<float> corner_inputs(const std::vector<float>& points);

// `count` inputs: half uniform in [a - span/8, b + span/8], a quarter uniform
// random bit patterns, a quarter near random breakpoints (within 4 ulps).
std::vector<float> random_inputs(const std::vector<float>& points, size_t count,
                                 std::mt19937_64& rng);

// Breakpoints a + i*w of a uniform table, computed in float64.
std::vector<float> uniform_breakpoints(const UniformTable& table);

// A table with random finite K/B entries (zero slopes in the edge rows when
// `flat_edges`), for indexing corners that generated tables cannot reach.
UniformTable random_entry_table(float a, int m, int n, bool flat_edges, std::mt19937_64& rng);

}  // namespace interpsim::testing
