// Cycle models of the fixed-point lanes: rtl/int_interp_lane.sv (one slot) and
// rtl/subword_interp_lane.sv (four slots behind one 32-bit port, running 1 x
// int32, 2 x int16 or 4 x int8), clock by clock, with the outputs computed by
// the golden model (model/fixed_point.hpp, fixed_eval). The port protocol is
// lane_cycle_model.hpp's, once per slot; testbench/rtl/subword_interp_lane_test
// proves the RTL gives the same handshakes, requests and outputs every cycle.
#pragma once

#include <array>
#include <cstdint>

#include "model/fixed_point.hpp"

namespace interpsim {

// int_interp_lane's pipeline: SUB, IDX (the table request), RD, MUL, ADD, RND
// (the output register). Every stage moves when the lane advances: IDX holds
// no element or its request is granted, and the output register is empty or
// taken; a result taken while the lane waits for a grant leaves the output.
class IntLaneCycleModel {
 public:
  static constexpr int kLatency = 6;

  // The table (and the stream, when stochastic rounding is wanted) must
  // outlive the model; stream null: to nearest even.
  IntLaneCycleModel(const FixedTable& table, StochasticStream* stream)
      : table_(&table), stream_(stream) {}

  void begin_cycle(bool in_valid, int64_t qx, bool out_ready) {
    in_valid_ = in_valid;
    in_x_ = qx;
    out_ready_ = out_ready;
    down_ready_ = !stages_[kLatency - 1].valid || out_ready;
    set_grant(false);
  }
  bool table_request(uint32_t* row) const {
    *row = idx().row;
    return idx().valid && down_ready_;
  }
  void set_grant(bool granted) { advance_ = (!idx().valid || granted) && down_ready_; }
  bool in_ready() const { return advance_; }
  bool out_valid() const { return stages_[kLatency - 1].valid; }
  int64_t out_y() const { return stages_[kLatency - 1].y; }
  void clock();

 private:
  struct Stage {
    bool valid = false;
    uint32_t row = 0;  // IDX: the row requested
    int64_t y = 0;     // the element's result, computed in order on entry
  };
  static constexpr int kIdx = 1;
  const Stage& idx() const { return stages_[kIdx]; }

  const FixedTable* table_;
  StochasticStream* stream_;
  std::array<Stage, kLatency> stages_{};  // SUB, IDX, RD, MUL, ADD, RND
  int64_t sub_x_ = 0;                     // x in SUB (IDX computes its row)
  bool in_valid_ = false;
  int64_t in_x_ = 0;
  bool out_ready_ = true;
  bool down_ready_ = true;
  bool advance_ = true;
};

// subword_interp_lane in the mode of `table.format` (int32: slot 0, int16:
// slots 0-1, int8: slots 0-3). Slot k carries bits [k*W +: W] of the packed
// x and y, its own table port and handshakes; its stochastic stream starts at
// seed + k. Inactive slots take no input (their in_ready is 1, nothing else).
class SubwordLaneCycleModel {
 public:
  static constexpr int kSlots = 4;

  // The table must outlive the model.
  SubwordLaneCycleModel(const FixedTable& table, FixedRounding rounding, uint32_t seed);
  SubwordLaneCycleModel(const SubwordLaneCycleModel&) = delete;
  SubwordLaneCycleModel& operator=(const SubwordLaneCycleModel&) = delete;

  int width() const { return fixed_width(table_->format); }
  int active_slots() const { return 32 / width(); }
  int latency() const { return IntLaneCycleModel::kLatency; }

  // One call sequence per clock, as lane_cycle_model.hpp, on every slot:
  // bit k of in_valid / out_ready / granted is slot k's.
  void begin_cycle(uint32_t in_valid, uint32_t x_packed, uint32_t out_ready);
  // Bit k: slot k requests rows[k].
  uint32_t table_requests(std::array<uint32_t, kSlots>* rows) const;
  void set_grants(uint32_t granted);
  uint32_t in_ready() const;
  uint32_t out_valid() const;
  // The packed outputs (fields of slots without out_valid are 0).
  uint32_t out_y() const;
  void clock();

  // Slot k's W-bit field of a packed word, sign-extended; and the inverse.
  static int64_t field(uint32_t packed, int width, int slot);
  static uint32_t place(int64_t value, int width, int slot);

 private:
  const FixedTable* table_;
  std::array<StochasticStream, kSlots> streams_;
  std::array<IntLaneCycleModel, kSlots> slots_;
};

}  // namespace interpsim
