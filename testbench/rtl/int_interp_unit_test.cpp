// Verilated int_interp_unit (Vint_interp_unit_int8/16/32) against the golden
// model of docs/design.md section 12 (model/fixed_point.hpp, fixed_eval), bit
// for bit: int8 and int16 tables of every paper function with 16 and 256
// segments, EVERY input, to nearest even and stochastically (the same seed,
// the same input order, so the same xorshift32 stream), under random input
// bubbles and output backpressure; int32 tables (generated and with random
// parameters, including drop <= 0 and the widest alignments) on random and
// corner inputs; and the cycle contract: N inputs at full rate take
// N + Latency cycles (II = 1).
//
// The 16-bit lane alone (Vint_interp_lane_int16) has its table port served
// here with random denied grants and backpressure: still bit-exact, in order,
// one granted read per element. INTERPSIM_INT32_INPUTS sets the int32 input
// count (default 10^7, about 5 s).
#include <gtest/gtest.h>
#include <verilated.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "Vint_interp_lane_int16.h"
#include "Vint_interp_unit_int16.h"
#include "Vint_interp_unit_int16_int_interp_unit.h"
#include "Vint_interp_unit_int32.h"
#include "Vint_interp_unit_int8.h"
#include "model/fixed_point.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/functions.hpp"
#include "testbench/rtl/fixed_lane_cases.hpp"
#include "testbench/rtl/stream_driver.hpp"
#include "testbench/rtl/unit_checks.hpp"

namespace interpsim::rtl_test {
namespace {

constexpr uint64_t kLatency = INTERPSIM_INT_LANE_LATENCY;
constexpr int kSegBitsMax = 10;  // rtl/interp_units.cmake verilates SegBitsMax 10

template <typename Model>
class IntUnit {
 public:
  IntUnit() : context_(std::make_unique<VerilatedContext>()), model_(context_.get()) {}

  Model& model() { return model_; }

  void tick() {
    model_.clk_i = 0;
    model_.eval();
    model_.clk_i = 1;
    model_.eval();
  }

  // Configuration, reset, the rows through the write port, the seed.
  void load(const FixedTable& table, int width, FixedRounding rounding, uint32_t seed) {
    const LaneConfig config = lane_config(table);
    const uint64_t mask = (uint64_t{1} << width) - 1;
    model_.cfg_qa_i = static_cast<uint32_t>(static_cast<uint64_t>(table.qa) & mask);
    model_.cfg_span_i = static_cast<uint8_t>(config.span);
    model_.cfg_n_i = static_cast<uint8_t>(table.n);
    model_.cfg_shk_i = static_cast<uint8_t>(config.shk);
    model_.cfg_shb_i = static_cast<uint8_t>(config.shb);
    model_.cfg_drop_i = static_cast<uint8_t>(config.drop & 0xFF);
    model_.cfg_stochastic_i = rounding == FixedRounding::kStochastic;
    model_.cfg_seed_load_i = 0;
    model_.cfg_seed_i = seed;
    StreamDriver<Model>(model_, 0).reset();
    for (size_t row = 0; row < table.rows(); ++row) {
      model_.tbl_we_i = 1;
      model_.tbl_addr_i = static_cast<uint32_t>(row);
      model_.tbl_wdata_i = ((static_cast<uint64_t>(table.k[row]) & mask) << width) |
                           (static_cast<uint64_t>(table.b[row]) & mask);
      tick();
    }
    model_.tbl_we_i = 0;
    model_.cfg_seed_load_i = 1;
    tick();
    model_.cfg_seed_load_i = 0;
  }

