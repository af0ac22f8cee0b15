#include "model/bsearch_lookup.hpp"

#include <cmath>
#include <stdexcept>

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

void interp_bsearch_batch(const BreakpointTable& table, const float* input, float* output,
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

}  // namespace interpsim
