// run_simt: trace, table and program from the configuration; the check of the
// outputs against the golden model; the stats JSON and text summary.
#include <cmath>
#include <iomanip>
#include <memory>
#include <random>
#include <sstream>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/format_trace.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "sim/common/array_stats.hpp"
#include "sim/common/golden.hpp"
#include "sim/simt/format_interp_lane.hpp"
#include "sim/simt/kernels.hpp"
#include "sim/simt/simt_run.hpp"

namespace interpsim::simt {

namespace {

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
  run.config = config;
  TableSpec& spec = run.config.table;
  if (spec.func.empty()) spec.func = kernel.default_func.empty() ? "gelu" : kernel.default_func;
  // The paper's interval unless a and m are given (kernels.hpp).
  float paper_a = 0;
  int paper_m = 0;
  try {
    paper_interval(spec.func, paper_a, paper_m);
  } catch (const std::exception&) {
    throw InputError("config: func: '" + spec.func + "' is not a registered function");
  }
  if (!spec.a) spec.a = paper_a;
  if (!spec.m) spec.m = paper_m;
  spec.design = kernel.design;
  // Kernels and lanes that cannot run the format: one-line errors up front.
  check_kernel_format(kernel, run.config);
  const NumberFormat format = spec.format;
  const bool narrow = format != NumberFormat::kFp32;  // kb = io with fp32 is fp32 entries
  run.func = spec.func;
  run.a = *spec.a;
  run.m = *spec.m;
  TableShape shape;
  shape.a = run.a;
  shape.m = run.m;
  shape.n = spec.segment_bits();
  shape.b = static_cast<float>(std::ldexp(1.0, run.m) + run.a);

  GlobalBuffers buffers;
  if (config.trace == "uniform") {
    buffers.input =
        uniform_trace(config.elements, run.a, shape.b, static_cast<uint64_t>(config.seed));
    // In a format: the same floats rounded to nearest even in it.
    if (narrow) {
      for (uint32_t& word : buffers.input) word = round_to_format(format, bits_to_float(word));
    }
  } else if (narrow) {
    buffers.input = read_format_trace(config.trace, format).bits;
    if (buffers.input.empty()) throw InputError(config.trace + ": the trace is empty");
  } else {
    const NpyArray array = read_npy(config.trace);
    buffers.input.resize(array.data.size());
    for (size_t i = 0; i < array.data.size(); ++i) buffers.input[i] = float_to_bits(array.data[i]);
    if (buffers.input.empty()) throw InputError(config.trace + ": the trace is empty");
  }

  LookupTables tables;
  std::unique_ptr<lanes::InOrderLane> interp;
  if (kernel.uses_table()) {
    // Breakpoints for every fp32 table kernel: the software search reads
    // them (a narrow format runs no search: check_kernel_format).
    TableSpec with_breakpoints = spec;
    with_breakpoints.design = narrow ? LookupDesign::kUniform : LookupDesign::kBsearch;
    tables = build_lookup_tables(with_breakpoints);
    const UniformTable& table = tables.uniform;
    // Entries as bit patterns of their format (fp32, or the io format: kb = io).
    const NumberFormat entries = table.entries();
    const auto entry_bits = [entries](float value) {
      return entries == NumberFormat::kFp32 ? float_to_bits(value)
                                            : round_to_format(entries, value);  // exact
    };
    for (size_t row = 0; row < table.rows(); ++row) {
      buffers.table.push_back(entry_bits(table.k[row]));
      buffers.table.push_back(entry_bits(table.b[row]));
    }
    for (float t : tables.bsearch.breakpoints) buffers.breakpoints.push_back(float_to_bits(t));
    if (config.interp_lanes_per_scheduler > 0) {
      // Narrow data on model lanes: a model lane's timing, FormatLookup's
      // values; rtl: the verilated interp_lane instance of (format, kb).
      interp = narrow && config.lane_impl == lanes::LaneImpl::kModel
                   ? std::make_unique<FormatInterpLane>(table)
                   : lanes::make_in_order_lane(config.lane_impl, table);
    }
  }
  const Program program = build_program(kernel, shape, run.config);
  run.stats = simulate(run.config, program, buffers, interp.get());

