// The SIMD array's fp32 uniform RTL lanes as slices of verilated
// rtl/interp_lane_array.sv models (kLanesPerModel interp_lanes each, the
// last model's spare lanes held idle): one eval() per model per array phase
// instead of one per lane, with the cycle behaviour of RtlInterpLane exactly
// (same port values, same order of evaluations; docs/design.md section 6,
// "Decision (RTL lanes in array models)").
//
// The lanes speak the protocol of lane_protocol.hpp with one difference:
// begin_cycle and set_grant only store the port values; the array engine
// calls RtlLaneArray::evaluate() after every lane's begin_cycle,
// evaluate_grants() after every set_grant, and clock() after every lane's
// clock() (EvaluatesAsArray in sim/simd/simd_engine.hpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <verilated.h>

#include "Vinterp_lane_array.h"
#include "Vinterp_lane_array___024root.h"
#include "model/table.hpp"
#include "sim/common/two_thread_split.hpp"
#include "sim/common/verilated_edge.hpp"
#include "sim/lanes/rtl_lanes.hpp"

namespace interpsim::lanes {

class RtlLaneArray {
 public:
  static constexpr int kLanesPerModel = INTERPSIM_LANE_ARRAY_LANES;

  // threads: 1, or 2 to share the models' evaluations with a second thread
  // (the lanes are independent within a clock).
  RtlLaneArray(VerilatedContext* context, const UniformTable& table,
               const std::vector<uint64_t>* rows, bool always_granted, int lanes, int threads)
      : rows_(rows),
        always_granted_(always_granted),
        lanes_(lanes),
        granted_(static_cast<size_t>(lanes), always_granted),
        rdata_(static_cast<size_t>(lanes), 0) {
    const int models = (lanes + kLanesPerModel - 1) / kLanesPerModel;
    for (int m = 0; m < models; ++m) {
      auto top =
          std::make_unique<Vinterp_lane_array>(context, ("lanes" + std::to_string(m)).c_str());
      top->cfg_a_i = io_bits(table, table.a);
      top->cfg_b_i = io_bits(table, table.upper());
      top->cfg_m_i = static_cast<uint8_t>(static_cast<int8_t>(table.m));
      top->cfg_n_i = static_cast<uint8_t>(table.n);
      top->in_valid_i = 0;
      // Spare lanes get no input: they stay empty.
      top->out_ready_i = 0;
      top->tbl_gnt_i = 0;
      for (int w = 0; w < kRowWords; ++w) top->tbl_rdata_i[w] = 0;
      reset_lane(*top);
      models_.push_back(std::move(top));
    }
    settled_.resize(models_.size());  // the ports reset_lane left: out_ready and gnt 0
    if (threads > 1 && models > 1) {
      // The worker takes one model more than half: this thread also runs
      // the engine's serial memory step, about two models' evaluation.
      const int worker_models = std::min(models - 1, models / 2 + 1);
      first_model_of_part_ = {0, static_cast<size_t>(worker_models), static_cast<size_t>(models)};
      split_ = std::make_unique<TwoThreadSplit>();
    } else {
      first_model_of_part_ = {0, static_cast<size_t>(models)};
    }
  }
  RtlLaneArray(const RtlLaneArray&) = delete;
  RtlLaneArray& operator=(const RtlLaneArray&) = delete;

  int lanes() const { return lanes_; }
  bool always_granted() const { return always_granted_; }

  // The models are split in parts (2 with a second thread, else 1), each
  // part's lanes [first, last) evaluated by settle_part and edge_part.
  std::pair<int, int> lanes_of_part(int part) const {
    const int first = static_cast<int>(first_model_of_part_[part]) * kLanesPerModel;
    const int last = static_cast<int>(first_model_of_part_[part + 1]) * kLanesPerModel;
    return {first, last < lanes_ ? last : lanes_};
  }
  // Calls part_step(part) for every part, in parallel with a second thread.
  // With two threads, every kBalanceCalls calls one model may move from the
  // part that took longer to the other (balance()).
  template <typename PartStep>
  void run_parts(PartStep&& part_step) {
    if (!split_) {
      part_step(0);
      return;
    }
    split_->run(part_step);
    count_balance_votes();
    if (++calls_since_balance_ == kBalanceCalls) balance();
  }
  // Models moved between the parts by balance() so far.
  uint64_t balance_moves() const { return balance_moves_; }
  // The combinational outputs of the part's models for their inputs.
  void settle_part(int part) { for_models(part, &RtlLaneArray::settle); }
  // The rising edge of the part's models.
  void edge_part(int part) { for_models(part, &RtlLaneArray::edge); }

