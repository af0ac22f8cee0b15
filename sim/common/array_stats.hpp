// The statistics keys both arrays report, from one place (docs/design.md
// section 6). Each array adds its own keys beside them; a key that means
// something different in the two arrays has a different name in each.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "model/enum_names.hpp"

namespace interpsim {

// What `mismatches` proves: the outputs of the verilated RTL (rtl) or of the
// kernel's instructions (program) compared with the golden model; or only
// that every output reached its element (routing: model lanes carry the
// golden model's own outputs); or nothing (none: check = false, or no golden
// model for the kernel).
enum class CheckKind { kNone, kRtl, kProgram, kRouting };

const EnumNames<CheckKind>& check_kind_names();

struct ArrayStats {
  uint64_t cycles = 0;
  uint64_t elements = 0;
  double lane_utilization = 0;  // the array's defining lanes: busy / (cycles x lanes)
  nlohmann::json stalls = nlohmann::json::object();
  uint64_t table_reads = 0;
  uint64_t mismatches = 0;
  CheckKind checked = CheckKind::kNone;
  std::string golden;  // what the outputs were compared with
  double sim_seconds = 0;
  nlohmann::json config = nlohmann::json::object();  // the full effective configuration
};

// cycles, elements, elements_per_cycle, lane_utilization, stalls,
// table_reads, mismatches, checked, golden, sim_seconds,
// sim_elements_per_second, config.
nlohmann::json array_stats_json(const ArrayStats& stats);

}  // namespace interpsim
