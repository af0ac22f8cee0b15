// rtl/lbfp8_int_interp_lane.sv (verilated, Width 8 and 16) against the
// model's LBFP8 input path (model/lbfp_lane.cpp lbfp8_decode_fixed, then
// model/fixed_point.cpp fixed_eval), bit for bit: for every paper function's
// int8 and int16 tables (16 and 256 segments), every one of the 256 element
// codes at every block exponent from where every element rounds to 0 to
// where every one saturates (and the int8 extremes), with random input
// bubbles, denied table grants and output stalls; and the latency at full
// rate.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "Vlbfp8_int_interp_lane_int16.h"
#include "Vlbfp8_int_interp_lane_int8.h"
#include "model/fixed_point.hpp"
#include "model/lbfp.hpp"
#include "model/lbfp_lane.hpp"
#include "testbench/rtl/fixed_lane_cases.hpp"
#include "testbench/rtl/lbfp_lane_stream.hpp"

namespace interpsim {
namespace {

using rtl_test::full_rate_output_cycles;
using rtl_test::lane_config;
using rtl_test::LaneConfig;
using rtl_test::paper_tables;
using rtl_test::sign_extend;
using rtl_test::stream_lbfp_lane;
using Element = rtl_test::LbfpElement;

constexpr uint64_t kLatency = INTERPSIM_LBFP8_INT_LANE_LATENCY;

std::vector<Element> inputs_for(const FixedTable& table) {
  const int width = fixed_width(table.format);
  std::vector<int> exponents = {kLbfpMinExponent, kLbfpMaxExponent};
  for (int e = -table.fx - 2; e <= width - table.fx + 1; ++e) exponents.push_back(e);
  std::vector<Element> inputs;
  for (const int e : exponents) {
    for (int code = 0; code < 256; ++code) {
      inputs.push_back({static_cast<uint8_t>(code), static_cast<int8_t>(e)});
    }
  }
  return inputs;
}

template <typename Lane>
void configure_and_reset(Lane& lane, const FixedTable& table) {
  const LaneConfig config = lane_config(table);
  const int width = fixed_width(table.format);
  lane.cfg_qa_i = static_cast<uint32_t>(table.qa) & ((1u << width) - 1);
  lane.cfg_span_i = static_cast<uint8_t>(config.span);
  lane.cfg_n_i = static_cast<uint8_t>(table.n);
  lane.cfg_fx_i = static_cast<uint8_t>(table.fx);
  lane.cfg_shk_i = static_cast<uint8_t>(config.shk);
  lane.cfg_shb_i = static_cast<uint8_t>(config.shb);
  lane.cfg_drop_i = static_cast<uint8_t>(config.drop & 0xFF);
  lane.in_valid_i = 0;
  lane.out_ready_i = 0;
  lane.tbl_gnt_i = 0;
  lane.clk_i = 0;
  lane.rst_ni = 0;
  lane.eval();
  lane.rst_ni = 1;
  lane.eval();
}

uint64_t row_word(const FixedTable& table, size_t row) {
  const int width = fixed_width(table.format);
  const uint64_t mask = (uint64_t{1} << width) - 1;
  return ((static_cast<uint64_t>(table.k.at(row)) & mask) << width) |
         (static_cast<uint64_t>(table.b.at(row)) & mask);
}

// Streams `inputs` through the lane with random stalls; the number of
// outputs that differ from the model (each of the first five reported).
template <typename Lane>
int run_table(const FixedTable& table, const std::vector<Element>& inputs, uint32_t seed) {
  auto lane = std::make_unique<Lane>();
  configure_and_reset(*lane, table);
  const int width = fixed_width(table.format);
  return stream_lbfp_lane(
      *lane, inputs, seed, [&](size_t row) { return row_word(table, row); },
      [&](const Element& in) {
        return fixed_eval(table, lbfp8_decode_fixed(in.x, in.e, table.format, table.fx));
      },
      [&](uint64_t y) { return sign_extend(y, width); },
      table.func + " int" + std::to_string(width) + " n=" + std::to_string(table.n));
}

template <typename Lane>
void check_every_code(FixedFormat format) {
  size_t tables = 0;
  size_t elements = 0;
  for (const FixedTable& table : paper_tables(format)) {
    const std::vector<Element> inputs = inputs_for(table);
    EXPECT_EQ(run_table<Lane>(table, inputs, 11u + static_cast<uint32_t>(tables)), 0)
        << table.func << " n=" << table.n;
    ++tables;
    elements += inputs.size();
  }
  std::printf("int%d: %zu tables, %zu elements\n", fixed_width(format), tables, elements);
}

TEST(Lbfp8IntInterpLane, Int8MatchesModelOnEveryCodeAndExponent) {
  check_every_code<Vlbfp8_int_interp_lane_int8>(FixedFormat::kInt8);
}

TEST(Lbfp8IntInterpLane, Int16MatchesModelOnEveryCodeAndExponent) {
  check_every_code<Vlbfp8_int_interp_lane_int16>(FixedFormat::kInt16);
}

// No stalls: one element a cycle, output i in cycle i + Latency.
TEST(Lbfp8IntInterpLane, LatencyAndOneElementPerCycle) {
  const FixedTable table = paper_tables(FixedFormat::kInt16).front();
  auto lane = std::make_unique<Vlbfp8_int_interp_lane_int16>();
  configure_and_reset(*lane, table);
  constexpr int kElements = 32;
  const std::vector<uint64_t> output_cycles = full_rate_output_cycles(
      *lane, kElements, -1, [&](size_t row) { return row_word(table, row); });
  ASSERT_EQ(output_cycles.size(), size_t{kElements});
  for (int i = 0; i < kElements; ++i) {
    EXPECT_EQ(output_cycles[i], static_cast<uint64_t>(i) + kLatency) << "element " << i;
  }
}

}  // namespace
}  // namespace interpsim
