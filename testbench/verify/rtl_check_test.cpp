// sim/verify/rtl_check.hpp, the checker behind `interpsim verify`: clean
// tables give no mismatches over the counted inputs, and a golden table that
// differs from the one in the RTL is reported with the right first elements;
// in fp32 and in every format instance (io fp16, bf16, fp8e5m2, fp8e4m3 with
// kb fp32 and io, exhaustively over the format's inputs).
#include "sim/verify/rtl_check.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/input_error.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim {
namespace {

using verify::Mismatch;
using verify::RtlCheckOptions;
using verify::RtlCheckResult;
using verify::RtlRangeOptions;

UniformTable tanh7() {
  return generate_table("tanh", -4.0f, 3, 7, EdgeMode::kExtrapolate);
}

// The table with segment `row`'s intercept moved up by one ulp.
UniformTable with_row_changed(UniformTable table, size_t row) {
  table.b[row] = std::nextafter(table.b[row], INFINITY);
  return table;
}

uint32_t golden_bits(const UniformTable& table, uint32_t x) {
  return canonical_bits(interp_uniform(table, bits_to_float(x)));
}

// What the checker must report for the RTL running `rtl` against the golden
// model on `golden`, computed with the model alone, in input order.
RtlCheckResult expected_result(const UniformTable& rtl, const UniformTable& golden,
                               const std::vector<uint32_t>& inputs) {
  RtlCheckResult expected;
  expected.inputs = inputs.size();
  for (uint32_t x : inputs) {
    const uint32_t want = golden_bits(golden, x), got = golden_bits(rtl, x);
    if (want == got) continue;
    ++expected.mismatches;
    if (expected.first.size() < verify::kMismatchesKept) expected.first.push_back({x, got, want});
  }
  return expected;
}

void expect_same_mismatches(const std::vector<Mismatch>& actual,
                            const std::vector<Mismatch>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i].x, expected[i].x) << "mismatch " << i;
    EXPECT_EQ(actual[i].rtl, expected[i].rtl) << "mismatch " << i;
    EXPECT_EQ(actual[i].model, expected[i].model) << "mismatch " << i;
  }
}

TEST(RtlCheck, CornerInputsAreCountedAndPass) {
  const UniformTable table = tanh7();
  const std::vector<uint32_t> inputs = verify::corner_inputs(table);
  // 18 IEEE patterns, a and b with 8 neighbours each side, the 127 inner
  // breakpoints with one each side.
  EXPECT_EQ(inputs.size(), 18u + 2 * 17 + 127 * 3);
  const RtlCheckResult result = verify::check_rtl_inputs(table, inputs);
  EXPECT_EQ(result.inputs, inputs.size());
  EXPECT_GT(result.cycles, inputs.size());  // plus the pipeline drain
  EXPECT_EQ(result.mismatches, 0u);
  EXPECT_TRUE(result.first.empty());
}

TEST(RtlCheck, RandomInputsPass) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 10, EdgeMode::kAsymptote);
  const std::vector<uint32_t> inputs = verify::random_inputs(table, 30000, 3);
  ASSERT_EQ(inputs.size(), 30000u);
  EXPECT_EQ(verify::random_inputs(table, 30000, 3), inputs);  // the seed fixes them
  const RtlCheckResult result = verify::check_rtl_inputs(table, inputs);
  EXPECT_EQ(result.inputs, 30000u);
  EXPECT_EQ(result.mismatches, 0u);
}

TEST(RtlCheck, GoldenTableWithAnotherRowIsReported) {
  const UniformTable table = tanh7();
  const UniformTable golden = with_row_changed(table, 5);
  std::vector<uint32_t> inputs = verify::corner_inputs(table);
  const std::vector<uint32_t> random = verify::random_inputs(table, 20000, 9);
  inputs.insert(inputs.end(), random.begin(), random.end());

  RtlCheckOptions options;
  options.golden = &golden;
  const RtlCheckResult result = verify::check_rtl_inputs(table, inputs, options);
  const RtlCheckResult expected = expected_result(table, golden, inputs);
  ASSERT_GT(expected.mismatches, verify::kMismatchesKept);  // the test can fail
  EXPECT_EQ(result.inputs, inputs.size());
  EXPECT_EQ(result.mismatches, expected.mismatches);
  expect_same_mismatches(result.first, expected.first);
  // Segment 5 starts at a + 5w: its breakpoint (a corner input) is the first.
  const float start = static_cast<float>(table.a + 5 * table.width());
  EXPECT_EQ(result.first.front().x, float_to_bits(start));
}

