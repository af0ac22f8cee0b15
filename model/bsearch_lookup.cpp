#include "model/bsearch_lookup.hpp"

#include <cmath>
#include <stdexcept>

#include "model/cpu_features.hpp"
#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"

namespace interpsim {

BreakpointTable breakpoint_table_from_uniform(const UniformTable& table) {
  BreakpointTable result;
  result.func = table.func;
  result.edges = table.edges;
  const size_t segments = table.segments();
  const double width = table.width();
  result.breakpoints.resize(segments + 1);
  for (size_t i = 0; i <= segments; ++i) {
    // Exact by the validity rules of uniform tables.
    result.breakpoints[i] =
        static_cast<float>(static_cast<double>(table.a) + static_cast<double>(i) * width);
  }
  result.k = table.k;
  result.b = table.b;
  return result;
}

void check_breakpoint_table(const BreakpointTable& table) {
  const std::vector<float>& t = table.breakpoints;
  if (t.size() < 2) throw std::invalid_argument("a breakpoint table needs at least 2 breakpoints");
  for (size_t i = 0; i < t.size(); ++i) {
    if (!std::isfinite(t[i])) {
      throw std::invalid_argument("breakpoint " + std::to_string(i) + " is not finite");
    }
    if (i > 0 && !(t[i - 1] < t[i])) {
      throw std::invalid_argument("breakpoints are not strictly increasing at index " +
                                  std::to_string(i));
    }
  }
  if (table.k.size() != t.size() + 1 || table.b.size() != t.size() + 1) {
    throw std::invalid_argument("a breakpoint table with N segments needs N+2 rows of K and B");
  }
}

BreakpointTable generate_breakpoint_table(const std::string& func,
                                          const std::vector<float>& breakpoints, EdgeMode edges,
                                          bool derivative) {
  const RealFunction f = table_reference(func, derivative);
  BreakpointTable table;
  table.func = func;
  table.edges = edges;
  table.breakpoints = breakpoints;
  const size_t segments = breakpoints.size() < 2 ? 0 : breakpoints.size() - 1;
  table.k.resize(segments);
  table.b.resize(segments);
  for (size_t i = 0; i < segments; ++i) {
    chord_entry(f, breakpoints[i], breakpoints[i + 1], table.k[i], table.b[i]);
  }
  if (segments > 0) {
    fill_edge_rows(func, derivative, edges, breakpoints.front(), breakpoints.back(), table.k,
                   table.b);
  }
  check_breakpoint_table(table);
  return table;
}

namespace {

// Largest i with t[i] <= x, given t[0] < x < t[N]: a branch-free lower bound
// that halves the candidate range per comparison (ceil(log2 N) comparisons).
inline size_t search_segment(const float* t, size_t segments, float x) {
  const float* base = t;
  size_t length = segments + 1;
  while (length > 1) {
    const size_t half = length / 2;
    base = (base[half] <= x) ? base + half : base;
    length -= half;
  }
  return static_cast<size_t>(base - t);
}

inline float evaluate_row(const BreakpointTable& table, int64_t row, float x) {
  if (row < 0) return bits_to_float(kCanonicalNanBits);
  const float slope = table.k[row];
  const float intercept = table.b[row];
  const bool edge_row = row >= static_cast<int64_t>(table.segments());
  const float y = (edge_row && slope == 0.0f) ? intercept : std::fma(x, slope, intercept);
  return std::isnan(y) ? bits_to_float(kCanonicalNanBits) : y;
}

}  // namespace

int64_t bsearch_row(const BreakpointTable& table, float x) {
  if (std::isnan(x)) return -1;
  const size_t segments = table.segments();
  if (x <= table.breakpoints.front()) return static_cast<int64_t>(segments);
  if (x >= table.breakpoints.back()) return static_cast<int64_t>(segments + 1);
  return static_cast<int64_t>(search_segment(table.breakpoints.data(), segments, x));
}

float interp_bsearch(const BreakpointTable& table, float x) {
  return evaluate_row(table, bsearch_row(table, x), x);
}

namespace {

void interp_bsearch_batch_scalar(const BreakpointTable& table, const float* input, float* output,
                                 size_t count) {
  const size_t segments = table.segments();
  const float* t = table.breakpoints.data();
  const float lower = t[0];
  const float upper = t[segments];
  for (size_t i = 0; i < count; ++i) {
    const float x = input[i];
    int64_t row;
    if (std::isnan(x)) {
      row = -1;
    } else if (x <= lower) {
      row = static_cast<int64_t>(segments);
    } else if (x >= upper) {
      row = static_cast<int64_t>(segments + 1);
    } else {
      row = static_cast<int64_t>(search_segment(t, segments, x));
    }
    output[i] = evaluate_row(table, row, x);
  }
}

#ifdef INTERPSIM_HAVE_X86
constexpr int kGroups = 4;  // independent 8-lane searches in flight, to hide gather latency

// Eight-lane groups searched in lock step: the halving sequence depends only on
// N, so every lane makes the same comparisons as search_segment (one gather
// per level), and the probe index base + half never exceeds N.
__attribute__((target("avx2,fma"))) size_t interp_bsearch_batch_avx2(const BreakpointTable& table,
                                                                     const float* input,
                                                                     float* output, size_t count) {
  const int segments = static_cast<int>(table.segments());
  const float* t = table.breakpoints.data();
  const __m256 lower = _mm256_set1_ps(t[0]);
  const __m256 upper = _mm256_set1_ps(t[segments]);
  const __m256i below_row = _mm256_set1_epi32(segments);
  const __m256i above_row = _mm256_set1_epi32(segments + 1);
  const __m256 zero = _mm256_setzero_ps();
  const __m256 canonical_nan = _mm256_castsi256_ps(_mm256_set1_epi32(kCanonicalNanBits));
  size_t i = 0;
  for (; i + 8 * kGroups <= count; i += 8 * kGroups) {
    __m256 x[kGroups];
    __m256i base[kGroups];
    for (int g = 0; g < kGroups; ++g) {
      x[g] = _mm256_loadu_ps(input + i + 8 * g);
      base[g] = _mm256_setzero_si256();
    }
    for (int length = segments + 1; length > 1; length -= length / 2) {
      const int half = length / 2;
      const __m256 step = _mm256_castsi256_ps(_mm256_set1_epi32(half));
      for (int g = 0; g < kGroups; ++g) {
        const __m256 probe = _mm256_i32gather_ps(t + half, base[g], 4);
        const __m256 taken = _mm256_and_ps(_mm256_cmp_ps(probe, x[g], _CMP_LE_OQ), step);
        base[g] = _mm256_add_epi32(base[g], _mm256_castps_si256(taken));
      }
    }
    for (int g = 0; g < kGroups; ++g) {
      // NaN lanes compare false everywhere and keep row 0; their fma gives NaN.
      const __m256 below = _mm256_cmp_ps(x[g], lower, _CMP_LE_OQ);
      const __m256 above = _mm256_cmp_ps(x[g], upper, _CMP_GE_OQ);
      __m256i row = _mm256_blendv_epi8(base[g], below_row, _mm256_castps_si256(below));
      row = _mm256_blendv_epi8(row, above_row, _mm256_castps_si256(above));
      const __m256 slope = _mm256_i32gather_ps(table.k.data(), row, 4);
      const __m256 intercept = _mm256_i32gather_ps(table.b.data(), row, 4);
      __m256 y = _mm256_fmadd_ps(x[g], slope, intercept);
      const __m256 flat_edge =
          _mm256_and_ps(_mm256_or_ps(below, above), _mm256_cmp_ps(slope, zero, _CMP_EQ_OQ));
      y = _mm256_blendv_ps(y, intercept, flat_edge);
      y = _mm256_blendv_ps(y, canonical_nan, _mm256_cmp_ps(y, y, _CMP_UNORD_Q));
      _mm256_storeu_ps(output + i + 8 * g, y);
    }
  }
  return i;
}

#endif

}  // namespace

void interp_bsearch_batch(const BreakpointTable& table, const float* input, float* output,
                          size_t count) {
  size_t done = 0;
#ifdef INTERPSIM_HAVE_X86
  // Row indices are int32 lanes.
  if (cpu_has_avx2_fma() && table.segments() < (size_t{1} << 30)) {
    done = interp_bsearch_batch_avx2(table, input, output, count);
  }
#endif
  interp_bsearch_batch_scalar(table, input + done, output + done, count - done);
}

void interp_bsearch_batch_portable(const BreakpointTable& table, const float* input, float* output,
                                   size_t count) {
  interp_bsearch_batch_scalar(table, input, output, count);
}

}  // namespace interpsim
