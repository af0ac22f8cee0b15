// Cycle models of the lookup lanes: the clock-by-clock behaviour of the RTL
// pipelines (rtl/interp_lane.sv, rtl/bsearch_pipelined.sv,
// rtl/bsearch_iterative.sv) with the outputs computed by the golden models.
// `interpsim simd` runs these with `lane_impl = model` (INI key or
// --lane_impl); testbench/lanes proves they give the same outputs and cycle
// counts as the verilated RTL (`lane_impl = rtl`).
//
// Every lane speaks the same port protocol, one call sequence per clock:
//   begin_cycle(in_valid, x, out_ready)   inputs other than the table grant
//   table_request(&row)                   the lane's table request (if any)
//   set_grant(granted)                    the array's arbitration result
//   in_ready(), out_valid(), out_y()      combinational outputs of the cycle
//   clock()                               the rising edge
// A handshake happens when in_valid && in_ready (input) or out_valid &&
// out_ready (output) in the same cycle, exactly as on the RTL ports.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "model/bsearch_lookup.hpp"
#include "model/nonuniform.hpp"
#include "model/rtl_pipeline_depths.hpp"
#include "model/table.hpp"

namespace interpsim {

// Pipeline depths of the FP units the lanes instantiate (rtl/fp32_add.sv and
// rtl/fp32_fma.sv `Latency` with ExtraStages = 0), generated from
// rtl/interpsim_pkg.svh (model/rtl_pipeline_depths.hpp.in).
constexpr int kLaneAddLatency = rtl_depths::kFpAddLatency;
constexpr int kLaneFmaLatency = rtl_depths::kFpFmaLatency;
// interp_lane: SUB (fp32_add) + CLS + IDX + RD + FMA (fp32_fma).
constexpr int kInterpLaneLatency = kLaneAddLatency + 3 + kLaneFmaLatency;
// rtl/nonuniform_lane.sv's PartBitsMax as sim/lanes verilates it
// (interpsim_pkg::NonuniformLanePartBits, at most 2^7 parts): the search
// always takes that many stages, plus its IN stage.
constexpr int kNonuniformLanePartBits = 7;

// Register stages added for timing (docs/design.md section 5): rtl/interp_lane.sv
// AddExtraStages and FmaExtraStages (bsearch_*: FmaExtraStages only). Each adds
// one cycle of latency; the default is the unit without them.
struct LanePipelining {
  int add_extra_stages = 0;
  int fma_extra_stages = 0;
};

// A stall-all FP pipeline of valid-tagged stage registers (fp32_add,
// fp32_fma), depth stages (at most MaxDepth): every stage moves unless the
// last one holds a result that the consumer refuses.
template <int MaxDepth, typename Payload>
struct StallAllPipe {
  int depth = MaxDepth;
  uint32_t valid = 0;  // bit i: stage i holds an element (stage depth-1 is the output)
  std::array<Payload, MaxDepth> data{};

  bool out_valid() const { return (valid >> (depth - 1)) & 1u; }
  const Payload& out() const { return data[depth - 1]; }
  bool advances(bool out_ready) const { return !(out_valid() && !out_ready); }
  bool empty() const { return valid == 0; }
  void clear() {
    valid = 0;
    data = {};
  }
  // The clock edge when advances(): shift by one, `in` entering stage 0.
  void shift(bool in_valid, const Payload& in) {
    for (int i = depth - 1; i > 0; --i) data[i] = data[i - 1];
    data[0] = in;
    valid = ((valid << 1) | (in_valid ? 1u : 0u)) & ((1u << depth) - 1);
  }
};

// rtl/interp_lane.sv: SUB (AddLatency) -> CLS -> IDX (table request) -> RD
// (table data the cycle after the grant) -> FMA (FmaLatency). For a
// non-uniform table (rtl/nonuniform_lane.sv) the same pipeline gets
// part_bits + 1 stall-all registers in front of SUB: IN and one comparison
// level per stage of the search over the sub-interval starts, the last one
// also holding the part's descriptor.
class InterpLaneCycleModel {
 public:
  // Uniform design (Algorithm 1). The table must outlive the model.
  explicit InterpLaneCycleModel(const UniformTable& table, LanePipelining pipelining = {});
  // Non-uniform design: nonuniform_lane with PartBitsMax = part_bits (at
  // most 2^part_bits parts, else std::invalid_argument); 0: the verilated
  // lane's kNonuniformLanePartBits, or ceil(log2 parts) for a table with
  // more parts (a wider instance of the same RTL). Rows are numbered over
  // all parts (part j's rows start after parts 0..j-1's N_i + 2 rows).
  explicit InterpLaneCycleModel(const NonuniformTable& table, int part_bits = 0);

