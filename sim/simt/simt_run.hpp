// The whole job of `interpsim simt` around the array model: the trace, table
// and program from a configuration, the golden check, the stats JSON and text.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/simt/simt_array.hpp"
#include "sim/simt/simt_config.hpp"

namespace interpsim::simt {

// The whole job of `interpsim simt`: builds the trace, table and program from
// `config`, simulates, checks the outputs against the golden model.
struct SimtRun {
  SimtStats stats;
  std::string func;
  float a = 0;
  int m = 0;
};
SimtRun run_simt(const SimtConfig& config);

// Stats JSON (docs/design.md section 6 keys plus SIMT's time_ms and utilization).
nlohmann::json stats_to_json(const SimtConfig& config, const SimtRun& run);
// The one-screen text summary.
std::string stats_summary(const SimtConfig& config, const SimtRun& run);

double time_ms(const SimtConfig& config, const SimtStats& stats);

}  // namespace interpsim::simt
