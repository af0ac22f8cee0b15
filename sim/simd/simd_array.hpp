// The SIMD array's elementwise map (docs/design.md section 6): lanes from the
// lane factory (sim/lanes/), the cycle engine (simd_engine.hpp) clocked by
// simd_clock, every output checked against the golden model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/common/array_stats.hpp"
#include "sim/common/table_spec.hpp"
#include "sim/simd/simd_config.hpp"
#include "sim/simd/simd_engine.hpp"

namespace interpsim::simd {

struct MapResult {
  EngineStats stats;
  std::vector<float> output;
  uint64_t mismatches = 0;  // outputs whose bits differ from the golden model
  CheckKind checked = CheckKind::kNone;
  double sim_seconds = 0;  // wall time of the clocked simulation
};

// Streams `input` through the array, the lookup design of config.table over
// `tables` (build_lookup_tables(config.table)). `vcd_path` non-empty:
// waveforms of the first config.vcd_lanes RTL lanes (lane k > 0 in
// "<path-without-.vcd>.lane<k>.vcd").
MapResult run_map(const SimdConfig& config, const LookupTables& tables,
                  const std::vector<float>& input, const std::string& vcd_path = "");

}  // namespace interpsim::simd
