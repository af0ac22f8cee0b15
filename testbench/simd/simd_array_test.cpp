// The SystemC SIMD array (sim/simd/): RTL lanes against cycle-model lanes
// (same outputs, same cycles, same statistics), outputs against the golden
// model, throughput against what the configuration allows, bank-conflict
// stalls against a count made here from the trace, softmax against float64.
// Each test runs in its own process (gtest_discover_tests): SystemC
// elaborates once per process.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/bsearch_lookup.hpp"
#include "model/float_bits.hpp"
#include "model/input_error.hpp"
#include "model/nonuniform.hpp"
#include "model/uniform_lookup.hpp"
#include "model/value_lut.hpp"
#include "sim/common/ini_file.hpp"
#include "sim/simd/simd_array.hpp"
#include "sim/simd/simd_config.hpp"
#include "sim/simd/softmax.hpp"
#include "testbench/rtl/input_sets.hpp"
#include "testbench/simd/bank_conflict_count.hpp"

namespace interpsim::simd {
namespace {

std::vector<float> make_trace(size_t count, uint64_t seed) {
  std::vector<uint32_t> bits = rtl_test::trace_like(-0.5f, 2.0f, count, seed);
  // A few corner values (NaN, infinities, zeros, edges) at fixed places.
  const std::vector<uint32_t> corners = rtl_test::ieee_corners(-5.0f, 3.0f);
  for (size_t i = 0; i < corners.size() && i * 37 < bits.size(); ++i) bits[i * 37] = corners[i];
  std::vector<float> trace(bits.size());
  for (size_t i = 0; i < bits.size(); ++i) trace[i] = bits_to_float(bits[i]);
  return trace;
}

SimdConfig base_config() {
  SimdConfig config;
  config.table.func = "gelu";
  config.table.segments = 4096;
  return config;
}

// The golden model evaluated here element by element (scalar paths).
std::vector<float> scalar_golden(const SimdConfig& config, const LookupTables& tables,
                                 const std::vector<float>& input) {
  std::vector<float> output(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    switch (config.table.design) {
      case LookupDesign::kUniform:
        output[i] = interp_uniform(tables.uniform, input[i]);
        break;
      case LookupDesign::kBsearch:
        output[i] = interp_bsearch(tables.bsearch, input[i]);
        break;
      case LookupDesign::kNonuniform:
        output[i] = interp_nonuniform(tables.nonuniform, input[i]);
        break;
      case LookupDesign::kValue:
        output[i] = interp_value_lut(tables.value, input[i]);
        break;
    }
  }
  return output;
}

void expect_same_bits(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  size_t differences = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (canonical_bits(actual[i]) != canonical_bits(expected[i])) {
      if (++differences <= 5) {
        ADD_FAILURE() << "element " << i << ": 0x" << std::hex << canonical_bits(actual[i])
                      << " != 0x" << canonical_bits(expected[i]);
      }
    }
  }
  EXPECT_EQ(differences, 0u);
}

// ---------------------------------------------------------------------------
// RTL lanes and cycle-model lanes: same outputs, same cycles, same stalls.
// ---------------------------------------------------------------------------

struct ArrayCase {
  const char* name;
  int lanes;
  LookupDesign design;
  BsearchVariant variant;
  int segments;
  TableOrg org;
  int banks_or_ports;
  Arbitration arbitration;
  double bytes_per_cycle;
  int latency;
  int fifo_depth;
  size_t elements;
};

void PrintTo(const ArrayCase& c, std::ostream* out) {
  *out << c.name;
}

class RtlVersusModel : public ::testing::TestWithParam<ArrayCase> {};

TEST_P(RtlVersusModel, SameOutputsCyclesAndStalls) {
  const ArrayCase c = GetParam();
  SimdConfig config = base_config();
  config.lanes = c.lanes;
  config.table.design = c.design;
  config.table.bsearch_variant = c.variant;
  config.table.segments = c.segments;
  config.table_org = c.org;
  config.banks = c.banks_or_ports;
  config.read_ports = c.banks_or_ports;
  config.arbitration = c.arbitration;
  config.memory_bytes_per_cycle = c.bytes_per_cycle;
  config.memory_latency = c.latency;
  config.lane_fifo_depth = c.fifo_depth;
  const LookupTables tables = build_lookup_tables(config.table);
  const std::vector<float> trace = make_trace(c.elements, 7 + c.lanes);

  config.lane_impl = LaneImpl::kRtl;
  const MapResult rtl = run_map(config, tables, trace);
  config.lane_impl = LaneImpl::kModel;
  const MapResult model = run_map(config, tables, trace);

  EXPECT_EQ(rtl.stats.cycles, model.stats.cycles);
  EXPECT_EQ(rtl.stats.elements, trace.size());
  EXPECT_EQ(model.stats.elements, trace.size());
  EXPECT_EQ(rtl.stats.stalls.memory, model.stats.stalls.memory);
  EXPECT_EQ(rtl.stats.stalls.table_conflict, model.stats.stalls.table_conflict);
  EXPECT_EQ(rtl.stats.stalls.output, model.stats.stalls.output);
  EXPECT_EQ(rtl.stats.stalls.search, model.stats.stalls.search);
  EXPECT_EQ(rtl.stats.stalls.idle, model.stats.stalls.idle);
  EXPECT_EQ(rtl.stats.table_reads, model.stats.table_reads);
  EXPECT_EQ(rtl.stats.bank_conflict_cycles, model.stats.bank_conflict_cycles);
  EXPECT_EQ(rtl.mismatches, 0u);
  EXPECT_EQ(model.mismatches, 0u);
  const std::vector<float> golden = scalar_golden(config, tables, trace);
  expect_same_bits(rtl.output, golden);
  expect_same_bits(model.output, golden);
}

constexpr auto kUniform = LookupDesign::kUniform;
constexpr auto kBsearch = LookupDesign::kBsearch;
constexpr auto kValue = LookupDesign::kValue;
constexpr auto kNonuniform = LookupDesign::kNonuniform;
constexpr auto kPipelined = BsearchVariant::kPipelined;
constexpr auto kIterative = BsearchVariant::kIterative;
constexpr auto kRoundRobin = Arbitration::kRoundRobin;
constexpr auto kFixed = Arbitration::kFixed;

INSTANTIATE_TEST_SUITE_P(
    Configs, RtlVersusModel,
    ::testing::Values(ArrayCase{"private64", 64, kUniform, kPipelined, 4096, TableOrg::kPrivate, 1,
                                kRoundRobin, 512, 20, 64, 64 * 40},
                      ArrayCase{"banked16_rr", 64, kUniform, kPipelined, 4096, TableOrg::kBanked,
                                16, kRoundRobin, 512, 20, 64, 64 * 30},
                      ArrayCase{"banked4_fixed_7lanes", 7, kUniform, kPipelined, 256,
                                TableOrg::kBanked, 4, kFixed, 64, 3, 8, 7 * 200},
                      ArrayCase{"multiport4", 32, kUniform, kPipelined, 1024, TableOrg::kMultiport,
                                4, kRoundRobin, 256, 10, 16, 32 * 40},
                      ArrayCase{"multiport2_fixed", 16, kUniform, kPipelined, 64,
                                TableOrg::kMultiport, 2, kFixed, 256, 10, 16, 16 * 60},
                      ArrayCase{"narrow_memory_backpressure", 16, kUniform, kPipelined, 4096,
                                TableOrg::kPrivate, 1, kRoundRobin, 24, 50, 4, 16 * 80},
                      ArrayCase{"banked_tiny_queues", 16, kUniform, kPipelined, 4096,
                                TableOrg::kBanked, 8, kRoundRobin, 10, 7, 2, 16 * 60},
                      ArrayCase{"one_lane", 1, kUniform, kPipelined, 16, TableOrg::kPrivate, 1,
                                kRoundRobin, 3, 2, 1, 500},
                      ArrayCase{"bsearch_pipelined_256", 16, kBsearch, kPipelined, 256,
                                TableOrg::kPrivate, 1, kRoundRobin, 128, 10, 16, 16 * 60},
                      ArrayCase{"bsearch_iterative_16", 8, kBsearch, kIterative, 16,
                                TableOrg::kPrivate, 1, kRoundRobin, 64, 10, 8, 8 * 60},
                      ArrayCase{"bsearch_iterative_256_backpressure", 8, kBsearch, kIterative, 256,
                                TableOrg::kPrivate, 1, kRoundRobin, 5, 10, 2, 8 * 60},
                      // The value LUT (design value): 257 and 65 entries, private and shared.
                      ArrayCase{"value_private_257", 16, kValue, kPipelined, 256,
                                TableOrg::kPrivate, 1, kRoundRobin, 128, 10, 16, 16 * 60},
                      ArrayCase{"value_banked4_65", 16, kValue, kPipelined, 64, TableOrg::kBanked,
                                4, kRoundRobin, 64, 5, 4, 16 * 60},
                      ArrayCase{"value_multiport2_backpressure", 8, kValue, kPipelined, 256,
                                TableOrg::kMultiport, 2, kFixed, 10, 7, 2, 8 * 60},
                      ArrayCase{"nonuniform_private_256", 16, kNonuniform, kPipelined, 256,
                                TableOrg::kPrivate, 1, kRoundRobin, 128, 10, 16, 16 * 60},
                      ArrayCase{"nonuniform_banked8_4096", 16, kNonuniform, kPipelined, 4096,
                                TableOrg::kBanked, 8, kRoundRobin, 64, 10, 8, 16 * 60},
                      ArrayCase{"nonuniform_multiport2_backpressure", 8, kNonuniform, kPipelined,
                                64, TableOrg::kMultiport, 2, kFixed, 5, 10, 2, 8 * 60}),
    [](const ::testing::TestParamInfo<ArrayCase>& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------------------
// Throughput against what the configuration allows.
// ---------------------------------------------------------------------------

TEST(SimdThroughput, PrivateTablesAmpleBandwidthReachLanesPerCycle) {
  SimdConfig config = base_config();
  config.lane_impl = LaneImpl::kModel;
  config.lanes = 64;
  config.memory_bytes_per_cycle = 64 * 8;
  const LookupTables tables = build_lookup_tables(config.table);
  const MapResult result = run_map(config, tables, make_trace(64 * 10000, 3));
  const double per_cycle = static_cast<double>(result.stats.elements) / result.stats.cycles;
  EXPECT_NEAR(per_cycle, 64.0, 0.64);
  EXPECT_EQ(result.stats.stalls.table_conflict, 0u);
  EXPECT_EQ(result.mismatches, 0u);
}

TEST(SimdThroughput, LimitedBandwidthGivesBytesPerCycleOverEight) {
  for (const double bytes : {64.0, 20.0, 6.0}) {
    SimdConfig config = base_config();
    config.lane_impl = LaneImpl::kModel;
    config.lanes = 64;
    config.memory_bytes_per_cycle = bytes;
    const LookupTables tables = build_lookup_tables(config.table);
    const MapResult result = run_map(config, tables, make_trace(200000, 4));
    const double per_cycle = static_cast<double>(result.stats.elements) / result.stats.cycles;
    // Each element moves 4 bytes in and 4 bytes out.
    EXPECT_NEAR(per_cycle, bytes / 8, 0.02 * bytes / 8) << bytes << " bytes/cycle";
    EXPECT_GT(result.stats.stalls.memory, 0u);
  }
}

// ---------------------------------------------------------------------------
// Bank conflicts against a count made here from the trace.
// ---------------------------------------------------------------------------

void check_banked(LaneImpl impl, int lanes, int banks, Arbitration arbitration, size_t per_lane) {
  SimdConfig config = base_config();
  config.lane_impl = impl;
  config.lanes = lanes;
  config.table_org = TableOrg::kBanked;
  config.banks = banks;
  config.arbitration = arbitration;
  config.memory_bytes_per_cycle = 16.0 * lanes;
  config.memory_latency = 5;
  config.lane_fifo_depth = static_cast<int>(per_lane) + 2;
  const LookupTables tables = build_lookup_tables(config.table);
  const std::vector<float> trace = make_trace(per_lane * lanes, 11);
  const MapResult result = run_map(config, tables, trace);

  std::vector<std::vector<uint32_t>> rows_of_lane(lanes);
  const int64_t nan_row = static_cast<int64_t>(tables.uniform.segments());
  for (size_t i = 0; i < trace.size(); ++i) {
    const int64_t row = uniform_row(tables.uniform, trace[i]);
    rows_of_lane[i % lanes].push_back(static_cast<uint32_t>(row < 0 ? nan_row : row));
  }
  const ConflictCount expected =
      count_bank_conflicts(rows_of_lane, banks, arbitration == Arbitration::kRoundRobin);
  EXPECT_GT(expected.refused_lane_cycles, 0u);
  EXPECT_EQ(result.stats.stalls.table_conflict, expected.refused_lane_cycles);
  EXPECT_EQ(result.stats.bank_conflict_cycles, expected.conflicted_bank_cycles);
  // Only the first reads' latency starves the lanes; nothing waits later.
  EXPECT_EQ(result.stats.stalls.memory, static_cast<uint64_t>(lanes) * config.memory_latency);
  EXPECT_EQ(result.stats.stalls.output, 0u);
  EXPECT_EQ(result.mismatches, 0u);
}

TEST(SimdBanked, ConflictStallsMatchAnIndependentCountRoundRobin) {
  check_banked(LaneImpl::kModel, 64, 16, Arbitration::kRoundRobin, 300);
}

TEST(SimdBanked, ConflictStallsMatchAnIndependentCountFixedPriority) {
  check_banked(LaneImpl::kModel, 32, 8, Arbitration::kFixed, 300);
}

TEST(SimdBanked, ConflictStallsMatchAnIndependentCountRtlLanes) {
  check_banked(LaneImpl::kRtl, 16, 4, Arbitration::kRoundRobin, 100);
}

TEST(SimdBanked, SameRowIsABroadcast) {
  // Every lane reads the same row: no conflicts however few banks.
  SimdConfig config = base_config();
  config.lane_impl = LaneImpl::kRtl;
  config.lanes = 32;
  config.table_org = TableOrg::kBanked;
  config.banks = 2;
  const LookupTables tables = build_lookup_tables(config.table);
  const MapResult result = run_map(config, tables, std::vector<float>(32 * 50, 0.25f));
  EXPECT_EQ(result.stats.stalls.table_conflict, 0u);
  EXPECT_EQ(result.stats.bank_conflict_cycles, 0u);
  EXPECT_EQ(result.mismatches, 0u);
}

// ---------------------------------------------------------------------------
// Non-uniform design (cycle model only).
// ---------------------------------------------------------------------------

TEST(SimdNonuniform, OutputsEqualTheGoldenModel) {
  SimdConfig config = base_config();
  config.lane_impl = LaneImpl::kModel;
  config.table.design = LookupDesign::kNonuniform;
  config.table.segments = 256;
  config.table_org = TableOrg::kBanked;
  const LookupTables tables = build_lookup_tables(config.table);
  const std::vector<float> trace = make_trace(64 * 100, 5);
  const MapResult result = run_map(config, tables, trace);
  EXPECT_EQ(result.mismatches, 0u);
  expect_same_bits(result.output, scalar_golden(config, tables, trace));
  EXPECT_GT(result.stats.cycles, 100u);
}

// ---------------------------------------------------------------------------
// Softmax.
// ---------------------------------------------------------------------------

// Largest relative error of a table against its function over `samples`
// points of [lo, hi] and the breakpoints' neighbours.
double max_relative_error(const UniformTable& table, double (*f)(double), double lo, double hi) {
  double worst = 0;
  const size_t samples = 2000001;
  for (size_t i = 0; i < samples; ++i) {
    const float x = static_cast<float>(lo + (hi - lo) * i / (samples - 1));
    const double exact = f(x);
    worst = std::max(worst, std::fabs(interp_uniform(table, x) - exact) / exact);
  }
  return worst;
}

TEST(SimdSoftmax, RowsAgreeWithFloat64Softmax) {
  SimdConfig config = base_config();
  config.lane_impl = LaneImpl::kRtl;
  config.lanes = 16;
  config.table.segments = 4096;
  config.operation = Operation::kSoftmax;
  const size_t rows = 12;
  const size_t cols = 200;
  std::vector<float> logits = make_trace(rows * cols, 21);
  for (float& x : logits) {
    if (!std::isfinite(x) || std::fabs(x) > 30) x = 1.5f;  // finite logits only
  }
  const SoftmaxTables tables = build_softmax_tables(config);
  const SoftmaxResult result = run_softmax(config, tables, logits, rows, cols);
  EXPECT_EQ(result.mismatches, 0u);
  expect_same_bits(result.output, softmax_golden(config, tables, logits, rows, cols));

  // Tolerance from the tables: y = e_i * r with e_i off by the exp table's
  // relative error (on [a, 0]) and the rounding of x - max (|x - max| <= 16
  // times 2^-24), the sum by each e_i's error plus float32 accumulation
  // (cols/L + log2 L additions), r by the reciprocal table's error, and one
  // rounding of the product. Inputs with x - max < a give 0 (asymptote edge):
  // an absolute error up to exp(a) / sum <= exp(a).
  const double u = std::ldexp(1.0, -24);
  const double exp_error = max_relative_error(
      tables.exp, [](double x) { return std::exp(x); }, tables.exp.a, 0.0);
  const double reciprocal_error = max_relative_error(
      tables.reciprocal, [](double x) { return 1.0 / x; }, 1.0, 2.0);
  const double relative_tolerance = 2 * (exp_error + 16 * u) + reciprocal_error +
                                    (static_cast<double>(cols) / config.lanes + 4 + 2) * u;
  const double absolute_tolerance = std::exp(static_cast<double>(tables.exp.a));
  for (size_t r = 0; r < rows; ++r) {
    const float* x = &logits[r * cols];
    const double max = *std::max_element(x, x + cols);
    double sum = 0;
    for (size_t c = 0; c < cols; ++c) sum += std::exp(x[c] - max);
    for (size_t c = 0; c < cols; ++c) {
      const double exact = std::exp(x[c] - max) / sum;
      EXPECT_NEAR(result.output[r * cols + c], exact,
                  relative_tolerance * exact + absolute_tolerance)
          << "row " << r << " col " << c;
    }
  }
  EXPECT_GT(result.stats.cycles, result.phases["exp_cycles"].get<uint64_t>());
}

// ---------------------------------------------------------------------------
// Configuration files.
// ---------------------------------------------------------------------------

std::string write_ini(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(SimdConfigFile, UnknownKeyNamesTheKeyTheFileAndTheLine) {
  const std::string path = write_ini("unknown.ini", "lanes = 8\n\nbankz = 4\n");
  try {
    simd_params().from_file(path);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(path + ":3"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("bankz"), std::string::npos) << error.what();
  }
}

TEST(SimdConfigFile, BadValueNamesTheOption) {
  const std::string path = write_ini("bad.ini", "table_org = shared\n");
  try {
    simd_params().from_file(path);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("table_org"), std::string::npos) << error.what();
  }
}

TEST(SimdConfigFile, EffectiveConfigRoundTrips) {
  SimdConfig config = base_config();
  config.lanes = 12;
  config.table_org = TableOrg::kMultiport;
  config.memory_bytes_per_cycle = 12.5;
  build_lookup_tables(config.table);
  const std::string path = write_ini("round.ini", simd_params().to_ini(config));
  const SimdConfig again = simd_params().from_file(path);
  EXPECT_EQ(simd_params().to_json(again), simd_params().to_json(config));
}

}  // namespace
}  // namespace interpsim::simd
