// The SIMD array simulation (docs/design.md section 6): tables and lanes built from
// a SimdConfig, the array clocked by one SystemC SC_METHOD, the outputs
// checked against the golden model, statistics as JSON and text.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/bsearch_lookup.hpp"
#include "model/nonuniform.hpp"
#include "model/table.hpp"
#include "sim/simd/simd_config.hpp"
#include "sim/simd/simd_engine.hpp"

namespace interpsim::simd {

// Every table a run may need, built once from the configuration.
struct SimdTables {
  UniformTable uniform;
  BreakpointTable bsearch;     // design = bsearch
  NonuniformTable nonuniform;  // design = nonuniform
  std::string description;     // one line
  size_t memory_bytes = 0;     // table memory of the configured design (one copy)
};

// Reads or generates the tables; resolves a/m/edges in `config` to the
// effective values (so the stats' config repeats the run). InputError on bad
// values.
SimdTables build_tables(SimdConfig& config);

struct MapResult {
  EngineStats stats;
  std::vector<float> output;
  uint64_t mismatches = 0;  // outputs whose bits differ from the golden model
  double sim_seconds = 0;   // wall time of the clocked simulation
};

// Streams `input` through the array (elementwise map). `vcd_path` non-empty:
// waveforms of the first config.vcd_lanes RTL lanes (lane k > 0 in
// "<path-without-.vcd>.lane<k>.vcd").
MapResult run_map(const SimdConfig& config, const SimdTables& tables,
                  const std::vector<float>& input, const std::string& vcd_path = "");

// The golden model of the configured design, element by element.
std::vector<float> golden_outputs(const SimdConfig& config, const SimdTables& tables,
                                  const std::vector<float>& input);

// Runs `step` once per rising edge of the array clock (one SystemC
// SC_METHOD) until it returns true. The module is elaborated once per
// process; later runs reuse it (SystemC cannot elaborate twice).
void run_clocked(const std::function<bool()>& step);

// The stats object of docs/design.md section 6 for a finished run.
nlohmann::json stats_json(const SimdConfig& config, const EngineStats& stats, uint64_t mismatches,
                          double sim_seconds);

// The one-screen summary of a stats object.
void print_summary(std::ostream& out, const nlohmann::json& stats);

}  // namespace interpsim::simd
