#include "model/lane_cycle_model.hpp"

#include <stdexcept>
#include <string>

#include "model/float_bits.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim {

// ---------------------------------------------------------------------------
// InterpLaneCycleModel
// ---------------------------------------------------------------------------

InterpLaneCycleModel::InterpLaneCycleModel(const UniformTable& table, LanePipelining pipelining)
    : uniform_(&table), pipelining_(pipelining) {
  if (pipelining.add_extra_stages < 0 ||
      pipelining.add_extra_stages > rtl_depths::kAddMaxExtraStages ||
      pipelining.fma_extra_stages < 0 ||
      pipelining.fma_extra_stages > rtl_depths::kFmaMaxExtraStages) {
    throw std::invalid_argument("interp lane: extra stages out of range (rtl/interpsim_pkg.svh)");
  }
  sub_.depth = kLaneAddLatency + pipelining.add_extra_stages;
  fma_.depth = kLaneFmaLatency + pipelining.fma_extra_stages;
  reset();
}

InterpLaneCycleModel::InterpLaneCycleModel(const NonuniformTable& table, int part_bits)
    : nonuniform_(&table) {
  if (table.parts.empty()) throw std::invalid_argument("non-uniform table without parts");
  if (part_bits == 0) {
    part_bits = kNonuniformLanePartBits;
    while ((size_t{1} << part_bits) < table.parts.size()) ++part_bits;
  }
  if (part_bits < 1 || part_bits + 1 > static_cast<int>(front_x_.size()) ||
      table.parts.size() > (size_t{1} << part_bits)) {
    throw std::invalid_argument("non-uniform table: " + std::to_string(table.parts.size()) +
                                " parts, the lane searches at most 2^" + std::to_string(part_bits));
  }
  uint32_t base = 0;
  for (const UniformTable& part : table.parts) {
    part_row_base_.push_back(base);
    base += static_cast<uint32_t>(part.rows());
  }
  // IN, then one comparison level per stage over the part starts.
  front_stages_ = part_bits + 1;
  // nonuniform_lane instantiates interp_lane without added stages.
  sub_.depth = kLaneAddLatency;
  fma_.depth = kLaneFmaLatency;
  reset();
}

void InterpLaneCycleModel::reset() {
  front_valid_ = 0;
  sub_.clear();
  cls_ = idx_ = rd_ = Slot{};
  fma_.clear();
  advance_ = true;
}

// NaN reads the below-range edge row N (of part 0 for a non-uniform table).
uint32_t InterpLaneCycleModel::table_row(uint32_t x_bits) const {
  const float x = bits_to_float(x_bits);
  if (uniform_ != nullptr) {
    const int64_t row = uniform_row(*uniform_, x);
    return static_cast<uint32_t>(row < 0 ? static_cast<int64_t>(uniform_->segments()) : row);
  }
  const int64_t part = nonuniform_part(*nonuniform_, x);
  const size_t j = part < 0 ? 0 : static_cast<size_t>(part);
  const UniformTable& table = nonuniform_->parts[j];
  const int64_t row = uniform_row(table, x);
  return part_row_base_[j] +
         static_cast<uint32_t>(row < 0 ? static_cast<int64_t>(table.segments()) : row);
}

uint32_t InterpLaneCycleModel::golden_value(uint32_t x_bits) const {
  const float x = bits_to_float(x_bits);
  return canonical_bits(uniform_ != nullptr ? interp_uniform(*uniform_, x)
                                            : interp_nonuniform(*nonuniform_, x));
}

// The non-uniform design's search stages in front of SUB (stall-all with the lane).
void InterpLaneCycleModel::clock_front(bool sub_advance) {
  const bool front_out_valid = ((front_valid_ >> (front_stages_ - 1)) & 1u) != 0;
  if (sub_advance) sub_.shift(front_out_valid && advance_, front_x_[front_stages_ - 1]);
  if (advance_) {
    for (int i = front_stages_ - 1; i > 0; --i) front_x_[i] = front_x_[i - 1];
    front_x_[0] = in_x_;
    front_valid_ = ((front_valid_ << 1) | (in_valid_ ? 1u : 0u)) & ((1u << front_stages_) - 1);
  }
}

