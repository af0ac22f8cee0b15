// Verilated interp_unit against the golden model (model/uniform_lookup.hpp),
// bit for bit, and its cycle contract: constant latency, II = 1, order and
// count under random bubbles and backpressure, table reloads.
#include <gtest/gtest.h>
#include <verilated.h>

#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "Vinterp_unit.h"
#include "Vinterp_unit___024root.h"
#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/common/verilated_edge.hpp"
#include "testbench/rtl/input_sets.hpp"
#include "testbench/rtl/stream_driver.hpp"
#include "testbench/rtl/table_ports.hpp"
#include "testbench/rtl/unit_checks.hpp"

namespace interpsim::rtl_test {
namespace {

// SUB (fp32_add) + CLS + IDX + RD + FMA (fp32_fma), docs/rtl.md, plus the
// register stages the model under test was verilated with (AddExtraStages,
// FmaExtraStages: testbench/rtl/CMakeLists.txt).
constexpr uint64_t kLatency = INTERPSIM_ADD_LATENCY + INTERPSIM_ADD_EXTRA_STAGES + 3 +
                              INTERPSIM_FMA_LATENCY + INTERPSIM_FMA_EXTRA_STAGES;

class InterpUnitHarness {
 public:
  explicit InterpUnitHarness(uint64_t seed)
      : context_(std::make_unique<VerilatedContext>()),
        model_(std::make_unique<Vinterp_unit>(context_.get())),
        driver_(*model_, seed) {
    model_->tbl_we_i = 0;
    driver_.reset();
  }

  // Configuration and every row through the write port, one row per cycle.
  void load(const UniformTable& table) {
    apply_uniform_config(*model_, table);
    write_rows(table);
  }

  // Only the rows: the configuration stays what it was.
  void write_rows(const UniformTable& table) {
    model_->in_valid_i = 0;
    write_table_rows(*model_, table.k, table.b, [this] { driver_.tick(); });
  }

  // Only the configuration ports, without a clock: the next run() samples
  // them at the edge of its first input.
  void configure(const UniformTable& table) { apply_uniform_config(*model_, table); }

  StreamRun run(const std::vector<uint32_t>& inputs, const Traffic& traffic) {
    return driver_.run(inputs, traffic);
  }

