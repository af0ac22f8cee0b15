// Fixed-point lanes of the SIMD array (docs/design.md section 6, "Decision
// (fixed-point tables in the SIMD array)"): one engine lane per sub-word slot,
// speaking lane_protocol.hpp's port protocol with x and y as the W-bit two's
// complement patterns of the table's width (in the low bits of a uint32).
//  - model: IntLaneCycleModel (model/subword_lane_cycle_model.hpp), the slot's
//    cycle model, its outputs from fixed_eval (the golden model);
//  - rtl: rtl/subword_interp_lane.sv, one verilated instance per 32-bit lane,
//    shared by its 32/W slot adapters (slot j drives bit j of the handshakes
//    and field j of x, y, the row index and the read data).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <verilated.h>

#include "Vsubword_interp_lane.h"
#include "model/fixed_point.hpp"
#include "model/input_error.hpp"
#include "model/subword_lane_cycle_model.hpp"
#include "sim/lanes/lane_impl.hpp"
#include "sim/lanes/model_lanes.hpp"
#include "sim/lanes/rtl_lanes.hpp"

namespace interpsim::lanes {

// The largest n the verilated subword_interp_lane indexes (rtl/interp_units.cmake).
constexpr int kSubwordLaneSegBitsMax = INTERPSIM_SUBWORD_LANE_SEG_BITS_MAX;

// One slot of the integer lane as its cycle model (lane_impl = model).
class IntModelSlot {
 public:
  // The table must outlive the slot. Rounding to nearest even (no stream).
  explicit IntModelSlot(const FixedTable& table)
      : width_(fixed_width(table.format)), lane_(table, nullptr) {}

  void begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready) {
    lane_.begin_cycle(in_valid, SubwordLaneCycleModel::field(x_bits, width_, 0), out_ready);
  }
  bool table_request(uint32_t* row) const { return lane_.table_request(row); }
  void set_grant(bool granted) { lane_.set_grant(granted); }
  bool in_ready() const { return lane_.in_ready(); }
  bool out_valid() const { return lane_.out_valid(); }
  uint32_t out_y() const { return SubwordLaneCycleModel::place(lane_.out_y(), width_, 0); }
  void clock() { lane_.clock(); }

 private:
  int width_;
  IntLaneCycleModel lane_;
};

// One verilated subword_interp_lane and what its slots share: the read data
// of the rows granted this cycle (for the next), and how many slots have
// clocked (the rising edge comes after the last).
struct SubwordWord {
  std::unique_ptr<Vsubword_interp_lane> top;
  uint64_t next_rdata = 0;
  int slots = 1;
  int clocked = 0;
};

// Slot `slot` of a SubwordWord. The engine calls every lane's sequence once
// per clock, slot 0 of a word before its others; slots are independent in the
// RTL (own handshakes, own table port), so evaluating after one slot's inputs
// changed gives that slot's outputs, and the shared edge waits for the last
// slot's clock().
class RtlSubwordSlot {
 public:
  RtlSubwordSlot(SubwordWord* word, int slot, int width, const std::vector<uint64_t>* rows,
                 bool always_granted)
      : word_(word),
        slot_(slot),
        width_(width),
        bit_(1u << slot),
        rows_(rows),
        always_granted_(always_granted) {}

  void begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready) {
    Vsubword_interp_lane& top = *word_->top;
    const uint32_t field = width_ == 32 ? ~0u : ((1u << width_) - 1) << (slot_ * width_);
    top.in_x_i = (top.in_x_i & ~field) | ((x_bits << (slot_ * width_)) & field);
    top.in_valid_i = set_bit(top.in_valid_i, in_valid);
    top.out_ready_i = set_bit(top.out_ready_i, out_ready);
    top.tbl_gnt_i = set_bit(top.tbl_gnt_i, always_granted_);
    granted_ = always_granted_;
    top.eval();
  }
  bool table_request(uint32_t* row) const {
    const Vsubword_interp_lane& top = *word_->top;
    constexpr int kRowBits = kSubwordLaneSegBitsMax + 1;
    *row = static_cast<uint32_t>((top.tbl_idx_o >> (slot_ * kRowBits)) & ((1u << kRowBits) - 1));
    return (top.tbl_req_o & bit_) != 0;
  }
  void set_grant(bool granted) {
    if (granted != granted_) {
      word_->top->tbl_gnt_i = set_bit(word_->top->tbl_gnt_i, granted);
      word_->top->eval();
      granted_ = granted;
    }
  }
  bool in_ready() const { return (word_->top->in_ready_o & bit_) != 0; }
  bool out_valid() const { return (word_->top->out_valid_o & bit_) != 0; }
  uint32_t out_y() const {
    const uint32_t y = word_->top->out_y_o >> (slot_ * width_);
    return width_ == 32 ? y : y & ((1u << width_) - 1);
  }
  void clock() {
    // The granted row's {K, B} reaches this slot's field of the read data in
    // the next cycle (the bank's read register); other fields keep theirs.
    uint32_t row = 0;
    if (granted_ && table_request(&row)) {
      const int shift = 2 * width_ * slot_;
      const uint64_t mask = (width_ == 32 ? ~uint64_t{0} : (uint64_t{1} << (2 * width_)) - 1)
                            << shift;
      word_->next_rdata = (word_->next_rdata & ~mask) | ((*rows_)[row] << shift);
    }
    if (++word_->clocked < word_->slots) return;
    word_->clocked = 0;
    Vsubword_interp_lane& top = *word_->top;
    top.clk_i = 1;
    top.eval();
    top.clk_i = 0;
    top.tbl_rdata_i = word_->next_rdata;
  }

 private:
  template <typename Port>
  Port set_bit(Port port, bool value) const {
    return static_cast<Port>(value ? port | bit_ : port & ~bit_);
  }
  SubwordWord* word_;
  int slot_;
  int width_;
  uint32_t bit_;
  const std::vector<uint64_t>* rows_;
  bool always_granted_;
  bool granted_ = false;
};

