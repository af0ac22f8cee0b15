#include "model/subword_lane_cycle_model.hpp"

namespace interpsim {

void IntLaneCycleModel::clock() {
  if (advance_) {
    for (int i = kLatency - 1; i > kIdx; --i) stages_[i] = stages_[i - 1];
    // IDX: the row of the element leaving SUB.
    stages_[kIdx] = stages_[0];
    if (stages_[kIdx].valid) stages_[kIdx].row = static_cast<uint32_t>(fixed_row(*table_, sub_x_));
    stages_[0] = Stage{};
    if (in_valid_) {
      stages_[0].valid = true;
      stages_[0].y = fixed_eval(*table_, in_x_, stream_);
      sub_x_ = in_x_;
    }
  } else if (out_ready_) {
    stages_[kLatency - 1].valid = false;  // taken while the pipeline waits for a grant
  }
}

SubwordLaneCycleModel::SubwordLaneCycleModel(const FixedTable& table, FixedRounding rounding,
                                             uint32_t seed)
    : table_(&table),
      streams_{StochasticStream(seed), StochasticStream(seed + 1), StochasticStream(seed + 2),
               StochasticStream(seed + 3)},
      slots_{IntLaneCycleModel(table, nullptr), IntLaneCycleModel(table, nullptr),
             IntLaneCycleModel(table, nullptr), IntLaneCycleModel(table, nullptr)} {
  if (rounding == FixedRounding::kStochastic) {
    for (int k = 0; k < kSlots; ++k) slots_[k] = IntLaneCycleModel(table, &streams_[k]);
  }
}

int64_t SubwordLaneCycleModel::field(uint32_t packed, int width, int slot) {
  const uint64_t bits = (packed >> (slot * width)) & ((uint64_t{1} << width) - 1);
  return static_cast<int64_t>(bits ^ (uint64_t{1} << (width - 1))) - (int64_t{1} << (width - 1));
}

uint32_t SubwordLaneCycleModel::place(int64_t value, int width, int slot) {
  const uint64_t bits = static_cast<uint64_t>(value) & ((uint64_t{1} << width) - 1);
  return static_cast<uint32_t>(bits << (slot * width));
}

void SubwordLaneCycleModel::begin_cycle(uint32_t in_valid, uint32_t x_packed, uint32_t out_ready) {
  for (int k = 0; k < kSlots; ++k) {
    const bool active = k < active_slots();
    slots_[k].begin_cycle(active && ((in_valid >> k) & 1u) != 0,
                          active ? field(x_packed, width(), k) : 0, ((out_ready >> k) & 1u) != 0);
  }
}

uint32_t SubwordLaneCycleModel::table_requests(std::array<uint32_t, kSlots>* rows) const {
  uint32_t requests = 0;
  for (int k = 0; k < kSlots; ++k) {
    if (slots_[k].table_request(&(*rows)[k])) requests |= 1u << k;
  }
  return requests;
}

void SubwordLaneCycleModel::set_grants(uint32_t granted) {
  for (int k = 0; k < kSlots; ++k) slots_[k].set_grant(((granted >> k) & 1u) != 0);
}

uint32_t SubwordLaneCycleModel::in_ready() const {
  uint32_t ready = 0;
  for (int k = 0; k < kSlots; ++k) ready |= (slots_[k].in_ready() ? 1u : 0u) << k;
  return ready;
}

uint32_t SubwordLaneCycleModel::out_valid() const {
  uint32_t valid = 0;
  for (int k = 0; k < kSlots; ++k) valid |= (slots_[k].out_valid() ? 1u : 0u) << k;
  return valid;
}

uint32_t SubwordLaneCycleModel::out_y() const {
  uint32_t y = 0;
  for (int k = 0; k < active_slots(); ++k) {
    if (slots_[k].out_valid()) y |= place(slots_[k].out_y(), width(), k);
  }
  return y;
}

void SubwordLaneCycleModel::clock() {
  for (IntLaneCycleModel& slot : slots_) slot.clock();
}

}  // namespace interpsim
