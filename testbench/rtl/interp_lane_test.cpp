// Verilated interp_lane with its external table port served by a C++ table
// that grants at random (a banked table losing arbitration): outputs stay
// bit-exact against the golden model, in order, and every element makes
// exactly one granted table read; with all grants the latency is the lane's.
#include <gtest/gtest.h>
#include <verilated.h>

#include <array>
#include <deque>
#include <memory>
#include <random>
#include <vector>

#include "Vinterp_lane.h"
#include "Vinterp_lane_interp_lane.h"
#include "model/float_bits.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "testbench/rtl/input_sets.hpp"
#include "testbench/rtl/table_ports.hpp"

namespace interpsim::rtl_test {
namespace {

constexpr uint64_t kLatency = INTERPSIM_ADD_LATENCY + 3 + INTERPSIM_FMA_LATENCY;

struct LaneRun {
  std::vector<uint32_t> outputs;
  std::vector<uint64_t> accept_cycles, output_cycles;
  uint64_t granted_reads = 0;
  bool stalled_out = false;
};

LaneRun run_lane(const UniformTable& table, const std::vector<uint32_t>& inputs,
                 double deny_probability, double stall_probability, uint64_t seed) {
  auto context = std::make_unique<VerilatedContext>();
  auto lane = std::make_unique<Vinterp_lane>(context.get());
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution deny(deny_probability), stall(stall_probability);

  apply_uniform_config(*lane, table);
  lane->rst_ni = 0;
  lane->in_valid_i = 0;
  lane->out_ready_i = 0;
  lane->tbl_gnt_i = 0;
  for (int i = 0; i < 2; ++i) {
    lane->clk_i = 0;
    lane->eval();
    lane->clk_i = 1;
    lane->eval();
  }
  lane->rst_ni = 1;

  LaneRun run;
  size_t next = 0;
  bool read_pending = false;
  uint32_t read_row = 0;
  for (uint64_t cycle = 0; run.outputs.size() < inputs.size(); ++cycle) {
    if (cycle > 1000 + inputs.size() * 64) {
      run.stalled_out = true;
      break;
    }
    lane->in_valid_i = next < inputs.size();
    lane->in_x_i = next < inputs.size() ? inputs[next] : 0;
    lane->out_ready_i = !stall(rng);
    lane->tbl_gnt_i = !deny(rng);
    // Data only in the cycle after a grant; junk otherwise, so stale use shows.
    lane->tbl_rdata_i = read_pending ? (uint64_t{float_to_bits(table.k[read_row])} << 32) |
                                           float_to_bits(table.b[read_row])
                                     : 0x7F8000017F800001ull;
    lane->clk_i = 0;
    lane->eval();
    if (lane->in_valid_i && lane->in_ready_o) {
      run.accept_cycles.push_back(cycle);
      ++next;
    }
    if (lane->out_valid_o && lane->out_ready_i) {
      run.outputs.push_back(lane->out_y_o);
      run.output_cycles.push_back(cycle);
    }
    read_pending = lane->tbl_req_o && lane->tbl_gnt_i;
    if (read_pending) {
      read_row = lane->tbl_idx_o;
      EXPECT_LT(read_row, table.rows()) << "cycle " << cycle;
      if (read_row >= table.rows()) read_row = 0;
      ++run.granted_reads;
    }
    lane->clk_i = 1;
    lane->eval();
  }
  return run;
}

std::vector<uint32_t> lane_inputs(const UniformTable& table, uint64_t seed) {
  std::vector<uint32_t> inputs = random_in_interval(table.a, table.upper(), 4000, seed);
  const std::vector<uint32_t> corners = ieee_corners(table.a, table.upper());
  inputs.insert(inputs.end(), corners.begin(), corners.end());
  const std::vector<uint32_t> noise = random_bit_patterns(1000, seed + 1);
  inputs.insert(inputs.end(), noise.begin(), noise.end());
  return inputs;
}

void expect_bit_exact(const UniformTable& table, const std::vector<uint32_t>& inputs,
                      const LaneRun& run) {
  ASSERT_FALSE(run.stalled_out);
  ASSERT_EQ(run.outputs.size(), inputs.size());
  size_t mismatches = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const uint32_t expected = canonical_bits(interp_uniform(table, bits_to_float(inputs[i])));
    if (run.outputs[i] != expected && ++mismatches <= 5) {
      ADD_FAILURE() << std::hex << "x=0x" << inputs[i] << " rtl=0x" << run.outputs[i] << " model=0x"
                    << expected;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(run.granted_reads, inputs.size()) << "one granted table read per element";
}

TEST(InterpLane, AlwaysGrantedIsFullRateWithConstantLatency) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 10, EdgeMode::kAsymptote);
  const std::vector<uint32_t> inputs = lane_inputs(table, 3);
  const LaneRun run = run_lane(table, inputs, 0.0, 0.0, 1);
  expect_bit_exact(table, inputs, run);
  for (size_t i = 0; i < run.output_cycles.size(); ++i) {
    ASSERT_EQ(run.accept_cycles[i], i);
    ASSERT_EQ(run.output_cycles[i] - run.accept_cycles[i], kLatency);
  }
  EXPECT_EQ(static_cast<uint64_t>(Vinterp_lane_interp_lane::Latency), kLatency);
}

TEST(InterpLane, DeniedGrantsStallWithoutLosingElements) {
  const UniformTable table = generate_table("tanh", -4.0f, 3, 8, EdgeMode::kExtrapolate);
  const std::vector<uint32_t> inputs = lane_inputs(table, 5);
  expect_bit_exact(table, inputs, run_lane(table, inputs, 0.4, 0.0, 2));
}

TEST(InterpLane, DeniedGrantsAndBackpressureTogether) {
  const UniformTable table = generate_table("exp", -16.0f, 4, 12, EdgeMode::kAsymptote);
  const std::vector<uint32_t> inputs = lane_inputs(table, 7);
  expect_bit_exact(table, inputs, run_lane(table, inputs, 0.3, 0.3, 3));
}

// The timing contract of docs/rtl.md ("Timing contract") as a C++ model of
// valid bits only; the RTL must match it cycle by cycle (in_ready_o,
// tbl_req_o, out_valid_o) under random input, grants and backpressure.
class LaneContract {
 public:
  struct Signals {
    bool in_ready, tbl_req, out_valid;
  };