  std::vector<float> x(buffers.input.size()), y;
  if (config.check && narrow) {
    // Bit for bit in the format, NaN as its canonical pattern.
    const uint32_t nan = float_layout(format).canonical_nan;
    const auto canonical = [format, nan](uint32_t bits) {
      return is_nan_in(format, bits) ? nan : bits;
    };
    std::unique_ptr<FormatLookup> lookup;
    if (kernel.uses_table()) {
      lookup = std::make_unique<FormatLookup>(tables.uniform);
      run.golden = "model format_lookup (" + number_format_names().name(format) + ", kb " +
                   kb_format_names().name(tables.uniform.kb) + ")";
      run.checked = kernel.name != "interp"                     ? CheckKind::kProgram
                    : config.lane_impl == lanes::LaneImpl::kRtl ? CheckKind::kRtl
                                                                : CheckKind::kRouting;
    } else {
      run.golden = "the input (copy)";
      run.checked = CheckKind::kProgram;
    }
    for (size_t i = 0; i < buffers.input.size(); ++i) {
      const uint32_t expected = lookup ? (*lookup)(buffers.input[i]) : canonical(buffers.input[i]);
      run.mismatches += canonical(buffers.output[i]) != expected;
    }
  } else if (config.check && kernel.kind != KernelKind::kNative) {
    for (size_t i = 0; i < x.size(); ++i) x[i] = bits_to_float(buffers.input[i]);
    if (kernel.uses_table()) {
      y = golden_outputs(kernel.design, tables, x);
      run.golden = "model " + lookup_design_names().name(kernel.design);
      // INTERP values come from its lane: the RTL's own, or the cycle model's
      // golden values (routing); the other kernels compute them in the program.
      run.checked = kernel.name != "interp"                     ? CheckKind::kProgram
                    : config.lane_impl == lanes::LaneImpl::kRtl ? CheckKind::kRtl
                                                                : CheckKind::kRouting;
    } else {
      y = x;
      run.golden = "the input (copy)";
      run.checked = CheckKind::kProgram;
    }
    std::vector<float> output(y.size());
    for (size_t i = 0; i < y.size(); ++i) output[i] = bits_to_float(buffers.output[i]);
    run.mismatches = count_mismatches(y, output);
  } else {
    run.golden = config.check ? "none: the value is the C library's (ORACLE)" : "check=false";
  }
  return run;
}

double time_ms(const SimtConfig& config, const SimtStats& stats) {
  return static_cast<double>(stats.cycles) / (config.clock_ghz * 1e6);
}

nlohmann::json stats_to_json(const SimtRun& run) {
  const SimtConfig& config = run.config;
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

  ArrayStats common;
  common.cycles = s.cycles;
  common.elements = s.elements;
  // The lanes that define the kernel's throughput: INTERP's, else FP32's.
  common.lane_utilization = utilization.value(config.kernel == "interp" ? "interp" : "fp32", 0.0);
  for (int r = 0; r < kStallCount; ++r) {
    common.stalls[stall_name(static_cast<Stall>(r))] = s.stalls[r];
  }
  common.table_reads = s.table_reads;
  common.mismatches = run.mismatches;
  common.checked = run.checked;
  common.golden = run.golden;
  common.sim_seconds = s.sim_seconds;
  common.config = simt_params().to_json(config);
  nlohmann::json json = array_stats_json(common);
  json.update({
      {"kernel", config.kernel},
      {"func", run.func},
      {"a", run.a},
      {"m", run.m},
      {"time_ms", time_ms(config, s)},
      {"utilization", utilization},
      {"bank_conflict_replays", s.bank_conflict_replays},
      {"shared_wavefronts", s.shared_wavefronts},
      {"global_wavefronts", s.global_wavefronts},
      {"warp_instructions", s.warp_instructions},
      {"dram_read_bytes", s.dram_read_bytes},
      {"dram_write_bytes", s.dram_write_bytes},
      {"achieved_dram_gb_per_s", dram_bytes / seconds / 1e9},
      {"occupancy",
       {{"blocks_per_sm", s.blocks_per_sm},
        {"warps_per_sm", s.warps_per_sm},
        {"limit", s.occupancy_limit},
        {"grid_blocks", s.grid_blocks}}},
      {"interp_latency", s.interp_latency},
      {"format", number_format_names().name(config.table.format)},
      {"kb", kb_format_names().name(config.table.kb)},
      {"element_bytes", format_bits(config.table.format) / 8},
  });
  return json;
}

std::string stats_summary(const SimtRun& run) {
  const SimtConfig& config = run.config;
  const nlohmann::json j = stats_to_json(run);
  std::ostringstream out;
  out << std::setprecision(4);
  out << "simt: " << config.gpu << " (" << config.sms << " SMs x " << config.schedulers_per_sm
      << " schedulers, " << config.clock_ghz << " GHz, " << config.dram_gb_per_s << " GB/s)"
      << ", kernel " << config.kernel << ", " << run.func << " on [" << run.a << ", "
      << run.a + std::ldexp(1.0, run.m) << ")";
  if (config.kernel != "copy" && config.kernel.rfind("native", 0) != 0 &&
      config.kernel.rfind("igelu", 0) != 0) {
    out << ", " << config.table.segments << " segments";
  }
  if (config.table.format != NumberFormat::kFp32) {
    out << ", " << number_format_names().name(config.table.format) << " data (kb "
        << kb_format_names().name(config.table.kb) << ")";
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
      << j["bank_conflict_replays"].get<uint64_t>() << "\n";
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
