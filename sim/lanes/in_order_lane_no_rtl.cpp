// make_in_order_lane in a build without Verilator: model lanes only; rtl says
// why there is none (exit status 2).
#include "model/input_error.hpp"
#include "sim/lanes/in_order_lane.hpp"
#include "sim/lanes/in_order_lane_driver.hpp"

namespace interpsim::lanes {

std::unique_ptr<InOrderLane> make_in_order_lane(LaneImpl impl, const UniformTable& table) {
  if (impl == LaneImpl::kRtl) {
    throw InputError(
        "lane_impl: 'rtl' needs the verilated interp_lane, and this build has no Verilator "
        "(use lane_impl = model)");
  }
  auto tables = std::make_shared<LookupTables>(in_order_lane_tables(table));
  std::unique_ptr<InOrderLane> lane;
  with_model_lanes(LookupDesign::kUniform, BsearchVariant::kPipelined, *tables, 2, nullptr,
                   [&](auto&& set) {
                     using Lane = typename std::decay_t<decltype(set.lanes)>::value_type;
                     set.owner = tables;
                     lane = std::make_unique<InOrderLaneDriver<Lane>>(std::move(set));
                   });
  return lane;
}

}  // namespace interpsim::lanes