  // Port values of lane k for this cycle (RtlInterpLane::begin_cycle).
  void set_inputs(int k, bool in_valid, uint32_t x_bits, bool out_ready) {
    Vinterp_lane_array& top = model(k);
    const int j = k % kLanesPerModel;
    set_bit(top.in_valid_i, j, in_valid);
    top.in_x_i[j] = x_bits;
    set_bit(top.out_ready_i, j, out_ready);
    set_bit(top.tbl_gnt_i, j, always_granted_);
    top.tbl_rdata_i[2 * j] = static_cast<uint32_t>(rdata_[k]);
    top.tbl_rdata_i[2 * j + 1] = static_cast<uint32_t>(rdata_[k] >> 32);
    granted_[k] = always_granted_;
  }
  // The combinational outputs of the inputs set: one eval() per model.
  void evaluate() {
    run_parts([this](int part) { settle_part(part); });
    grants_changed_ = false;
  }
  void set_grant(int k, bool granted) {
    if (granted == granted_[k]) return;
    set_bit(model(k).tbl_gnt_i, k % kLanesPerModel, granted);
    granted_[k] = granted;
    grants_changed_ = true;
  }
  // Re-evaluates after set_grant changed a grant (RtlInterpLane::set_grant).
  void evaluate_grants() {
    if (!grants_changed_) return;
    run_parts([this](int part) { settle_part(part); });
    grants_changed_ = false;
  }

  bool table_request(int k, uint32_t* row) const {
    const Vinterp_lane_array& top = model(k);
    const int j = k % kLanesPerModel;
    *row = field(top.tbl_idx_o, j * kIdxBits, kIdxBits);
    return (top.tbl_req_o >> j) & 1;
  }
  bool in_ready(int k) const { return (model(k).in_ready_o >> (k % kLanesPerModel)) & 1; }
  bool out_valid(int k) const { return (model(k).out_valid_o >> (k % kLanesPerModel)) & 1; }
  uint32_t out_y(int k) const { return model(k).out_y_o[k % kLanesPerModel]; }

  // The bank's read register of lane k: the granted row, readable next cycle.
  void latch_row(int k) {
    uint32_t row = 0;
    if (granted_[k] && table_request(k, &row)) rdata_[k] = (*rows_)[row];
  }
  // The rising edge of every lane (clock_lane without a VCD).
  void clock() {
    run_parts([this](int part) { edge_part(part); });
  }

 private:
  // fp32 lanes: x and y one 32-bit word per lane, a {K, B} row two words.
  static constexpr int kRowWords = 2 * kLanesPerModel;
  static constexpr int kIdxBits = 17;  // interp_lane's TblAddrWidth at SegBitsMax 16
  static_assert(sizeof(Vinterp_lane_array::in_x_i) == 4 * kLanesPerModel,
                "interp_lane_array is verilated for fp32 lanes");
  static_assert(sizeof(Vinterp_lane_array::tbl_rdata_i) == 8 * kLanesPerModel,
                "interp_lane_array is verilated for fp32 table rows");

  template <typename Port>
  static void set_bit(Port& port, int j, bool value) {
    const Port mask = static_cast<Port>(Port{1} << j);
    port = static_cast<Port>(value ? (port | mask) : (port & ~mask));
  }
  // Bits [lsb, lsb + width) of a wide port (width <= 32).
  template <typename Wide>
  static uint32_t field(const Wide& port, int lsb, int width) {
    const int word = lsb / 32;
    const int shift = lsb % 32;
    uint64_t bits = port[word] >> shift;
    if (shift + width > 32) bits |= uint64_t{port[word + 1]} << (32 - shift);
    return static_cast<uint32_t>(bits & ((uint64_t{1} << width) - 1));
  }
  using ModelStep = void (RtlLaneArray::*)(size_t);