// {K, B} of every row as one slot's table port delivers them: K above B, W
// bits each (the .tbl row).
inline std::vector<uint64_t> packed_rows(const FixedTable& table) {
  const int width = fixed_width(table.format);
  const uint64_t mask = width == 32 ? 0xFFFFFFFFu : (uint64_t{1} << width) - 1;
  std::vector<uint64_t> rows(table.rows());
  for (size_t r = 0; r < rows.size(); ++r) {
    rows[r] = ((static_cast<uint64_t>(table.k[r]) & mask) << width) |
              (static_cast<uint64_t>(table.b[r]) & mask);
  }
  return rows;
}

// Calls visit(LaneSet<Lane>&&) once with `lanes` 32-bit lanes of 32/W slots
// each (slot j of lane l is engine lane l * 32/W + j) over `table` (which must
// outlive them), rounding to nearest even. InputError for a table the
// verilated lane cannot index.
template <typename Visitor>
void with_fixed_lanes(LaneImpl impl, const FixedTable& table, int lanes, bool shared_table,
                      Visitor&& visit) {
  const int width = fixed_width(table.format);
  const int slots = 32 / width;
  const size_t count = static_cast<size_t>(lanes) * static_cast<size_t>(slots);
  if (impl == LaneImpl::kModel) {
    visit(LaneSet<IntModelSlot>{nullptr, std::vector<IntModelSlot>(count, IntModelSlot(table))});
    return;
  }
  if (table.n > kSubwordLaneSegBitsMax) {
    throw InputError("config: table: subword_interp_lane is verilated for at most 2^" +
                     std::to_string(kSubwordLaneSegBitsMax) + " segments, the table has 2^" +
                     std::to_string(table.n) + " (use lane_impl = model)");
  }
  struct Owner {
    VerilatedContext context;
    std::vector<uint64_t> rows;
    std::vector<SubwordWord> words;
  };
  auto owner = std::make_shared<Owner>();
  owner->rows = packed_rows(table);
  owner->words.resize(static_cast<size_t>(lanes));
  const FixedLaneConfig config = fixed_lane_config(table);
  const int mode = width == 32 ? 0 : width == 16 ? 1 : 2;  // cfg_mode_i
  LaneSet<RtlSubwordSlot> set;
  set.lanes.reserve(count);
  for (int l = 0; l < lanes; ++l) {
    SubwordWord& word = owner->words[static_cast<size_t>(l)];
    word.slots = slots;
    word.top = std::make_unique<Vsubword_interp_lane>(&owner->context,
                                                      ("lane" + std::to_string(l)).c_str());
    Vsubword_interp_lane& top = *word.top;
    top.cfg_mode_i = static_cast<uint8_t>(mode);
    top.cfg_qa_i = static_cast<uint32_t>(table.qa);  // sign-extended to 32 bits
    top.cfg_span_i = static_cast<uint8_t>(config.span);
    top.cfg_n_i = static_cast<uint8_t>(table.n);
    top.cfg_shk_i = static_cast<uint8_t>(config.shk);
    top.cfg_shb_i = static_cast<uint8_t>(config.shb);
    top.cfg_drop_i = static_cast<uint8_t>(config.drop & 0xFF);
    top.cfg_stochastic_i = 0;
    top.cfg_seed_load_i = 0;
    top.cfg_seed_i = 1;
    top.in_valid_i = 0;
    top.out_ready_i = 0;
    top.tbl_gnt_i = 0;
    top.tbl_rdata_i = 0;
    reset_lane(top);
    for (int j = 0; j < slots; ++j) {
      set.lanes.emplace_back(&word, j, width, &owner->rows, !shared_table);
    }
  }
  set.owner = owner;
  visit(std::move(set));
}

}  // namespace interpsim::lanes
