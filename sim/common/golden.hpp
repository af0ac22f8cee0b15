// The golden model of each lookup design over a batch of inputs (the AVX2
// batch paths of model/, FormatLookup in the narrow formats), and the
// bit-exact comparison of an array's outputs with it (NaN compared as the
// canonical pattern of the format, docs/design.md sections 3 and 12).
#pragma once

#include <cstdint>
#include <vector>

#include "model/number_format.hpp"
#include "sim/common/table_spec.hpp"

namespace interpsim {

// fp32 tables (format = kb = fp32): the design's batch golden model.
std::vector<float> golden_outputs(LookupDesign design, const LookupTables& tables,
                                  const std::vector<float>& input);

// Elements whose bits differ (NaN = canonical NaN); the sizes must agree.
uint64_t count_mismatches(const std::vector<float>& golden, const std::vector<float>& output);

// Any table: x_bits and the result are bit patterns of the table's io format
// (tables.uniform.format; fp32: float32 bits). fp32: golden_outputs' bits;
// fp16, bf16, fp8e5m2, fp8e4m3 (design uniform, build_lookup_tables refuses
// the others): FormatLookup, section 12's single rounding, canonical NaN.
std::vector<uint32_t> golden_output_bits(LookupDesign design, const LookupTables& tables,
                                         const std::vector<uint32_t>& x_bits);

// Elements whose bits differ in `format`, every NaN pattern of the format
// compared as its canonical NaN; the sizes must agree.
uint64_t count_mismatches(NumberFormat format, const std::vector<uint32_t>& golden,
                          const std::vector<uint32_t>& output);

}  // namespace interpsim