  static constexpr int kBalanceCalls = 256;
  // The two cores of a shared or virtual machine need not run alike (the
  // worker's may be shared with other work for minutes): a fixed half left
  // the faster thread waiting. A call votes to move one model away from a
  // part when the other, at its own cost per model, would still have
  // finished first with it; a part that wins three quarters of the votes of
  // kBalanceCalls calls gives up a model. Votes, not summed times: a thread
  // preempted for milliseconds in one call must not outweigh the rest. The
  // parts are independent within a clock, so the split changes nothing but
  // the time.
  void count_balance_votes() {
    const std::array<uint64_t, 2> ticks = split_->last_part_ticks();
    for (int slow = 0; slow < 2; ++slow) {
      const uint64_t fast_models = models_in_part(1 - slow);
      const uint64_t fast_ticks = ticks[1 - slow];
      // fast_ticks * (fast_models + 1) / fast_models < ticks[slow], without dividing.
      if (fast_ticks * (fast_models + 1) < ticks[slow] * fast_models) ++balance_votes_[slow];
    }
  }
  size_t models_in_part(int part) const {
    return first_model_of_part_[part + 1] - first_model_of_part_[part];
  }
  void balance() {
    calls_since_balance_ = 0;
    const uint64_t needed = kBalanceCalls * 3 / 4;
    for (int slow = 0; slow < 2; ++slow) {
      if (balance_votes_[slow] < needed || models_in_part(slow) <= 1) continue;
      if (slow == 0) {
        --first_model_of_part_[1];
      } else {
        ++first_model_of_part_[1];
      }
      ++balance_moves_;
      break;
    }
    balance_votes_ = {0, 0};
  }

  // interp_lane's outputs depend on its inputs combinationally only through
  // out_ready_i and tbl_gnt_i (the ready chain, rtl/interp_lane.sv); every
  // other input is only sampled at the edge, whose eval() evaluates the
  // input-driven logic again first. So the outputs after a model's last
  // eval() still hold while those two ports keep the values it saw, and
  // settling again would change nothing: a streaming lane skips it.
  void settle(size_t m) {
    Vinterp_lane_array& top = *models_[m];
    SettledPorts& seen = settled_[m];
    if (top.out_ready_i == seen.out_ready && top.tbl_gnt_i == seen.gnt) return;
    top.eval();
    remember_ports(m);
  }
  void edge(size_t m) {
    rising_edge_one_eval(*models_[m]);  // settle may have skipped the eval with clk_i = 0
    remember_ports(m);
  }
  void remember_ports(size_t m) {
    settled_[m].out_ready = models_[m]->out_ready_i;
    settled_[m].gnt = models_[m]->tbl_gnt_i;
  }
  void for_models(int part, ModelStep step) {
    for (size_t m = first_model_of_part_[part]; m < first_model_of_part_[part + 1]; ++m) {
      (this->*step)(m);
    }
  }
  Vinterp_lane_array& model(int k) { return *models_[static_cast<size_t>(k / kLanesPerModel)]; }
  const Vinterp_lane_array& model(int k) const {
    return *models_[static_cast<size_t>(k / kLanesPerModel)];
  }

  std::vector<std::unique_ptr<Vinterp_lane_array>> models_;
  // Per model, the ready-chain ports its last eval() saw; a cache line each
  // (the two parts write their own models').
  struct alignas(64) SettledPorts {
    std::remove_reference_t<decltype(Vinterp_lane_array::out_ready_i)> out_ready = 0;
    std::remove_reference_t<decltype(Vinterp_lane_array::tbl_gnt_i)> gnt = 0;
  };
  std::vector<SettledPorts> settled_;
  const std::vector<uint64_t>* rows_;
  bool always_granted_;
  int lanes_;
  std::vector<uint8_t> granted_;  // bytes: the parts write theirs concurrently
  std::vector<uint64_t> rdata_;
  bool grants_changed_ = false;
  // Part p holds models [first_model_of_part_[p], first_model_of_part_[p + 1]).
  std::vector<size_t> first_model_of_part_;
  std::unique_ptr<TwoThreadSplit> split_;  // with a second thread only
  int calls_since_balance_ = 0;
  std::array<uint64_t, 2> balance_votes_ = {0, 0};  // per part: calls voting it gives up a model
  uint64_t balance_moves_ = 0;
};

// Lane k of an RtlLaneArray, in the lane protocol's calls.
class RtlArrayLane {
 public:
  RtlArrayLane(RtlLaneArray* array, int index) : array_(array), index_(index) {}
  void begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready) {
    array_->set_inputs(index_, in_valid, x_bits, out_ready);
  }
  bool table_request(uint32_t* row) const { return array_->table_request(index_, row); }
  void set_grant(bool granted) { array_->set_grant(index_, granted); }
  bool in_ready() const { return array_->in_ready(index_); }
  bool out_valid() const { return array_->out_valid(index_); }
  uint32_t out_y() const { return array_->out_y(index_); }
  void clock() { array_->latch_row(index_); }
  RtlLaneArray& array() const { return *array_; }

 private:
  RtlLaneArray* array_;
  int index_;
};

}  // namespace interpsim::lanes
