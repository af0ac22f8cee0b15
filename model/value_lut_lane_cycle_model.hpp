// Cycle model of rtl/value_lut_lane.sv: its clock-by-clock behaviour with
// the outputs computed by the golden model (model/value_lut.hpp). Same port
// protocol as the lanes of model/lane_cycle_model.hpp (begin_cycle,
// table_request, set_grant, in_ready/out_valid/out_y, clock);
// testbench/lanes/value_lut_lane_equivalence_test.cpp proves it cycle-exact
// against the verilated RTL.
#pragma once

#include <cstdint>

#include "model/lane_cycle_model.hpp"
#include "model/value_lut.hpp"

namespace interpsim {

// SUB (fp32_add) + CLS + IDX + FRAC (fp32_fma) + RD + DIFF (fp32_add) + FMA
// (fp32_fma): interpsim_pkg::ValueLutLaneLatency.
constexpr int kValueLutLaneLatency = 2 * kLaneAddLatency + 3 + 2 * kLaneFmaLatency;

// Two stall-all sections as in the RTL: SUB's output, CLS and IDX move when
// FRAC's pipe moves (front advance); FRAC's output (the table request) and RD
// move when the request is granted or absent and DIFF can take RD's element
// (advance). FRAC, DIFF and FMA are stall-all FP pipes; SUB's pipe closes
// bubbles while the front stalls.
class ValueLutLaneCycleModel {
 public:
  // The table must outlive the model.
  explicit ValueLutLaneCycleModel(const ValueLutTable& table) : table_(&table) { reset(); }

  void reset();
  // As InterpLaneCycleModel::use_precomputed: x_bits is then an index into
  // `values` (golden outputs) and `rows` (requested rows, may be null).
  void use_precomputed(const uint32_t* values, const uint32_t* rows) {
    precomputed_values_ = values;
    precomputed_rows_ = rows;
  }
  // The table row the RTL requests for x (NaN reads the underflow row N).
  uint32_t table_row(uint32_t x_bits) const;
  void begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready) {
    in_valid_ = in_valid;
    in_x_ = x_bits;
    fma_advance_ = fma_.advances(out_ready);
    diff_advance_ = diff_.advances(fma_advance_);
    rd_can_load_ = !rd_.valid || diff_advance_;
    set_grant(false);  // until the array says otherwise the request is refused
  }
  bool table_request(uint32_t* row) const {
    *row = frac_.out().row;
    return frac_.out_valid() && rd_can_load_;
  }
  void set_grant(bool granted) {
    advance_ = (!frac_.out_valid() || granted) && rd_can_load_;
    front_advance_ = frac_.advances(advance_);
  }
  bool in_ready() const { return front_advance_; }
  bool out_valid() const { return fma_.out_valid(); }
  uint32_t out_y() const { return fma_.out(); }
  // The rising edge: every stage reads the state before the edge.
  void clock() {
    if (fma_advance_) {
      fma_.shift(diff_.out_valid(), diff_.out_valid() ? value_of(diff_.out()) : 0);
    }
    if (diff_advance_) diff_.shift(rd_.valid && advance_, rd_.x);
    if (advance_) rd_ = Slot{frac_.out_valid(), frac_.out().x, 0};
    const bool sub_advance = sub_.advances(front_advance_);
    if (front_advance_) {
      frac_.shift(idx_.valid, idx_);
      idx_ = Slot{cls_.valid, cls_.x, cls_.valid ? row_of(cls_.x) : 0};
      cls_ = Slot{sub_.out_valid(), sub_.out(), 0};
    }
    if (sub_advance) sub_.shift(in_valid_ && front_advance_, in_x_);
  }
  bool idle() const;
  int latency() const { return kValueLutLaneLatency; }

 private:
  struct Slot {
    bool valid = false;
    uint32_t x = 0;
    uint32_t row = 0;
  };
  uint32_t row_of(uint32_t x_bits) const {
    if (precomputed_values_ != nullptr) {
      return precomputed_rows_ != nullptr ? precomputed_rows_[x_bits] : 0;
    }
    return table_row(x_bits);
  }
  uint32_t value_of(uint32_t x_bits) const {
    return precomputed_values_ != nullptr ? precomputed_values_[x_bits] : golden_value(x_bits);
  }
  uint32_t golden_value(uint32_t x_bits) const;

  const ValueLutTable* table_;
  const uint32_t* precomputed_values_ = nullptr;
  const uint32_t* precomputed_rows_ = nullptr;

  // State (registers).
  StallAllPipe<kLaneAddLatency, uint32_t> sub_;
  Slot cls_, idx_;
  StallAllPipe<kLaneFmaLatency, Slot> frac_;
  Slot rd_;
  StallAllPipe<kLaneAddLatency, uint32_t> diff_;
  StallAllPipe<kLaneFmaLatency, uint32_t> fma_;

  // This cycle's inputs and combinational signals.
  bool in_valid_ = false;
  uint32_t in_x_ = 0;
  bool fma_advance_ = true;
  bool diff_advance_ = true;
  bool rd_can_load_ = true;
  bool advance_ = true;
  bool front_advance_ = true;
};

}  // namespace interpsim
