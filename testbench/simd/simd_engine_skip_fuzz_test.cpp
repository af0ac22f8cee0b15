// The engine's steady-state skip without SystemC: ArrayEngine driven by
// advance() with the skip allowed against the same engine stepping every clock,
// over random lane counts, element sizes, bandwidths (whole, fractional,
// memory-bound), latencies, queue depths and trace lengths, for the three
// model lanes (interp_lane, pipelined and iterative binary search). Cycles,
// every statistic and every output must agree; the skip must engage in some.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/bsearch_lookup.hpp"
#include "model/lane_cycle_model.hpp"
#include "model/table.hpp"
#include "sim/simd/simd_engine.hpp"

namespace interpsim::simd {
namespace {

struct EngineRun {
  EngineStats stats;
  std::vector<uint32_t> output;
  uint64_t skipped = 0;
};

template <typename Lane>
EngineRun run_engine(EngineParams params, const Lane& prototype,
                     const std::vector<uint32_t>& payload, size_t count, bool skip) {
  params.skip_steady_state = skip;
  params.input_is_element_index = true;
  ArrayEngine<Lane> engine(params, std::vector<Lane>(params.lanes, prototype), payload.data(),
                           count);
  while (!engine.done()) engine.advance();
  return EngineRun{engine.stats(), engine.output(), engine.skipped_cycles()};
}

TEST(EngineSkip, RandomArraysGiveTheCycleByCyclePathsResults) {
  std::mt19937_64 random(17);
  const size_t max_count = 20011;
  // The lanes carry element indices; their outputs are these values.
  std::vector<uint32_t> values(max_count);
  for (uint32_t& v : values) v = static_cast<uint32_t>(random());
  std::vector<uint32_t> payload(max_count);
  for (size_t i = 0; i < max_count; ++i) payload[i] = static_cast<uint32_t>(i);
  const UniformTable uniform;  // not read: the outputs are precomputed
  BreakpointTable small, large;
  for (BreakpointTable* table : {&small, &large}) {
    table->breakpoints.resize(table == &small ? 17 : 257);
  }
  InterpLaneCycleModel interp(uniform);
  interp.use_precomputed(values.data(), nullptr);
  BsearchLaneCycleModel pipelined(small, false), iterative(large, true);
  pipelined.use_precomputed(values.data());
  iterative.use_precomputed(values.data());

  int skipping = 0;
  const int runs = 240;
  for (int i = 0; i < runs; ++i) {
    EngineParams params;
    params.lanes = 1 + static_cast<int>(random() % 70);
    params.element_bytes = std::vector<int>{1, 2, 4}[random() % 3];
    const double demand = params.lanes * params.element_bytes * 2.0;
    params.bytes_per_cycle =
        demand * std::vector<double>{1.0, 0.5, 0.37, 2.0, 0.1, 1.3}[random() % 6] +
        (random() % 2 ? 0.25 : 0.0);
    params.latency = std::vector<int>{0, 1, 3, 20, 70}[random() % 5];
    params.fifo_depth = std::vector<int>{1, 2, 3, 8, 64}[random() % 5];
    const size_t count = std::vector<size_t>{1, 5, 63, 999, 4099, max_count}[random() % 6];
    const int kind = static_cast<int>(random() % 3);
    params.lanes_have_table_port = kind == 0;
    EngineRun cycle, fast;
    if (kind == 0) {
      cycle = run_engine(params, interp, payload, count, false);
      fast = run_engine(params, interp, payload, count, true);
    } else {
      const BsearchLaneCycleModel& lane = kind == 1 ? pipelined : iterative;
      cycle = run_engine(params, lane, payload, count, false);
      fast = run_engine(params, lane, payload, count, true);
    }
    const std::string what =
        "run " + std::to_string(i) + ": lanes " + std::to_string(params.lanes) + ", lane kind " +
        std::to_string(kind) + ", " + std::to_string(params.bytes_per_cycle) +
        " B/cycle, latency " + std::to_string(params.latency) + ", depth " +
        std::to_string(params.fifo_depth) + ", " + std::to_string(count) + " elements";
    ASSERT_EQ(cycle.skipped, 0u) << what;
    ASSERT_EQ(fast.stats.cycles, cycle.stats.cycles) << what;
    ASSERT_TRUE(fast.stats == cycle.stats) << what;
    ASSERT_TRUE(fast.output == cycle.output) << what;
    if (fast.skipped > 0) ++skipping;
  }
  EXPECT_GT(skipping, runs / 5) << "the skip engaged in too few runs to test it";
}

// A lane that takes its first element and never answers: the array must
// stop and say so rather than run forever.
struct DeadlockedLane {
  bool holding = false;
  void begin_cycle(bool in_valid, uint32_t, bool) { accept = in_valid && !holding; }
  bool table_request(uint32_t* row) const {
    *row = 0;
    return false;
  }
  void set_grant(bool) {}
  bool in_ready() const { return accept; }
  bool out_valid() const { return false; }
  uint32_t out_y() const { return 0; }
  void clock() { holding = holding || accept; }
  bool accept = false;
};

TEST(EngineWatchdog, ADeadlockedLaneStopsTheRunInsteadOfHanging) {
  EngineParams params;
  params.lanes = 4;
  params.latency = 20;
  const std::vector<uint32_t> payload(64, 0);
  ArrayEngine<DeadlockedLane> engine(params, std::vector<DeadlockedLane>(4), payload.data(),
                                     payload.size());
  uint64_t steps = 0;
  while (!engine.done() && !engine.stuck() && steps < (1u << 24)) {
    engine.advance();
    ++steps;
  }
  EXPECT_FALSE(engine.done());
  EXPECT_TRUE(engine.stuck());
  // It waits past every legal stall: 2^22 clocks plus twice the latency.
  EXPECT_GT(engine.stats().cycles, (1u << 22) + 2 * 20);
  EXPECT_LT(engine.stats().cycles, (1u << 22) + 2 * 20 + 100);
}

TEST(EngineWatchdog, SlowButMovingArraysAreNotStuck) {
  // 0.01 B/cycle: one 4-byte element per 400 clocks, a long memory latency.
  const UniformTable uniform;
  std::vector<uint32_t> values(50, 7), payload(50);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint32_t>(i);
  InterpLaneCycleModel lane(uniform);
  lane.use_precomputed(values.data(), nullptr);
  EngineParams params;
  params.lanes = 2;
  params.bytes_per_cycle = 0.01;
  params.latency = 100000;
  params.input_is_element_index = true;
  ArrayEngine<InterpLaneCycleModel> engine(params, {lane, lane}, payload.data(), payload.size());
  while (!engine.done()) {
    ASSERT_FALSE(engine.stuck()) << "cycle " << engine.stats().cycles;
    engine.advance();
  }
  EXPECT_EQ(engine.output(), values);
}

}  // namespace
}  // namespace interpsim::simd
