// The SIMD array with sub-word lanes (`subword = 16 | 8`: 2 or 4 slots per
// 32-bit lane, docs/design.md section 6, "Decision (sub-word lanes)"): RTL
// slots against model slots (same outputs, cycles and statistics; RTL outputs
// against the golden model), banked-table conflicts against an independent
// replay over L * 32/subword requesters, throughput against the bounds the
// configuration gives (L * 32/subword slots, bytes / (2 element_bytes)), and
// the inputs the option refuses. Each test runs in its own process
// (gtest_discover_tests): SystemC elaborates once per process.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/input_error.hpp"
#include "model/lane_cycle_model.hpp"
#include "sim/lanes/model_lanes.hpp"
#include "sim/simd/simd_array.hpp"
#include "sim/simd/simd_config.hpp"
#include "testbench/rtl/input_sets.hpp"
#include "testbench/simd/bank_conflict_count.hpp"

namespace interpsim::simd {
namespace {

// GELU-like pre-activations rounded to `format`.
std::vector<uint32_t> trace_bits(NumberFormat format, size_t count, uint64_t seed) {
  std::vector<uint32_t> bits;
  for (const uint32_t v : rtl_test::trace_like(-0.5f, 2.0f, count, seed)) {
    bits.push_back(format == NumberFormat::kFp32 ? v : round_to_format(format, bits_to_float(v)));
  }
  return bits;
}

// The fp8 configuration's table (configs/simd-64-fp8e4m3.ini): 256 segments
// of GELU on [-5, 3), a normal w in every format.
SimdConfig subword_config(int subword, NumberFormat format, KbFormat kb) {
  SimdConfig config;
  config.subword = subword;
  config.table.func = "gelu";
  config.table.a = -5.0f;
  config.table.m = 3;
  config.table.segments = 256;
  config.table.format = format;
  config.table.kb = kb;
  return config;
}

struct SubwordCase {
  const char* name;
  int subword;
  NumberFormat format;
  KbFormat kb;
  TableOrg org;
  int banks_or_ports;
  Arbitration arbitration;
  double bytes_per_cycle;
  int fifo_depth;
};

void PrintTo(const SubwordCase& c, std::ostream* out) {
  *out << c.name;
}

class SubwordRtlVersusModel : public ::testing::TestWithParam<SubwordCase> {};

TEST_P(SubwordRtlVersusModel, SameOutputsCyclesAndStalls) {
  const SubwordCase c = GetParam();
  SimdConfig config = subword_config(c.subword, c.format, c.kb);
  config.lanes = 8;
  config.table_org = c.org;
  config.banks = c.banks_or_ports;
  config.read_ports = c.banks_or_ports;
  config.arbitration = c.arbitration;
  config.memory_bytes_per_cycle = c.bytes_per_cycle;
  config.memory_latency = 10;
  config.lane_fifo_depth = c.fifo_depth;
  const LookupTables tables = build_lookup_tables(config.table);
  const std::vector<uint32_t> x = trace_bits(c.format, 8 * 4 * 150 + 5, 21);

  config.lane_impl = LaneImpl::kRtl;
  const MapResult rtl = run_map_bits(config, tables, x);
  config.lane_impl = LaneImpl::kModel;
  const MapResult model = run_map_bits(config, tables, x);

  EXPECT_EQ(rtl.checked, CheckKind::kRtl);
  EXPECT_EQ(rtl.mismatches, 0u);
  EXPECT_EQ(model.mismatches, 0u);
  EXPECT_EQ(rtl.output_bits, model.output_bits);
  EXPECT_EQ(rtl.stats.cycles, model.stats.cycles);
  EXPECT_EQ(rtl.stats.elements, x.size());
  EXPECT_EQ(rtl.stats.stalls.memory, model.stats.stalls.memory);
  EXPECT_EQ(rtl.stats.stalls.table_conflict, model.stats.stalls.table_conflict);
  EXPECT_EQ(rtl.stats.stalls.output, model.stats.stalls.output);
  EXPECT_EQ(rtl.stats.stalls.idle, model.stats.stalls.idle);
  EXPECT_EQ(rtl.stats.table_reads, model.stats.table_reads);
  EXPECT_EQ(rtl.stats.bank_conflict_cycles, model.stats.bank_conflict_cycles);
  EXPECT_EQ(rtl.stats.memory_bytes, 2 * x.size() * static_cast<uint64_t>(element_bytes(c.format)));
  // Handshakes and stalls cover every slot-cycle: L * 32/subword slots.
  const StallCounts& s = rtl.stats.stalls;
  EXPECT_EQ(x.size() + s.memory + s.table_conflict + s.output + s.search + s.idle,
            rtl.stats.cycles * static_cast<uint64_t>(config.lanes * 32 / c.subword));
}

constexpr auto kRoundRobin = Arbitration::kRoundRobin;
constexpr auto kFixed = Arbitration::kFixed;
constexpr auto kFp16 = NumberFormat::kFp16;
constexpr auto kBf16 = NumberFormat::kBf16;
constexpr auto kFp8E4M3 = NumberFormat::kFp8E4M3;
constexpr auto kFp8E5M2 = NumberFormat::kFp8E5M2;

INSTANTIATE_TEST_SUITE_P(
    Slots, SubwordRtlVersusModel,
    ::testing::Values(SubwordCase{"int16_banked8", 16, kFp16, KbFormat::kIo, TableOrg::kBanked, 8,
                                  kRoundRobin, 256, 16},
                      SubwordCase{"int16_bf16_banked4_fixed", 16, kBf16, KbFormat::kFp32,
                                  TableOrg::kBanked, 4, kFixed, 64, 4},
                      SubwordCase{"int8_multiport4", 8, kFp8E4M3, KbFormat::kIo,
                                  TableOrg::kMultiport, 4, kRoundRobin, 256, 16},
                      SubwordCase{"int8_private_narrow_memory", 8, kFp8E5M2, KbFormat::kFp32,
                                  TableOrg::kPrivate, 1, kRoundRobin, 24, 4},
                      SubwordCase{"int8_banked16", 8, kFp8E4M3, KbFormat::kIo, TableOrg::kBanked,
                                  16, kRoundRobin, 512, 64}),
    [](const ::testing::TestParamInfo<SubwordCase>& info) { return std::string(info.param.name); });

// A banked table sees L * 32/subword requesters: the conflicts equal a replay
// over that many, slot s of lane l being requester l * S + s and element e
// going to requester e mod (L * S).
void check_banked_slots(int subword, NumberFormat format, int lanes, int banks) {
  SimdConfig config = subword_config(subword, format, KbFormat::kIo);
  config.lane_impl = LaneImpl::kModel;
  config.lanes = lanes;
  config.table_org = TableOrg::kBanked;
  config.banks = banks;
  const int slots = lanes * 32 / subword;
  const size_t per_slot = 300;
  config.memory_bytes_per_cycle = 16.0 * slots;
  config.memory_latency = 5;
  config.lane_fifo_depth = static_cast<int>(per_slot) + 2;
  const LookupTables tables = build_lookup_tables(config.table);
  const std::vector<uint32_t> x = trace_bits(format, per_slot * slots, 13);
  const MapResult result = run_map_bits(config, tables, x);

  const lanes::PrecomputedElements rows =
      lanes::precompute_elements(LookupDesign::kUniform, tables, x, true);
  std::vector<std::vector<uint32_t>> rows_of_slot(slots);
  for (size_t i = 0; i < x.size(); ++i) rows_of_slot[i % slots].push_back(rows.rows[i]);
  const ConflictCount expected = count_bank_conflicts(rows_of_slot, banks, true);
  EXPECT_GT(expected.refused_lane_cycles, 0u);
  EXPECT_EQ(result.stats.stalls.table_conflict, expected.refused_lane_cycles);
  EXPECT_EQ(result.stats.bank_conflict_cycles, expected.conflicted_bank_cycles);
  EXPECT_EQ(result.stats.stalls.memory, static_cast<uint64_t>(slots) * config.memory_latency);
  EXPECT_EQ(result.mismatches, 0u);
}

TEST(SubwordBanked, Int16ConflictsFollowFromTwiceTheRequesters) {
  check_banked_slots(16, kFp16, 32, 16);
}

TEST(SubwordBanked, Int8ConflictsFollowFromFourTimesTheRequesters) {
  check_banked_slots(8, kFp8E4M3, 16, 16);
}

// Private tables, memory to spare: L * 32/subword elements per cycle, i.e. 1,
// 2 and 4 per 32-bit lane; with B bytes per cycle: B / (2 element_bytes).
TEST(SubwordThroughput, PrivateTablesReachSlotsPerCycleOrTheMemoryBound) {
  struct Width {
    int subword;
    NumberFormat format;
  };
  const int lanes = 32;
  const size_t count = 32 * 4 * 500;
  for (const Width w : {Width{32, NumberFormat::kFp32}, Width{16, kFp16}, Width{8, kFp8E4M3}}) {
    for (const double bytes : {1024.0, 64.0}) {
      SimdConfig config = subword_config(w.subword, w.format, KbFormat::kFp32);
      config.lane_impl = LaneImpl::kModel;
      config.lanes = lanes;
      config.memory_bytes_per_cycle = bytes;
      const LookupTables tables = build_lookup_tables(config.table);
      const MapResult result = run_map_bits(config, tables, trace_bits(w.format, count, 5));
      const double slots = lanes * 32.0 / w.subword;
      const double bound = std::min(slots, bytes / (2.0 * element_bytes(w.format)));
      const double cycles = static_cast<double>(result.stats.cycles);
      const double slack = config.memory_latency + kInterpLaneLatency + 4;
      EXPECT_GE(cycles, std::ceil(count / bound)) << w.subword << " at " << bytes;
      EXPECT_LE(cycles, std::ceil(count / bound) + slack) << w.subword << " at " << bytes;
      EXPECT_EQ(result.stats.stalls.table_conflict, 0u);
      EXPECT_EQ(result.mismatches, 0u);
    }
  }
}

TEST(SubwordConfig, ElementsWiderThanTheSlotAreRefused) {
  SimdConfig config = subword_config(8, kFp16, KbFormat::kIo);
  config.lanes = 2;
  config.lane_impl = LaneImpl::kModel;
  const LookupTables tables = build_lookup_tables(config.table);
  try {
    run_map_bits(config, tables, trace_bits(kFp16, 16, 1));
    FAIL() << "fp16 in 8-bit slots accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("subword"), std::string::npos) << e.what();
  }
  config = subword_config(16, NumberFormat::kFp32, KbFormat::kFp32);
  config.lanes = 2;
  config.lane_impl = LaneImpl::kModel;
  EXPECT_THROW(run_map_bits(config, build_lookup_tables(config.table),
                            trace_bits(NumberFormat::kFp32, 16, 1)),
               InputError);
}

void set_param(SimdConfig& config, const std::string& key, const std::string& text,
               const std::string& where) {
  for (const auto& param : simd_params().params()) {
    if (param.key == key) return param.set(config, text, where);
  }
  FAIL() << "no key " << key;
}

TEST(SubwordConfig, OnlyThirtyTwoSixteenAndEightAreWidths) {
  SimdConfig config;
  for (const char* good : {"32", "16", "8"}) {
    set_param(config, "subword", good, "test");
    EXPECT_EQ(config.subword, std::stoi(good));
  }
  for (const char* bad : {"4", "12", "64", "x", ""}) {
    try {
      set_param(config, "subword", bad, "cfg.ini:3");
      FAIL() << "subword " << bad << " accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("cfg.ini:3: subword: ", 0), 0u) << e.what();
    }
  }
}

}  // namespace
}  // namespace interpsim::simd
