#include "sim/simd/simd_compare.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "model/functions.hpp"
#include "model/lane_cycle_model.hpp"
#include "model/table_gen.hpp"
#include "sim/lanes/lane_factory.hpp"
#include "sim/simd/simd_array.hpp"

namespace interpsim::simd {

namespace {

struct Variant {
  const char* design_label;
  LookupDesign design;
  BsearchVariant bsearch_variant;
  const char* org_label;
  TableOrg org;
};

const Variant kVariants[] = {
    {"uniform", LookupDesign::kUniform, BsearchVariant::kPipelined, "private", TableOrg::kPrivate},
    {"uniform", LookupDesign::kUniform, BsearchVariant::kPipelined, "banked16", TableOrg::kBanked},
    {"uniform", LookupDesign::kUniform, BsearchVariant::kPipelined, "multiport4",
     TableOrg::kMultiport},
    {"bsearch_pipelined", LookupDesign::kBsearch, BsearchVariant::kPipelined, "private",
     TableOrg::kPrivate},
    {"bsearch_iterative", LookupDesign::kBsearch, BsearchVariant::kIterative, "private",
     TableOrg::kPrivate},
    {"nonuniform", LookupDesign::kNonuniform, BsearchVariant::kPipelined, "private",
     TableOrg::kPrivate},
    {"nonuniform", LookupDesign::kNonuniform, BsearchVariant::kPipelined, "banked16",
     TableOrg::kBanked},
};

int lane_latency(const SimdConfig& config, const LookupTables& tables, int seg_bits) {
  switch (config.table.design) {
    case LookupDesign::kUniform:
      return kInterpLaneLatency;
    case LookupDesign::kBsearch:
      return seg_bits + 2 + kLaneFmaLatency;
    case LookupDesign::kNonuniform:
      return InterpLaneCycleModel(tables.nonuniform).latency();
    case LookupDesign::kValue:
      return kValueLutLaneLatency;
  }
  return 0;
}

}  // namespace

std::vector<CycleComparisonRow> compare_cycles(const SimdConfig& base,
                                               const std::vector<float>& trace) {
  std::vector<CycleComparisonRow> rows;
  for (const int seg_bits : {4, 6, 8, 10, 12}) {
    for (const Variant& variant : kVariants) {
      SimdConfig config = base;
      config.table.segments = 1 << seg_bits;
      config.table.design = variant.design;
      config.table.bsearch_variant = variant.bsearch_variant;
      config.table_org = variant.org;
      config.banks = 16;
      config.read_ports = 4;
      // Model lanes where the build has no RTL (bsearch widths that were not
      // verilated, non-uniform tables of more parts than nonuniform_lane searches).
      if (config.lane_impl == LaneImpl::kRtl &&
          !lanes::has_rtl_lanes(config.table.design, seg_bits)) {
        config.lane_impl = LaneImpl::kModel;
      }
      const LookupTables tables = build_lookup_tables(config.table);
      if (config.table.design == LookupDesign::kNonuniform &&
          tables.nonuniform.parts.size() > (size_t{1} << kNonuniformLanePartBits)) {
        config.lane_impl = LaneImpl::kModel;
      }
      const MapResult result = run_map(config, tables, trace);
      const RealFunction reference = table_reference(config.table.func, false);
      const float lo = tables.uniform.a;
      const float hi = tables.uniform.upper();
      double linf = 0;
      double sum_squares = 0;
      size_t inside = 0;
      for (size_t i = 0; i < trace.size(); ++i) {
        if (!(trace[i] > lo && trace[i] < hi)) continue;
        const double error = std::fabs(result.output[i] - reference(trace[i]));
        linf = std::max(linf, error);
        sum_squares += error * error;
        ++inside;
      }
      const double lane_cycles = static_cast<double>(result.stats.cycles) * config.lanes;
      CycleComparisonRow row;
      row.design = variant.design_label;
      row.table_org = variant.org_label;
      row.segments = config.table.segments;
      row.lanes = config.lanes;
      row.latency = lane_latency(config, tables, seg_bits);
      row.cycles = result.stats.cycles;
      row.elements_per_cycle = static_cast<double>(result.stats.elements) / result.stats.cycles;
      row.conflict_share = result.stats.stalls.table_conflict / lane_cycles;
      row.search_share = result.stats.stalls.search / lane_cycles;
      row.other_share =
          (result.stats.stalls.memory + result.stats.stalls.output + result.stats.stalls.idle) /
          lane_cycles;
      row.linf = linf;
      row.rms = inside > 0 ? std::sqrt(sum_squares / inside) : 0.0;
      row.memory_bytes =
          tables.memory_bytes * (variant.org == TableOrg::kPrivate ? config.lanes : 1);
      row.mismatches = result.mismatches;
      rows.push_back(row);
    }
  }
  return rows;
}

std::string cycle_comparison_text(const std::vector<CycleComparisonRow>& rows) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-18s %-10s %8s %4s %9s %8s %9s %7s %7s %10s %10s %10s %4s\n",
                "design", "table", "segments", "lat", "cycles", "el/cyc", "conflict", "search",
                "other", "Linf", "rms", "memory(B)", "mism");
  out << line;
  for (const CycleComparisonRow& r : rows) {
    std::snprintf(line, sizeof line,
                  "%-18s %-10s %8d %4d %9llu %8.2f %8.1f%% %6.1f%% %6.1f%% %10.3e %10.3e %10zu "
                  "%4llu\n",
                  r.design.c_str(), r.table_org.c_str(), r.segments, r.latency, r.cycles,
                  r.elements_per_cycle, 100 * r.conflict_share, 100 * r.search_share,
                  100 * r.other_share, r.linf, r.rms, r.memory_bytes, r.mismatches);
    out << line;
  }
  return out.str();
}

std::string cycle_comparison_csv(const std::vector<CycleComparisonRow>& rows) {
  std::ostringstream out;
  out << "design,table_org,segments,lanes,latency,cycles,elements_per_cycle,conflict_share,"
         "search_share,other_share,linf,rms,memory_bytes,mismatches\n";
  for (const CycleComparisonRow& r : rows) {
    char line[512];
    std::snprintf(line, sizeof line, "%s,%s,%d,%d,%d,%llu,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%zu,%llu\n",
                  r.design.c_str(), r.table_org.c_str(), r.segments, r.lanes, r.latency, r.cycles,
                  r.elements_per_cycle, r.conflict_share, r.search_share, r.other_share, r.linf,
                  r.rms, r.memory_bytes, r.mismatches);
    out << line;
  }
  return out.str();
}

}  // namespace interpsim::simd
