// Error per segment count in each number format (docs/design.md section 12):
// where extra segments stop paying in a narrow format. Used by
// `interpsim compare --format`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "model/error_metrics.hpp"
#include "model/fixed_point.hpp"
#include "sim/common/table_spec.hpp"

namespace interpsim::cli {

struct FormatComparisonRow {
  std::string format;   // a float format's name, or int8 | int16 | int32
  std::string kb;       // fp32 | io
  int n;                // 2^n segments
  uint64_t reachable;   // segments holding a value of the format
  size_t memory_bytes;  // N + 2 rows of K, B in the entry format
  ErrorReport error;    // max_ulp in the format's ulps
};

// The segment counts compared: 2^2 .. 2^12.
constexpr int kFormatComparisonMinBits = 2;
constexpr int kFormatComparisonMaxBits = 12;

// For each format, kb = fp32 and kb = io (once for fp32), each valid n:
// the uniform table of `spec` (func, a, m, edges, derivative resolved), its
// error over every value of an 8/16-bit format in (a, b) or at `samples`
// uniformly spaced float32 inputs for fp32. `skipped` gets one line per
// (format, n) the validity rules refuse.
std::vector<FormatComparisonRow> compare_formats(const TableSpec& spec,
                                                 const std::vector<NumberFormat>& formats,
                                                 size_t samples, std::vector<std::string>& skipped);

// The same for fixed-point formats (kb io, the generator's scales): the error
// over every input in (a, b) (int32: `samples` evenly spaced ones), max_ulp
// in lsbs of y; `skipped` gets the (format, n) the width cannot hold.
std::vector<FormatComparisonRow> compare_fixed_formats(const TableSpec& spec,
                                                       const std::vector<FixedFormat>& formats,
                                                       size_t samples,
                                                       std::vector<std::string>& skipped);

void print_format_table(std::ostream& out, const std::vector<FormatComparisonRow>& rows);

std::string format_comparison_csv(const std::string& func,
                                  const std::vector<FormatComparisonRow>& rows);

}  // namespace interpsim::cli
