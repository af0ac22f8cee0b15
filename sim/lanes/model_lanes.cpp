#include "sim/lanes/model_lanes.hpp"

#include "model/float_bits.hpp"
#include "sim/common/golden.hpp"

namespace interpsim::lanes {

PrecomputedElements precompute_elements(LookupDesign design, const LookupTables& tables,
                                        const std::vector<float>& input, bool shared_table) {
  PrecomputedElements elements;
  const std::vector<float> golden = golden_outputs(design, tables, input);
  elements.values.resize(input.size());
  elements.payload.resize(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    elements.values[i] = float_to_bits(golden[i]);
    elements.payload[i] = static_cast<uint32_t>(i);
  }
  // Rows matter only where the array arbitrates them; binary-search lanes
  // keep their table inside.
  if (shared_table && design != LookupDesign::kBsearch) {
    const InterpLaneCycleModel lane = design == LookupDesign::kNonuniform
                                          ? InterpLaneCycleModel(tables.nonuniform)
                                          : InterpLaneCycleModel(tables.uniform);
    elements.rows.resize(input.size());
    for (size_t i = 0; i < input.size(); ++i)
      elements.rows[i] = lane.table_row(float_to_bits(input[i]));
  }
  return elements;
}

}  // namespace interpsim::lanes