  void reset();
  // Fast mode for long runs: the element's golden output and table row are
  // computed beforehand (e.g. with the AVX2 batch model) and the lane carries
  // the element's index in place of x: begin_cycle's x_bits is then an index
  // into `values` and `rows` (rows may be null when no one asks for them).
  void use_precomputed(const uint32_t* values, const uint32_t* rows) {
    precomputed_values_ = values;
    precomputed_rows_ = rows;
  }
  // The table row the RTL requests for x (NaN reads the below-range edge row).
  uint32_t table_row(uint32_t x_bits) const;
  void begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready) {
    in_valid_ = in_valid;
    in_x_ = x_bits;
    fma_advance_ = fma_.advances(out_ready);
    rd_can_load_ = !rd_.valid || fma_advance_;
    set_grant(false);  // until the array says otherwise the request is refused
  }
  bool table_request(uint32_t* row) const {
    *row = idx_.row;
    return idx_.valid && rd_can_load_;
  }
  void set_grant(bool granted) {
    advance_ = (!idx_.valid || granted) && rd_can_load_;
    granted_ = granted;
  }
  bool in_ready() const { return advance_; }
  bool out_valid() const { return fma_.out_valid(); }
  uint32_t out_y() const { return value_of(fma_.out()); }
  // The rising edge (inline: it runs once per lane per array clock).
  void clock() {
    // FMA: a stall-all pipe whose input is RD when the lane advances. It
    // carries x; out_y() computes the result (the same bits as computing it
    // on entry, and every register then holds an element's x, which
    // advance_elements() relies on).
    if (fma_advance_) fma_.shift(rd_.valid && advance_, rd_.x);
    const bool sub_advance = sub_.advances(advance_);
    if (advance_) {
      rd_ = Slot{idx_.valid, idx_.x, 0};
      idx_ = Slot{cls_.valid, cls_.x, cls_.valid ? row_of(cls_.x) : 0};
      cls_ = Slot{sub_.out_valid(), sub_.out(), 0};
    }
    // SUB: fp32_add moves whenever its output is empty or taken (advance), so
    // bubbles inside it close up while the lane stalls.
    if (front_stages_ == 0) {
      if (sub_advance) sub_.shift(in_valid_ && advance_, in_x_);
    } else {
      clock_front(sub_advance);
    }
  }
  bool idle() const;
  int latency() const {
    return kInterpLaneLatency + pipelining_.add_extra_stages + pipelining_.fma_extra_stages +
           front_stages_;
  }

  // For the SIMD array's steady-state skip (sim/simd/simd_engine.hpp):
  // the registers' valid bits (two lanes with equal control states behave
  // alike whatever elements they hold), the output of an element x, and
  // moving every held element on by `delta` (x is an element index).
  uint64_t control_state() const {
    return uint64_t{front_valid_} | uint64_t{sub_.valid} << 8 | uint64_t{cls_.valid} << 10 |
           uint64_t{idx_.valid} << 11 | uint64_t{rd_.valid} << 12 | uint64_t{fma_.valid} << 13;
  }
  uint32_t result_of(uint32_t x_bits) const { return value_of(x_bits); }
  void advance_elements(uint32_t delta);

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
  void clock_front(bool sub_advance);

