// The whole job of `interpsim simt` around the array model: the trace, table
// and program from a configuration, the golden check, the stats JSON and text.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/common/array_stats.hpp"
#include "sim/simt/simt_array.hpp"
#include "sim/simt/simt_config.hpp"

namespace interpsim::simt {

// The whole job of `interpsim simt`: builds the trace, table and program from
// `config`, simulates, checks the outputs against the golden model.
struct SimtRun {
  SimtConfig config;  // as run: the table's function and interval resolved
  SimtStats stats;
  std::string func;
  float a = 0;
  int m = 0;
  uint64_t mismatches = 0;               // outputs that differ from the golden model
  CheckKind checked = CheckKind::kNone;  // what mismatches proves
  std::string golden;                    // what the outputs were compared with
};
SimtRun run_simt(const SimtConfig& config);

// Stats JSON: the keys both arrays share (sim/common/array_stats.hpp) plus
// SIMT's time_ms, utilization per unit, bank_conflict_replays, occupancy, ...
nlohmann::json stats_to_json(const SimtRun& run);
// The one-screen text summary.
std::string stats_summary(const SimtRun& run);

double time_ms(const SimtConfig& config, const SimtStats& stats);

}  // namespace interpsim::simt