  Signals outputs(bool gnt, bool out_ready) const {
    const bool fma_ready = !(fma_[3] && !out_ready);
    const bool advance = (!idx_ || gnt) && (!rd_ || fma_ready);
    return {advance, idx_ && (!rd_ || fma_ready), fma_[3]};
  }

  void clock(bool in_valid, bool gnt, bool out_ready) {
    const bool fma_ready = !(fma_[3] && !out_ready);
    const bool advance = (!idx_ || gnt) && (!rd_ || fma_ready);
    const bool add_advance = !(add_[1] && !advance);
    if (fma_ready) fma_ = {rd_ && advance, fma_[0], fma_[1], fma_[2]};
    if (advance) {
      rd_ = idx_;
      idx_ = cls_;
      cls_ = add_[1];
    }
    if (add_advance) add_ = {in_valid && advance, add_[0]};
  }

 private:
  std::array<bool, 2> add_{};  // fp32_add stages
  bool cls_ = false, idx_ = false, rd_ = false;
  std::array<bool, 4> fma_{};  // fp32_fma stages
};

TEST(InterpLane, CycleContractOfTheDocumentation) {
  static_assert(kLatency == 2 + 3 + 4, "the contract model below has 2 + 3 + 4 slots");
  const UniformTable table = generate_table("gelu", -5.0f, 3, 8, EdgeMode::kAsymptote);
  auto context = std::make_unique<VerilatedContext>();
  auto lane = std::make_unique<Vinterp_lane>(context.get());
  apply_uniform_config(*lane, table);
  lane->rst_ni = 0;
  lane->in_valid_i = 0;
  lane->out_ready_i = 0;
  lane->tbl_gnt_i = 0;
  lane->clk_i = 0;
  lane->eval();
  lane->clk_i = 1;
  lane->eval();
  lane->rst_ni = 1;

  LaneContract contract;
  std::mt19937_64 rng(99);
  std::bernoulli_distribution valid(0.7), grant(0.7), ready(0.7);
  for (int cycle = 0; cycle < 200000; ++cycle) {
    const bool in_valid = valid(rng), gnt = grant(rng), out_ready = ready(rng);
    lane->in_valid_i = in_valid;
    lane->in_x_i = float_to_bits(static_cast<float>(cycle % 97) * 0.1f - 5.0f);
    lane->tbl_gnt_i = gnt;
    lane->out_ready_i = out_ready;
    lane->tbl_rdata_i = 0;
    lane->clk_i = 0;
    lane->eval();
    const LaneContract::Signals expected = contract.outputs(gnt, out_ready);
    ASSERT_EQ(lane->in_ready_o, expected.in_ready) << "cycle " << cycle;
    ASSERT_EQ(lane->tbl_req_o, expected.tbl_req) << "cycle " << cycle;
    ASSERT_EQ(lane->out_valid_o, expected.out_valid) << "cycle " << cycle;
    contract.clock(in_valid, gnt, out_ready);
    lane->clk_i = 1;
    lane->eval();
  }
}

}  // namespace
}  // namespace interpsim::rtl_test
