// interpsim simd: the SIMD array simulation (sim/simd/, docs/simulator.md).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "model/atomic_file.hpp"
#include "model/fixed_point.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/fixed_tbl_io.hpp"
#include "model/fixed_trace.hpp"
#include "model/float_format.hpp"
#include "model/format_trace.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "model/subword_lane_cycle_model.hpp"
#include "model/tbl_text.hpp"
#include "sim/cli/demo_trace.hpp"
#include "sim/cli/fixed_commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/params.hpp"
#include "sim/simd/simd_array.hpp"
#include "sim/simd/simd_config.hpp"
#include "sim/simd/simd_stats.hpp"
#include "sim/simd/softmax.hpp"

namespace interpsim::cli {

namespace {

struct Trace {
  std::vector<float> data;
  std::vector<size_t> shape;
};

Trace load_trace(const simd::SimdConfig& config) {
  Trace trace;
  if (config.trace == "builtin") {
    DemoTraceSpec spec;
    spec.count = static_cast<size_t>(config.trace_count);
    trace.data = make_demo_trace(spec);
    trace.shape = {trace.data.size()};
  } else {
    NpyArray array = read_npy(config.trace);
    trace.data = std::move(array.data);
    trace.shape = std::move(array.shape);
  }
  return trace;
}

// A trace in a format other than fp32 (docs/design.md section 12, "Files"):
// read_format_trace's dtypes, or the builtin trace's values rounded to the
// format (written back as the format's own dtype: fp16 '<f2', bf16 '<u2',
// fp8 '|u1').
FormatTrace load_format_trace(const simd::SimdConfig& config, NumberFormat format) {
  if (config.trace != "builtin") return read_format_trace(config.trace, format);
  DemoTraceSpec spec;
  spec.count = static_cast<size_t>(config.trace_count);
  const std::vector<float> values = make_demo_trace(spec);
  FormatTrace trace;
  trace.format = format;
  trace.shape = {values.size()};
  trace.dtype = format == NumberFormat::kFp16 ? "<f2" : format_bits(format) == 16 ? "<u2" : "|u1";
  trace.bits.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) trace.bits[i] = round_to_format(format, values[i]);
  return trace;
}

int run_simd_config(simd::SimdConfig config, const po::variables_map& values);
int run_simd_fixed(simd::SimdConfig config, const po::variables_map& values);

}  // namespace

int run_simd(int argc, char** argv) {
  const po::options_description options = simd::simd_params().options();
  po::options_description run_options("Run");
  run_options.add_options()                                                        //
      ("config", po::value<std::string>(), "INI configuration file (keys below)")  //
      ("json", po::value<std::string>(), "write the statistics as JSON")           //
      ("vcd", po::value<std::string>(), "write waveforms of the RTL lanes (VCD)")  //
      ("out", po::value<std::string>(), "write the outputs (.npy, the trace's shape)");
  po::options_description all;
  all.add(run_options).add(options);
  const CommandHelp help{
      "interpsim simd --config FILE.ini [--json STATS.json] [--vcd FILE.vcd] [--KEY VALUE ...]",
      "Simulates a SIMD array of interpolation lanes (verilated RTL or C++ cycle model)\n"
      "over a trace, cycle by cycle: table organization (private, banked, multiport),\n"
      "memory bandwidth and latency, elementwise map or softmax. Prints a summary and\n"
      "checks every output against the golden model. Command-line keys override the\n"
      "INI file. docs/simulator.md describes every option and statistic."};
  po::variables_map values;
  if (!parse_options(argc, argv, help, all, values)) return 0;
  const simd::SimdConfig config = simd::simd_params().from_command_line(options, values);
  const std::string source = config_source(values);
  return naming_config_source(source, [&] { return run_simd_config(config, values); });
}

