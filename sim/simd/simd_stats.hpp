// The SIMD array's statistics: the keys both arrays share
// (sim/common/array_stats.hpp) plus SIMD's own, as JSON and as a one-screen
// summary.
#pragma once

#include <cstdint>
#include <ostream>

#include <nlohmann/json.hpp>

#include "sim/common/array_stats.hpp"
#include "sim/simd/simd_config.hpp"
#include "sim/simd/simd_engine.hpp"

namespace interpsim::simd {

// The stats object of a finished run (docs/design.md section 6).
nlohmann::json stats_json(const SimdConfig& config, const EngineStats& stats, uint64_t mismatches,
                          CheckKind checked, double sim_seconds);

// The one-screen summary of a stats object.
void print_summary(std::ostream& out, const nlohmann::json& stats);

}  // namespace interpsim::simd
