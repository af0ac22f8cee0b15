// lane_impl = rtl: the verilated rtl/interp_lane.sv behind the SIMT model's
// INTERP instruction, against the C++ cycle model of the same lane (the
// default) and the Algorithm 1 golden model: same latency, same per-batch
// cycles, same outputs bit for bit, and whole simulations with identical
// cycles, stall counters and outputs.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/float_bits.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/lanes/in_order_lane.hpp"
#include "sim/simt/kernels.hpp"
#include "sim/simt/simt_config.hpp"
#include "sim/simt/simt_run.hpp"

namespace interpsim::simt {
namespace {

uint32_t canonical(uint32_t bits) {
  return std::isnan(bits_to_float(bits)) ? 0x7FC00000u : bits;
}

// Corners of Algorithm 1 (edges, breakpoints, specials) and random words.
std::vector<uint32_t> lane_inputs(const UniformTable& table, size_t random_count) {
  std::vector<uint32_t> x;
  for (float v : {0.0f, -0.0f, table.a, table.upper(), std::nextafter(table.a, -INFINITY),
                  std::nextafter(table.upper(), table.a), -INFINITY, INFINITY, NAN, 1e-45f, -1e-45f,
                  1e30f, -1e30f}) {
    x.push_back(float_to_bits(v));
  }
  x.push_back(0xFFC00001u);  // a negative NaN with a payload
  const double width = table.width();
  for (size_t i = 0; i <= table.segments(); ++i) {
    const float t = static_cast<float>(table.a + i * width);
    x.push_back(float_to_bits(std::nextafter(t, -INFINITY)));
    x.push_back(float_to_bits(t));
    x.push_back(float_to_bits(std::nextafter(t, INFINITY)));
  }
  std::mt19937 random(11);
  std::uniform_real_distribution<float> inside(table.a - 1.0f, table.upper() + 1.0f);
  for (size_t i = 0; i < random_count; ++i) x.push_back(float_to_bits(inside(random)));
  for (size_t i = 0; i < random_count / 4; ++i) x.push_back(random());
  return x;
}

struct TableCase {
  const char* func;
  float a;
  int m;
  int n;
};

void PrintTo(const TableCase& c, std::ostream* out) {
  *out << c.func << " a=" << c.a << " m=" << c.m << " n=" << c.n;
}

class SimtRtlLane : public ::testing::TestWithParam<TableCase> {};

TEST_P(SimtRtlLane, MatchesTheModelLaneAndTheGoldenModel) {
  const TableCase& p = GetParam();
  const UniformTable table = generate_table(p.func, p.a, p.m, p.n, EdgeMode::kExtrapolate);
  const auto model = lanes::make_in_order_lane(lanes::LaneImpl::kModel, table);
  const auto rtl = lanes::make_in_order_lane(lanes::LaneImpl::kRtl, table);
  ASSERT_EQ(rtl->latency(), model->latency());
  EXPECT_EQ(rtl->latency(), 9);  // docs/rtl.md: subtract 2, classify, index, read, FMA 4

  const std::vector<uint32_t> x = lane_inputs(table, 20000);
  std::mt19937 random(5);
  size_t mismatches = 0;
  for (size_t start = 0; start < x.size();) {
    // Warp-sized batches and the ragged ones a divergent or tail warp sends.
    const int count = std::min<int>(1 + static_cast<int>(random() % 32), x.size() - start);
    uint32_t y_model[32], y_rtl[32];
    const int cycles_model = model->evaluate(&x[start], y_model, count);
    const int cycles_rtl = rtl->evaluate(&x[start], y_rtl, count);
    ASSERT_EQ(cycles_rtl, cycles_model) << "batch at " << start;
    EXPECT_EQ(cycles_rtl, rtl->latency() + count - 1);
    for (int i = 0; i < count; ++i) {
      const uint32_t golden =
          canonical(float_to_bits(interp_uniform(table, bits_to_float(x[start + i]))));
      if (y_rtl[i] != y_model[i] || canonical(y_rtl[i]) != golden) {
        if (++mismatches <= 5) {
          ADD_FAILURE() << std::hex << "x=0x" << x[start + i] << " rtl 0x" << y_rtl[i]
                        << " model 0x" << y_model[i] << " golden 0x" << golden;
        }
      }
    }
    start += count;
  }
  EXPECT_EQ(mismatches, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Tables, SimtRtlLane,
    ::testing::Values(TableCase{"gelu", -5.0f, 3, 12}, TableCase{"exp", -16.0f, 4, 6},
                      TableCase{"tanh", -8.0f, 4, 1}, TableCase{"sigmoid", -8.0f, 4, 16}),
    [](const ::testing::TestParamInfo<TableCase>& info) {
      return std::string(info.param.func) + "_n" + std::to_string(info.param.n);
    });

TEST(SimtRtlRun, InterpKernelGivesIdenticalStatsAndOutputs) {
  // The `interp` kernel over a trace with a ragged tail on a small V100
  // (2 SMs), with one and with four INTERP lanes per scheduler.
  const UniformTable table = generate_table("gelu", -5.0f, 3, 12, EdgeMode::kExtrapolate);
  GlobalBuffers input;
  input.input = lane_inputs(table, 60000);
  const TableShape shape{table.a, table.upper(), table.m, table.n};
  for (int lanes : {1, 4}) {
    SimtConfig c = load_simt_config(default_configs_dir() + "/v100.ini");
    c.sms = 2;
    c.interp_lanes_per_scheduler = lanes;
    const Program program = build_program(find_kernel("interp", "test"), shape, c);
    GlobalBuffers with_model = input, with_rtl = input;
    const auto model = lanes::make_in_order_lane(lanes::LaneImpl::kModel, table);
    const auto rtl = lanes::make_in_order_lane(lanes::LaneImpl::kRtl, table);
    const SimtStats m = simulate(c, program, with_model, model.get());
    const SimtStats r = simulate(c, program, with_rtl, rtl.get());
    EXPECT_EQ(r.cycles, m.cycles) << lanes;
    EXPECT_EQ(r.warp_instructions, m.warp_instructions);
    EXPECT_EQ(r.unit_busy, m.unit_busy);
    EXPECT_EQ(r.stalls, m.stalls);
    EXPECT_EQ(r.table_reads, m.table_reads);
    EXPECT_EQ(r.dram_read_bytes, m.dram_read_bytes);
    EXPECT_EQ(r.interp_latency, m.interp_latency);
    ASSERT_EQ(with_rtl.output.size(), input.input.size());
    size_t mismatches = 0;
    for (size_t i = 0; i < input.input.size(); ++i) {
      const uint32_t golden =
          canonical(float_to_bits(interp_uniform(table, bits_to_float(input.input[i]))));
      if (with_rtl.output[i] != with_model.output[i] || canonical(with_rtl.output[i]) != golden) {
        ++mismatches;
      }
    }
    EXPECT_EQ(mismatches, 0u) << lanes;
  }
}

TEST(SimtRtlRun, RunSimtChecksTheRtlLaneAgainstTheGoldenModel) {
  SimtConfig c = load_simt_config(default_configs_dir() + "/h100.ini");
  c.kernel = "interp";
  c.sms = 4;
  c.elements = 100000;
  c.interp_lanes_per_scheduler = 2;
  c.lane_impl = lanes::LaneImpl::kRtl;
  const SimtRun rtl = run_simt(c);
  c.lane_impl = lanes::LaneImpl::kModel;
  const SimtRun model = run_simt(c);
  EXPECT_EQ(rtl.checked, CheckKind::kRtl);
  EXPECT_EQ(rtl.mismatches, 0u);
  EXPECT_EQ(rtl.stats.cycles, model.stats.cycles);
  EXPECT_EQ(rtl.stats.stalls, model.stats.stalls);
}

// Narrow formats: the verilated interp_lane instance of (format, kb) behind
// INTERP (sim/lanes' factory) against the model lane with FormatLookup's
// values: the same cycles and stalls, 0 mismatches in the format.
TEST(SimtRtlRun, FormatInstancesMatchTheModelLane) {
  for (NumberFormat format : {NumberFormat::kFp16, NumberFormat::kBf16, NumberFormat::kFp8E4M3}) {
    for (KbFormat kb : {KbFormat::kIo, KbFormat::kFp32}) {
      SimtConfig c = load_simt_config(default_configs_dir() + "/v100.ini");
      c.kernel = "interp";
      c.sms = 4;
      c.elements = 100000;
      c.interp_lanes_per_scheduler = 4;
      c.table.segments = 64;
      c.table.format = format;
      c.table.kb = kb;
      c.lane_impl = lanes::LaneImpl::kRtl;
      const SimtRun rtl = run_simt(c);
      c.lane_impl = lanes::LaneImpl::kModel;
      const SimtRun model = run_simt(c);
      const std::string what =
          number_format_names().name(format) + "/" + kb_format_names().name(kb);
      EXPECT_EQ(rtl.checked, CheckKind::kRtl) << what;
      EXPECT_EQ(rtl.mismatches, 0u) << what;
      EXPECT_EQ(model.mismatches, 0u) << what;
      EXPECT_EQ(rtl.stats.cycles, model.stats.cycles) << what;
      EXPECT_EQ(rtl.stats.stalls, model.stats.stalls) << what;
      EXPECT_EQ(rtl.stats.interp_latency, model.stats.interp_latency) << what;
    }
  }
}

}  // namespace
}  // namespace interpsim::simt