  const uint32_t* precomputed_values_ = nullptr;
  const uint32_t* precomputed_rows_ = nullptr;
  const UniformTable* uniform_ = nullptr;
  const NonuniformTable* nonuniform_ = nullptr;
  std::vector<uint32_t> part_row_base_;  // first global row of each part
  int front_stages_ = 0;
  LanePipelining pipelining_;

  // State (registers).
  uint32_t front_valid_ = 0;
  std::array<uint32_t, 16> front_x_{};
  StallAllPipe<kLaneAddLatency + rtl_depths::kAddMaxExtraStages, uint32_t> sub_;
  Slot cls_, idx_, rd_;
  StallAllPipe<kLaneFmaLatency + rtl_depths::kFmaMaxExtraStages, uint32_t> fma_;

  // This cycle's inputs and combinational signals.
  bool in_valid_ = false;
  uint32_t in_x_ = 0;
  bool fma_advance_ = true;
  bool rd_can_load_ = true;
  bool advance_ = true;
  bool granted_ = false;
};

// rtl/bsearch_pipelined.sv (iterative = false: IN, one stage per comparison
// level, RD, FMA; II = 1) and rtl/bsearch_iterative.sv (iterative = true: one
// comparator, II = log2 N, then ROW, RD, FMA). Private table: no table port,
// table_request() is always false.
class BsearchLaneCycleModel {
 public:
  // N = 2^seg_bits segments; the table must outlive the model.
  BsearchLaneCycleModel(const BreakpointTable& table, bool iterative);

  void reset();
  // As InterpLaneCycleModel::use_precomputed (x_bits is an index into values).
  void use_precomputed(const uint32_t* values) { precomputed_values_ = values; }
  void begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready);
  bool table_request(uint32_t* row) const {
    *row = 0;
    return false;
  }
  void set_grant(bool /*granted*/) {}
  bool in_ready() const { return in_ready_; }
  bool out_valid() const { return fma_.out_valid(); }
  uint32_t out_y() const { return value_of(fma_.out()); }
  void clock();
  bool idle() const;
  // As InterpLaneCycleModel's (steady-state skip).
  uint64_t control_state() const {
    return stage_valid_ | uint64_t{busy_} << 32 | uint64_t(level_) << 33 |
           uint64_t{row_valid_} << 40 | uint64_t{rd_valid_} << 41 | uint64_t{fma_.valid} << 42;
  }
  uint32_t result_of(uint32_t x_bits) const { return value_of(x_bits); }
  void advance_elements(uint32_t delta);
  int seg_bits() const { return seg_bits_; }
  int latency() const { return seg_bits_ + 2 + kLaneFmaLatency; }
  int initiation_interval() const { return iterative_ ? seg_bits_ : 1; }

 private:
  uint32_t value_of(uint32_t x_bits) const;

  const uint32_t* precomputed_values_ = nullptr;
  const BreakpointTable* table_;
  bool iterative_;
  int seg_bits_;

  // Pipelined: stage registers 0..seg_bits (bit i of stage_valid_).
  uint64_t stage_valid_ = 0;
  std::array<uint32_t, 24> stage_x_{};
  // Iterative: the search engine, then ROW.
  bool busy_ = false;
  int level_ = 0;
  uint32_t engine_x_ = 0;
  bool row_valid_ = false;
  uint32_t row_x_ = 0;
  // Both: RD and the FMA.
  bool rd_valid_ = false;
  uint32_t rd_x_ = 0;
  StallAllPipe<kLaneFmaLatency + rtl_depths::kFmaMaxExtraStages, uint32_t> fma_;

  bool in_valid_ = false;
  uint32_t in_x_ = 0;
  bool advance_ = true;
  bool fma_advance_ = true;
  bool in_ready_ = true;
  bool done_ = false;
};

}  // namespace interpsim
