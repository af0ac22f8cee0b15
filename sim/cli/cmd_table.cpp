// interpsim table: generate a uniform table (.tbl) and report its error
// (printed, and with --json as a result file a sweep can merge).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "model/atomic_file.hpp"
#include "model/error_metrics.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"
#include "model/uniform_lookup.hpp"
#include "model/usable_cores.hpp"
#include "sim/cli/fixed_commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"
#include "sim/cli/table_options.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/table_spec.hpp"

namespace interpsim::cli {

namespace {

// Exactly one of --segments N and --n n (N = 2^n), then --out or --json: checked before
// any option's value, in the order of the option list, as Boost checks the
// required options (--func).
void check_required_options(const po::variables_map& values) {
  const bool has_segments = values.count("segments") != 0;
  const bool has_n = values.count("n") != 0;
  if (has_segments && has_n) {
    throw UsageError("--segments and --n give the same count: give one of them, not both");
  }
  if (!has_segments && !has_n) {
    throw UsageError("the option '--segments' (or its alias '--n') is required but missing");
  }
  if (values.count("out") == 0 && values.count("json") == 0) {
    throw UsageError("the option '--out' (or '--json') is required but missing");
  }
}

// n = log2 N from --segments N or --n n; throws UsageError naming --segments.
int segment_bits_option(const po::variables_map& values) {
  int n = 0;
  if (values.count("n") != 0) {
    n = values["n"].as<int>();
  } else {
    const int segments = values["segments"].as<int>();
    const std::optional<int> bits = segment_bits(segments);
    if (!bits) throw_bad_option("segments", segments_refusal(segments));
    n = *bits;
  }
  return n;
}

}  // namespace

int run_table(int argc, char** argv) {
  po::options_description options;
  add_function_options(options);
  options.add_options()  //
      ("segments", po::value<int>()->value_name("N"),
       "N segments, a power of two, 1 <= N <= 2^20 (this or --n is required)")  //
      ("n", po::value<int>()->value_name("n"),
       "log2 of the segment count: the same as --segments 2^n, 0 <= n <= 20")  //
      ("out", po::value<std::string>()->value_name("T.tbl"),
       "table file to write (this or --json is required)")  //
      ("json", po::value<std::string>()->value_name("FILE"),
       "write the table's identity and error as JSON (docs/cli.md)")  //
      ("samples", po::value<size_t>()->default_value(1000001)->value_name("S"),
       "error samples, uniformly spaced over (a, b) (>= 2)")  //
      ("fx", po::value<int>()->value_name("F"),
       "fixed point: fractional bits of x and a (default: the most that hold a and b)")  //
      ("in-format", po::value<std::string>()->value_name("F"),
       "int8/int16: lbfp8 also measures the error over every LBFP8 input in (a, b), decoded "
       "into x as the unit does (docs/design.md section 12)")  //
      ("all-floats", po::bool_switch(),
       "measure the error over every float32 in (a, b) instead (slow for wide intervals); 8- "
       "and 16-bit formats are always measured over every value in (a, b)");
  add_format_options(options);
  const CommandHelp help{
      "interpsim table --func NAME [--a A] [--m M] (--segments N | --n n) [--edges MODE]\n"
      "                [--derivative] [--format F] [--kb fp32|io] (--out T.tbl | --json F)",
      "Generates the N-segment chord table of the function on [a, a + 2^M] (eq. 5 of the\n"
      "paper with its sign corrected, float64 rounded once to float32), writes it as .tbl\n"
      "and prints its error against the float64 function: L2 (eq. 7, which grows with the\n"
      "sample count), Linf (eq. 8), mean absolute error and max error in float32 ulps.\n"
      "The segment count is --segments N or --n n with N = 2^n (the form of the original\n"
      "interface, --func NAME --a A --m M --n N): exactly one of the two.\n"
      "--format F evaluates in another number format (x, a, b, y in F; entries rounded once\n"
      "to --kb: fp32 or io = F): the error is then measured over every value of F in (a, b),\n"
      "max ulp in F's ulps, and the report says how many segments F can reach.\n"
      "--json FILE writes the same figures for a sweep's merge step (either or both of\n"
      "--out and --json).\n"
      "--format int8|int16|int32 makes a fixed-point table (docs/design.md section 12): x, a\n"
      "and y integers with a scale 2^-fx, 2^-fy (--fx, or the most bits that hold a and b),\n"
      "K and B integers of the same width with their own scales; the error is measured over\n"
      "every input in (a, b) (int32: --samples evenly spaced ones), max ulp in lsbs of y.\n\n" +
          function_defaults_text()};
  po::variables_map values;
  if (!parse_options(argc, argv, help, options, values)) return 0;

  check_required_options(values);
  TableSpec spec = resolve_function_options(values);
  const bool fixed = is_fixed_format_option(values);
  if (!fixed) resolve_format_options(values, spec);
  if (values.count("in-format") != 0) {
    const std::string in_format = values["in-format"].as<std::string>();
    if (in_format != "lbfp8") throw_bad_option("in-format", "'" + in_format + "' is not lbfp8");
    if (!fixed || values["format"].as<std::string>() == "int32") {
      throw_bad_option("in-format", "lbfp8 needs --format int8 or int16");
    }
  }
  if (!fixed && values.count("fx") != 0) {
    throw_bad_option("fx", "only with a fixed-point --format (int8, int16, int32)");
  }
  const int n = segment_bits_option(values);
  if (!fixed) check_interval_options(*spec.a, *spec.m, n, spec.format);
  spec.segments = 1 << n;
  const size_t samples = values["samples"].as<size_t>();
  if (samples < 2) throw_bad_option("samples", "need at least 2 samples");
  const std::string out_path = values.count("out") ? values["out"].as<std::string>() : "";
  const std::string json_path = values.count("json") ? values["json"].as<std::string>() : "";
  if (values.count("json") && json_path.empty()) throw_bad_option("json", "empty file name");
  // Refused before anything is written: a .tbl without its JSON is half an output.
  for (const auto& [option, path] : {std::pair{"out", out_path}, std::pair{"json", json_path}}) {
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    std::error_code error;
    if (!path.empty() && !folder.empty() && !std::filesystem::is_directory(folder, error)) {
      throw InputError(path + ": cannot write (--" + option + "): no folder " + folder.string());
    }
  }
  if (fixed) return run_fixed_table(values, spec, n, out_path, json_path, samples);
  const auto started = std::chrono::steady_clock::now();

  const UniformTable table = build_lookup_tables(spec).uniform;
  const auto [lo, hi] = segment_sample_range(table.a, table.upper());
  std::string what = "error against float64 " + table.func + (spec.derivative ? "'" : "");
  std::string method;
  ErrorReport report;
  std::optional<uint64_t> reachable;
  if (table.format != NumberFormat::kFp32) {
    const std::string name = number_format_names().name(table.format);
    const FormatLookup lookup(table);
    const auto approx = [&](float x) {
      return decode_value(table.format, lookup(*encode_exact(table.format, x)));
    };
    reachable = reachable_segments(table);
    report = measure_error_every_value(table.format, approx, reference_of(table), lo, hi);
    method = "every-value";
    what += " over every " + name + " value in (a, b)";
  } else {
    const auto approx = [&table](float x) { return interp_uniform(table, x); };
    if (values["all-floats"].as<bool>()) {
      const unsigned threads = usable_cores();
      report = measure_error_all_floats(approx, reference_of(table), lo, hi, threads);
      method = "all-floats";
      what += " over every float32 in (a, b)";
    } else {
      report = measure_error(approx, reference_of(table), lo, hi, samples);
      method = "uniform-samples";
      what += " at " + std::to_string(samples) + " uniformly spaced samples in (a, b)";
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // The files last, when every figure is known.
  if (!out_path.empty()) {
    write_tbl(table, out_path);
    std::cout << "wrote " << out_path << ": ";
  } else {
    std::cout << "table: ";
  }
  std::cout << describe_table(table) << ", " << table.rows() << " rows, "
            << uniform_table_bytes(table) << " bytes\n";
  if (reachable) {
    std::cout << "segments reachable in " << number_format_names().name(table.format) << ": "
              << *reachable << " of " << table.segments() << "\n";
  }
  print_error_report(std::cout, report, what);
  if (!json_path.empty()) {
    write_table_result(json_path, table_identity_json(table), out_path,
                       reachable ? *reachable : static_cast<uint64_t>(table.segments()), method,
                       report, seconds);
    std::cout << "wrote " << json_path << "\n";
  }
  return 0;
}

}  // namespace interpsim::cli
