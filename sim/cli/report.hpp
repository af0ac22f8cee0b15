// Text reports shared by the commands: table descriptions and error reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/error_metrics.hpp"
#include "model/functions.hpp"
#include "model/table.hpp"

namespace interpsim::cli {

// "(3, 7)", as NumPy prints shapes.
std::string shape_text(const std::vector<size_t>& shape);

// "gelu a=-5 m=3 n=12 (4096 segments on [-5, 3)) edges=extrapolate", plus
// " format=fp16 kb=fp32" for a table in another format.
std::string describe_table(const UniformTable& table);

// Table memory in bytes: N + 2 rows of K and B in the entry format.
size_t uniform_table_bytes(const UniformTable& table);

// The floats that Algorithm 1 sends to the segments: the open interval (a, b),
// as [next float above a, last float below b]. Interval error samples cover
// it; x <= a and x >= b read the edge rows, whose lines (asymptotes, say) are
// not chords (docs/decisions.md).
struct SampleRange {
  float lo;
  float hi;
};
SampleRange segment_sample_range(float a, float b);

// Error of output[i] against reference(input[i]) in float64 over the finite
// inputs (those for which `include` holds, when given) with a finite
// reference; max ulp in `format`'s ulps.
ErrorReport measure_trace_error(const std::vector<float>& input, const std::vector<float>& output,
                                RealFunction reference,
                                const std::function<bool(float)>& include = nullptr,
                                NumberFormat format = NumberFormat::kFp32);

// The two reports of a trace in one pass (the reference evaluated once per
// input): over all finite inputs, and over those for which `inside` holds.
// Both measure_trace_error* compute on all cores and sum in input order: the
// same reports for any number of cores.
struct TraceErrors {
  ErrorReport all;
  ErrorReport inside;
};
TraceErrors measure_trace_errors(const std::vector<float>& input, const std::vector<float>& output,
                                 RealFunction reference, const std::function<bool(float)>& inside,
                                 NumberFormat format = NumberFormat::kFp32);

// Prints the report as one block: samples, L2, Linf, mean abs, max ulp.
void print_error_report(std::ostream& out, const ErrorReport& report, const std::string& title);

// Error of `output` (the table's results for `input`) against the table's
// function in float64, over the finite inputs, all of them and those inside
// [a, b); prints why there is no report when the function is not in the
// registry.
void print_trace_error(std::ostream& out, const UniformTable& table,
                       const std::vector<float>& input, const std::vector<float>& output);

// The table in --json results (verify, table): func, derivative, a, m, n,
// segments, edges, format, kb, rows, bytes and the FNV-1a 64 hash of its
// canonical .tbl text (docs/design.md section 15).
nlohmann::ordered_json table_identity_json(const UniformTable& table);

// Writes the --json result of `interpsim table` atomically: program,
// version, command, `identity` with `file` (the --out path, or null),
// reachable_segments, error_method, the error report and seconds.
void write_table_result(const std::string& json_path, nlohmann::ordered_json identity,
                        const std::string& out_path, uint64_t reachable_segments,
                        const std::string& method, const ErrorReport& report, double seconds);

// An error report in --json results: samples, l2, linf, worst_x, mean_abs,
// max_ulp and the format whose ulps it counts.
nlohmann::ordered_json error_report_json(const ErrorReport& report);

// The error of a trace's outputs as JSON ({"all": ..., "inside": ...}, the two
// reports print_trace_error prints), or null when the function has no
// float64 reference in the registry.
nlohmann::ordered_json trace_error_json(const UniformTable& table, const std::vector<float>& input,
                                        const std::vector<float>& output);

}  // namespace interpsim::cli
