// Model lanes (`lane_impl = model`): the C++ cycle models of model/, built for
// a lookup design. In the arrays' fast mode the outputs (and, where the array
// arbitrates a shared table, the rows) come beforehand from the batch golden
// model and the lanes carry element indices in place of x: the cycles are the
// lane's own, the values the golden model's. The golden check of such a run
// therefore proves routing only (stats "checked": "routing").
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "model/lane_cycle_model.hpp"
#include "model/value_lut_lane_cycle_model.hpp"
#include "sim/common/table_spec.hpp"

namespace interpsim::lanes {

// What model lanes in fast mode carry and return.
struct PrecomputedElements {
  std::vector<uint32_t> values;   // golden output bits of element i
  std::vector<uint32_t> rows;     // table row element i requests (shared tables only)
  std::vector<uint32_t> payload;  // what enters the lanes: i
};

// x_bits: the inputs' bit patterns in the table's io format
// (tables.uniform.format; fp32: float32 bits). The values are the golden
// model's (sim/common/golden.hpp: the design's batch model in fp32,
// FormatLookup in the other formats), the rows those interp_lane requests
// (a NaN reads the below-range edge row N).
PrecomputedElements precompute_elements(LookupDesign design, const LookupTables& tables,
                                        const std::vector<uint32_t>& x_bits, bool shared_table);

// `count` lanes and whatever must outlive them (verilated models' context,
// the rows their table port reads).
template <typename Lane>
struct LaneSet {
  std::shared_ptr<void> owner;
  std::vector<Lane> lanes;
};

// Calls visit(LaneSet<Lane>&&) with `count` model lanes of `design` over
// `tables` (which must outlive them); `precomputed` null: the lanes compute
// each output from x with the golden model.
template <typename Visitor>
void with_model_lanes(LookupDesign design, BsearchVariant variant, const LookupTables& tables,
                      int count, const PrecomputedElements* precomputed, Visitor&& visit) {
  if (design == LookupDesign::kBsearch) {
    BsearchLaneCycleModel prototype(tables.bsearch, variant == BsearchVariant::kIterative);
    if (precomputed != nullptr) prototype.use_precomputed(precomputed->values.data());
    visit(LaneSet<BsearchLaneCycleModel>{
        nullptr, std::vector<BsearchLaneCycleModel>(static_cast<size_t>(count), prototype)});
    return;
  }
  if (design == LookupDesign::kValue) {
    ValueLutLaneCycleModel prototype(tables.value);
    if (precomputed != nullptr) {
      prototype.use_precomputed(precomputed->values.data(),
                                precomputed->rows.empty() ? nullptr : precomputed->rows.data());
    }
    visit(LaneSet<ValueLutLaneCycleModel>{
        nullptr, std::vector<ValueLutLaneCycleModel>(static_cast<size_t>(count), prototype)});
    return;
  }
  InterpLaneCycleModel prototype = design == LookupDesign::kNonuniform
                                       ? InterpLaneCycleModel(tables.nonuniform)
                                       : InterpLaneCycleModel(tables.uniform);
  if (precomputed != nullptr) {
    prototype.use_precomputed(precomputed->values.data(),
                              precomputed->rows.empty() ? nullptr : precomputed->rows.data());
  }
  visit(LaneSet<InterpLaneCycleModel>{
      nullptr, std::vector<InterpLaneCycleModel>(static_cast<size_t>(count), prototype)});
}

}  // namespace interpsim::lanes
