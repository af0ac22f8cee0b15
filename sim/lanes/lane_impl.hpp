// What computes a lane of either array (option `lane_impl`, docs/design.md
// section 6): the verilated RTL, or the C++ cycle model of model/ that gives
// the same outputs in the same cycles.
#pragma once

#include "model/enum_names.hpp"

namespace interpsim::lanes {

enum class LaneImpl { kModel, kRtl };

inline const EnumNames<LaneImpl>& lane_impl_names() {
  static const EnumNames<LaneImpl> names{{LaneImpl::kRtl, "rtl"}, {LaneImpl::kModel, "model"}};
  return names;
}

}  // namespace interpsim::lanes
