// Softmax over the rows of a 2-D trace on the SIMD array (docs/design.md section 6):
// max, exp through the interpolation lanes, sum, reciprocal (through the lanes
// with a reciprocal table on [1, 2), or a divider), scale. The exp and
// reciprocal phases run on the clocked array; the reductions and the scale are
// accounted analytically (docs/simulator.md, "Softmax").
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/softmax_rows.hpp"  // lane_tree_sum, softmax_rows (the golden model)
#include "model/table.hpp"
#include "sim/simd/simd_array.hpp"
#include "sim/simd/simd_config.hpp"

namespace interpsim::simd {

struct SoftmaxTables {
  UniformTable exp;         // exp on [softmax_exp_a, 0]
  UniformTable reciprocal;  // 1/x on [1, 2)
};

// The exp table (segments from config.table) and the reciprocal table;
// InputError for an invalid interval or segment count.
SoftmaxTables build_softmax_tables(const SimdConfig& config);

struct SoftmaxResult {
  std::vector<float> output;  // rows x cols, row-major
  EngineStats stats;          // cycles = all phases; stalls and table reads of the array phases
  uint64_t mismatches = 0;    // array outputs (exp, reciprocal) differing from the golden model
  CheckKind checked = CheckKind::kNone;
  double sim_seconds = 0;
  nlohmann::json phases;  // cycles per phase and the accuracy against float64
};

// The float32 computation the array performs, without timing: the reference
// the simulated outputs must equal bit for bit (and the tests' model of it).
std::vector<float> softmax_golden(const SimdConfig& config, const SoftmaxTables& tables,
                                  const std::vector<float>& input, size_t rows, size_t cols);

SoftmaxResult run_softmax(const SimdConfig& config, const SoftmaxTables& tables,
                          const std::vector<float>& input, size_t rows, size_t cols);

}  // namespace interpsim::simd
