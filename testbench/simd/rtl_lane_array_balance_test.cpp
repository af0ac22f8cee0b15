// The two-thread split of RTL lane arrays (sim/common/two_thread_split.hpp,
// RtlLaneArray::balance): the part times measured, and models moved from
// the part that takes longer to the other. Whether results stay exact
// whatever the split is RtlLanePaths' business (simd_engine_paths_test).
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include <gtest/gtest.h>
#include <verilated.h>

#include "model/table_gen.hpp"
#include "sim/common/two_thread_split.hpp"
#include "sim/lanes/rtl_lane_array.hpp"

namespace {

using interpsim::TwoThreadSplit;
using interpsim::lanes::RtlLaneArray;

// Busy for about `micros` microseconds of wall time.
void spin_for(double micros) {
  const auto end =
      std::chrono::steady_clock::now() + std::chrono::duration<double, std::micro>(micros);
  while (std::chrono::steady_clock::now() < end) {
  }
}

TEST(TwoThreadSplit, MeasuresEachPartsTime) {
  TwoThreadSplit split;
  int part0_slower = 0;
  const int calls = 200;
  for (int call = 0; call < calls; ++call) {
    split.run([](int part) { spin_for(part == 0 ? 40.0 : 4.0); });
    const std::array<uint64_t, 2> ticks = split.last_part_ticks();
    part0_slower += ticks[0] > 4 * ticks[1];
  }
  // Most calls: a thread preempted in the middle of its part may spoil a few.
  EXPECT_GE(part0_slower, calls * 9 / 10);
}

class LaneArrayBalance : public ::testing::TestWithParam<int> {};

// Part `slow_part` costs four times as much per lane: the split moves
// models away from it until the two take about the same time.
TEST_P(LaneArrayBalance, MovesModelsFromTheSlowerPart) {
  const int slow_part = GetParam();
  const interpsim::UniformTable table =
      interpsim::generate_table("gelu", -5.0f, 3, 4, interpsim::EdgeMode::kAsymptote);
  const std::vector<uint64_t> rows;
  auto context = std::make_unique<VerilatedContext>();
  const int lanes = 16 * RtlLaneArray::kLanesPerModel;
  RtlLaneArray array(context.get(), table, &rows, true, lanes, 2);
  const auto lanes_of = [&array](int part) {
    const auto [first, last] = array.lanes_of_part(part);
    return last - first;
  };
  const int slow_lanes_before = lanes_of(slow_part);
  for (int call = 0; call < 256 * 24; ++call) {
    array.run_parts([&](int part) { spin_for(lanes_of(part) * (part == slow_part ? 0.4 : 0.1)); });
  }
  EXPECT_GT(array.balance_moves(), 0u);
  EXPECT_LT(lanes_of(slow_part), slow_lanes_before);
  // Balanced near a fifth of the lanes (1 : 4 in cost); timing on a shared
  // machine is rough, so only the direction and a broad band are checked.
  EXPECT_LE(lanes_of(slow_part), lanes / 2 - RtlLaneArray::kLanesPerModel);
  EXPECT_EQ(lanes_of(0) + lanes_of(1), lanes);
  EXPECT_EQ(array.lanes_of_part(0).second, array.lanes_of_part(1).first);
}

INSTANTIATE_TEST_SUITE_P(SlowPart, LaneArrayBalance, ::testing::Values(0, 1));

}  // namespace
