// Verilated subword_interp_lane (Vsubword_interp_lane, SegBitsMax 10) in its
// three modes, 1 x int32, 2 x int16 and 4 x int8, against two independent
// references:
//  - values: every slot's outputs, in order, equal fixed_eval of that slot's
//    inputs (model/fixed_point.hpp; stochastic: the stream seeded seed + k),
//    bit for bit: every int8 input in each of the 4 slots and every int16
//    input in each of the 2 slots for paper tables and random-parameter
//    tables (drop <= 0, wide alignments: the 32- and 16-bit slots then compute
//    a narrower function and saturate), random and corner int32 inputs;
//  - cycles: the C++ cycle model (model/subword_lane_cycle_model.hpp) gets
//    the same per-slot input bubbles, output backpressure and denied table
//    grants and must show the same in_ready, tbl_req (and row), out_valid and
//    y in every cycle.
// The table ports are served here: the row's {K, B} arrives the cycle after
// the grant, other cycles carry junk.
#include <gtest/gtest.h>
#include <verilated.h>

#include <algorithm>
#include <array>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "Vsubword_interp_lane.h"
#include "model/fixed_point.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/subword_lane_cycle_model.hpp"
#include "testbench/rtl/fixed_lane_cases.hpp"

namespace interpsim::rtl_test {
namespace {

constexpr int kSegBitsMax = INTERPSIM_SUBWORD_LANE_SEG_BITS_MAX;  // rtl/interp_units.cmake
constexpr int kSlots = SubwordLaneCycleModel::kSlots;
constexpr int kRowBits = kSegBitsMax + 1;

struct Traffic {
  double bubble = 0;  // an input slot not offered this cycle
  double stall = 0;   // an output slot not ready this cycle
  double deny = 0;    // a table request refused this cycle
};

struct RunResult {
  std::array<std::vector<int64_t>, kSlots> outputs;  // per slot, in order
  uint64_t cycles = 0;
  std::string first_difference;  // RTL vs cycle model, "" when none
};

int mode_code(FixedFormat format) {
  return format == FixedFormat::kInt32 ? 0 : format == FixedFormat::kInt16 ? 1 : 2;
}

void tick(Vsubword_interp_lane& lane) {
  lane.clk_i = 0;
  lane.eval();
  lane.clk_i = 1;
  lane.eval();
}

// Slot k's {K, B} of `row` at its place in the 64-bit read-data bus.
uint64_t row_bits(const FixedTable& table, uint32_t row, int slot) {
  const int width = fixed_width(table.format);
  const uint64_t mask = (uint64_t{1} << width) - 1;
  const uint64_t kb = ((static_cast<uint64_t>(table.k[row]) & mask) << width) |
                      (static_cast<uint64_t>(table.b[row]) & mask);
  return kb << (2 * width * slot);
}

// Runs inputs[k] through slot k of the RTL and of the cycle model side by
// side until every active slot has delivered all its outputs.
RunResult run(const FixedTable& table, FixedRounding rounding, uint32_t seed,
              const std::array<std::vector<int64_t>, kSlots>& inputs, const Traffic& traffic,
              uint64_t driver_seed) {
  const int width = fixed_width(table.format);
  const int active = 32 / width;
  auto context = std::make_unique<VerilatedContext>();
  auto lane = std::make_unique<Vsubword_interp_lane>(context.get());
  SubwordLaneCycleModel model(table, rounding, seed);
  const LaneConfig config = lane_config(table);
  lane->cfg_mode_i = static_cast<uint8_t>(mode_code(table.format));
  lane->cfg_qa_i = static_cast<uint32_t>(table.qa);  // sign-extended to 32 bits
  lane->cfg_span_i = static_cast<uint8_t>(config.span);
  lane->cfg_n_i = static_cast<uint8_t>(table.n);
  lane->cfg_shk_i = static_cast<uint8_t>(config.shk);
  lane->cfg_shb_i = static_cast<uint8_t>(config.shb);
  lane->cfg_drop_i = static_cast<uint8_t>(config.drop & 0xFF);
  lane->cfg_stochastic_i = rounding == FixedRounding::kStochastic;
  lane->cfg_seed_i = seed;
  lane->cfg_seed_load_i = 1;
  lane->rst_ni = 0;
  lane->in_valid_i = 0;
  lane->out_ready_i = 0;
  lane->tbl_gnt_i = 0;
  for (int i = 0; i < 2; ++i) {
    tick(*lane);
    lane->rst_ni = 1;  // the second edge loads the seeds out of reset
  }
  lane->cfg_seed_load_i = 0;

  RunResult result;
  std::mt19937_64 rng(driver_seed);
  std::bernoulli_distribution bubble(traffic.bubble), stall(traffic.stall), deny(traffic.deny);
  std::array<size_t, kSlots> next{};
  std::array<bool, kSlots> read_pending{};
  std::array<uint32_t, kSlots> read_row{};
  auto all_out = [&] {
    for (int k = 0; k < active; ++k) {
      if (result.outputs[k].size() < inputs[k].size()) return false;
    }
    return true;
  };
  auto differ = [&](const std::string& what, uint64_t rtl, uint64_t modelled) {
    if (result.first_difference.empty()) {
      result.first_difference = "cycle " + std::to_string(result.cycles) + ": " + what +
                                " rtl=" + std::to_string(rtl) +
                                " model=" + std::to_string(modelled);
    }
  };
  size_t total = 0;
  for (int k = 0; k < active; ++k) total += inputs[k].size();
  const uint64_t limit = 64 * total + 1000;
  while (!all_out() && result.cycles < limit) {
    uint32_t in_valid = 0, x = static_cast<uint32_t>(rng()), out_ready = 0, grants = 0;
    uint64_t rdata = rng();
    for (int k = 0; k < kSlots; ++k) {
      if (k < active && next[k] < inputs[k].size() && !bubble(rng)) {
        in_valid |= 1u << k;
        const uint32_t field_mask = width == 32 ? ~0u : ((1u << width) - 1) << (k * width);
        x = (x & ~field_mask) | SubwordLaneCycleModel::place(inputs[k][next[k]], width, k);
      }
      if (!stall(rng)) out_ready |= 1u << k;
      if (!deny(rng)) grants |= 1u << k;
      if (read_pending[k]) {
        const uint64_t field_mask =
            (width == 32 ? ~uint64_t{0} : ((uint64_t{1} << (2 * width)) - 1)) << (2 * width * k);
        rdata = (rdata & ~field_mask) | row_bits(table, read_row[k], k);
      }
    }
    lane->in_valid_i = in_valid;
    lane->in_x_i = x;
    lane->out_ready_i = out_ready;
    lane->tbl_rdata_i = rdata;
    lane->tbl_gnt_i = grants;
    lane->clk_i = 0;
    lane->eval();
    model.begin_cycle(in_valid, x, out_ready);
    std::array<uint32_t, kSlots> rows{};
    const uint32_t requests = model.table_requests(&rows);
    model.set_grants(grants);
    if (lane->tbl_req_o != requests) differ("tbl_req", lane->tbl_req_o, requests);
    if (lane->in_ready_o != model.in_ready())
      differ("in_ready", lane->in_ready_o, model.in_ready());
    if (lane->out_valid_o != model.out_valid()) {
      differ("out_valid", lane->out_valid_o, model.out_valid());
    }
    uint32_t valid_fields = 0;
    for (int k = 0; k < kSlots; ++k) {
      const uint32_t rtl_row =
          static_cast<uint32_t>((lane->tbl_idx_o >> (k * kRowBits)) & ((1u << kRowBits) - 1));
      if ((requests >> k) & 1u) {
        if (rtl_row != rows[k]) differ("slot " + std::to_string(k) + " row", rtl_row, rows[k]);
        if (rtl_row >= table.rows()) differ("row past the table", rtl_row, table.rows());
      }
      read_pending[k] = ((lane->tbl_req_o >> k) & 1u) && ((grants >> k) & 1u);
      read_row[k] = std::min<uint32_t>(rtl_row, static_cast<uint32_t>(table.rows() - 1));
      if (((in_valid & lane->in_ready_o) >> k) & 1u) ++next[k];
      if (((lane->out_valid_o & out_ready) >> k) & 1u) {
        result.outputs[k].push_back(SubwordLaneCycleModel::field(lane->out_y_o, width, k));
      }
      if ((lane->out_valid_o >> k) & 1u) {
        valid_fields |= SubwordLaneCycleModel::place(-1, width, k);
      }
    }
    if ((lane->out_y_o & valid_fields) != model.out_y()) {
      differ("out_y", lane->out_y_o & valid_fields, model.out_y());
    }
    lane->clk_i = 1;
    lane->eval();
    model.clock();
    ++result.cycles;
  }
  return result;
}

// Every slot's outputs against fixed_eval of its inputs, its stream seeded
// seed + k.
::testing::AssertionResult matches_golden(const FixedTable& table, FixedRounding rounding,
                                          uint32_t seed,
                                          const std::array<std::vector<int64_t>, kSlots>& inputs,
                                          const RunResult& result) {
  if (!result.first_difference.empty()) {
    return ::testing::AssertionFailure()
           << "RTL and cycle model differ at " << result.first_difference;
  }
  const int active = 32 / fixed_width(table.format);
  for (int k = 0; k < active; ++k) {
    if (result.outputs[k].size() != inputs[k].size()) {
      return ::testing::AssertionFailure() << "slot " << k << ": " << result.outputs[k].size()
                                           << " outputs for " << inputs[k].size() << " inputs";
    }
    StochasticStream stream(seed + static_cast<uint32_t>(k));
    for (size_t i = 0; i < inputs[k].size(); ++i) {
      const int64_t expected = fixed_eval(
          table, inputs[k][i], rounding == FixedRounding::kStochastic ? &stream : nullptr);
      if (result.outputs[k][i] != expected) {
        return ::testing::AssertionFailure()
               << "slot " << k << " element " << i << " x=" << inputs[k][i]
               << " rtl=" << result.outputs[k][i] << " golden=" << expected << " (" << table.func
               << " " << fixed_format_names().name(table.format) << " n=" << table.n
               << " fx=" << table.fx << " fy=" << table.fy << " fk=" << table.fk
               << " fb=" << table.fb << ")";
      }
    }
  }
  return ::testing::AssertionSuccess();
}

// Every input of the width in each active slot, each slot in its own order.
std::array<std::vector<int64_t>, kSlots> every_input_per_slot(int width, std::mt19937_64& rng) {
  std::array<std::vector<int64_t>, kSlots> inputs;
  for (int k = 0; k < 32 / width; ++k) {
    inputs[k] = every_input(width);
    std::shuffle(inputs[k].begin(), inputs[k].end(), rng);
  }
  return inputs;
}

const Traffic kStalls{0.1, 0.25, 0.3};

void exhaustive(FixedFormat format, const std::vector<FixedTable>& tables, uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (const FixedTable& table : tables) {
    for (const FixedRounding rounding : {FixedRounding::kNearestEven, FixedRounding::kStochastic}) {
      const auto inputs = every_input_per_slot(fixed_width(format), rng);
      const uint32_t stream_seed = static_cast<uint32_t>(rng());
      const RunResult result = run(table, rounding, stream_seed, inputs, kStalls, rng());
      EXPECT_TRUE(matches_golden(table, rounding, stream_seed, inputs, result))
          << table.func << " n=" << table.n << " " << fixed_rounding_names().name(rounding);
    }
  }
}

TEST(SubwordInterpLane, FourInt8SlotsEveryInputPaperAndRandomTables) {
  std::mt19937_64 rng(8);
  std::vector<FixedTable> tables = paper_tables(FixedFormat::kInt8);
  for (int i = 0; i < 12; ++i) tables.push_back(random_table(FixedFormat::kInt8, kSegBitsMax, rng));
  exhaustive(FixedFormat::kInt8, tables, 1);
}

TEST(SubwordInterpLane, TwoInt16SlotsEveryInputOfAFewTables) {
  std::mt19937_64 rng(16);
  std::vector<FixedTable> tables;
  for (const char* func : {"gelu", "exp"}) {
    const FunctionInfo& info = find_function(func);
    tables.push_back(generate_fixed_table(func, info.default_a, info.default_m, 8,
                                          info.default_edges, FixedFormat::kInt16));
  }
  for (int i = 0; i < 2; ++i) tables.push_back(random_table(FixedFormat::kInt16, kSegBitsMax, rng));
  exhaustive(FixedFormat::kInt16, tables, 2);
}

TEST(SubwordInterpLane, OneInt32SlotRandomAndCornerInputs) {
  std::mt19937_64 rng(32);
  std::vector<FixedTable> tables = paper_tables(FixedFormat::kInt32);
  for (int i = 0; i < 6; ++i) tables.push_back(random_table(FixedFormat::kInt32, kSegBitsMax, rng));
  for (const FixedTable& table : tables) {
    for (const FixedRounding rounding : {FixedRounding::kNearestEven, FixedRounding::kStochastic}) {
      std::array<std::vector<int64_t>, kSlots> inputs;
      inputs[0] = int32_inputs(table, 20000, rng);
      const uint32_t stream_seed = static_cast<uint32_t>(rng());
      const RunResult result = run(table, rounding, stream_seed, inputs, kStalls, rng());
      EXPECT_TRUE(matches_golden(table, rounding, stream_seed, inputs, result))
          << table.func << " n=" << table.n << " " << fixed_rounding_names().name(rounding);
    }
  }
}

// Without stalls the lane takes 32/W elements per cycle: N elements per slot
// leave in N + Latency - 1 cycles after the first is offered (II = 1 per slot).
TEST(SubwordInterpLane, FullRateRunsEverySlotAtIIOne) {
  for (const FixedFormat format : {FixedFormat::kInt8, FixedFormat::kInt16, FixedFormat::kInt32}) {
    const FixedTable table = paper_tables(format).front();
    std::mt19937_64 rng(3);
    std::array<std::vector<int64_t>, kSlots> inputs;
    const int width = fixed_width(format);
    for (int k = 0; k < 32 / width; ++k) {
      inputs[k] = width == 32 ? int32_inputs(table, 1000, rng) : every_input(width);
      inputs[k].resize(std::min<size_t>(inputs[k].size(), 1000));
    }
    const RunResult result = run(table, FixedRounding::kNearestEven, 1, inputs, Traffic{}, 4);
    EXPECT_TRUE(matches_golden(table, FixedRounding::kNearestEven, 1, inputs, result));
    EXPECT_EQ(result.cycles, inputs[0].size() + INTERPSIM_INT_LANE_LATENCY)
        << fixed_format_names().name(format);
  }
}

}  // namespace
}  // namespace interpsim::rtl_test
