#include "sim/cli/fixed_commands.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>

#include <nlohmann/json.hpp>

#include "model/atomic_file.hpp"
#include "model/content_hash.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/fixed_tbl_io.hpp"
#include "model/fixed_trace.hpp"
#include "model/input_error.hpp"
#include "model/lbfp_lane.hpp"
#include "model/lbfp_trace_io.hpp"
#include "sim/cli/report.hpp"
#include "sim/common/json_text.hpp"

namespace interpsim::cli {

namespace {

std::string describe(const FixedTable& table) {
  char text[256];
  std::snprintf(text, sizeof text,
                "%s%s a=%.17g m=%d n=%d (%zu segments) edges=%s format=%s fx=%d fy=%d fk=%d "
                "fb=%d",
                table.func.c_str(), table.derivative ? "'" : "", table.a(), table.m, table.n,
                table.segments(), edge_mode_name(table.edges).c_str(),
                fixed_format_names().name(table.format).c_str(), table.fx, table.fy, table.fk,
                table.fb);
  return text;
}

nlohmann::ordered_json identity_json(const FixedTable& table) {
  nlohmann::ordered_json out;
  out["func"] = table.func;
  out["derivative"] = table.derivative;
  out["a"] = table.a();
  out["m"] = table.m;
  out["n"] = table.n;
  out["segments"] = table.segments();
  out["edges"] = edge_mode_name(table.edges);
  out["format"] = fixed_format_names().name(table.format);
  out["kb"] = "io";
  out["fx"] = table.fx;
  out["fy"] = table.fy;
  out["fk"] = table.fk;
  out["fb"] = table.fb;
  out["rows"] = table.rows();
  out["bytes"] = fixed_table_bytes(table);
  out["tbl_fnv1a64"] = fnv1a64_hex(format_fixed_tbl(table));
  return out;
}

// The batch golden model on the trace's integers, in the table's own width.
template <typename Int>
void run_typed(const FixedLookup& lookup, const std::vector<int64_t>& in, std::vector<int64_t>& out,
               FixedRounding rounding, uint32_t seed) {
  std::vector<Int> x(in.begin(), in.end());
  std::vector<Int> y(x.size());
  lookup.run(x.data(), y.data(), x.size(), rounding, seed);
  out.assign(y.begin(), y.end());
}

}  // namespace

size_t fixed_table_bytes(const FixedTable& table) {
  return table.rows() * 2 * static_cast<size_t>(fixed_width(table.format) / 8);
}

ErrorReport measure_fixed_table_error_lbfp8(const FixedTable& table) {
  const double lsb = std::ldexp(1.0, -table.fy);
  const RealFunction reference = reference_of(table);
  const double a = table.a();
  const double b = table.upper();
  ErrorReport report;
  report.ulp_unit = "lsb";
  double squares = 0.0;
  double sum = 0.0;
  for (int exponent = kLbfpMinExponent; exponent <= kLbfpMaxExponent; ++exponent) {
    for (int code = 0; code < 256; ++code) {
      const auto element = static_cast<uint8_t>(code);
      const double x = lbfp8_decode(element, exponent);
      if (!(x > a && x < b) || (element & 0x7F) == kLbfpZeroCode) continue;
      const int64_t qx = lbfp8_decode_fixed(element, exponent, table.format, table.fx);
      const double error =
          std::fabs(static_cast<double>(fixed_eval(table, qx)) * lsb - reference(x));
      ++report.samples;
      squares += error * error;
      sum += error;
      if (error > report.linf || report.samples == 1) {
        report.linf = error;
        report.worst_x = static_cast<float>(x);
      }
    }
  }
  report.l2 = std::sqrt(squares);
  report.mean_abs = report.samples == 0 ? 0.0 : sum / static_cast<double>(report.samples);
  report.max_ulp = report.linf / lsb;
  return report;
}

bool is_fixed_format_option(const po::variables_map& values) {
  return values.count("format") != 0 && is_fixed_format_name(values["format"].as<std::string>());
}

int run_fixed_table(const po::variables_map& values, const TableSpec& spec, int n,
                    const std::string& out_path, const std::string& json_path, size_t samples) {
  const FixedFormat format = *fixed_format_names().parse(values["format"].as<std::string>());
  if (!values["kb"].defaulted() && values["kb"].as<std::string>() != "io") {
    throw_bad_option("kb", "a fixed-point table keeps K and B in its own width (kb io)");
  }
  std::optional<int> fx;
  if (values.count("fx") != 0) fx = values["fx"].as<int>();
  const auto started = std::chrono::steady_clock::now();
  FixedTable table;
  try {
    table = generate_fixed_table(spec.func, static_cast<double>(*spec.a), *spec.m, n, *spec.edges,
                                 format, fx, spec.derivative);
  } catch (const std::invalid_argument& error) {
    throw_bad_option(fx ? "fx" : "format", error.what());
  }
  std::string method;
  const ErrorReport report = measure_fixed_table_error(table, samples, method);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (!out_path.empty()) {
    write_fixed_tbl(table, out_path);
    std::cout << "wrote " << out_path << ": ";
  } else {
    std::cout << "table: ";
  }
  std::cout << describe(table) << ", " << table.rows() << " rows, " << fixed_table_bytes(table)
            << " bytes\n";
  print_error_report(
      std::cout, report,
      "error against float64 " + table.func + (table.derivative ? "'" : "") +
          (method == "every-value"
               ? " over every " + fixed_format_names().name(format) + " value in (a, b)"
               : " at " + std::to_string(report.samples) + " evenly spaced values in (a, b)"));
  if (values.count("in-format") != 0) {
    const ErrorReport lbfp_report = measure_fixed_table_error_lbfp8(table);
    print_error_report(std::cout, lbfp_report,
                       "error against float64 " + table.func + (table.derivative ? "'" : "") +
                           " over every lbfp8 input (element, block exponent) in (a, b), "
                           "decoded into x (--in-format lbfp8)");
  }
  if (!json_path.empty()) {
    write_table_result(json_path, identity_json(table), out_path, table.segments(), method, report,
                       seconds);
    std::cout << "wrote " << json_path << "\n";
  }
  return 0;
}

int run_fixed_eval(const std::string& table_path, const std::string& input_path,
                   const std::string& output_path, const std::string& rounding_name,
                   uint32_t seed) {
  const auto rounding = fixed_rounding_names().parse(rounding_name);
  if (!rounding) {
    throw_bad_option("rounding",
                     "'" + rounding_name + "' is not one of " + fixed_rounding_names().choices());
  }
  const FixedTable table = read_fixed_tbl(table_path);
  const FixedTrace input = read_fixed_trace(input_path, table.format);
  FixedTrace output = input;
  const FixedLookup lookup(table);
  switch (table.format) {
    case FixedFormat::kInt8:
      run_typed<int8_t>(lookup, input.values, output.values, *rounding, seed);
      break;
    case FixedFormat::kInt16:
      run_typed<int16_t>(lookup, input.values, output.values, *rounding, seed);
      break;
    case FixedFormat::kInt32:
      run_typed<int32_t>(lookup, input.values, output.values, *rounding, seed);
      break;
  }
  write_fixed_trace(output_path, output);
  std::cout << "eval: " << input.values.size() << " elements " << shape_text(input.shape) << " ("
            << fixed_dtype(table.format) << ") from " << input_path << "\n"
            << "table: " << describe(table) << "\n"
            << "rounding: " << rounding_name
            << (*rounding == FixedRounding::kStochastic ? " (seed " + std::to_string(seed) + ")"
                                                        : std::string())
            << "\nwrote " << output_path << "\n";
  const double lsb = std::ldexp(1.0, -table.fy);
  const RealFunction reference = reference_of(table);
  double linf = 0.0;
  for (size_t i = 0; i < input.values.size(); ++i) {
    const double x = std::ldexp(static_cast<double>(input.values[i]), -table.fx);
    linf = std::max(linf, std::fabs(static_cast<double>(output.values[i]) * lsb - reference(x)));
  }
  std::cout << "error against float64 " << table.func << (table.derivative ? "'" : "") << ": Linf "
            << linf << " (" << linf / lsb << " lsb)\n";
  return 0;
}

int run_fixed_eval_lbfp8(const std::string& table_path, const std::string& input_path,
                         const std::string& output_path) {
  const FixedTable table = read_fixed_tbl(table_path);
  if (table.format == FixedFormat::kInt32) {
    throw InputError(table_path + ": format=int32; an LBFP8 input needs an int8 or int16 table");
  }
  const LbfpTrace input = read_lbfp8_trace(input_path);
  FixedTrace output;
  output.format = table.format;
  output.shape = {input.exponents.size(), input.block};
  output.values = fixed_eval_lbfp8(table, input);
  write_fixed_trace(output_path, output);
  std::cout << "eval: " << input.elements.size() << " elements, " << input.exponents.size()
            << " lbfp8 blocks of " << input.block << " from " << input_path << "\n"
            << "table: " << describe(table) << "\n"
            << "x: each element decoded to " << fixed_format_names().name(table.format)
            << " with fx=" << table.fx << " (lbfp8_mul by 1.0, shifted by E + fx - 14, rne)\n"
            << "wrote " << output_path << "\n";
  const double lsb = std::ldexp(1.0, -table.fy);
  const RealFunction reference = reference_of(table);
  double linf = 0.0;
  double decode_linf = 0.0;  // of the decoded x against the exact LBFP8 value, in x's lsbs
  for (size_t i = 0; i < input.elements.size(); ++i) {
    const int exponent = input.exponents[i / input.block];
    const double x = lbfp8_decode(input.elements[i], exponent);
    const double qx = static_cast<double>(
        lbfp8_decode_fixed(input.elements[i], exponent, table.format, table.fx));
    decode_linf = std::max(decode_linf, std::fabs(qx - std::ldexp(x, table.fx)));
    linf = std::max(linf, std::fabs(static_cast<double>(output.values[i]) * lsb - reference(x)));
  }
  std::cout << "x decode against the exact LBFP8 values: Linf " << decode_linf
            << " lsb of x (saturation included)\n"
            << "error against float64 " << table.func << (table.derivative ? "'" : "")
            << " at the exact LBFP8 values: Linf " << linf << " (" << linf / lsb << " lsb)\n";
  return 0;
}

}  // namespace interpsim::cli
