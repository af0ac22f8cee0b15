// The lookup designs side by side (docs/design.md section 4): uniform Algorithm 1,
// binary search over the same breakpoints, non-uniform tables, and i-GELU.
// Used by `compare` (error over the interval) and `demo` (error on a trace).
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "model/error_metrics.hpp"
#include "sim/common/table_spec.hpp"

namespace interpsim::cli {

struct Design {
  std::string name;         // "uniform", "bsearch", "nonuniform", "value", "igelu_f32", "igelu_i32"
  size_t segments = 0;      // 0 for designs without a table
  size_t memory_bytes = 0;  // table memory (entries, breakpoints, part descriptors)
  int search_steps = 0;     // comparisons before the table read (0: O(1) index)
  std::function<float(float)> evaluate;  // the bit-exact golden model
};

// The table designs of `spec` (func, a, m, edges, derivative resolved) with
// 2^n segments, each built by build_lookup_tables: uniform, bsearch (the same
// uniform breakpoints searched with n comparisons) and nonuniform (the same
// segment budget, error-equalizing split). Throws UsageError naming --n, --m
// or --a for invalid a/m/n.
std::vector<Design> table_designs(const TableSpec& spec, int n);

// i-GELU float32 and INT32 (scale 2^-10) when `spec` is GELU itself, else none.
std::vector<Design> igelu_designs(const TableSpec& spec);

struct DesignResult {
  const Design* design;
  ErrorReport error;
};

// One text table: design, segments, L2, Linf, mean abs, max ulp, memory, search steps.
void print_design_table(std::ostream& out, const std::vector<DesignResult>& results);

// The same as CSV with a header row.
std::string design_csv(const std::string& func, const std::vector<DesignResult>& results);

}  // namespace interpsim::cli
