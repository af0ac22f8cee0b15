// The SIMD array over fixed-point tables (int8 / int16 / int32 in 8- / 16- /
// 32-bit slots, docs/design.md section 6, "Decision (fixed-point tables in
// the SIMD array)"): RTL slots (subword_interp_lane) against model slots
// (IntLaneCycleModel): the same cycles, statistics and outputs; the RTL
// outputs against the golden model (FixedLookup, computed here); banked
// conflicts against an independent replay over L * 32/W requesters; and the
// inputs the array refuses. Each test runs in its own process
// (gtest_discover_tests): SystemC elaborates once per process.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/fixed_point.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/input_error.hpp"
#include "sim/simd/simd_array.hpp"
#include "sim/simd/simd_config.hpp"
#include "testbench/simd/bank_conflict_count.hpp"

namespace interpsim::simd {
namespace {

// GELU on [-4, 4), 2^n segments, in `format` (the default fx).
FixedTable gelu_table(FixedFormat format, int n) {
  return generate_fixed_table("gelu", -4.0, 3, n, EdgeMode::kExtrapolate, format);
}

uint32_t pattern(int64_t q, int width) {
  return width == 32 ? static_cast<uint32_t>(q)
                     : static_cast<uint32_t>(q) & ((uint32_t{1} << width) - 1);
}

// Inputs as W-bit patterns: three quarters inside [a, b) (every segment
// visited), the rest anywhere in the width (both edge rows).
std::vector<uint32_t> trace(const FixedTable& table, size_t count, uint64_t seed) {
  const int width = fixed_width(table.format);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> inside(
      table.qa, table.qa + (int64_t{1} << (table.m + table.fx)) - 1);
  std::uniform_int_distribution<int64_t> anywhere(fixed_min(table.format), fixed_max(table.format));
  std::vector<uint32_t> x(count);
  for (size_t i = 0; i < count; ++i) {
    const int64_t q = i % 4 == 3 ? anywhere(rng) : std::min(inside(rng), fixed_max(table.format));
    x[i] = pattern(q, width);
  }
  return x;
}

// The golden model's outputs, as W-bit patterns.
template <typename Int>
std::vector<uint32_t> golden(const FixedTable& table, const std::vector<uint32_t>& x_bits) {
  std::vector<Int> x(x_bits.size()), y(x_bits.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<Int>(x_bits[i]);
  FixedLookup(table).run(x.data(), y.data(), x.size());
  std::vector<uint32_t> bits;
  for (const Int v : y) bits.push_back(pattern(v, fixed_width(table.format)));
  return bits;
}

std::vector<uint32_t> golden_bits(const FixedTable& table, const std::vector<uint32_t>& x) {
  switch (table.format) {
    case FixedFormat::kInt8:
      return golden<int8_t>(table, x);
    case FixedFormat::kInt16:
      return golden<int16_t>(table, x);
    case FixedFormat::kInt32:
      return golden<int32_t>(table, x);
  }
  return {};
}

struct FixedCase {
  const char* name;
  FixedFormat format;
  TableOrg org;
  int banks_or_ports;
  Arbitration arbitration;
  double bytes_per_cycle;
  int fifo_depth;
};

void PrintTo(const FixedCase& c, std::ostream* out) {
  *out << c.name;
}

class FixedRtlVersusModel : public ::testing::TestWithParam<FixedCase> {};

TEST_P(FixedRtlVersusModel, SameOutputsCyclesAndStallsAndGoldenOutputs) {
  const FixedCase c = GetParam();
  const FixedTable table = gelu_table(c.format, 6);
  const int width = fixed_width(c.format);
  SimdConfig config;
  config.lanes = 5;
  config.subword = width;
  config.table_org = c.org;
  config.banks = c.banks_or_ports;
  config.read_ports = c.banks_or_ports;
  config.arbitration = c.arbitration;
  config.memory_bytes_per_cycle = c.bytes_per_cycle;
  config.memory_latency = 7;
  config.lane_fifo_depth = c.fifo_depth;
  const std::vector<uint32_t> x = trace(table, 5 * 4 * 120 + 3, 17);

  config.lane_impl = LaneImpl::kRtl;
  const MapResult rtl = run_map_fixed(config, table, x);
  config.lane_impl = LaneImpl::kModel;
  const MapResult model = run_map_fixed(config, table, x);

  EXPECT_EQ(rtl.checked, CheckKind::kRtl);
  EXPECT_EQ(model.checked, CheckKind::kRouting);
  EXPECT_EQ(rtl.mismatches, 0u);
  EXPECT_EQ(model.mismatches, 0u);
  EXPECT_EQ(rtl.output_bits, golden_bits(table, x));
  EXPECT_EQ(rtl.output_bits, model.output_bits);
  EXPECT_TRUE(rtl.stats == model.stats)
      << "cycles rtl " << rtl.stats.cycles << " model " << model.stats.cycles;
  EXPECT_EQ(rtl.stats.elements, x.size());
  EXPECT_EQ(rtl.stats.memory_bytes, 2 * x.size() * static_cast<uint64_t>(width / 8));
  // Handshakes and stalls cover every slot-cycle: L * 32/W slots.
  const StallCounts& s = rtl.stats.stalls;
  EXPECT_EQ(x.size() + s.memory + s.table_conflict + s.output + s.search + s.idle,
            rtl.stats.cycles * static_cast<uint64_t>(config.lanes * 32 / width));
  if (c.org != TableOrg::kPrivate) {
    EXPECT_GT(rtl.stats.stalls.table_conflict, 0u) << "the case should exercise arbitration";
  }
}

constexpr auto kRoundRobin = Arbitration::kRoundRobin;

INSTANTIATE_TEST_SUITE_P(
    Slots, FixedRtlVersusModel,
    ::testing::Values(
        FixedCase{"int8_private", FixedFormat::kInt8, TableOrg::kPrivate, 1, kRoundRobin, 512, 64},
        FixedCase{"int8_banked4_narrow_memory", FixedFormat::kInt8, TableOrg::kBanked, 4,
                  kRoundRobin, 12, 4},
        FixedCase{"int16_multiport3", FixedFormat::kInt16, TableOrg::kMultiport, 3, kRoundRobin,
                  512, 16},
        FixedCase{"int16_banked8_fixed", FixedFormat::kInt16, TableOrg::kBanked, 8,
                  Arbitration::kFixed, 64, 8},
        FixedCase{"int32_banked2", FixedFormat::kInt32, TableOrg::kBanked, 2, kRoundRobin, 512, 16},
        FixedCase{"int32_private_narrow_memory", FixedFormat::kInt32, TableOrg::kPrivate, 1,
                  kRoundRobin, 24, 4}),
    [](const ::testing::TestParamInfo<FixedCase>& info) { return std::string(info.param.name); });

// A banked table sees L * 32/W requesters: with ample memory and queues the
// conflicts equal a replay over that many, element e going to requester
// e mod (L * 32/W).
TEST(FixedSlots, BankedConflictsFollowFromTheSlotCount) {
  const FixedTable table = gelu_table(FixedFormat::kInt8, 6);
  SimdConfig config;
  config.lane_impl = LaneImpl::kModel;
  config.lanes = 4;
  config.subword = 8;
  config.table_org = TableOrg::kBanked;
  config.banks = 8;
  config.memory_bytes_per_cycle = 1e6;
  config.memory_latency = 0;
  config.lane_fifo_depth = 1 << 16;
  const std::vector<uint32_t> x = trace(table, 16 * 200, 3);
  const int requesters = 16;
  std::vector<std::vector<uint32_t>> rows(requesters);
  for (size_t e = 0; e < x.size(); ++e) {
    const int64_t q = static_cast<int8_t>(x[e]);
    rows[e % requesters].push_back(static_cast<uint32_t>(fixed_row(table, q)));
  }
  const ConflictCount expected = count_bank_conflicts(rows, config.banks, true);
  const MapResult result = run_map_fixed(config, table, x);
  EXPECT_EQ(result.mismatches, 0u);
  EXPECT_EQ(result.stats.stalls.table_conflict, expected.refused_lane_cycles);
  EXPECT_EQ(result.stats.bank_conflict_cycles, expected.conflicted_bank_cycles);
}

// A private table at ample bandwidth runs L * 32/W elements per cycle in the
// steady state (II 1 per slot).
TEST(FixedSlots, PrivateThroughputIsTheSlotCount) {
  for (const FixedFormat format : {FixedFormat::kInt8, FixedFormat::kInt16, FixedFormat::kInt32}) {
    const FixedTable table = gelu_table(format, 6);
    SimdConfig config;
    config.lane_impl = LaneImpl::kModel;
    config.lanes = 4;
    config.subword = fixed_width(format);
    config.memory_bytes_per_cycle = 1e6;
    config.memory_latency = 0;
    const int slots = 4 * 32 / config.subword;
    const std::vector<uint32_t> x = trace(table, static_cast<size_t>(slots) * 1000, 5);
    const MapResult result = run_map_fixed(config, table, x);
    EXPECT_EQ(result.mismatches, 0u);
    // 1000 elements per slot, plus fill and drain of a few cycles.
    EXPECT_GE(result.stats.cycles, 1000u);
    EXPECT_LE(result.stats.cycles, 1000u + 20u) << fixed_format_names().name(format);
  }
}

TEST(FixedSlots, RefusesWhatTheArrayCannotRun) {
  const FixedTable int16 = gelu_table(FixedFormat::kInt16, 6);
  const std::vector<uint32_t> x = trace(int16, 64, 1);
  SimdConfig config;
  config.lanes = 2;
  config.subword = 32;  // an int16 table runs in 16-bit slots only
  EXPECT_THROW(run_map_fixed(config, int16, x), InputError);
  config.subword = 8;
  EXPECT_THROW(run_map_fixed(config, int16, x), InputError);
  config.subword = 16;
  config.table.design = LookupDesign::kBsearch;
  EXPECT_THROW(run_map_fixed(config, int16, x), InputError);
  // The verilated sub-word lane indexes at most 2^10 segments.
  config.table.design = LookupDesign::kUniform;
  config.lane_impl = LaneImpl::kRtl;
  const FixedTable wide =
      generate_fixed_table("gelu", -4.0, 3, 11, EdgeMode::kExtrapolate, FixedFormat::kInt16);
  EXPECT_THROW(run_map_fixed(config, wide, x), InputError);
  config.lane_impl = LaneImpl::kModel;
  EXPECT_EQ(run_map_fixed(config, wide, x).mismatches, 0u);
}

}  // namespace
}  // namespace interpsim::simd
