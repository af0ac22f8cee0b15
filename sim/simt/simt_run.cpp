// run_simt: trace, table and program from the configuration; the check of the
// outputs against the golden model; the stats JSON and text summary.
#include <cmath>
#include <iomanip>
#include <memory>
#include <random>
#include <sstream>

#include "model/bsearch_lookup.hpp"
#include "model/float_bits.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/simt/kernels.hpp"
#include "sim/simt/simt_run.hpp"

namespace interpsim::simt {

namespace {

uint32_t canonical(uint32_t bits) {
  return std::isnan(bits_to_float(bits)) ? 0x7FC00000u : bits;
}

// Uniform floats over [a, b) from a fixed-seed mt19937_64 (portable: the
// mapping from the 64-bit words is written out, not a std distribution).
std::vector<uint32_t> uniform_trace(long long count, float a, float b, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<uint32_t> trace(static_cast<size_t>(count));
  const double lo = a, span = static_cast<double>(b) - a;
  for (auto& word : trace) {
    const double u = static_cast<double>(random() >> 11) * (1.0 / 9007199254740992.0);
    float x = static_cast<float>(lo + span * u);
    if (x >= b) x = std::nextafter(b, a);
    word = float_to_bits(x);
  }
  return trace;
}

}  // namespace

SimtRun run_simt(const SimtConfig& config) {
  const KernelInfo& kernel = find_kernel(config.kernel, "kernel");
  SimtRun run;
  run.func = !config.func.empty() ? config.func
                                  : (kernel.default_func.empty() ? "gelu" : kernel.default_func);
  try {
    find_function(run.func);
  } catch (const std::exception&) {
    throw InputError("func: '" + run.func + "' is not a registered function");
  }
  paper_interval(run.func, run.a, run.m);
  if (!config.a.empty()) {
    char* end = nullptr;
    run.a = std::strtof(config.a.c_str(), &end);
    if (*end != '\0' || !std::isfinite(run.a)) {
      throw InputError("a: '" + config.a + "' is not a finite number");
    }
  }
  if (!config.m.empty()) {
    char* end = nullptr;
    const long value = std::strtol(config.m.c_str(), &end, 10);
    if (*end != '\0' || value < -126 || value > 127) {
      throw InputError("m: '" + config.m + "' is not an integer in -126..127");
    }
    run.m = static_cast<int>(value);
  }
  int n = 0;
  while ((1 << n) < config.segments) ++n;
  TableShape shape;
  shape.a = run.a;
  shape.m = run.m;
  shape.n = n;
  if (kernel.uses_table) {
    const std::string problem = check_table_params(run.a, run.m, n);
    if (!problem.empty()) throw InputError("a/m/segments: " + problem);
  }
  shape.b = static_cast<float>(std::ldexp(1.0, run.m) + run.a);

  GlobalBuffers buffers;
  if (config.trace == "uniform") {
    buffers.input =
        uniform_trace(config.elements, run.a, shape.b, static_cast<uint64_t>(config.seed));
  } else {
    const NpyArray array = read_npy(config.trace);
    buffers.input.resize(array.data.size());
    for (size_t i = 0; i < array.data.size(); ++i) buffers.input[i] = float_to_bits(array.data[i]);
    if (buffers.input.empty()) throw InputError(config.trace + ": the trace is empty");
  }

  UniformTable table;
  BreakpointTable breakpoints;
  std::unique_ptr<InterpBackend> interp;
  if (kernel.uses_table) {
    EdgeMode edges;
    try {
      edges = parse_edge_mode(config.edges);
    } catch (const std::exception&) {
      throw InputError("edges: '" + config.edges + "' is not extrapolate, saturate or asymptote");
    }
    table = generate_table(run.func, run.a, run.m, n, edges);
    for (size_t row = 0; row < table.rows(); ++row) {
      buffers.table.push_back(float_to_bits(table.k[row]));
      buffers.table.push_back(float_to_bits(table.b[row]));
    }
    breakpoints = breakpoint_table_from_uniform(table);
    for (float t : breakpoints.breakpoints) buffers.breakpoints.push_back(float_to_bits(t));
    if (config.interp_lanes_per_scheduler > 0) {
      interp = make_interp_backend(config.interp_impl, table);
    }
  }
  const Program program = build_program(kernel, shape, config);
  run.stats = simulate(config, program, buffers, interp.get());

  if (config.check && kernel.golden != Golden::kNone) {
    std::vector<float> x(buffers.input.size()), y(buffers.input.size());
    for (size_t i = 0; i < x.size(); ++i) x[i] = bits_to_float(buffers.input[i]);
    if (kernel.golden == Golden::kUniform) {
      interp_uniform_batch(table, x.data(), y.data(), y.size());
      run.stats.golden = "model interp_uniform (Algorithm 1)";
    } else if (kernel.golden == Golden::kBsearch) {
      interp_bsearch_batch(breakpoints, x.data(), y.data(), y.size());
      run.stats.golden = "model interp_bsearch";
    } else {
      y = x;
      run.stats.golden = "the input (copy)";
    }
    for (size_t i = 0; i < y.size(); ++i) {
      if (canonical(float_to_bits(y[i])) != canonical(buffers.output[i])) ++run.stats.mismatches;
    }
    run.stats.checked = true;
  } else {
    run.stats.golden = config.check ? "none: the value is the C library's (ORACLE)" : "check=false";
  }
  return run;
}

nlohmann::json stats_to_json(const SimtConfig& config, const SimtRun& run) {
  const SimtStats& s = run.stats;
  const double cycles = static_cast<double>(s.cycles);
  const double schedulers = static_cast<double>(config.sms) * config.schedulers_per_sm;
  nlohmann::json utilization;
  for (int u = 0; u < kUnitCount; ++u) {
    const auto unit = static_cast<Unit>(u);
    const double capacity = unit == Unit::kLsu ? cycles * config.sms : cycles * schedulers;
    if (unit == Unit::kInterp && config.interp_lanes_per_scheduler == 0) continue;
    utilization[unit_name(unit)] = static_cast<double>(s.unit_busy[u]) / capacity;
  }
  const double seconds = cycles / (config.clock_ghz * 1e9);
  const double dram_bytes = static_cast<double>(s.dram_read_bytes + s.dram_write_bytes);
  utilization["dram"] = dram_bytes / seconds / (config.dram_gb_per_s * 1e9);
  nlohmann::json stalls;
  for (int r = 0; r < kStallCount; ++r) stalls[stall_name(static_cast<Stall>(r))] = s.stalls[r];
  const bool interp = config.kernel == "interp";
  const double lane_utilization = utilization.value(interp ? "interp" : "fp32", 0.0);
  nlohmann::json json = {
      {"kernel", config.kernel},
      {"func", run.func},
      {"a", run.a},
      {"m", run.m},
      {"cycles", s.cycles},
      {"elements", s.elements},
      {"elements_per_cycle", static_cast<double>(s.elements) / cycles},
      {"time_ms", time_ms(config, s)},
      {"lane_utilization", lane_utilization},
      {"utilization", utilization},
      {"stalls", stalls},
      {"table_reads", s.table_reads},
      {"bank_conflicts", s.bank_conflicts},
      {"shared_wavefronts", s.shared_wavefronts},
      {"global_wavefronts", s.global_wavefronts},
      {"warp_instructions", s.warp_instructions},
      {"dram_read_bytes", s.dram_read_bytes},
      {"dram_write_bytes", s.dram_write_bytes},
      {"achieved_dram_gb_per_s", dram_bytes / seconds / 1e9},
      {"mismatches", s.mismatches},
      {"checked", s.checked},
      {"golden", s.golden},
      {"occupancy",
       {{"blocks_per_sm", s.blocks_per_sm},
        {"warps_per_sm", s.warps_per_sm},
        {"limit", s.occupancy_limit},
        {"grid_blocks", s.grid_blocks}}},
      {"interp_latency", s.interp_latency},
      {"sim_seconds", s.sim_seconds},
      {"sim_elements_per_second",
       s.sim_seconds > 0 ? static_cast<double>(s.elements) / s.sim_seconds : 0.0},
      {"config", simt_config_to_json(config)},
  };
  return json;
}

std::string stats_summary(const SimtConfig& config, const SimtRun& run) {
  const nlohmann::json j = stats_to_json(config, run);
  std::ostringstream out;
  out << std::setprecision(4);
  out << "simt: " << config.gpu << " (" << config.sms << " SMs x " << config.schedulers_per_sm
      << " schedulers, " << config.clock_ghz << " GHz, " << config.dram_gb_per_s << " GB/s)"
      << ", kernel " << config.kernel << ", " << run.func << " on [" << run.a << ", "
      << run.a + std::ldexp(1.0, run.m) << ")";
  if (config.kernel != "copy" && config.kernel.rfind("native", 0) != 0 &&
      config.kernel.rfind("igelu", 0) != 0) {
    out << ", " << config.segments << " segments";
  }
  out << "\n";
  out << "  elements        " << j["elements"].get<uint64_t>() << "\n";
  out << "  cycles          " << j["cycles"].get<uint64_t>() << "  (" << j["time_ms"].get<double>()
      << " ms)\n";
  out << "  elements/cycle  " << j["elements_per_cycle"].get<double>() << "\n";
  out << "  DRAM            " << j["achieved_dram_gb_per_s"].get<double>() << " GB/s achieved ("
      << 100.0 * j["utilization"]["dram"].get<double>() << "% of peak)\n";
  out << "  utilization    ";
  for (const auto& [unit, value] : j["utilization"].items()) {
    out << " " << unit << " " << std::fixed << std::setprecision(1) << 100.0 * value.get<double>()
        << "%";
  }
  out << std::defaultfloat << std::setprecision(4) << "\n";
  out << "  stalls (scheduler-cycles):";
  for (const auto& [reason, value] : j["stalls"].items()) {
    if (value.get<uint64_t>() > 0) out << " " << reason << " " << value.get<uint64_t>();
  }
  out << "\n";
  out << "  table reads     " << j["table_reads"].get<uint64_t>() << ", bank-conflict replays "
      << j["bank_conflicts"].get<uint64_t>() << "\n";
  out << "  occupancy       " << j["occupancy"]["warps_per_sm"].get<int>() << " warps/SM ("
      << j["occupancy"]["blocks_per_sm"].get<int>() << " blocks, limit "
      << j["occupancy"]["limit"].get<std::string>() << "), grid "
      << j["occupancy"]["grid_blocks"].get<int>() << " blocks\n";
  out << "  mismatches      " << j["mismatches"].get<uint64_t>() << " (against "
      << j["golden"].get<std::string>() << ")\n";
  out << "  simulated in    " << j["sim_seconds"].get<double>() << " s ("
      << j["sim_elements_per_second"].get<double>() << " elements/s)\n";
  return out.str();
}

}  // namespace interpsim::simt
