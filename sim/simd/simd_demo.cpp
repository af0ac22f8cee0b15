#include "sim/simd/simd_demo.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/lane_cycle_model.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/simd/simd_array.hpp"
#include "sim/simd/simd_stats.hpp"

namespace interpsim::simd {

namespace {

struct DemoRun {
  std::string label;
  SimdConfig config;
  int latency = 0;
  MapResult result;
  size_t table_bytes = 0;
};

void print_row(std::ostream& out, const DemoRun& run) {
  const EngineStats& s = run.result.stats;
  const double lane_cycles = static_cast<double>(s.cycles) * run.config.lanes;
  char line[512];
  std::snprintf(line, sizeof line,
                "  %-28s %-5s %8llu %7.2f %7.1f%% %7.1f%% %7.1f%% %7.1f%% %4d %7zu %6llu\n",
                run.label.c_str(), lanes::lane_impl_names().name(run.config.lane_impl).c_str(),
                static_cast<unsigned long long>(s.cycles),
                static_cast<double>(s.elements) / static_cast<double>(s.cycles),
                100.0 * s.elements / lane_cycles, 100.0 * s.stalls.table_conflict / lane_cycles,
                100.0 * s.stalls.search / lane_cycles,
                100.0 * (s.stalls.memory + s.stalls.output + s.stalls.idle) / lane_cycles,
                run.latency, run.table_bytes,
                static_cast<unsigned long long>(run.result.mismatches));
  out << line;
}

}  // namespace

uint64_t print_simd_demo(std::ostream& out, const std::vector<float>& trace) {
  SimdConfig base;
  base.lanes = 64;
  base.lane_impl = LaneImpl::kRtl;
  base.table.func = "gelu";
  base.table.segments = 4096;
  base.memory_bytes_per_cycle = 64 * 8;

  // 1. The main run: 64 RTL lanes, private tables.
  SimdConfig config = base;
  const LookupTables tables = build_lookup_tables(config.table);
  const auto start = std::chrono::steady_clock::now();
  const MapResult main_run = run_map(config, tables, trace);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << "\nSIMD array: 64 lanes of rtl/interp_lane.sv (Verilator, RTL in the loop), one "
         "private\nGELU table each ("
      << tables.description << "), " << config.memory_bytes_per_cycle
      << " bytes/cycle of memory, over the trace:\n";
  print_summary(out,
                stats_json(config, main_run.stats, main_run.mismatches, main_run.checked, wall));

  // Error of the RTL's outputs against float64 GELU: inside (a, b), where
  // the segments apply, and on the edge rows outside it.
  const RealFunction gelu = find_function("gelu").value;
  const float lo = tables.uniform.a;
  const float hi = tables.uniform.upper();
  double max_abs[2] = {0, 0};
  double sum_squares[2] = {0, 0};
  float worst_x[2] = {0, 0};
  size_t counts[2] = {0, 0};
  for (size_t i = 0; i < trace.size(); ++i) {
    if (!std::isfinite(trace[i])) continue;
    const int outside = (trace[i] > lo && trace[i] < hi) ? 0 : 1;
    const double error = std::fabs(main_run.output[i] - gelu(trace[i]));
    if (error > max_abs[outside]) {
      max_abs[outside] = error;
      worst_x[outside] = trace[i];
    }
    sum_squares[outside] += error * error;
    ++counts[outside];
  }
  char line[512];
  out << "  error of the RTL outputs against float64 gelu:\n";
  for (const int outside : {0, 1}) {
    std::snprintf(line, sizeof line,
                  "    %-22s %8zu inputs: max abs %.3e (at x = %.9g), rms %.3e\n",
                  outside == 0 ? "inside (a, b)" : "outside (edge rows)", counts[outside],
                  max_abs[outside], static_cast<double>(worst_x[outside]),
                  std::sqrt(sum_squares[outside] / std::max<size_t>(counts[outside], 1)));
    out << line;
  }

  // 2. The table organizations and the binary-search designs beside it.
  std::vector<DemoRun> runs;
  runs.push_back(
      {"uniform, private tables", config, kInterpLaneLatency, main_run, tables.memory_bytes * 64});
  {
    DemoRun run{"uniform, 16-bank shared table", base, kInterpLaneLatency, {}, 0};
    run.config.table_org = TableOrg::kBanked;
    run.config.banks = 16;
    const LookupTables banked = build_lookup_tables(run.config.table);
    run.result = run_map(run.config, banked, trace);
    run.table_bytes = banked.memory_bytes;
    runs.push_back(std::move(run));
  }
  for (const BsearchVariant variant : {BsearchVariant::kPipelined, BsearchVariant::kIterative}) {
    DemoRun run{"bsearch " + bsearch_variant_names().name(variant) + ", private", base, 0, {}, 0};
    run.config.table.design = LookupDesign::kBsearch;
    run.config.table.bsearch_variant = variant;
    // The iterative unit needs 12 cycles per element: its cycle model (proven
    // equal to the RTL by testbench/lanes) keeps the demo under a minute.
    if (variant == BsearchVariant::kIterative) run.config.lane_impl = LaneImpl::kModel;
    const LookupTables bsearch = build_lookup_tables(run.config.table);
    run.result = run_map(run.config, bsearch, trace);
    run.latency = 12 + 2 + kLaneFmaLatency;  // IN, 12 levels, RD, FMA
    run.table_bytes = bsearch.memory_bytes * 64;
    runs.push_back(std::move(run));
  }
  out << "\ndesigns on the same trace (64 lanes, 4096 segments; % of lane-cycles):\n"
         "  design                       lanes   cycles  el/cyc    busy conflict  search "
         "mem/out/idle lat table_B mismatch\n";
  uint64_t mismatches = 0;
  for (const DemoRun& run : runs) {
    print_row(out, run);
    mismatches += run.result.mismatches;
  }
  size_t differ = 0;
  for (size_t i = 0; i < trace.size(); ++i) {
    differ += canonical_bits(runs[2].result.output[i]) != canonical_bits(main_run.output[i]);
  }
  std::snprintf(line, sizeof line,
                "  binary search over the same segments differs from Algorithm 1 on %zu of %zu "
                "outputs\n  (x just below a breakpoint where x - a rounds up to it, docs/design.md "
                "section 3);\n  it needs log2 N = 12 comparison stages (latency %d vs %d) or an "
                "initiation interval of 12.\n",
                differ, trace.size(), runs[2].latency, runs[0].latency);
  out << line;
  return mismatches;
}

}  // namespace interpsim::simd
