#include "sim/lanes/model_lanes.hpp"

#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "sim/common/golden.hpp"

namespace interpsim::lanes {

PrecomputedElements precompute_elements(LookupDesign design, const LookupTables& tables,
                                        const std::vector<uint32_t>& x_bits, bool shared_table) {
  PrecomputedElements elements;
  elements.values = golden_output_bits(design, tables, x_bits);
  elements.payload.resize(x_bits.size());
  for (size_t i = 0; i < x_bits.size(); ++i) elements.payload[i] = static_cast<uint32_t>(i);
  // Rows matter only where the array arbitrates them; binary-search lanes
  // keep their table inside.
  if (!shared_table || design == LookupDesign::kBsearch) return elements;
  elements.rows.resize(x_bits.size());
  const UniformTable& table = tables.uniform;
  if (design == LookupDesign::kUniform && table.format != NumberFormat::kFp32) {
    const uint32_t nan_row = static_cast<uint32_t>(table.segments());
    for (size_t i = 0; i < x_bits.size(); ++i) {
      const int64_t row = format_row(table, decode_value(table.format, x_bits[i]));
      elements.rows[i] = row < 0 ? nan_row : static_cast<uint32_t>(row);
    }
    return elements;
  }
  if (design == LookupDesign::kValue) {
    const ValueLutLaneCycleModel lane(tables.value);
    for (size_t i = 0; i < x_bits.size(); ++i) elements.rows[i] = lane.table_row(x_bits[i]);
    return elements;
  }
  const InterpLaneCycleModel lane = design == LookupDesign::kNonuniform
                                        ? InterpLaneCycleModel(tables.nonuniform)
                                        : InterpLaneCycleModel(table);
  for (size_t i = 0; i < x_bits.size(); ++i) elements.rows[i] = lane.table_row(x_bits[i]);
  return elements;
}

}  // namespace interpsim::lanes
