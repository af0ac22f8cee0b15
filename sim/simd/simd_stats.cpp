#include "sim/simd/simd_stats.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace interpsim::simd {

nlohmann::json stats_json(const SimdConfig& config, const EngineStats& stats, uint64_t mismatches,
                          CheckKind checked, double sim_seconds) {
  ArrayStats common;
  common.cycles = stats.cycles;
  common.elements = stats.elements;
  // Utilization and stalls per sub-word slot (one per lane when subword = 32).
  const double lane_cycles =
      static_cast<double>(stats.cycles) * config.lanes * subword_slots(config);
  common.lane_utilization =
      lane_cycles > 0 ? static_cast<double>(stats.elements) / lane_cycles : 0.0;
  common.stalls = {{"memory", stats.stalls.memory},
                   {"table_conflict", stats.stalls.table_conflict},
                   {"output", stats.stalls.output},
                   {"search", stats.stalls.search},
                   {"idle", stats.stalls.idle}};
  common.table_reads = stats.table_reads;
  common.mismatches = mismatches;
  common.checked = checked;
  common.golden = checked == CheckKind::kNone
                      ? "check=false"
                      : "model " + lookup_design_names().name(config.table.design);
  common.sim_seconds = sim_seconds;
  common.config = simd_params().to_json(config);
  nlohmann::json json = array_stats_json(common);
  json["bank_conflict_cycles"] = stats.bank_conflict_cycles;
  json["memory_bytes"] = stats.memory_bytes;
  return json;
}

void print_summary(std::ostream& out, const nlohmann::json& s) {
  const nlohmann::json& c = s["config"];
  const int slots = c.contains("subword") ? 32 / c["subword"].get<int>() : 1;
  const double lane_cycles = s["cycles"].get<double>() * std::max(1, c["lanes"].get<int>()) * slots;
  char line[256];
  out << "SIMD array: " << c["lanes"] << " " << c["lane_impl"].get<std::string>() << " lanes";
  if (slots > 1) out << " x " << slots << " sub-word slots";
  out << ", design " << c["design"].get<std::string>() << ", table "
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
  std::snprintf(line, sizeof line,
                "  table reads %llu, bank-conflict cycles %llu, memory traffic %llu bytes\n",
                s["table_reads"].get<unsigned long long>(),
                s["bank_conflict_cycles"].get<unsigned long long>(),
                s["memory_bytes"].get<unsigned long long>());
  out << line;
  const std::string checked = s["checked"].get<std::string>();
  const char* meaning = checked == "rtl"       ? "RTL outputs against the golden model"
                        : checked == "routing" ? "routing only: model lanes carry golden outputs"
                                               : "not checked";
  std::snprintf(line, sizeof line,
                "  mismatches: %llu (%s)\n"
                "  simulated in %.3f s: %.3g elements/s\n",
                s["mismatches"].get<unsigned long long>(), meaning, s["sim_seconds"].get<double>(),
                s["sim_elements_per_second"].get<double>());
  out << line;
}

}  // namespace interpsim::simd