// Every register, valid or not: an invalid one's x is never read.
void InterpLaneCycleModel::advance_elements(uint32_t delta) {
  for (uint32_t& x : front_x_) x += delta;
  for (uint32_t& x : sub_.data) x += delta;
  cls_.x += delta;
  idx_.x += delta;
  if (idx_.valid) idx_.row = row_of(idx_.x);
  rd_.x += delta;
  for (uint32_t& x : fma_.data) x += delta;
}

bool InterpLaneCycleModel::idle() const {
  return front_valid_ == 0 && sub_.empty() && !cls_.valid && !idx_.valid && !rd_.valid &&
         fma_.empty();
}

// ---------------------------------------------------------------------------
// BsearchLaneCycleModel
// ---------------------------------------------------------------------------

BsearchLaneCycleModel::BsearchLaneCycleModel(const BreakpointTable& table, bool iterative)
    : table_(&table), iterative_(iterative), seg_bits_(0) {
  const size_t segments = table.segments();
  while ((size_t{1} << seg_bits_) < segments) ++seg_bits_;
  if (segments < 2 || (size_t{1} << seg_bits_) != segments ||
      seg_bits_ + 1 > static_cast<int>(stage_x_.size())) {
    throw std::invalid_argument("binary-search lane: segments must be a power of two in 2..2^23");
  }
  fma_.depth = kLaneFmaLatency;
  reset();
}

void BsearchLaneCycleModel::reset() {
  stage_valid_ = 0;
  busy_ = false;
  level_ = 0;
  row_valid_ = false;
  rd_valid_ = false;
  fma_.clear();
}

uint32_t BsearchLaneCycleModel::value_of(uint32_t x_bits) const {
  if (precomputed_values_ != nullptr) return precomputed_values_[x_bits];
  return canonical_bits(interp_bsearch(*table_, bits_to_float(x_bits)));
}

void BsearchLaneCycleModel::begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready) {
  in_valid_ = in_valid;
  in_x_ = x_bits;
  fma_advance_ = fma_.advances(out_ready);
  advance_ = !rd_valid_ || fma_advance_;
  if (iterative_) {
    const bool last_level = busy_ && level_ == seg_bits_ - 1;
    done_ = last_level && advance_;
    in_ready_ = !busy_ || done_;
  } else {
    in_ready_ = advance_;
  }
}

void BsearchLaneCycleModel::clock() {
  // The FMA carries x (out_y() computes the result), as in InterpLaneCycleModel.
  if (fma_advance_) fma_.shift(rd_valid_ && advance_, rd_x_);
  if (!iterative_) {
    if (advance_) {
      rd_valid_ = ((stage_valid_ >> seg_bits_) & 1u) != 0;
      rd_x_ = stage_x_[seg_bits_];
      for (int i = seg_bits_; i > 0; --i) stage_x_[i] = stage_x_[i - 1];
      stage_x_[0] = in_x_;
      stage_valid_ =
          ((stage_valid_ << 1) | (in_valid_ ? 1u : 0u)) & ((uint64_t{1} << (seg_bits_ + 1)) - 1);
    }
    return;
  }
  if (advance_) {
    rd_valid_ = row_valid_;
    rd_x_ = row_x_;
    row_valid_ = done_;
    row_x_ = engine_x_;
  }
  const bool last_level = busy_ && level_ == seg_bits_ - 1;
  const bool accept = in_valid_ && in_ready_;
  if (accept) {
    level_ = 0;
    engine_x_ = in_x_;
  } else if (busy_ && !last_level) {
    ++level_;
  }
  if (accept) {
    busy_ = true;
  } else if (done_) {
    busy_ = false;
  }
}

void BsearchLaneCycleModel::advance_elements(uint32_t delta) {
  for (uint32_t& x : stage_x_) x += delta;
  engine_x_ += delta;
  row_x_ += delta;
  rd_x_ += delta;
  for (uint32_t& x : fma_.data) x += delta;
}

bool BsearchLaneCycleModel::idle() const {
  return stage_valid_ == 0 && !busy_ && !row_valid_ && !rd_valid_ && fma_.empty();
}

}  // namespace interpsim