 private:
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Vinterp_unit> model_;
  StreamDriver<Vinterp_unit> driver_;
};

std::vector<float> breakpoints_of(const UniformTable& table) {
  std::vector<float> points(table.segments() + 1);
  for (size_t i = 0; i < points.size(); ++i) {
    points[i] = static_cast<float>(table.a + static_cast<double>(i) * table.width());
  }
  return points;
}

// Random patterns, values around [a, b], corners, breakpoints, a trace.
std::vector<uint32_t> test_inputs(const UniformTable& table, uint64_t seed) {
  const float lo = table.a;
  const float hi = table.upper();
  std::vector<uint32_t> inputs = random_bit_patterns(3000, seed);
  auto append = [&inputs](const std::vector<uint32_t>& more) {
    inputs.insert(inputs.end(), more.begin(), more.end());
  };
  append(random_in_interval(lo, hi, 6000, seed + 1));
  append(ieee_corners(lo, hi));
  append(breakpoint_neighbourhoods(breakpoints_of(table), 600));
  append(trace_like(0.5f * (lo + hi), 0.25f * (hi - lo), 3000, seed + 2));
  return inputs;
}

::testing::AssertionResult check_table(InterpUnitHarness& unit, const UniformTable& table,
                                       uint64_t seed) {
  const std::vector<uint32_t> inputs = test_inputs(table, seed);
  auto golden = [&table](float x) { return interp_uniform(table, x); };

  const StreamRun streaming = unit.run(inputs, {});
  if (auto r = outputs_match(inputs, streaming, golden); !r) return r << " (full rate)";
  if (auto r = timing_matches(streaming, kLatency, 1); !r) return r << " (full rate)";

  const StreamRun bubbly = unit.run(inputs, {0.3, 0.0});
  if (auto r = outputs_match(inputs, bubbly, golden); !r) return r << " (input bubbles)";
  if (auto r = latency_constant(bubbly, kLatency); !r) return r << " (input bubbles)";

  const StreamRun congested = unit.run(inputs, {0.3, 0.4});
  if (auto r = outputs_match(inputs, congested, golden); !r) return r << " (backpressure)";
  if (congested.refusals_without_backpressure != 0) {
    return ::testing::AssertionFailure() << congested.refusals_without_backpressure
                                         << " inputs refused while the output was not blocked";
  }
  return ::testing::AssertionSuccess();
}

// The localparam users read equals the measured pipeline depth above (the
// model is verilated with --flatten: the constant sits in the root class).
TEST(InterpUnit, PublishedLatencyIsTheMeasuredOne) {
  EXPECT_EQ(static_cast<uint64_t>(Vinterp_unit___024root::interp_unit__DOT__Latency), kLatency);
}

using FunctionAndBits = std::tuple<std::string, int>;

class InterpUnitFunctions : public ::testing::TestWithParam<FunctionAndBits> {};

TEST_P(InterpUnitFunctions, BitExactAndCycleExactWithDefaultEdges) {
  const auto& [func, n] = GetParam();
  const FunctionInfo& info = find_function(func);
  const UniformTable table =
      generate_table(func, info.default_a, info.default_m, n, info.default_edges);
  InterpUnitHarness unit(1000 + n);
  unit.load(table);
  EXPECT_TRUE(check_table(unit, table, 77 + n));
}

TEST_P(InterpUnitFunctions, BitExactWithExtrapolatedEdges) {
  const auto& [func, n] = GetParam();
  const FunctionInfo& info = find_function(func);
  const UniformTable table =
      generate_table(func, info.default_a, info.default_m, n, EdgeMode::kExtrapolate);
  InterpUnitHarness unit(2000 + n);
  unit.load(table);
  EXPECT_TRUE(check_table(unit, table, 99 + n));
}

INSTANTIATE_TEST_SUITE_P(PaperFunctions, InterpUnitFunctions,
                         ::testing::Combine(::testing::Values("exp", "tanh", "sigmoid", "gelu"),
                                            ::testing::Values(4, 6, 8, 10, 12, 16)),
                         [](const ::testing::TestParamInfo<FunctionAndBits>& info) {
                           return std::get<0>(info.param) + "_n" +
                                  std::to_string(std::get<1>(info.param));
                         });

// Intervals that reach the rarer branches: a = 0 (subnormal xn) with a
// negative m, a wide interval (large m), n = 0 and 1, saturated edges (K = 0).
TEST(InterpUnit, UnusualIntervals) {
  struct Case {
    const char* func;
    float a;
    int m, n;
    EdgeMode edges;
  };
  const Case cases[] = {
      {"sigmoid", 0.0f, -2, 6, EdgeMode::kSaturate},
      {"exp", -64.0f, 7, 10, EdgeMode::kAsymptote},
      {"gelu", -8.0f, 3, 0, EdgeMode::kExtrapolate},
      {"tanh", -4.0f, 3, 1, EdgeMode::kSaturate},
      {"silu", -16.0f, 5, 9, EdgeMode::kAsymptote},
      {"exp", -0.5f, -1, 16, EdgeMode::kSaturate},
      {"softplus", -1024.0f, 11, 13, EdgeMode::kExtrapolate},
  };
  InterpUnitHarness unit(7);
  uint64_t seed = 300;
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.func) + " a=" + std::to_string(c.a) + " m=" + std::to_string(c.m) +
                 " n=" + std::to_string(c.n));
    const UniformTable table = generate_table(c.func, c.a, c.m, c.n, c.edges);
    unit.load(table);
    EXPECT_TRUE(check_table(unit, table, ++seed));
  }
}

