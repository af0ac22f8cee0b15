#include "model/value_lut_lane_cycle_model.hpp"

#include "model/float_bits.hpp"

namespace interpsim {

void ValueLutLaneCycleModel::reset() {
  sub_ = {};
  cls_ = idx_ = rd_ = Slot{};
  frac_ = {};
  diff_ = {};
  fma_ = {};
  advance_ = front_advance_ = true;
}

uint32_t ValueLutLaneCycleModel::table_row(uint32_t x_bits) const {
  return value_lut_request_row(*table_, bits_to_float(x_bits));
}

uint32_t ValueLutLaneCycleModel::golden_value(uint32_t x_bits) const {
  return canonical_bits(interp_value_lut(*table_, bits_to_float(x_bits)));
}

bool ValueLutLaneCycleModel::idle() const {
  return sub_.empty() && !cls_.valid && !idx_.valid && frac_.empty() && !rd_.valid &&
         diff_.empty() && fma_.empty();
}

}  // namespace interpsim
