#include "sim/simd/simd_array.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <systemc.h>

#include "Vbsearch_iterative_12.h"
#include "Vbsearch_iterative_4.h"
#include "Vbsearch_iterative_8.h"
#include "Vbsearch_pipelined_12.h"
#include "Vbsearch_pipelined_4.h"
#include "Vbsearch_pipelined_8.h"
#include "Vinterp_lane.h"
#include "Vinterp_lane_trace.h"
#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/input_error.hpp"
#include "model/lane_cycle_model.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/simd/rtl_lanes.hpp"

// libsystemc's main() calls sc_main; interpsim and the tests have their own
// main(), so this stub only satisfies the link (docs/design.md section 2).
int sc_main(int /*argc*/, char** /*argv*/) {
  return 0;
}

namespace interpsim::simd {

namespace {

// The array as a SystemC module: one clock, one SC_METHOD that evaluates
// every lane per rising edge (per-lane sc_signal ports are ~5x slower).
SC_MODULE(SimdArrayModule) {
  sc_core::sc_clock clock;
  std::function<bool()> step;

  SC_CTOR(SimdArrayModule) : clock("clock", 1, sc_core::SC_NS) {
    SC_METHOD(on_rising_edge);
    sensitive << clock.posedge_event();
    dont_initialize();
  }

  void on_rising_edge() {
    if (step && step()) {
      step = nullptr;
      sc_core::sc_pause();
    }
  }
};

float parse_float(const std::string& key, const std::string& text) {
  char* end = nullptr;
  float value = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    const unsigned long long bits = std::strtoull(text.c_str() + 2, &end, 16);
    value = bits_to_float(static_cast<uint32_t>(bits));
    if (*end != '\0' || bits > 0xFFFFFFFFull) end = nullptr;
  } else {
    value = std::strtof(text.c_str(), &end);
    if (*end != '\0') end = nullptr;
  }
  if (text.empty() || end == nullptr || !std::isfinite(value)) {
    throw InputError("config: " + key + ": '" + text + "' is not a finite float32");
  }
  return value;
}

int log2_exact(size_t value) {
  int bits = 0;
  while ((size_t{1} << bits) < value) ++bits;
  return bits;
}

std::vector<uint32_t> to_bits(const std::vector<float>& values) {
  std::vector<uint32_t> bits(values.size());
  for (size_t i = 0; i < values.size(); ++i) bits[i] = float_to_bits(values[i]);
  return bits;
}

EngineParams engine_params(const SimdConfig& config) {
  EngineParams params;
  params.lanes = config.lanes;
  params.table_org = config.table_org;
  params.banks = config.banks;
  params.read_ports = config.read_ports;
  params.arbitration = config.arbitration;
  params.bytes_per_cycle = config.memory_bytes_per_cycle;
  params.latency = config.memory_latency;
  params.fifo_depth = config.lane_fifo_depth;
  params.lanes_have_table_port = config.design != LookupDesign::kBsearch;
  return params;
}

// `payload[i]` is what element i carries through the lanes: the bits of x
// (RTL lanes) or the index i (cycle models with precomputed outputs).
template <typename Lane>
MapResult run_engine(const SimdConfig& config, std::vector<Lane> lanes,
                     const std::vector<uint32_t>& payload) {
  const std::vector<uint32_t>& bits = payload;
  ArrayEngine<Lane> engine(engine_params(config), std::move(lanes), bits.data(), bits.size());
  const auto start = std::chrono::steady_clock::now();
  if (!bits.empty()) {
    run_clocked([&engine] {
      engine.step();
      return engine.done();
    });
  }
  MapResult result;
  result.sim_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.stats = engine.stats();
  result.output.resize(bits.size());
  for (size_t i = 0; i < bits.size(); ++i) result.output[i] = bits_to_float(engine.output()[i]);
  return result;
}

std::string lane_trace_path(const std::string& path, int lane) {
  if (lane == 0) return path;
  std::string stem = path;
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".vcd") == 0) {
    stem.resize(stem.size() - 4);
  }
  return stem + ".lane" + std::to_string(lane) + ".vcd";
}