// One unit, tables swapped between runs without a reset: every run must see
// only its own table (rows of a larger earlier table stay in memory).
TEST(InterpUnit, TableReloadBetweenRuns) {
  InterpUnitHarness unit(11);
  const UniformTable tables[] = {
      generate_table("gelu", -5.0f, 3, 12, EdgeMode::kAsymptote),
      generate_table("tanh", -4.0f, 3, 8, EdgeMode::kExtrapolate),
      generate_table("exp", -16.0f, 4, 10, EdgeMode::kAsymptote),
      generate_table("gelu", -5.0f, 3, 6, EdgeMode::kExtrapolate),
  };
  uint64_t seed = 500;
  for (const UniformTable& table : tables) {
    SCOPED_TRACE(table.func + " n=" + std::to_string(table.n));
    unit.load(table);
    EXPECT_TRUE(check_table(unit, table, ++seed));
  }
}

// The configuration may change in the very cycle of the first input after an
// idle spell: interp_lane registers its configuration-derived values (order
// keys of a and b, m + bias, the shift base, 2^n) and must use the new ones
// for that first element already. The second table's rows are written under
// the first's configuration; its configuration arrives with its first input.
// Every derived value differs between the two (a, b, m, n).
TEST(InterpUnit, ConfigurationChangedWithTheFirstInput) {
  InterpUnitHarness unit(13);
  const UniformTable first = generate_table("gelu", -5.0f, 3, 10, EdgeMode::kAsymptote);
  const UniformTable second = generate_table("tanh", -2.0f, 2, 7, EdgeMode::kExtrapolate);
  unit.load(first);
  const std::vector<uint32_t> inputs = test_inputs(second, 900);
  auto golden = [&second](float x) { return interp_uniform(second, x); };
  EXPECT_TRUE(check_table(unit, first, 901));
  unit.write_rows(second);
  unit.configure(second);
  const StreamRun run = unit.run(inputs, {});
  EXPECT_TRUE(outputs_match(inputs, run, golden));
  EXPECT_TRUE(timing_matches(run, kLatency, 1));
}

// rising_edge_one_eval (one eval() per clock, as interpsim verify clocks the
// unit) against the usual two eval() calls per clock: two units, the same
// inputs with random bubbles, the same out_valid_o/out_y_o/in_ready_o after
// every edge.
TEST(InterpUnit, OneEvalPerClockMatchesTwo) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 12, EdgeMode::kAsymptote);
  VerilatedContext context;
  Vinterp_unit one(&context), two(&context);
  auto tick = [](Vinterp_unit& unit) {
    unit.clk_i = 0;
    unit.eval();
    unit.clk_i = 1;
    unit.eval();
  };
  for (Vinterp_unit* unit : {&one, &two}) {
    unit->rst_ni = 0;
    unit->in_valid_i = 0;
    unit->out_ready_i = 1;
    unit->tbl_we_i = 0;
    tick(*unit);
    unit->rst_ni = 1;
    apply_uniform_config(*unit, table);
    write_table_rows(*unit, table.k, table.b, [&tick, unit] { tick(*unit); });
  }
  const std::vector<uint32_t> inputs = test_inputs(table, 1234);
  std::bernoulli_distribution bubble(0.2);
  std::mt19937_64 rng(5);
  size_t outputs = 0;
  for (size_t cycle = 0; cycle < inputs.size(); ++cycle) {
    const bool valid = !bubble(rng);
    for (Vinterp_unit* unit : {&one, &two}) {
      unit->in_valid_i = valid;
      unit->in_x_i = inputs[cycle];
    }
    interpsim::rising_edge_one_eval(one);
    tick(two);
    ASSERT_EQ(one.out_valid_o, two.out_valid_o) << "cycle " << cycle;
    ASSERT_EQ(one.in_ready_o, two.in_ready_o) << "cycle " << cycle;
    if (two.out_valid_o) {
      ASSERT_EQ(one.out_y_o, two.out_y_o) << "cycle " << cycle;
      ++outputs;
    }
  }
  EXPECT_GT(outputs, inputs.size() / 2);
}

}  // namespace
}  // namespace interpsim::rtl_test
