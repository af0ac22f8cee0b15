// interpsim compare: the lookup designs side by side for one function.
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "model/atomic_file.hpp"
#include "model/error_metrics.hpp"
#include "model/npy_io.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"
#include "sim/cli/demo_trace.hpp"
#include "sim/cli/design_comparison.hpp"
#include "sim/cli/format_comparison.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"
#include "sim/cli/table_options.hpp"
#include "sim/simd/simd_compare.hpp"

namespace interpsim::cli {

namespace {

// --cycles: the designs on the SIMD array (sim/simd/simd_compare.hpp).
int run_cycle_comparison(const po::variables_map& values, const TableSpec& spec) {
  if (spec.derivative) throw_bad_option("cycles", "not available for --derivative tables");
  simd::SimdConfig base;
  base.table = spec;  // func, a, m, edges; compare_cycles sets segments and design
  base.lanes = values["lanes"].as<int>();
  if (base.lanes < 1 || base.lanes > 4096) throw_bad_option("lanes", "outside 1..4096");
  const std::string impl = values["lane_impl"].as<std::string>();
  const std::optional<lanes::LaneImpl> lane_impl = lanes::lane_impl_names().parse(impl);
  if (!lane_impl) throw_bad_option("lane_impl", "expected " + lanes::lane_impl_names().choices());
  base.lane_impl = *lane_impl;
  base.memory_bytes_per_cycle = 8.0 * base.lanes;
  const std::string trace_path = values["trace"].as<std::string>();
  DemoTraceSpec trace_spec;
  trace_spec.count = 262144;
  const std::vector<float> trace =
      trace_path == "builtin" ? make_demo_trace(trace_spec) : read_npy(trace_path).data;
  const std::vector<simd::CycleComparisonRow> rows = simd::compare_cycles(base, trace);
  if (values.count("cycles_csv") != 0) {
    write_file_atomically(values["cycles_csv"].as<std::string>(), simd::cycle_comparison_csv(rows));
  }
  std::cout << "\ncycles: " << base.lanes << "-lane SIMD array (" << impl
            << " lanes; bsearch RTL at 16/256/4096 segments only, nonuniform RTL up to 128 parts), "
            << base.memory_bytes_per_cycle << " bytes/cycle, over " << trace.size() << " inputs ("
            << trace_path << "); shares are of lane-cycles;\n"
            << "memory counts every private copy; Linf/rms over the inputs inside (a, b)\n\n"
            << simd::cycle_comparison_text(rows);
  unsigned long long mismatches = 0;
  for (const auto& row : rows) mismatches += row.mismatches;
  return mismatches == 0 ? 0 : 1;
}

// --format F|all: the uniform table's error per segment count in each format.
int run_format_comparison(const po::variables_map& values, const TableSpec& spec, size_t samples) {
  const std::string text = values["format"].as<std::string>();
  std::vector<NumberFormat> formats;
  std::vector<FixedFormat> fixed_formats;
  if (text == "all") {
    formats = number_format_names().values();
    fixed_formats = fixed_format_names().values();
  } else if (const auto fixed = fixed_format_names().parse(text)) {
    fixed_formats.push_back(*fixed);
  } else {
    const auto format = number_format_names().parse(text);
    if (!format) {
      throw_bad_option("format", "'" + text + "' is not one of " + number_format_names().choices() +
                                     " | " + fixed_format_names().choices() + " | all");
    }
    formats.push_back(*format);
  }
  std::vector<std::string> skipped;
  std::vector<FormatComparisonRow> rows = compare_formats(spec, formats, samples, skipped);
  const std::vector<FormatComparisonRow> fixed_rows =
      compare_fixed_formats(spec, fixed_formats, samples, skipped);
  rows.insert(rows.end(), fixed_rows.begin(), fixed_rows.end());
  if (values.count("csv") != 0) {
    write_file_atomically(values["csv"].as<std::string>(), format_comparison_csv(spec.func, rows));
  }
  std::cout << "compare: " << spec.func << (spec.derivative ? "' (derivative)" : "") << " on ["
            << *spec.a << ", " << *spec.a + std::ldexp(1.0, *spec.m)
            << "], edges=" << edge_mode_name(*spec.edges)
            << ", uniform tables; error against float64 over every value of an 8/16-bit "
               "format in (a, b) (fp32: "
            << samples << " uniformly spaced samples, int32: as many evenly spaced), max ulp in "
            << "the format's ulps (intW: lsbs of y)\n\n";
  print_format_table(std::cout, rows);
  for (const std::string& line : skipped) std::cout << "skipped " << line << "\n";
  if (values.count("csv") != 0) std::cout << "\nwrote " << values["csv"].as<std::string>() << "\n";
  return 0;
}

}  // namespace

int run_compare(int argc, char** argv) {
  po::options_description options;
  add_function_options(options, "gelu");
  options.add_options()  //
      ("samples", po::value<size_t>()->default_value(1000001)->value_name("S"),
       "error samples, uniformly spaced over (a, b) (>= 2)")                                   //
      ("csv", po::value<std::string>()->value_name("FILE"), "also write the table as CSV")     //
      ("cycles", "also run every design on a 64-lane SIMD array (sim/simd/): cycles, stalls")  //
      ("lanes", po::value<int>()->default_value(64), "--cycles: lanes")                        //
      ("lane_impl", po::value<std::string>()->default_value("model"),
       "--cycles: lanes as 'model' (C++ cycle model) or 'rtl' (verilated, where built)")  //
      ("trace", po::value<std::string>()->default_value("builtin"),
       "--cycles: a .npy trace, or 'builtin' (262144 BERT-FFN-like GELU inputs)")          //
      ("cycles_csv", po::value<std::string>()->value_name("FILE"), "--cycles: write CSV")  //
      ("format", po::value<std::string>()->value_name("F"),
       ("instead of the designs: the uniform table's error at 4..4096 segments in number "
        "format F (" +
        number_format_names().choices() + " | " + fixed_format_names().choices() +
        " | all), kb = fp32 and kb = io (fixed point: io)")
           .c_str());
  const CommandHelp help{
      "interpsim compare [--func NAME] [--a A] [--m M] [--edges MODE] [--derivative] "
      "[--csv FILE]\n"
      "       interpsim compare ... --format F|all [--csv FILE]",
      "For one function, builds 16-, 64-, 256-, 1024- and 4096-segment tables of each design\n"
      "and prints their error against the float64 function and their table memory:\n"
      "  uniform     Algorithm 1, O(1) index from the bits of x - a (search 0)\n"
      "  bsearch     the same segments found by binary search (search = log2 N comparisons)\n"
      "  nonuniform  the same segment budget split to equalize the error (paper Sec. 4.5);\n"
      "              search = comparisons over the sub-interval starts, then Algorithm 1\n"
      "  value       NVDLA-style value LUT on the same breakpoints: N + 1 values f(t_i),\n"
      "              y = y0 + frac * (y1 - y0) (docs/design.md section 4)\n"
      "  igelu_f32, igelu_i32   I-BERT's i-GELU (gelu only; no table)\n"
      "Memory counts K and B rows (8 bytes each, edge rows included), bsearch's breakpoints\n"
      "(4 bytes each), nonuniform's part descriptors (8 bytes each) and value's N + 1 values\n"
      "and two edge lines (4 bytes per value, 16 for the lines).\n\n" +
          function_defaults_text()};
  po::variables_map values;
  if (!parse_options(argc, argv, help, options, values)) return 0;

  const TableSpec spec = resolve_function_options(values);
  const size_t samples = values["samples"].as<size_t>();
  if (samples < 2) throw_bad_option("samples", "need at least 2 samples");
  if (values.count("format") != 0) {
    if (values.count("cycles") != 0) throw_bad_option("format", "not available with --cycles");
    return run_format_comparison(values, spec, samples);
  }

  std::vector<Design> designs;
  for (const int n : {4, 6, 8, 10, 12}) {
    for (Design& design : table_designs(spec, n)) designs.push_back(std::move(design));
  }
  for (Design& design : igelu_designs(spec)) designs.push_back(std::move(design));

  const float a = *spec.a;
  const float b = static_cast<float>(a + std::ldexp(1.0, *spec.m));
  const auto [lo, hi] = segment_sample_range(a, b);
  const RealFunction reference = table_reference(spec.func, spec.derivative);
  std::vector<DesignResult> results;
  for (const Design& design : designs) {
    results.push_back({&design, measure_error(design.evaluate, reference, lo, hi, samples)});
  }

  if (values.count("csv") != 0) {
    write_file_atomically(values["csv"].as<std::string>(), design_csv(spec.func, results));
  }
  std::cout << "compare: " << spec.func << (spec.derivative ? "' (derivative)" : "") << " on [" << a
            << ", " << b << "], edges=" << edge_mode_name(*spec.edges)
            << "; error against float64 at " << samples
            << " uniformly spaced samples in (a, b)\n\n";
  print_design_table(std::cout, results);
  if (values.count("csv") != 0) std::cout << "\nwrote " << values["csv"].as<std::string>() << "\n";
  if (values.count("cycles") != 0) return run_cycle_comparison(values, spec);
  return 0;
}

}  // namespace interpsim::cli
