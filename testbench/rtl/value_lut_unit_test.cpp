// Verilated value_lut_unit (rtl/value_lut_unit.sv, SegBitsMax 8) against the
// golden model model/value_lut.hpp, bit for bit, and its cycle contract:
// constant latency, II = 1, order and count under bubbles and backpressure.
// Linear and exponent mode, 65- and 257-entry tables, every edge mode, the
// rare branches (a = 0 with subnormal xn and w > 1, so frac is rounded;
// xn rounding up to 2^m; infinite table values); then 10^7 more inputs.
#include <gtest/gtest.h>
#include <verilated.h>

#include <cmath>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "Vvalue_lut_unit.h"
#include "Vvalue_lut_unit_value_lut_unit.h"
#include "model/float_bits.hpp"
#include "model/value_lut.hpp"
#include "testbench/rtl/input_sets.hpp"
#include "testbench/rtl/stream_driver.hpp"
#include "testbench/rtl/unit_checks.hpp"

namespace interpsim::rtl_test {
namespace {

// SUB (fp32_add) + CLS + IDX + FRAC (fp32_fma) + RD + DIFF (fp32_add) + FMA
// (fp32_fma), docs/rtl.md "value_lut_lane".
constexpr uint64_t kLatency = 2 * INTERPSIM_ADD_LATENCY + 3 + 2 * INTERPSIM_FMA_LATENCY;

class ValueLutUnitHarness {
 public:
  explicit ValueLutUnitHarness(uint64_t seed)
      : context_(std::make_unique<VerilatedContext>()),
        model_(std::make_unique<Vvalue_lut_unit>(context_.get())),
        driver_(*model_, seed) {
    model_->tbl_we_i = 0;
    driver_.reset();
  }

  // Configuration, then rows 0 .. N+1 through the write port, one per cycle.
  void load(const ValueLutTable& table) {
    model_->cfg_a_i = float_to_bits(table.lower());
    model_->cfg_b_i = float_to_bits(table.upper());
    model_->cfg_m_i = static_cast<uint8_t>(table.m);
    model_->cfg_n_i = static_cast<uint8_t>(table.n);
    model_->cfg_exp_mode_i = table.mode == ValueLutMode::kExponent;
    model_->in_valid_i = 0;
    for (size_t row = 0; row < table.intervals() + 2; ++row) {
      model_->tbl_we_i = 1;
      model_->tbl_addr_i = static_cast<uint32_t>(row);
      model_->tbl_wdata_i = value_lut_rtl_row(table, row);
      driver_.tick();
    }
    model_->tbl_we_i = 0;
  }

  StreamRun run(const std::vector<uint32_t>& inputs, const Traffic& traffic) {
    return driver_.run(inputs, traffic);
  }