namespace {

// The run of one configuration (read and checked key by key).
int run_simd_config(simd::SimdConfig config, const po::variables_map& values) {
  const std::string vcd = values.count("vcd") != 0 ? values["vcd"].as<std::string>() : "";
  const std::string out_path = values.count("out") != 0 ? values["out"].as<std::string>() : "";

  if (!config.table.file.empty() && is_fixed_format_name(tbl_format_key(config.table.file))) {
    if (config.operation != simd::Operation::kMap) {
      throw InputError("config: operation: a fixed-point table runs operation = map only");
    }
    return run_simd_fixed(config, values);
  }
  if (config.operation == simd::Operation::kMap) {
    // The table first: its format (a .tbl file's header, or the format key)
    // says how to read the trace.
    const LookupTables tables = build_lookup_tables(config.table);
    const NumberFormat format = tables.uniform.format;
    simd::MapResult result;
    FormatTrace format_trace;
    std::vector<size_t> shape;
    std::vector<float> trace_values;
    if (format == NumberFormat::kFp32) {
      Trace trace = load_trace(config);
      shape = trace.shape;
      result = simd::run_map(config, tables, trace.data, vcd);
      trace_values = std::move(trace.data);
    } else {
      format_trace = load_format_trace(config, format);
      shape = format_trace.shape;
      result = simd::run_map_bits(config, tables, format_trace.bits, vcd);
    }
    nlohmann::json stats = simd::stats_json(config, result.stats, result.mismatches, result.checked,
                                            result.sim_seconds);
    stats["table"] = tables.description;
    stats["table_memory_bytes"] = tables.memory_bytes;
    // The whole array's table memory: a private copy per lane and sub-word
    // slot, or one shared table (banked, multiport); rows of 2 * entry bytes.
    stats["array_table_memory_bytes"] =
        tables.memory_bytes * (config.table_org == simd::TableOrg::kPrivate
                                   ? static_cast<size_t>(config.lanes * simd::subword_slots(config))
                                   : 1);
    stats["element_bytes"] = simd::element_bytes(format);
    // What the run did to the trace: its outputs against the float64 function
    // (sweeps plot this error against throughput).
    if (format == NumberFormat::kFp32) {
      stats["trace_error"] = trace_error_json(tables.uniform, trace_values, result.output);
    } else {
      std::vector<float> input(format_trace.bits.size());
      std::vector<float> output(result.output_bits.size());
      for (size_t i = 0; i < input.size(); ++i) {
        input[i] = decode_value(format, format_trace.bits[i]);
      }
      for (size_t i = 0; i < output.size(); ++i) {
        output[i] = decode_value(format, result.output_bits[i]);
      }
      stats["trace_error"] = trace_error_json(tables.uniform, input, output);
    }
    std::cout << "table: " << tables.description << ", " << tables.memory_bytes << " bytes ("
              << stats["array_table_memory_bytes"].get<size_t>() << " in the array), elements of "
              << simd::element_bytes(format) << " bytes\n";
    stats["trace"] = {{"path", config.trace}, {"shape", shape}};
    simd::print_summary(std::cout, stats);
    if (values.count("json") != 0) {
      write_file_atomically(values["json"].as<std::string>(), json_text(stats, 2) + "\n");
    }
    if (!out_path.empty()) {
      if (format == NumberFormat::kFp32) {
        write_npy(out_path, result.output, shape);
      } else {
        write_format_trace(out_path, format_trace, result.output_bits);
      }
    }
    return result.mismatches == 0 ? 0 : 1;
  }

  // Softmax (fp32 only: build_softmax_tables refuses other formats).
  const Trace trace = load_trace(config);
  const size_t cols =
      trace.shape.size() >= 2 ? trace.shape.back() : static_cast<size_t>(config.softmax_cols);
  if (trace.data.empty() || trace.data.size() % cols != 0) {
    throw InputError(config.trace + ": " + std::to_string(trace.data.size()) +
                     " elements are not whole rows of softmax_cols = " + std::to_string(cols));
  }
  const simd::SoftmaxTables tables = simd::build_softmax_tables(config);
  const simd::SoftmaxResult result =
      simd::run_softmax(config, tables, trace.data, trace.data.size() / cols, cols);
  nlohmann::json stats =
      simd::stats_json(config, result.stats, result.mismatches, result.checked, result.sim_seconds);
  stats["softmax"] = result.phases;
  stats["trace"] = {{"path", config.trace}, {"shape", trace.shape}};
  simd::print_summary(std::cout, stats);
  std::cout << "  softmax phases (cycles): max " << stats["softmax"]["max_cycles"] << ", exp "
            << stats["softmax"]["exp_cycles"] << ", sum " << stats["softmax"]["sum_cycles"]
            << ", reciprocal " << stats["softmax"]["reciprocal_cycles"] << ", scale "
            << stats["softmax"]["scale_cycles"] << "\n  error against float64 softmax: max abs "
            << stats["softmax"]["max_abs_error"] << ", max rel "
            << stats["softmax"]["max_rel_error"] << "\n";
  if (values.count("json") != 0) {
    write_file_atomically(values["json"].as<std::string>(), json_text(stats, 2) + "\n");
  }
  if (!out_path.empty()) write_npy(out_path, result.output, trace.shape);
  return stats["mismatches"].get<uint64_t>() == 0 ? 0 : 1;
}

// The trace of a fixed-point table (docs/design.md section 6, "Decision
// (fixed-point tables in the SIMD array)"): a .npy of the width's integers
// (read_fixed_trace refuses another dtype), or the builtin trace's values
// quantized at the table's fx: q = round-half-even(x * 2^fx), saturated.
FixedTrace load_fixed_trace(const simd::SimdConfig& config, const FixedTable& table) {
  if (config.trace != "builtin") return read_fixed_trace(config.trace, table.format);
  DemoTraceSpec spec;
  spec.count = static_cast<size_t>(config.trace_count);
  const std::vector<float> values = make_demo_trace(spec);
  FixedTrace trace;
  trace.format = table.format;
  trace.shape = {values.size()};
  trace.values.resize(values.size());
  const double lo = static_cast<double>(fixed_min(table.format));
  const double hi = static_cast<double>(fixed_max(table.format));
  for (size_t i = 0; i < values.size(); ++i) {
    const double q = std::nearbyint(std::ldexp(static_cast<double>(values[i]), table.fx));
    trace.values[i] = static_cast<int64_t>(std::min(hi, std::max(lo, q)));
  }
  return trace;
}

// The map over a fixed-point .tbl: integer slots (sim/lanes/fixed_lanes.hpp).
int run_simd_fixed(simd::SimdConfig config, const po::variables_map& values) {
  if (values.count("vcd") != 0) {
    throw InputError("--vcd: waveforms are built for the fp32 lane (format = fp32)");
  }
  const FixedTable table = read_fixed_tbl(config.table.file);
  const int width = fixed_width(table.format);
  // The effective configuration: the table's header, as for a float .tbl.
  config.table.func = table.func;
  config.table.a = static_cast<float>(table.a());
  config.table.m = table.m;
  config.table.segments = static_cast<int>(table.segments());
  config.table.edges = table.edges;
  config.table.derivative = table.derivative;
  const FixedTrace trace = load_fixed_trace(config, table);
  std::vector<uint32_t> x_bits(trace.values.size());
  for (size_t i = 0; i < x_bits.size(); ++i) {
    x_bits[i] = SubwordLaneCycleModel::place(trace.values[i], width, 0);
  }
  const simd::MapResult result = simd::run_map_fixed(config, table, x_bits);
  nlohmann::json stats =
      simd::stats_json(config, result.stats, result.mismatches, result.checked, result.sim_seconds);
  // The format keys name float formats; the .tbl file (config key `table`)
  // gives the integer format, so a repeat from `config` runs the same table.
  stats["config"].erase("format");
  stats["config"].erase("kb");
  stats["table_format"] = fixed_format_names().name(table.format);
  std::string header = fixed_tbl_header(table);
  if (header.rfind("// ", 0) == 0) header.erase(0, 3);
  stats["table"] = header;
  stats["table_memory_bytes"] = fixed_table_bytes(table);
  stats["array_table_memory_bytes"] =
      fixed_table_bytes(table) * (config.table_org == simd::TableOrg::kPrivate
                                      ? static_cast<size_t>(config.lanes) * (32 / width)
                                      : 1);
  stats["element_bytes"] = width / 8;
  // Against the float64 function at the inputs' values, in y's lsbs (as eval).
  const RealFunction reference = reference_of(table);
  double linf = 0;
  for (size_t i = 0; i < x_bits.size(); ++i) {
    const double x = std::ldexp(static_cast<double>(trace.values[i]), -table.fx);
    const double y = std::ldexp(
        static_cast<double>(SubwordLaneCycleModel::field(result.output_bits[i], width, 0)),
        -table.fy);
    linf = std::max(linf, std::fabs(y - reference(x)));
  }
  stats["trace_error"] = {{"max_abs", linf}, {"max_lsb", std::ldexp(linf, table.fy)}};
  std::cout << "table: " << header << ", " << fixed_table_bytes(table) << " bytes ("
            << stats["array_table_memory_bytes"].get<size_t>() << " in the array), elements of "
            << width / 8 << " bytes\n";
  stats["trace"] = {{"path", config.trace}, {"shape", trace.shape}};
  simd::print_summary(std::cout, stats);
  if (values.count("json") != 0) {
    write_file_atomically(values["json"].as<std::string>(), json_text(stats, 2) + "\n");
  }
  if (values.count("out") != 0) {
    FixedTrace output = trace;
    for (size_t i = 0; i < output.values.size(); ++i) {
      output.values[i] = SubwordLaneCycleModel::field(result.output_bits[i], width, 0);
    }
    write_fixed_trace(values["out"].as<std::string>(), output);
  }
  return result.mismatches == 0 ? 0 : 1;
}

}  // namespace

}  // namespace interpsim::cli