TEST(RtlCheck, RangeOverThreadsPassesAndReportsProgress) {
  const UniformTable table = tanh7();
  RtlRangeOptions options;
  options.threads = 2;
  options.chunk = 1 << 14;
  options.progress_ms = 1;
  std::vector<uint64_t> done;
  options.progress = [&done](uint64_t now, uint64_t total, double seconds) {
    EXPECT_EQ(total, 150000u);
    EXPECT_GE(seconds, 0.0);
    done.push_back(now);
  };
  // Around -1.0 (segments 48..), a count that is no multiple of the chunk.
  const RtlCheckResult result =
      verify::check_rtl_range(table, float_to_bits(-1.0f), 150000, options);
  EXPECT_EQ(result.inputs, 150000u);
  EXPECT_EQ(result.mismatches, 0u);
  EXPECT_GT(result.cycles, 150000u);
  EXPECT_EQ(result.models, 2u);
  ASSERT_FALSE(done.empty());
  EXPECT_EQ(done.back(), 150000u);
  for (size_t i = 1; i < done.size(); ++i) EXPECT_LE(done[i - 1], done[i]);
}

TEST(RtlCheck, RangeOverThreadsCountsEveryMismatch) {
  // exp on [-1, 0), 16 segments; the golden table's segment 8 ([-0.5, -0.4375))
  // differs. 40000 patterns below -0.5's in magnitude fall in segment 8, the
  // rest in segment 7: three threads must together report exactly the
  // mismatches the model alone finds.
  const UniformTable table = generate_table("exp", -1.0f, 0, 4, EdgeMode::kSaturate);
  const UniformTable golden = with_row_changed(table, 8);
  const uint32_t first = float_to_bits(-0.5f) - 40000;
  std::vector<uint32_t> inputs;
  for (uint32_t i = 0; i < 100000; ++i) inputs.push_back(first + i);
  const RtlCheckResult expected = expected_result(table, golden, inputs);
  ASSERT_GT(expected.mismatches, verify::kMismatchesKept);

  RtlRangeOptions options;
  options.threads = 3;
  options.chunk = 1 << 12;
  options.progress_ms = 1;
  options.check.golden = &golden;
  const RtlCheckResult result = verify::check_rtl_range(table, first, 100000, options);
  EXPECT_EQ(result.inputs, 100000u);
  EXPECT_EQ(result.models, 3u);
  EXPECT_EQ(result.mismatches, expected.mismatches);
  // Which ones come first depends on the threads; each must be real.
  EXPECT_EQ(result.first.size(), verify::kMismatchesKept);
  for (const Mismatch& m : result.first) {
    EXPECT_LT(m.x - first, 100000u);
    EXPECT_EQ(m.rtl, golden_bits(table, m.x));
    EXPECT_EQ(m.model, golden_bits(golden, m.x));
    EXPECT_NE(m.rtl, m.model);
  }
}

TEST(RtlCheck, RangeWrapsPastTheLastPattern) {
  // 0xFFFFFF00 .. 0x000000FF: negative NaNs (canonical on both sides), then
  // +0 and the smallest subnormals, which read segment 64 ([0, 1/16)). The
  // golden table's segment 64 differs; one thread keeps the input order.
  const UniformTable table = tanh7();
  const UniformTable golden = with_row_changed(table, 64);
  std::vector<uint32_t> inputs;
  for (uint32_t i = 0; i < 512; ++i) inputs.push_back(0xFFFFFF00u + i);
  const RtlCheckResult expected = expected_result(table, golden, inputs);
  ASSERT_GT(expected.mismatches, verify::kMismatchesKept);
  EXPECT_EQ(expected.first.front().x, 0u);

  RtlRangeOptions options;
  options.chunk = 100;
  options.progress_ms = 1;
  options.check.golden = &golden;
  const RtlCheckResult result = verify::check_rtl_range(table, 0xFFFFFF00u, 512, options);
  EXPECT_EQ(result.inputs, 512u);
  EXPECT_EQ(result.mismatches, expected.mismatches);
  expect_same_mismatches(result.first, expected.first);
}

