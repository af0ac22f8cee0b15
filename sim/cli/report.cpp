#include "sim/cli/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "model/atomic_file.hpp"
#include "model/content_hash.hpp"
#include "model/functions.hpp"
#include "model/number_format.hpp"
#include "model/parallel_for.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"
#include "sim/common/json_text.hpp"

#ifndef INTERPSIM_VERSION
#define INTERPSIM_VERSION "unknown"
#endif

namespace interpsim::cli {
namespace {

bool is_registered(const std::string& func) {
  for (const FunctionInfo& info : all_functions()) {
    if (info.name == func) return true;
  }
  return false;
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

// Inputs that Algorithm 1 sends to the segments, not the edge rows.
std::function<bool(float)> inside_interval(const UniformTable& table) {
  const float lo = table.a;
  const float hi = table.upper();
  return [lo, hi](float x) { return x > lo && x < hi; };
}

}  // namespace

namespace {

// One output's error against the float64 reference, or not counted (a
// non-finite input or reference); `selected`: the predicate of the pass held.
struct ElementError {
  double error;
  double ulps;
  bool counted;
  bool selected;
};

// Calls visit(i, element error) for every counted element in input order
// (with `only_selected`, the selected ones alone: the others are not
// measured). The reference, the ulps and `select` (the costly parts) are
// computed in blocks on all cores; the visits run on the calling thread in
// order, so sums over them do not depend on the thread count.
template <typename Visit>
void for_each_element_error(const std::vector<float>& input, const std::vector<float>& output,
                            RealFunction reference, NumberFormat format,
                            const std::function<bool(float)>& select, bool only_selected,
                            const Visit& visit) {
  constexpr size_t kBlock = size_t{1} << 16;
  std::vector<ElementError> block(std::min(kBlock, input.size()));
  for (size_t begin = 0; begin < input.size(); begin += kBlock) {
    const size_t count = std::min(kBlock, input.size() - begin);
    parallel_for(count, 4096, [&](size_t lo, size_t hi) {
      for (size_t j = lo; j < hi; ++j) {
        const float x = input[begin + j];
        ElementError& element = block[j];
        element.counted = false;
        if (!std::isfinite(x)) continue;
        const bool selected = !select || select(x);
        if (only_selected && !selected) continue;
        const double expected = reference(static_cast<double>(x));
        if (!std::isfinite(expected)) continue;
        const float y = output[begin + j];
        element = {std::fabs(static_cast<double>(y) - expected), ulp_error(y, expected, format),
                   true, selected};
      }
    });
    for (size_t j = 0; j < count; ++j) {
      if (block[j].counted) visit(begin + j, block[j]);
    }
  }
}

// Running sums of one error report, in input order.
struct TraceErrorSums {
  ErrorReport report;
  double sum_squares = 0;
  double sum_abs = 0;

  explicit TraceErrorSums(NumberFormat format) { report.ulp_format = format; }

  void add(float x, const ElementError& element) {
    ++report.samples;
    sum_squares += element.error * element.error;
    sum_abs += element.error;
    if (!(element.error <= report.linf)) {  // also catches a NaN output
      report.linf = std::isnan(element.error) ? INFINITY : element.error;
      report.worst_x = x;
    }
    report.max_ulp = std::fmax(report.max_ulp, element.ulps);
  }

  ErrorReport finish() {
    report.l2 = std::sqrt(sum_squares);
    report.mean_abs = report.samples != 0 ? sum_abs / static_cast<double>(report.samples) : 0.0;
    return report;
  }
};

}  // namespace

ErrorReport measure_trace_error(const std::vector<float>& input, const std::vector<float>& output,
                                RealFunction reference, const std::function<bool(float)>& include,
                                NumberFormat format) {
  TraceErrorSums sums(format);
  for_each_element_error(
      input, output, reference, format, include, true,
      [&](size_t i, const ElementError& element) { sums.add(input[i], element); });
  return sums.finish();
}

TraceErrors measure_trace_errors(const std::vector<float>& input, const std::vector<float>& output,
                                 RealFunction reference, const std::function<bool(float)>& inside,
                                 NumberFormat format) {
  TraceErrorSums all(format);
  TraceErrorSums in(format);
  for_each_element_error(input, output, reference, format, inside, false,
                         [&](size_t i, const ElementError& element) {
                           all.add(input[i], element);
                           if (element.selected) in.add(input[i], element);
                         });
  return {all.finish(), in.finish()};
}

SampleRange segment_sample_range(float a, float b) {
  return {std::nextafter(a, INFINITY), std::nextafter(b, -INFINITY)};
}

std::string shape_text(const std::vector<size_t>& shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    text += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) text += ",";
    if (i + 1 < shape.size()) text += " ";
  }
  return text + ")";
}

std::string describe_table(const UniformTable& table) {
  std::ostringstream text;
  text << table.func << (is_derivative_table(table) ? " (derivative)" : "")
       << " a=" << format_number(table.a) << " m=" << table.m << " n=" << table.n << " ("
       << table.segments() << " segments on [" << format_number(table.a) << ", "
       << format_number(table.upper()) << ")) edges=" << edge_mode_name(table.edges);
  if (table.format != NumberFormat::kFp32 || table.kb != KbFormat::kFp32) {
    text << " format=" << number_format_names().name(table.format)
         << " kb=" << kb_format_names().name(table.kb);
  }
  return text.str();
}