 private:
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Vvalue_lut_unit> model_;
  StreamDriver<Vvalue_lut_unit> driver_;
};

struct TableCase {
  std::string name;
  std::string func;
  ValueLutMode mode;
  float a;
  int m, e0, n;
  EdgeMode edges;
};

void PrintTo(const TableCase& c, std::ostream* out) {
  *out << c.name;
}

ValueLutTable make_table(const TableCase& c) {
  return generate_value_lut(c.func, c.mode, c.a, c.m, c.e0, c.n, c.edges);
}

std::vector<float> breakpoints_of(const ValueLutTable& table) {
  std::vector<float> points(table.entries());
  for (size_t i = 0; i < points.size(); ++i) {
    points[i] =
        table.mode == ValueLutMode::kLinear
            ? static_cast<float>(table.a + std::ldexp(static_cast<double>(i), table.m - table.n))
            : std::ldexp(1.0f, table.e0 + static_cast<int>(i));
  }
  return points;
}

// Small positive patterns (exponent field 0 .. 40): near a = 0 these give
// subnormal xn and, with w > 1, a rounded frac.
std::vector<uint32_t> tiny_positives(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint32_t> out(count);
  for (auto& bits : out) {
    bits = (static_cast<uint32_t>(rng() % 41) << 23) | static_cast<uint32_t>(rng() & 0x7FFFFFu);
  }
  return out;
}

// Random patterns, values around [t_0, t_N], corners, every breakpoint with
// its neighbours, a trace, tiny positives. `scale` multiplies the counts.
std::vector<uint32_t> test_inputs(const ValueLutTable& table, uint64_t seed, size_t scale) {
  const float lo = table.lower();
  const float hi = table.upper();
  std::vector<uint32_t> inputs = random_bit_patterns(2000 * scale, seed);
  auto append = [&inputs](const std::vector<uint32_t>& more) {
    inputs.insert(inputs.end(), more.begin(), more.end());
  };
  if (table.mode == ValueLutMode::kLinear) {
    append(random_in_interval(lo, hi, 6000 * scale, seed + 1));
    append(trace_like(0.5f * (lo + hi), 0.25f * (hi - lo), 2000 * scale, seed + 2));
  } else {
    // Exponent mode spans octaves: uniform exponents and mantissas inside.
    std::mt19937_64 rng(seed + 1);
    for (size_t i = 0; i < 6000 * scale; ++i) {
      const int span = static_cast<int>(table.intervals()) + 2;
      const int octave = table.e0 - 1 + static_cast<int>(rng() % static_cast<uint64_t>(span));
      const uint32_t sign = (rng() % 8 == 0) ? 0x80000000u : 0u;
      inputs.push_back(sign | (static_cast<uint32_t>(octave + 127) << 23) |
                       static_cast<uint32_t>(rng() & 0x7FFFFFu));
    }
  }
  append(ieee_corners(lo, hi));
  append(breakpoint_neighbourhoods(breakpoints_of(table), 300));
  append(tiny_positives(500 * scale, seed + 3));
  return inputs;
}

::testing::AssertionResult check_table(ValueLutUnitHarness& unit, const ValueLutTable& table,
                                       uint64_t seed) {
  const std::vector<uint32_t> inputs = test_inputs(table, seed, 1);
  auto golden = [&table](float x) { return interp_value_lut(table, x); };

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

const std::vector<TableCase>& table_cases() {
  using M = ValueLutMode;
  using E = EdgeMode;
  static const std::vector<TableCase> cases = {
      // NVDLA's sizes: 65 (n = 6) and 257 (n = 8) entries, linear mode.
      {"gelu_linear_65", "gelu", M::kLinear, -8.0f, 4, 0, 6, E::kExtrapolate},
      {"gelu_linear_257", "gelu", M::kLinear, -8.0f, 4, 0, 8, E::kAsymptote},
      {"tanh_linear_257", "tanh", M::kLinear, -4.0f, 3, 0, 8, E::kSaturate},
      {"sigmoid_linear_65", "sigmoid", M::kLinear, -8.0f, 4, 0, 6, E::kAsymptote},
      {"exp_linear_257", "exp", M::kLinear, -16.0f, 4, 0, 8, E::kExtrapolate},
      {"silu_linear_65", "silu", M::kLinear, -16.0f, 5, 0, 6, E::kExtrapolate},
      // a = 0 and w = 2^6 > 1: subnormal xn, frac rounded in the subnormal range.
      {"sigmoid_wide_w", "sigmoid", M::kLinear, 0.0f, 10, 0, 4, E::kSaturate},
      // a = 0 and a tiny w: shifts of up to 23, xn subnormal as well.
      {"tanh_small_w", "tanh", M::kLinear, 0.0f, -3, 0, 8, E::kExtrapolate},
      {"gelu_n1", "gelu", M::kLinear, -2.0f, 2, 0, 1, E::kExtrapolate},
      // Exponent mode (65 entries is n = 6; n = 7 is the widest float32 allows).
      {"rsqrt_exponent_65", "rsqrt", M::kExponent, 0.0f, 0, -32, 6, E::kExtrapolate},
      {"sigmoid_exponent_65", "sigmoid", M::kExponent, 0.0f, 0, -40, 6, E::kSaturate},
      {"tanh_exponent_129", "tanh", M::kExponent, 0.0f, 0, -126, 7, E::kExtrapolate},
      // exp up to 2^24: infinite values y_i, so d is inf or NaN.
      {"exp_exponent_inf", "exp", M::kExponent, 0.0f, 0, -40, 6, E::kExtrapolate},
      {"gelu_exponent_n0", "gelu", M::kExponent, 0.0f, 0, -3, 0, E::kExtrapolate},
  };
  return cases;
}

class ValueLutUnitTables : public ::testing::TestWithParam<TableCase> {};

TEST_P(ValueLutUnitTables, BitExactAndCycleExact) {
  const ValueLutTable table = make_table(GetParam());
  ValueLutUnitHarness unit(1000 + static_cast<uint64_t>(table.n));
  unit.load(table);
  EXPECT_TRUE(check_table(unit, table, 77 + static_cast<uint64_t>(table.n)));
}

INSTANTIATE_TEST_SUITE_P(Tables, ValueLutUnitTables, ::testing::ValuesIn(table_cases()),
                         [](const ::testing::TestParamInfo<TableCase>& info) {
                           return info.param.name;
                         });

// The localparam users read equals the measured pipeline depth.
TEST(ValueLutUnit, PublishedLatencyIsTheMeasuredOne) {
  EXPECT_EQ(static_cast<uint64_t>(Vvalue_lut_unit_value_lut_unit::Latency), kLatency);
}

// One unit reloaded with tables of both modes in turn: nothing of the last
// table or mode survives a reload.
TEST(ValueLutUnit, ReloadSwitchesTablesAndModes) {
  ValueLutUnitHarness unit(5);
  for (const size_t i : {0u, 9u, 4u, 12u, 1u}) {
    const ValueLutTable table = make_table(table_cases()[i]);
    unit.load(table);
    const std::vector<uint32_t> inputs = test_inputs(table, 300 + i, 1);
    EXPECT_TRUE(outputs_match(inputs, unit.run(inputs, {0.1, 0.1}), [&table](float x) {
      return interp_value_lut(table, x);
    })) << table_cases()[i].name;
  }
}

// 10^7 inputs over every table, bubbles and backpressure (about 5 s of CPU).
TEST(ValueLutUnit, TenMillionInputs) {
  size_t total = 0;
  uint64_t seed = 9000;
  while (total < 10'000'000) {
    for (const TableCase& c : table_cases()) {
      const ValueLutTable table = make_table(c);
      ValueLutUnitHarness unit(seed);
      unit.load(table);
      const std::vector<uint32_t> inputs = test_inputs(table, seed++, 40);
      ASSERT_TRUE(outputs_match(inputs, unit.run(inputs, {0.05, 0.05}), [&table](float x) {
        return interp_value_lut(table, x);
      })) << c.name;
      total += inputs.size();
    }
  }
  std::printf("value_lut_unit: %zu inputs bit-exact\n", total);
  EXPECT_GE(total, 10'000'000u);
}

}  // namespace
}  // namespace interpsim::rtl_test