template <typename Top>
MapResult run_rtl_bsearch(const SimdConfig& config, const SimdTables& tables,
                          const std::vector<float>& input) {
  VerilatedContext context;
  std::vector<RtlBsearchLane<Top>> lanes;
  lanes.reserve(config.lanes);
  for (int k = 0; k < config.lanes; ++k) {
    lanes.emplace_back(&context, "lane" + std::to_string(k), tables.bsearch);
  }
  return run_engine(config, std::move(lanes), to_bits(input));
}

MapResult run_rtl(const SimdConfig& config, const SimdTables& tables,
                  const std::vector<float>& input, const std::string& vcd_path) {
  if (config.design == LookupDesign::kNonuniform) {
    throw InputError(
        "config: lane_impl: the non-uniform design has no RTL (use lane_impl = model)");
  }
  if (config.design == LookupDesign::kBsearch) {
    if (!vcd_path.empty()) throw InputError("--vcd: waveforms need design = uniform");
    const int seg_bits = log2_exact(tables.bsearch.segments());
    const bool iterative = config.bsearch_variant == BsearchVariant::kIterative;
    switch (seg_bits) {
      case 4:
        return iterative ? run_rtl_bsearch<Vbsearch_iterative_4>(config, tables, input)
                         : run_rtl_bsearch<Vbsearch_pipelined_4>(config, tables, input);
      case 8:
        return iterative ? run_rtl_bsearch<Vbsearch_iterative_8>(config, tables, input)
                         : run_rtl_bsearch<Vbsearch_pipelined_8>(config, tables, input);
      case 12:
        return iterative ? run_rtl_bsearch<Vbsearch_iterative_12>(config, tables, input)
                         : run_rtl_bsearch<Vbsearch_pipelined_12>(config, tables, input);
      default:
        throw InputError(
            "config: segments: the binary-search RTL is verilated for 16, 256 and 4096 "
            "segments (use lane_impl = model for " +
            std::to_string(tables.bsearch.segments()) + ")");
    }
  }
  if (tables.uniform.n > 16) {
    throw InputError("config: segments: interp_lane indexes at most 2^16 segments");
  }
  const std::vector<uint64_t> rows = packed_rows(tables.uniform.k, tables.uniform.b);
  const bool private_table = config.table_org == TableOrg::kPrivate;
  VerilatedContext context;
  if (vcd_path.empty()) {
    std::vector<RtlInterpLane<Vinterp_lane>> lanes;
    lanes.reserve(config.lanes);
    for (int k = 0; k < config.lanes; ++k) {
      lanes.emplace_back(&context, "lane" + std::to_string(k), tables.uniform, &rows,
                         private_table);
    }
    return run_engine(config, std::move(lanes), to_bits(input));
  }
  context.traceEverOn(true);
  std::vector<RtlInterpLane<Vinterp_lane_trace>> lanes;
  lanes.reserve(config.lanes);
  for (int k = 0; k < config.lanes; ++k) {
    lanes.emplace_back(&context, "lane" + std::to_string(k), tables.uniform, &rows, private_table);
  }
  for (int k = 0; k < std::min(config.vcd_lanes, config.lanes); ++k) {
    lanes[k].open_trace(lane_trace_path(vcd_path, k));
  }
  return run_engine(config, std::move(lanes), to_bits(input));
}

MapResult run_model(const SimdConfig& config, const SimdTables& tables,
                    const std::vector<float>& input) {
  // Outputs from the (AVX2) batch golden model, rows only where the table
  // is shared; the lanes then carry element indices (use_precomputed).
  const std::vector<uint32_t> values = to_bits(golden_outputs(config, tables, input));
  std::vector<uint32_t> payload(input.size());
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint32_t>(i);
  if (config.design == LookupDesign::kBsearch) {
    BsearchLaneCycleModel prototype(tables.bsearch,
                                    config.bsearch_variant == BsearchVariant::kIterative);
    prototype.use_precomputed(values.data());
    return run_engine(config, std::vector<BsearchLaneCycleModel>(config.lanes, prototype), payload);
  }
  InterpLaneCycleModel prototype = config.design == LookupDesign::kNonuniform
                                       ? InterpLaneCycleModel(tables.nonuniform)
                                       : InterpLaneCycleModel(tables.uniform);
  std::vector<uint32_t> rows;
  if (config.table_org != TableOrg::kPrivate) {
    rows.resize(input.size());
    for (size_t i = 0; i < input.size(); ++i)
      rows[i] = prototype.table_row(float_to_bits(input[i]));
  }
  prototype.use_precomputed(values.data(), rows.empty() ? nullptr : rows.data());
  return run_engine(config, std::vector<InterpLaneCycleModel>(config.lanes, prototype), payload);
}

}  // namespace