size_t uniform_table_bytes(const UniformTable& table) {
  return table.rows() * 2 * static_cast<size_t>(format_bits(table.entries()) / 8);
}

void print_error_report(std::ostream& out, const ErrorReport& report, const std::string& title) {
  char line[160];
  out << title << ":\n";
  if (report.samples == 0) {
    out << "  samples        0 (nothing to measure)\n";
    return;
  }
  std::snprintf(line, sizeof line, "  samples        %zu\n", report.samples);
  out << line;
  std::snprintf(line, sizeof line, "  L2 (eq. 7)     %.3e  (sqrt of the sum over the samples)\n",
                report.l2);
  out << line;
  std::snprintf(line, sizeof line, "  Linf (eq. 8)   %.3e  (at x = %.9g)\n", report.linf,
                static_cast<double>(report.worst_x));
  out << line;
  std::snprintf(line, sizeof line, "  mean abs       %.3e\n", report.mean_abs);
  out << line;
  const std::string ulp_name = report.ulp_format == NumberFormat::kFp32
                                   ? std::string("float32")
                                   : number_format_names().name(report.ulp_format);
  if (!report.ulp_unit.empty()) {
    std::snprintf(line, sizeof line, "  max ulp        %.3g  (%ss of y, 2^-fy)\n", report.max_ulp,
                  report.ulp_unit.c_str());
  } else {
    std::snprintf(line, sizeof line, "  max ulp        %.3g  (%s ulps of the float64 value)\n",
                  report.max_ulp, ulp_name.c_str());
  }
  out << line;
}

void print_trace_error(std::ostream& out, const UniformTable& table,
                       const std::vector<float>& input, const std::vector<float>& output) {
  if (!is_registered(table.func)) {
    out << "no float64 reference for function '" << table.func
        << "' (not in the registry: " << function_names() << "); error not reported\n";
    return;
  }
  const RealFunction reference = reference_of(table);
  const float lo = table.a;
  const float hi = table.upper();
  size_t nonfinite = 0;
  size_t below = 0;
  size_t above = 0;
  for (const float x : input) {
    if (!std::isfinite(x)) {
      ++nonfinite;
    } else if (x <= lo) {
      ++below;
    } else if (x >= hi) {
      ++above;
    }
  }
  out << "inputs: " << input.size() - nonfinite - below - above << " inside (a, b), " << below
      << " <= a, " << above << " >= b (edge rows), " << nonfinite << " NaN/inf\n";
  const std::string what =
      std::string("error against float64 ") + table.func + (is_derivative_table(table) ? "'" : "");
  const TraceErrors errors =
      measure_trace_errors(input, output, reference, inside_interval(table), table.format);
  print_error_report(out, errors.all, what + ", all finite inputs");
  print_error_report(out, errors.inside, what + ", inputs inside (a, b)");
}

nlohmann::ordered_json table_identity_json(const UniformTable& table) {
  nlohmann::ordered_json out;
  out["func"] = table.func;
  out["derivative"] = is_derivative_table(table);
  out["a"] = static_cast<double>(table.a);
  out["m"] = table.m;
  out["n"] = table.n;
  out["segments"] = table.segments();
  out["edges"] = edge_mode_name(table.edges);
  out["format"] = number_format_names().name(table.format);
  out["kb"] = kb_format_names().name(table.kb);
  out["rows"] = table.rows();
  out["bytes"] = uniform_table_bytes(table);
  out["tbl_fnv1a64"] = fnv1a64_hex(format_tbl(table));
  return out;
}

void write_table_result(const std::string& json_path, nlohmann::ordered_json identity,
                        const std::string& out_path, uint64_t reachable_segments,
                        const std::string& method, const ErrorReport& report, double seconds) {
  nlohmann::ordered_json out;
  out["program"] = "interpsim";
  out["version"] = INTERPSIM_VERSION;
  out["command"] = "table";
  identity["file"] =
      out_path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(out_path);
  out["table"] = identity;
  out["reachable_segments"] = reachable_segments;
  out["error_method"] = method;
  out["error"] = error_report_json(report);
  out["seconds"] = seconds;
  write_file_atomically(json_path, json_text(out, 2) + "\n");
}

nlohmann::ordered_json error_report_json(const ErrorReport& report) {
  nlohmann::ordered_json out;
  out["samples"] = report.samples;
  out["l2"] = report.l2;
  out["linf"] = report.linf;
  out["worst_x"] = static_cast<double>(report.worst_x);
  out["mean_abs"] = report.mean_abs;
  out["max_ulp"] = report.max_ulp;
  out["ulp_format"] =
      report.ulp_unit.empty() ? number_format_names().name(report.ulp_format) : report.ulp_unit;
  return out;
}

nlohmann::ordered_json trace_error_json(const UniformTable& table, const std::vector<float>& input,
                                        const std::vector<float>& output) {
  if (!is_registered(table.func)) return nullptr;
  const RealFunction reference = reference_of(table);
  nlohmann::ordered_json out;
  const TraceErrors errors =
      measure_trace_errors(input, output, reference, inside_interval(table), table.format);
  out["all"] = error_report_json(errors.all);
  out["inside"] = error_report_json(errors.inside);
  return out;
}

}  // namespace interpsim::cli
