// The SIMD array in the number formats of docs/design.md section 12 (fp16,
// bf16, fp8e5m2, fp8e4m3; kb fp32 or io): RTL lanes of every interp_lane
// format instance against the golden model (bit for bit in the format,
// checked = rtl) and against model lanes (same cycles and statistics), and
// the memory model moving format-width elements: under limited bandwidth a
// 16-bit stream moves twice the elements per cycle of fp32, an 8-bit one four
// times (bounds derived from the bandwidth). Each test runs in its own process
// (gtest_discover_tests): SystemC elaborates once per process.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "interp_lane_rtl_models.hpp"
#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/input_error.hpp"
#include "model/lane_cycle_model.hpp"
#include "model/number_format.hpp"
#include "sim/simd/simd_array.hpp"
#include "sim/simd/simd_config.hpp"
#include "sim/simd/softmax.hpp"
#include "testbench/rtl/input_sets.hpp"

namespace interpsim::simd {
namespace {

// `count` elements of `format`: every bit pattern of an 8- or 16-bit format
// once (NaNs, infinities, subnormals, zeros, both edges) in random order,
// then values of a GELU-like pre-activation trace rounded to the format.
std::vector<uint32_t> format_trace(NumberFormat format, size_t count, uint64_t seed) {
  std::vector<uint32_t> bits;
  bits.reserve(count);
  if (format_bits(format) <= 16) {
    const size_t patterns = size_t{1} << format_bits(format);
    for (size_t p = 0; p < std::min(patterns, count); ++p) {
      bits.push_back(static_cast<uint32_t>(p));
    }
    std::shuffle(bits.begin(), bits.end(), std::mt19937_64(seed));
  }
  if (bits.size() < count) {
    for (const uint32_t v : rtl_test::trace_like(-0.5f, 2.0f, count - bits.size(), seed + 1)) {
      bits.push_back(format == NumberFormat::kFp32 ? v : round_to_format(format, bits_to_float(v)));
    }
  }
  return bits;
}

SimdConfig format_config(NumberFormat format, KbFormat kb) {
  SimdConfig config;
  config.table.func = "gelu";
  config.table.a = -5.0f;
  config.table.m = 3;
  config.table.segments = 256;  // w = 2^-5: a normal number of every format
  config.table.format = format;
  config.table.kb = kb;
  return config;
}

// ---------------------------------------------------------------------------
// RTL lanes of each format instance: the golden model bit for bit, and the
// same cycles and statistics as model lanes (the timing is the format's
// neither in the RTL nor in the cycle model).
// ---------------------------------------------------------------------------

void check_rtl_array(NumberFormat format, KbFormat kb, TableOrg org) {
  SimdConfig config = format_config(format, kb);
  config.lanes = 32;
  config.table_org = org;
  config.banks = 8;
  config.read_ports = 4;
  config.memory_bytes_per_cycle = 24;  // memory-bound: stalls for input and output
  config.memory_latency = 10;
  config.lane_fifo_depth = 8;
  const LookupTables tables = build_lookup_tables(config.table);
  ASSERT_EQ(tables.uniform.format, format);
  const size_t count = (size_t{1} << format_bits(format)) + 32 * 40;
  const std::vector<uint32_t> x = format_trace(format, count, 3);

  config.lane_impl = LaneImpl::kRtl;
  const MapResult rtl = run_map_bits(config, tables, x);
  config.lane_impl = LaneImpl::kModel;
  const MapResult model = run_map_bits(config, tables, x);

  EXPECT_EQ(rtl.checked, CheckKind::kRtl);
  EXPECT_EQ(rtl.mismatches, 0u);
  EXPECT_EQ(model.checked, CheckKind::kRouting);
  EXPECT_EQ(model.mismatches, 0u);
  // The golden model evaluated here, element by element (the scalar path).
  ASSERT_EQ(rtl.output_bits.size(), x.size());
  size_t differences = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const uint32_t want = interp_format_bits(tables.uniform, x[i]);
    if (rtl.output_bits[i] != want && ++differences <= 5) {
      ADD_FAILURE() << "element " << i << ": x 0x" << std::hex << x[i] << " y 0x"
                    << rtl.output_bits[i] << " want 0x" << want;
    }
  }
  EXPECT_EQ(differences, 0u);
  EXPECT_EQ(rtl.output_bits, model.output_bits);
  EXPECT_EQ(rtl.stats.cycles, model.stats.cycles);
  EXPECT_EQ(rtl.stats.elements, x.size());
  EXPECT_EQ(rtl.stats.stalls.memory, model.stats.stalls.memory);
  EXPECT_EQ(rtl.stats.stalls.table_conflict, model.stats.stalls.table_conflict);
  EXPECT_EQ(rtl.stats.stalls.output, model.stats.stalls.output);
  EXPECT_EQ(rtl.stats.stalls.idle, model.stats.stalls.idle);
  EXPECT_EQ(rtl.stats.table_reads, model.stats.table_reads);
  EXPECT_EQ(rtl.stats.bank_conflict_cycles, model.stats.bank_conflict_cycles);
  if (org != TableOrg::kPrivate) {
    EXPECT_GT(rtl.stats.stalls.table_conflict, 0u);
  }
  // Every element read and written once, in the format's bytes.
  EXPECT_EQ(rtl.stats.memory_bytes, 2 * x.size() * static_cast<uint64_t>(element_bytes(format)));
}

#define INTERPSIM_SIMD_FORMAT_TEST(IO, KB)                                            \
  TEST(SimdFormat, IO##_##KB##_RtlLanesMatchGoldenAndModelLanes) {                    \
    check_rtl_array(*number_format_names().parse(#IO), *kb_format_names().parse(#KB), \
                    TableOrg::kBanked);                                               \
  }
INTERPSIM_FOR_EACH_INTERP_LANE_RTL_FORMAT(INTERPSIM_SIMD_FORMAT_TEST)
#undef INTERPSIM_SIMD_FORMAT_TEST

TEST(SimdFormat, Fp16PrivateTablesRtlLanesMatchGolden) {
  check_rtl_array(NumberFormat::kFp16, KbFormat::kFp32, TableOrg::kPrivate);
}

TEST(SimdFormat, Fp8e4m3MultiportRtlLanesMatchGolden) {
  check_rtl_array(NumberFormat::kFp8E4M3, KbFormat::kIo, TableOrg::kMultiport);
}

// ---------------------------------------------------------------------------
// The memory model in element bytes.
// ---------------------------------------------------------------------------

// Every element costs 2 * element_bytes of the bytes_per_cycle the memory
// gives (a read of x, a write of y), and no cycle moves more than
// bytes_per_cycle: cycles >= 2 * E * element_bytes / bytes_per_cycle. With
// queues that cover the latency nothing else holds the stream back except
// filling and draining the pipeline: the last reads' outputs leave the lanes
// memory_latency + kInterpLaneLatency cycles later.
TEST(SimdFormat, MemoryMovesTwiceAndFourTimesTheElementsPerByte) {
  const size_t count = 64 * 2000;
  for (const double bytes : {32.0, 64.0}) {
    double fp32_cycles = 0;
    for (const NumberFormat format : {NumberFormat::kFp32, NumberFormat::kFp16, NumberFormat::kBf16,
                                      NumberFormat::kFp8E5M2, NumberFormat::kFp8E4M3}) {
      SimdConfig config = format_config(format, KbFormat::kFp32);
      config.lane_impl = LaneImpl::kModel;
      config.lanes = 64;
      config.memory_bytes_per_cycle = bytes;
      config.memory_latency = 20;
      config.lane_fifo_depth = 64;
      const LookupTables tables = build_lookup_tables(config.table);
      const std::vector<uint32_t> x = format_trace(format, count, 9);
      const MapResult result = run_map_bits(config, tables, x);
      const std::string what = number_format_names().name(format) + " at " +
                               std::to_string(static_cast<int>(bytes)) + " B/cycle";
      const int eb = format_bits(format) / 8;
      EXPECT_EQ(element_bytes(format), eb);
      EXPECT_EQ(result.mismatches, 0u) << what;
      EXPECT_EQ(result.stats.memory_bytes, 2 * count * eb) << what;
      const double bound = std::ceil(2.0 * count * eb / bytes);
      const double slack = config.memory_latency + kInterpLaneLatency + 4;
      const double cycles = static_cast<double>(result.stats.cycles);
      EXPECT_GE(cycles, bound) << what;
      EXPECT_LE(cycles, bound + slack) << what;
      // Elements per cycle: bytes / (2 * element_bytes), i.e. 4 / eb times fp32's.
      if (format == NumberFormat::kFp32) {
        fp32_cycles = cycles;
      } else {
        const double ratio = fp32_cycles / cycles;
        const double want = 4.0 / eb;
        EXPECT_NEAR(ratio, want, want * 2 * slack / bound) << what;
      }
      EXPECT_GT(result.stats.stalls.memory, 0u) << what;
    }
  }
}

// ---------------------------------------------------------------------------
// What the formats refuse.
// ---------------------------------------------------------------------------

TEST(SimdFormat, FloatInputsMustBeValuesOfTheFormat) {
  SimdConfig config = format_config(NumberFormat::kFp8E4M3, KbFormat::kIo);
  config.lanes = 4;
  config.lane_impl = LaneImpl::kModel;
  const LookupTables tables = build_lookup_tables(config.table);
  // 0.5 and -3 are values of fp8e4m3, 0.1 is not.
  const MapResult ok = run_map(config, tables, {0.5f, -3.0f, 0.5f, 2.0f});
  EXPECT_EQ(ok.mismatches, 0u);
  EXPECT_EQ(ok.output[0],
            decode_value(NumberFormat::kFp8E4M3, interp_format_bits(tables.uniform, 0x30)));  // 0.5
  EXPECT_THROW(run_map(config, tables, {0.5f, 0.1f}), InputError);
}

TEST(SimdFormat, SoftmaxIsFp32Only) {
  SimdConfig config;
  config.operation = Operation::kSoftmax;
  config.table.format = NumberFormat::kFp16;
  EXPECT_THROW(build_softmax_tables(config), InputError);
}

TEST(SimdFormat, OtherDesignsAreFp32Only) {
  SimdConfig config = format_config(NumberFormat::kBf16, KbFormat::kFp32);
  config.table.design = LookupDesign::kBsearch;
  EXPECT_THROW(build_lookup_tables(config.table), InputError);
}

}  // namespace
}  // namespace interpsim::simd