void run_clocked(const std::function<bool()>& step) {
  // The SystemC banner would interleave with the reports; an explicit
  // SYSTEMC_DISABLE_COPYRIGHT_MESSAGE in the environment still wins.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  static SimdArrayModule* module = new SimdArrayModule("simd_array");
  module->step = step;
  sc_core::sc_start();
}

SimdTables build_tables(SimdConfig& config) {
  SimdTables tables;
  if (!config.table_file.empty()) {
    tables.uniform = read_tbl(config.table_file);
    config.func = tables.uniform.func;
    config.a = shortest_decimal(tables.uniform.a);
    config.m = std::to_string(tables.uniform.m);
    config.segments = static_cast<int>(tables.uniform.segments());
    config.edges = edge_mode_name(tables.uniform.edges);
  } else {
    const FunctionInfo* info = nullptr;
    try {
      info = &find_function(config.func);
    } catch (const std::invalid_argument& error) {
      throw InputError(std::string("config: func: ") + error.what());
    }
    const float a = config.a.empty() ? info->default_a : parse_float("a", config.a);
    int m = info->default_m;
    if (!config.m.empty()) {
      try {
        size_t used = 0;
        m = std::stoi(config.m, &used);
        if (used != config.m.size()) throw std::invalid_argument("trailing text");
      } catch (const std::exception&) {
        throw InputError("config: m: '" + config.m + "' is not an integer");
      }
    }
    EdgeMode edges = info->default_edges;
    if (!config.edges.empty()) {
      try {
        edges = parse_edge_mode(config.edges);
      } catch (const std::invalid_argument& error) {
        throw InputError(std::string("config: edges: ") + error.what());
      }
    }
    const int n = log2_exact(static_cast<size_t>(config.segments));
    const std::string problem = check_table_params(a, m, n);
    if (!problem.empty()) throw InputError("config: a/m/segments: " + problem);
    tables.uniform = generate_table(config.func, a, m, n, edges);
    config.a = shortest_decimal(a);
    config.m = std::to_string(m);
    config.edges = edge_mode_name(edges);
  }
  const UniformTable& u = tables.uniform;
  std::ostringstream description;
  description << u.func << " on [" << shortest_decimal(u.a) << ", " << shortest_decimal(u.upper())
              << "), " << u.segments() << " segments, edges " << edge_mode_name(u.edges) << ", "
              << design_name(config.design);
  tables.memory_bytes = u.rows() * 8;
  if (config.design == LookupDesign::kBsearch) {
    tables.bsearch = breakpoint_table_from_uniform(u);
    tables.memory_bytes += tables.bsearch.breakpoints.size() * 4;
    description << " (" << bsearch_variant_name(config.bsearch_variant) << ")";
  } else if (config.design == LookupDesign::kNonuniform) {
    try {
      tables.nonuniform = generate_nonuniform(u.func, u.a, u.m, static_cast<int>(u.segments()),
                                              u.edges, is_derivative_table(u));
    } catch (const std::invalid_argument& error) {
      throw InputError(std::string("config: nonuniform table: ") + error.what());
    }
    tables.memory_bytes = tables.nonuniform.memory_bytes();
    description << " (" << tables.nonuniform.parts.size() << " parts)";
  }
  tables.description = description.str();
  return tables;
}

std::vector<float> golden_outputs(const SimdConfig& config, const SimdTables& tables,
                                  const std::vector<float>& input) {
  std::vector<float> output(input.size());
  switch (config.design) {
    case LookupDesign::kUniform:
      interp_uniform_batch(tables.uniform, input.data(), output.data(), input.size());
      break;
    case LookupDesign::kBsearch:
      interp_bsearch_batch(tables.bsearch, input.data(), output.data(), input.size());
      break;
    case LookupDesign::kNonuniform:
      interp_nonuniform_batch(tables.nonuniform, input.data(), output.data(), input.size());
      break;
  }
  return output;
}