 private:
  std::unique_ptr<VerilatedContext> context_;
  Model model_;
};

// Runs `inputs` through a fresh unit of `width` bits and compares every
// output with fixed_eval (stream seeded with `seed` for stochastic).
template <typename Model>
::testing::AssertionResult unit_matches_model(const FixedTable& table, int width,
                                              const std::vector<int64_t>& inputs,
                                              FixedRounding rounding, uint32_t seed,
                                              const Traffic& traffic, uint64_t driver_seed,
                                              StreamRun* run_out = nullptr) {
  IntUnit<Model> unit;
  unit.load(table, width, rounding, seed);
  const uint64_t mask = (uint64_t{1} << width) - 1;
  std::vector<uint32_t> patterns(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    patterns[i] = static_cast<uint32_t>(static_cast<uint64_t>(inputs[i]) & mask);
  }
  StreamRun run = StreamDriver<Model>(unit.model(), driver_seed).run(patterns, traffic);
  if (!run.protocol_errors.empty()) {
    return ::testing::AssertionFailure() << "protocol: " << run.protocol_errors.front();
  }
  if (run.outputs.size() != inputs.size()) {
    return ::testing::AssertionFailure()
           << run.outputs.size() << " outputs for " << inputs.size() << " inputs";
  }
  StochasticStream stream(seed);
  StochasticStream* stream_ptr = rounding == FixedRounding::kStochastic ? &stream : nullptr;
  size_t mismatches = 0;
  std::string first;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int64_t expected = fixed_eval(table, inputs[i], stream_ptr);
    const int64_t got = sign_extend(run.outputs[i], width);
    if (got != expected && ++mismatches <= 5) {
      first += "\n  element " + std::to_string(i) + " x=" + std::to_string(inputs[i]) +
               " row=" + std::to_string(fixed_row(table, inputs[i])) +
               " rtl=" + std::to_string(got) + " model=" + std::to_string(expected);
    }
  }
  if (run_out != nullptr) *run_out = std::move(run);
  if (mismatches != 0) {
    return ::testing::AssertionFailure()
           << mismatches << " of " << inputs.size() << " outputs differ (" << table.func
           << " n=" << table.n << " fx=" << table.fx << " fy=" << table.fy << " fk=" << table.fk
           << " fb=" << table.fb << "):" << first;
  }
  return ::testing::AssertionSuccess();
}

template <typename Model>
void exhaustive(FixedFormat format) {
  const int width = fixed_width(format);
  const std::vector<int64_t> inputs = every_input(width);
  const Traffic traffic{0.1, 0.3};
  uint64_t driver_seed = 1;
  const auto start = std::chrono::steady_clock::now();
  size_t evaluated = 0;
  for (const FixedTable& table : paper_tables(format)) {
    for (const FixedRounding rounding : {FixedRounding::kNearestEven, FixedRounding::kStochastic}) {
      EXPECT_TRUE(unit_matches_model<Model>(table, width, inputs, rounding,
                                            static_cast<uint32_t>(driver_seed * 7919), traffic,
                                            driver_seed))
          << table.func << " n=" << table.n << " " << fixed_rounding_names().name(rounding);
      ++driver_seed;
      evaluated += inputs.size();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("int%d: %zu inputs through the RTL, bit-exact, in %.2f s\n", width, evaluated,
              seconds);
}

TEST(IntInterpUnit, Int8EveryInputOfEveryPaperTable) {
  exhaustive<Vint_interp_unit_int8>(FixedFormat::kInt8);
}

TEST(IntInterpUnit, Int16EveryInputOfEveryPaperTable) {
  exhaustive<Vint_interp_unit_int16>(FixedFormat::kInt16);
}

size_t int32_input_count() {
  const char* text = std::getenv("INTERPSIM_INT32_INPUTS");
  return text != nullptr ? static_cast<size_t>(std::strtoull(text, nullptr, 10)) : 10000000;
}

TEST(IntInterpUnit, Int32RandomAndCornerInputs) {
  const size_t total = int32_input_count();
  std::mt19937_64 rng(2026);
  std::vector<FixedTable> tables = paper_tables(FixedFormat::kInt32);
  for (int i = 0; i < 8; ++i) tables.push_back(random_table(FixedFormat::kInt32, kSegBitsMax, rng));
  // One run per (table, rounding), at most 2^20 inputs each.
  const size_t runs = std::max<size_t>(2 * tables.size(), (total + (1u << 20) - 1) >> 20);
  const auto start = std::chrono::steady_clock::now();
  size_t evaluated = 0;
  for (size_t r = 0; r < runs; ++r) {
    const FixedTable& table = tables[(r / 2) % tables.size()];
    const FixedRounding rounding =
        r % 2 == 0 ? FixedRounding::kNearestEven : FixedRounding::kStochastic;
    const size_t count = (total - evaluated) / (runs - r);
    const std::vector<int64_t> inputs = int32_inputs(table, count, rng);
    const Traffic traffic = r % 4 == 1 ? Traffic{0.2, 0.4} : Traffic{0.0, 0.0};
    ASSERT_TRUE(unit_matches_model<Vint_interp_unit_int32>(
        table, 32, inputs, rounding, static_cast<uint32_t>(rng()), traffic, r));
    evaluated += inputs.size();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("int32: %zu random and corner inputs through the RTL, bit-exact, in %.2f s\n",
              evaluated, seconds);
  EXPECT_GE(evaluated, total);
}

// Random tables at 8 and 16 bits too: drop <= 0, wide alignments, every input.
TEST(IntInterpUnit, RandomParameterTablesEveryInput) {
  std::mt19937_64 rng(13);
  // What the tables exercise (golden outputs, to nearest even): results
  // strictly inside the width, with drop <= 0 and with drop > 0.
  size_t inside_shift = 0, inside_round = 0, total = 0;
  const auto tally = [&](const FixedTable& table, const std::vector<int64_t>& inputs) {
    const LaneConfig config = lane_config(table);
    for (const int64_t q : inputs) {
      const int64_t y = fixed_eval(table, q);
      if (y != fixed_min(table.format) && y != fixed_max(table.format) && y != 0 && y != -1) {
        ++(config.drop <= 0 ? inside_shift : inside_round);
      }
    }
    total += inputs.size();
  };
  for (int i = 0; i < 24; ++i) {
    const FixedTable t8 = random_table(FixedFormat::kInt8, kSegBitsMax, rng);
    tally(t8, every_input(8));
    EXPECT_TRUE(unit_matches_model<Vint_interp_unit_int8>(
        t8, 8, every_input(8), i % 2 ? FixedRounding::kStochastic : FixedRounding::kNearestEven,
        static_cast<uint32_t>(rng()), Traffic{0.1, 0.3}, i));
  }
  for (int i = 0; i < 8; ++i) {
    const FixedTable t16 = random_table(FixedFormat::kInt16, kSegBitsMax, rng);
    tally(t16, every_input(16));
    EXPECT_TRUE(unit_matches_model<Vint_interp_unit_int16>(
        t16, 16, every_input(16), i % 2 ? FixedRounding::kStochastic : FixedRounding::kNearestEven,
        static_cast<uint32_t>(rng()), Traffic{0.0, 0.2}, i));
  }
  std::printf(
      "random tables: %zu inputs, %zu results inside the width with drop <= 0, %zu with "
      "drop > 0\n",
      total, inside_shift, inside_round);
  EXPECT_GT(inside_shift, total / 50);
  EXPECT_GT(inside_round, total / 50);
}

// II = 1: N inputs with out_ready high take N + Latency cycles, each output
// exactly Latency cycles after its input.
TEST(IntInterpUnit, FullRateTakesNPlusLatencyCycles) {
  EXPECT_EQ(static_cast<uint64_t>(Vint_interp_unit_int16_int_interp_unit::Latency), kLatency);
  const FixedTable table =
      generate_fixed_table("gelu", -5.0, 3, 8, EdgeMode::kAsymptote, FixedFormat::kInt16);
  const std::vector<int64_t> inputs = every_input(16);
  StreamRun run;
  ASSERT_TRUE(unit_matches_model<Vint_interp_unit_int16>(
      table, 16, inputs, FixedRounding::kStochastic, 5, Traffic{}, 1, &run));
  EXPECT_EQ(run.cycles, inputs.size() + kLatency);
  EXPECT_TRUE(timing_matches(run, kLatency, 1));
  EXPECT_EQ(run.refusals_without_backpressure, 0u);
}

// The lane's table port under random denied grants and output backpressure:
// the row arrives only in the cycle after a grant (junk otherwise).
TEST(IntInterpLane, DeniedGrantsAndBackpressureStayBitExact) {
  const FixedTable table =
      generate_fixed_table("tanh", -4.0, 3, 8, EdgeMode::kExtrapolate, FixedFormat::kInt16);
  const LaneConfig config = lane_config(table);
  for (const FixedRounding rounding : {FixedRounding::kNearestEven, FixedRounding::kStochastic}) {
    auto context = std::make_unique<VerilatedContext>();
    auto lane = std::make_unique<Vint_interp_lane_int16>(context.get());
    lane->cfg_qa_i = static_cast<uint16_t>(table.qa);
    lane->cfg_span_i = static_cast<uint8_t>(config.span);
    lane->cfg_n_i = static_cast<uint8_t>(table.n);
    lane->cfg_shk_i = static_cast<uint8_t>(config.shk);
    lane->cfg_shb_i = static_cast<uint8_t>(config.shb);
    lane->cfg_drop_i = static_cast<uint8_t>(config.drop & 0xFF);
    lane->cfg_stochastic_i = rounding == FixedRounding::kStochastic;
    lane->cfg_seed_i = 77;
    lane->cfg_seed_load_i = 1;
    lane->rst_ni = 0;
    lane->in_valid_i = 0;
    lane->out_ready_i = 0;
    lane->tbl_gnt_i = 0;
    for (int i = 0; i < 2; ++i) {
      lane->clk_i = 0;
      lane->eval();
      lane->clk_i = 1;
      lane->eval();
      lane->rst_ni = 1;  // the second edge loads the seed out of reset
    }
    lane->cfg_seed_load_i = 0;

    const std::vector<int64_t> inputs = every_input(16);
    std::vector<int64_t> outputs;
    std::mt19937_64 rng(static_cast<uint64_t>(rounding) + 1);
    std::bernoulli_distribution deny(0.35), stall(0.3), bubble(0.1);
    size_t next = 0, granted = 0;
    bool read_pending = false;
    size_t read_row = 0;
    for (uint64_t cycle = 0; outputs.size() < inputs.size() && cycle < 64 * inputs.size();
         ++cycle) {
      const bool offer = next < inputs.size() && !bubble(rng);
      lane->in_valid_i = offer;
      lane->in_x_i = offer ? static_cast<uint16_t>(inputs[next]) : 0xBEEF;
      lane->out_ready_i = !stall(rng);
      lane->tbl_gnt_i = !deny(rng);
      lane->tbl_rdata_i = read_pending
                              ? ((static_cast<uint32_t>(table.k[read_row]) & 0xFFFF) << 16) |
                                    (static_cast<uint32_t>(table.b[read_row]) & 0xFFFF)
                              : 0xA5A55A5Au;
      lane->clk_i = 0;
      lane->eval();
      if (offer && lane->in_ready_o) ++next;
      if (lane->out_valid_o && lane->out_ready_i) outputs.push_back(sign_extend(lane->out_y_o, 16));
      read_pending = lane->tbl_req_o && lane->tbl_gnt_i;
      if (read_pending) {
        read_row = lane->tbl_idx_o;
        ASSERT_LT(read_row, table.rows());
        ++granted;
      }
      lane->clk_i = 1;
      lane->eval();
    }
    ASSERT_EQ(outputs.size(), inputs.size());
    EXPECT_EQ(granted, inputs.size()) << "one granted read per element";
    StochasticStream stream(77);
    size_t mismatches = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const int64_t expected =
          fixed_eval(table, inputs[i], rounding == FixedRounding::kStochastic ? &stream : nullptr);
      if (outputs[i] != expected && ++mismatches <= 5) {
        ADD_FAILURE() << "x=" << inputs[i] << " rtl=" << outputs[i] << " model=" << expected;
      }
    }
    EXPECT_EQ(mismatches, 0u) << fixed_rounding_names().name(rounding);
  }
}

// The timing contract of docs/rtl.md ("int_interp_lane", "Stages and
// timing") as a model of valid bits: in_ready_o, tbl_req_o and out_valid_o
// must equal it cycle by cycle under random input, grants and backpressure.
TEST(IntInterpLane, CycleContractOfTheDocumentation) {
  static_assert(kLatency == 6, "the contract below has SUB IDX RD MUL ADD RND");
  auto context = std::make_unique<VerilatedContext>();
  auto lane = std::make_unique<Vint_interp_lane_int16>(context.get());
  const FixedTable table =
      generate_fixed_table("gelu", -5.0, 3, 8, EdgeMode::kAsymptote, FixedFormat::kInt16);
  const LaneConfig config = lane_config(table);
  lane->cfg_qa_i = static_cast<uint16_t>(table.qa);
  lane->cfg_span_i = static_cast<uint8_t>(config.span);
  lane->cfg_n_i = static_cast<uint8_t>(table.n);
  lane->cfg_shk_i = static_cast<uint8_t>(config.shk);
  lane->cfg_shb_i = static_cast<uint8_t>(config.shb);
  lane->cfg_drop_i = static_cast<uint8_t>(config.drop & 0xFF);
  lane->cfg_stochastic_i = 1;
  lane->cfg_seed_load_i = 0;
  lane->rst_ni = 0;
  lane->in_valid_i = 0;
  lane->out_ready_i = 0;
  lane->tbl_gnt_i = 0;
  lane->clk_i = 0;
  lane->eval();
  lane->clk_i = 1;
  lane->eval();
  lane->rst_ni = 1;

  bool sub = false, idx = false, rd = false, mul = false, add = false, out = false;
  std::mt19937_64 rng(41);
  std::bernoulli_distribution valid(0.7), grant(0.7), ready(0.7);
  for (int cycle = 0; cycle < 200000; ++cycle) {
    const bool in_valid = valid(rng), gnt = grant(rng), out_ready = ready(rng);
    lane->in_valid_i = in_valid;
    lane->in_x_i = static_cast<uint16_t>(cycle * 2654435761u);
    lane->tbl_gnt_i = gnt;
    lane->tbl_rdata_i = static_cast<uint32_t>(cycle * 40503u);
    lane->out_ready_i = out_ready;
    lane->clk_i = 0;
    lane->eval();
    const bool down_ready = !out || out_ready;
    const bool advance = (!idx || gnt) && down_ready;
    ASSERT_EQ(static_cast<bool>(lane->in_ready_o), advance) << "cycle " << cycle;
    ASSERT_EQ(static_cast<bool>(lane->tbl_req_o), idx && down_ready) << "cycle " << cycle;
    ASSERT_EQ(static_cast<bool>(lane->out_valid_o), out) << "cycle " << cycle;
    if (advance) {
      out = add;
      add = mul;
      mul = rd;
      rd = idx;
      idx = sub;
      sub = in_valid;
    } else if (out_ready) {
      out = false;
    }
    lane->clk_i = 1;
    lane->eval();
  }
}

}  // namespace
}  // namespace interpsim::rtl_test
