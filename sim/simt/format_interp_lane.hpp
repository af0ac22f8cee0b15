// The INTERP unit on data in a narrow format (docs/design.md section 12,
// docs/simt.md "Number formats"): the lane's timing from a model lane of
// sim/lanes (its latency and per-batch cycles do not depend on the format),
// the values from model/'s FormatLookup (section 12's golden model, exact by
// construction). lane_impl = rtl takes the verilated interp_lane instance of
// the format from sim/lanes' factory instead (its own values).
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "sim/lanes/in_order_lane.hpp"

namespace interpsim::simt {

class FormatInterpLane : public lanes::InOrderLane {
 public:
  // x and y are bit patterns of table.format. The timing lane is a model
  // lane over the table's entries taken as a float32 table (every value of a
  // format is a float32 value; its outputs are ignored).
  explicit FormatInterpLane(const UniformTable& table)
      : timing_table_(float32_view(table)),
        timing_(lanes::make_in_order_lane(lanes::LaneImpl::kModel, timing_table_)),
        lookup_(table) {}

  int latency() const override { return timing_->latency(); }

  int evaluate(const uint32_t* x, uint32_t* y, int count) override {
    // The timing lane sees the values as float32 words (every value of a
    // format is a float32 value), so it walks its pipeline as for fp32 data.
    if (words_.size() < static_cast<size_t>(count)) {
      words_.resize(count);
      ignored_.resize(count);
    }
    for (int i = 0; i < count; ++i) {
      words_[i] = float_to_bits(decode_value(lookup_.table().format, x[i]));
    }
    const int last = timing_->evaluate(words_.data(), ignored_.data(), count);
    for (int i = 0; i < count; ++i) y[i] = lookup_(x[i]);
    return last;
  }

 private:
  static UniformTable float32_view(UniformTable table) {
    table.format = NumberFormat::kFp32;
    table.kb = KbFormat::kFp32;
    return table;
  }

  UniformTable timing_table_;  // outlives timing_ (declared before it)
  std::unique_ptr<lanes::InOrderLane> timing_;
  FormatLookup lookup_;
  std::vector<uint32_t> words_, ignored_;
};

}  // namespace interpsim::simt