MapResult run_map(const SimdConfig& config, const SimdTables& tables,
                  const std::vector<float>& input, const std::string& vcd_path) {
  if (!vcd_path.empty() && config.lane_impl != LaneImpl::kRtl) {
    throw InputError("--vcd: waveforms trace RTL lanes (set lane_impl = rtl)");
  }
  if (config.design == LookupDesign::kBsearch && config.table_org != TableOrg::kPrivate) {
    throw InputError(
        "config: table_org: the binary-search lanes keep their table inside (use private)");
  }
  MapResult result = config.lane_impl == LaneImpl::kRtl ? run_rtl(config, tables, input, vcd_path)
                                                        : run_model(config, tables, input);
  if (config.check) {
    const std::vector<float> golden = golden_outputs(config, tables, input);
    for (size_t i = 0; i < input.size(); ++i) {
      result.mismatches += !same_result(golden[i], result.output[i]);
    }
  }
  return result;
}

nlohmann::json stats_json(const SimdConfig& config, const EngineStats& stats, uint64_t mismatches,
                          double sim_seconds) {
  const double cycles = static_cast<double>(stats.cycles);
  const double elements = static_cast<double>(stats.elements);
  return nlohmann::json{{"cycles", stats.cycles},
                        {"elements", stats.elements},
                        {"elements_per_cycle", cycles > 0 ? elements / cycles : 0.0},
                        {"lane_utilization", cycles > 0 ? elements / (cycles * config.lanes) : 0.0},
                        {"stalls",
                         {{"memory", stats.stalls.memory},
                          {"table_conflict", stats.stalls.table_conflict},
                          {"output", stats.stalls.output},
                          {"search", stats.stalls.search},
                          {"idle", stats.stalls.idle}}},
                        {"table_reads", stats.table_reads},
                        {"bank_conflicts", stats.bank_conflicts},
                        {"memory_bytes", stats.memory_bytes},
                        {"mismatches", mismatches},
                        {"sim_seconds", sim_seconds},
                        {"sim_elements_per_second", sim_seconds > 0 ? elements / sim_seconds : 0.0},
                        {"config", config_to_json(config)}};
}

void print_summary(std::ostream& out, const nlohmann::json& s) {
  const nlohmann::json& c = s["config"];
  const double lane_cycles = s["cycles"].get<double>() * std::max(1, c["lanes"].get<int>());
  char line[256];
  out << "SIMD array: " << c["lanes"] << " " << c["lane_impl"].get<std::string>()
      << " lanes, design " << c["design"].get<std::string>() << ", table "
      << c["table_org"].get<std::string>();
  if (c["table_org"] == "banked") out << " (" << c["banks"] << " banks)";
  if (c["table_org"] == "multiport") out << " (" << c["read_ports"] << " ports)";
  out << ", memory " << c["memory_bytes_per_cycle"] << " B/cycle, latency " << c["memory_latency"]
      << "\n";
  std::snprintf(line, sizeof line,
                "  %llu elements in %llu cycles: %.3f elements/cycle, lane utilization %.1f%%\n",
                s["elements"].get<unsigned long long>(), s["cycles"].get<unsigned long long>(),
                s["elements_per_cycle"].get<double>(), 100 * s["lane_utilization"].get<double>());
  out << line;
  out << "  lane-cycles without an input handshake:\n";
  for (const char* key : {"memory", "table_conflict", "output", "search", "idle"}) {
    const double count = s["stalls"][key].get<double>();
    std::snprintf(line, sizeof line, "    %-15s %14.0f  (%5.1f%%)\n", key, count,
                  lane_cycles > 0 ? 100 * count / lane_cycles : 0.0);
    out << line;
  }
  std::snprintf(
      line, sizeof line, "  table reads %llu, bank conflicts %llu, memory traffic %llu bytes\n",
      s["table_reads"].get<unsigned long long>(), s["bank_conflicts"].get<unsigned long long>(),
      s["memory_bytes"].get<unsigned long long>());
  out << line;
  std::snprintf(line, sizeof line,
                "  mismatches against the golden model: %llu\n"
                "  simulated in %.3f s: %.3g elements/s\n",
                s["mismatches"].get<unsigned long long>(), s["sim_seconds"].get<double>(),
                s["sim_elements_per_second"].get<double>());
  out << line;
}

}  // namespace interpsim::simd
