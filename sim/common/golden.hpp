// The golden model of each lookup design over a batch of inputs (the AVX2
// batch paths of model/), and the bit-exact comparison of an array's outputs
// with it (NaN compared as the canonical pattern, docs/design.md section 3).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/common/table_spec.hpp"

namespace interpsim {

std::vector<float> golden_outputs(LookupDesign design, const LookupTables& tables,
                                  const std::vector<float>& input);

// Elements whose bits differ (NaN = canonical NaN); the sizes must agree.
uint64_t count_mismatches(const std::vector<float>& golden, const std::vector<float>& output);

}  // namespace interpsim
