// interpsim simd: the SIMD array simulation (sim/simd/, docs/simulator.md).
#include <iostream>
#include <string>
#include <vector>

#include "model/atomic_file.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "sim/cli/demo_trace.hpp"
#include "sim/cli/options.hpp"
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
  simd::SimdConfig config = simd::simd_params().from_command_line(options, values);
  const std::string vcd = values.count("vcd") != 0 ? values["vcd"].as<std::string>() : "";
  const Trace trace = load_trace(config);

  nlohmann::json stats;
  std::vector<float> output;
  if (config.operation == simd::Operation::kSoftmax) {
    const size_t cols =
        trace.shape.size() >= 2 ? trace.shape.back() : static_cast<size_t>(config.softmax_cols);
    if (trace.data.empty() || trace.data.size() % cols != 0) {
      throw InputError(config.trace + ": " + std::to_string(trace.data.size()) +
                       " elements are not whole rows of softmax_cols = " + std::to_string(cols));
    }
    const simd::SoftmaxTables tables = simd::build_softmax_tables(config);
    const simd::SoftmaxResult result =
        simd::run_softmax(config, tables, trace.data, trace.data.size() / cols, cols);
    stats = simd::stats_json(config, result.stats, result.mismatches, result.checked,
                             result.sim_seconds);
    stats["softmax"] = result.phases;
    output = result.output;
  } else {
    const LookupTables tables = build_lookup_tables(config.table);
    const simd::MapResult result = simd::run_map(config, tables, trace.data, vcd);
    stats = simd::stats_json(config, result.stats, result.mismatches, result.checked,
                             result.sim_seconds);
    stats["table"] = tables.description;
    stats["table_memory_bytes"] = tables.memory_bytes;
    output = result.output;
    std::cout << "table: " << tables.description << ", " << tables.memory_bytes << " bytes\n";
  }
  stats["trace"] = {{"path", config.trace}, {"shape", trace.shape}};
  simd::print_summary(std::cout, stats);
  if (stats.contains("softmax")) {
    std::cout << "  softmax phases (cycles): max " << stats["softmax"]["max_cycles"] << ", exp "
              << stats["softmax"]["exp_cycles"] << ", sum " << stats["softmax"]["sum_cycles"]
              << ", reciprocal " << stats["softmax"]["reciprocal_cycles"] << ", scale "
              << stats["softmax"]["scale_cycles"] << "\n  error against float64 softmax: max abs "
              << stats["softmax"]["max_abs_error"] << ", max rel "
              << stats["softmax"]["max_rel_error"] << "\n";
  }
  if (values.count("json") != 0) {
    write_file_atomically(values["json"].as<std::string>(), stats.dump(2) + "\n");
  }
  if (values.count("out") != 0) write_npy(values["out"].as<std::string>(), output, trace.shape);
  return stats["mismatches"].get<uint64_t>() == 0 ? 0 : 1;
}

}  // namespace interpsim::cli