TEST(RtlCheck, WritesAVcdOnlyWhenComplete) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("rtl_check_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  const UniformTable table = tanh7();
  RtlCheckOptions options;
  options.vcd_path = (dir / "run.vcd").string();
  const RtlCheckResult result =
      verify::check_rtl_inputs(table, verify::random_inputs(table, 200, 1), options);
  EXPECT_EQ(result.mismatches, 0u);
  std::ifstream vcd(options.vcd_path);
  const std::string text((std::istreambuf_iterator<char>(vcd)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("enddefinitions"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(options.vcd_path + ".partial"));

  options.vcd_path = (dir / "missing" / "run.vcd").string();
  EXPECT_THROW(verify::check_rtl_inputs(table, {0u}, options), InputError);
  std::filesystem::remove_all(dir);
}

TEST(RtlCheck, TablesTheRtlCannotHold) {
  const UniformTable big = generate_table("gelu", -5.0f, 3, 17, EdgeMode::kAsymptote);
  EXPECT_EQ(verify::rtl_table_problem(big), "n=17 exceeds the RTL table (SegBitsMax=16)");
  EXPECT_THROW(verify::check_rtl_inputs(big, {0u}), InputError);
  EXPECT_EQ(verify::rtl_table_problem(tanh7()), "");
}

// ---- Number formats (docs/design.md section 12) ----

struct FormatCase {
  NumberFormat io;
  KbFormat kb;
};

// The 8 format instances the RTL is verilated in (rtl/formats.cmake).
std::vector<FormatCase> format_cases() {
  std::vector<FormatCase> cases;
  for (NumberFormat io :
       {NumberFormat::kFp16, NumberFormat::kBf16, NumberFormat::kFp8E5M2, NumberFormat::kFp8E4M3}) {
    for (KbFormat kb : {KbFormat::kFp32, KbFormat::kIo}) cases.push_back({io, kb});
  }
  return cases;
}

std::string case_name(const FormatCase& c) {
  return number_format_names().name(c.io) + "/" + kb_format_names().name(c.kb);
}

// gelu on [-4, 4) with 2^5 segments: valid in every format (w = 1/4 is
// normal in fp8e4m3, 2^3 one of its values).
UniformTable gelu5(const FormatCase& c) {
  return generate_table("gelu", -4.0f, 3, 5, EdgeMode::kAsymptote, false, c.io, c.kb);
}

// The table with row `row`'s intercept raised by 1/4 (rounded to the entry
// format): a difference that survives the rounding of y to every io format
// (one ulp of an fp32 entry would vanish in fp16's).
UniformTable with_format_row_changed(UniformTable table, size_t row) {
  table.b[row] = round_value(table.entries(), static_cast<double>(table.b[row]) + 0.25);
  return table;
}

// What the checker must report for every input of the format, in order.
RtlCheckResult expected_format_result(const UniformTable& rtl, const UniformTable& golden) {
  const FormatLookup want(golden), got(rtl);
  RtlCheckResult expected;
  expected.inputs = verify::input_pattern_count(rtl);
  for (uint32_t x = 0; x < expected.inputs; ++x) {
    if (want(x) == got(x)) continue;
    ++expected.mismatches;
    if (expected.first.size() < verify::kMismatchesKept) {
      expected.first.push_back({x, got(x), want(x)});
    }
  }
  return expected;
}

TEST(RtlCheckFormats, ExhaustivePassesInEveryInstance) {
  for (const FormatCase& c : format_cases()) {
    const UniformTable table = gelu5(c);
    ASSERT_EQ(verify::rtl_table_problem(table), "") << case_name(c);
    RtlRangeOptions options;
    options.threads = 2;
    options.chunk = 1 << 12;
    const RtlCheckResult result = verify::check_rtl_exhaustive(table, options);
    EXPECT_EQ(result.inputs, uint64_t{1} << format_bits(c.io)) << case_name(c);
    EXPECT_GT(result.cycles, result.inputs) << case_name(c);
    EXPECT_EQ(result.mismatches, 0u) << case_name(c);
  }
}

TEST(RtlCheckFormats, GoldenTableWithAnotherRowIsReported) {
  // The checker can fail in every instance: the golden model's segment 20
  // ([1, 1.25)) differs from the table in the RTL, found over all inputs in
  // order (one thread) with exactly the mismatches the model alone finds.
  for (const FormatCase& c : format_cases()) {
    const UniformTable table = gelu5(c);
    const UniformTable golden = with_format_row_changed(table, 20);
    const RtlCheckResult expected = expected_format_result(table, golden);
    ASSERT_GT(expected.mismatches, 0u) << case_name(c);
    RtlRangeOptions options;
    options.check.golden = &golden;
    const RtlCheckResult result = verify::check_rtl_exhaustive(table, options);
    EXPECT_EQ(result.mismatches, expected.mismatches) << case_name(c);
    expect_same_mismatches(result.first, expected.first);
    for (const Mismatch& m : result.first) EXPECT_NE(m.rtl, m.model) << case_name(c);
  }
}

TEST(RtlCheckFormats, CornerInputsCoverTheFormatAndPass) {
  for (const FormatCase& c : format_cases()) {
    const UniformTable table = gelu5(c);
    const FloatLayout layout = float_layout(c.io);
    const std::vector<uint32_t> inputs = verify::corner_inputs(table);
    std::vector<bool> seen(verify::input_pattern_count(table));
    for (uint32_t x : inputs) {
      ASSERT_LT(x, seen.size()) << case_name(c);
      EXPECT_FALSE(seen[x]) << case_name(c) << ": 0x" << std::hex << x << " twice";
      seen[x] = true;
    }
    const uint32_t sign = layout.sign_mask();
    std::vector<uint32_t> wanted = {0,
                                    sign,
                                    1,
                                    layout.mantissa_mask(),
                                    uint32_t{1} << layout.mantissa_bits,
                                    layout.max_finite_bits(),
                                    sign | layout.max_finite_bits(),
                                    layout.canonical_nan,
                                    *encode_exact(c.io, table.a),
                                    *encode_exact(c.io, table.upper())};
    if (!layout.finite_only) wanted.push_back(layout.infinity_bits() | sign);
    // The neighbours of a = -4 among the format's values (a negative value's
    // next larger value has the next smaller pattern), and of the inner
    // breakpoint 0.25 (segment 17 starts there).
    const uint32_t a = *encode_exact(c.io, table.a);
    wanted.push_back(a - 8);
    wanted.push_back(a + 8);
    const uint32_t quarter = *encode_exact(c.io, 0.25f);
    wanted.push_back(quarter - 1);
    wanted.push_back(quarter + 1);
    for (uint32_t x : wanted) EXPECT_TRUE(seen[x]) << case_name(c) << ": 0x" << std::hex << x;
    const RtlCheckResult result = verify::check_rtl_inputs(table, inputs);
    EXPECT_EQ(result.inputs, inputs.size());
    EXPECT_EQ(result.mismatches, 0u) << case_name(c);
  }
}

TEST(RtlCheckFormats, RandomInputsAreFormatPatternsAndPass) {
  for (const FormatCase& c : format_cases()) {
    const UniformTable table = gelu5(c);
    const std::vector<uint32_t> inputs = verify::random_inputs(table, 5000, 4);
    EXPECT_EQ(verify::random_inputs(table, 5000, 4), inputs);
    size_t inside = 0;
    for (uint32_t x : inputs) {
      ASSERT_LT(x, verify::input_pattern_count(table)) << case_name(c);
      const float v = decode_value(c.io, x);
      inside += v > table.a && v < table.upper();
    }
    EXPECT_GT(inside, inputs.size() / 2) << case_name(c);
    EXPECT_EQ(verify::check_rtl_inputs(table, inputs).mismatches, 0u) << case_name(c);
  }
}

TEST(RtlCheckFormats, RangeWrapsPastTheFormatsLastPattern) {
  // fp16: 0xFF00 .. 0x00FF, negative NaNs then +0 and subnormals.
  const UniformTable table = gelu5({NumberFormat::kFp16, KbFormat::kFp32});
  RtlRangeOptions options;
  options.chunk = 100;
  const RtlCheckResult result = verify::check_rtl_range(table, 0xFF00u, 512, options);
  EXPECT_EQ(result.inputs, 512u);
  EXPECT_EQ(result.mismatches, 0u);
  EXPECT_THROW(verify::check_rtl_range(table, 0, 65537, options), std::invalid_argument);
  EXPECT_THROW(verify::check_rtl_range(table, 0x10000u, 1, options), std::invalid_argument);
}

TEST(RtlCheckFormats, BadTablesAndOptions) {
  UniformTable table = gelu5({NumberFormat::kFp8E4M3, KbFormat::kIo});
  EXPECT_EQ(verify::input_pattern_count(table), 256u);
  EXPECT_FALSE(verify::rtl_trace_available(table));
  EXPECT_THROW(verify::check_rtl_inputs(table, {0x100u}), std::invalid_argument);
  // A VCD needs the traced model, built for fp32 only.
  RtlCheckOptions vcd;
  vcd.vcd_path = "unused.vcd";
  EXPECT_THROW(verify::check_rtl_inputs(table, {0u}, vcd), InputError);
  // The golden model must be in the same io format.
  const UniformTable fp32 = tanh7();
  RtlCheckOptions golden;
  golden.golden = &fp32;
  EXPECT_THROW(verify::check_rtl_inputs(table, {0u}, golden), std::invalid_argument);
  // An entry that is not a value of the kb format cannot be loaded.
  table.k[3] = 0.1f;
  EXPECT_EQ(verify::rtl_table_problem(table), "row 3 is not in the kb format fp8e4m3");
  EXPECT_THROW(verify::check_rtl_inputs(table, {0u}), InputError);
  const UniformTable big = generate_table("gelu", -4.0f, 3, 17, EdgeMode::kAsymptote, false,
                                          NumberFormat::kBf16, KbFormat::kFp32);
  EXPECT_EQ(verify::rtl_table_problem(big), "n=17 exceeds the RTL table (SegBitsMax=16)");
}

}  // namespace
}  // namespace interpsim
