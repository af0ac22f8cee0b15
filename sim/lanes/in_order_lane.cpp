// make_in_order_lane in a build with Verilator: both lane kinds through the
// factory.
#include "sim/lanes/in_order_lane.hpp"

#include "sim/lanes/in_order_lane_driver.hpp"
#include "sim/lanes/lane_factory.hpp"

namespace interpsim::lanes {

std::unique_ptr<InOrderLane> make_in_order_lane(LaneImpl impl, const UniformTable& table) {
  // The lanes keep pointers into the tables: the driver's owner holds them.
  auto tables = std::make_shared<LookupTables>(in_order_lane_tables(table));
  LaneRequest request;
  request.impl = impl;
  request.tables = tables.get();
  request.count = 2;
  std::unique_ptr<InOrderLane> lane;
  with_lanes(request, [&](auto&& set) {
    using Lane = typename std::decay_t<decltype(set.lanes)>::value_type;
    set.owner = std::make_shared<std::pair<std::shared_ptr<void>, std::shared_ptr<LookupTables>>>(
        set.owner, tables);
    lane = std::make_unique<InOrderLaneDriver<Lane>>(std::move(set));
  });
  return lane;
}

}  // namespace interpsim::lanes
