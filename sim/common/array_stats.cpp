#include "sim/common/array_stats.hpp"

namespace interpsim {

const EnumNames<CheckKind>& check_kind_names() {
  static const EnumNames<CheckKind> names{{CheckKind::kNone, "none"},
                                          {CheckKind::kRtl, "rtl"},
                                          {CheckKind::kProgram, "program"},
                                          {CheckKind::kRouting, "routing"}};
  return names;
}

nlohmann::json array_stats_json(const ArrayStats& s) {
  const double cycles = static_cast<double>(s.cycles);
  const double elements = static_cast<double>(s.elements);
  return nlohmann::json{
      {"cycles", s.cycles},
      {"elements", s.elements},
      {"elements_per_cycle", cycles > 0 ? elements / cycles : 0.0},
      {"lane_utilization", s.lane_utilization},
      {"stalls", s.stalls},
      {"table_reads", s.table_reads},
      {"mismatches", s.mismatches},
      {"checked", check_kind_names().name(s.checked)},
      {"golden", s.golden},
      {"sim_seconds", s.sim_seconds},
      {"sim_elements_per_second", s.sim_seconds > 0 ? elements / s.sim_seconds : 0.0},
      {"config", s.config},
  };
}

}  // namespace interpsim
