// InOrderLane over a LaneSet of two lanes from the factory: the first, fresh
// out of reset, measures the latency; the second does the work.
#pragma once

#include <utility>

#include "sim/lanes/in_order_lane.hpp"
#include "sim/lanes/lane_protocol.hpp"
#include "sim/lanes/model_lanes.hpp"

namespace interpsim::lanes {

template <typename Lane>
class InOrderLaneDriver : public InOrderLane {
 public:
  explicit InOrderLaneDriver(LaneSet<Lane>&& set) : set_(std::move(set)) {
    const uint32_t x = 0;
    uint32_t y = 0;
    latency_ = drive_in_order(set_.lanes.at(0), &x, &y, 1, 1000);
  }
  int latency() const override { return latency_; }
  int evaluate(const uint32_t* x, uint32_t* y, int count) override {
    return drive_in_order(set_.lanes.at(1), x, y, count, count + 10 * latency_ + 100);
  }

 private:
  LaneSet<Lane> set_;
  int latency_ = 0;
};

// The request of make_in_order_lane: two uniform lanes with private tables.
inline LookupTables in_order_lane_tables(const UniformTable& table) {
  LookupTables tables;
  tables.uniform = table;
  return tables;
}

}  // namespace interpsim::lanes
