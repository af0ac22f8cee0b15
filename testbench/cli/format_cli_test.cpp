// The number formats through the binary (docs/design.md section 12): table
// rows in the kb width, traces in the format's dtypes, outputs in the input's
// dtype, and the bad-input rules. The values are checked against the golden
// model in-process (which testbench/model checks against an exact reference);
// what is tested here is the command's handling of files and options.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/tbl_io.hpp"
#include "testbench/cli/cli_harness.hpp"

namespace interpsim::cli_test {
namespace {

std::string u16_bytes(const std::vector<uint16_t>& values) {
  std::string data(values.size() * 2, '\0');
  std::memcpy(data.data(), values.data(), data.size());
  return data;
}

using FormatCliTest = CliFixture;

TEST_F(FormatCliTest, TableRowsFollowTheKbFormat) {
  struct Case {
    const char* options;
    size_t row_chars;  // KKKK_BBBB: 2 * digits + 1
  };
  for (const Case& c : {Case{"--format fp16", 17}, Case{"--format fp16 --kb io", 9},
                        Case{"--format bf16 --kb io", 9}, Case{"--format fp8e4m3 --kb io", 5},
                        Case{"--format fp8e5m2", 17}}) {
    const RunResult result =
        run(std::string("table --func sigmoid --n 6 ") + c.options + " --out t.tbl");
    ASSERT_EQ(result.status, 0) << c.options << ": " << result.err;
    EXPECT_NE(result.out.find("segments reachable in"), std::string::npos) << result.out;
    std::istringstream lines(read_file(path("t.tbl")));
    std::string line;
    size_t rows = 0;
    while (std::getline(lines, line)) {
      if (line.rfind("//", 0) == 0) continue;
      EXPECT_EQ(line.size(), c.row_chars) << c.options << ": " << line;
      ++rows;
    }
    EXPECT_EQ(rows, 66u) << c.options;
    const UniformTable table = read_tbl(path("t.tbl"));
    // The reported count is the model's for the table read back.
    EXPECT_NE(result.out.find(": " + std::to_string(reachable_segments(table)) + " of 64"),
              std::string::npos)
        << result.out;
  }
}

TEST_F(FormatCliTest, EvalKeepsTheDtypeAndMatchesTheGoldenModel) {
  ASSERT_EQ(run("table --func gelu --n 8 --format fp16 --out t.tbl").status, 0);
  const UniformTable table = read_tbl(path("t.tbl"));
  ASSERT_EQ(table.format, NumberFormat::kFp16);
  std::vector<uint16_t> inputs;
  for (uint32_t x = 0; x < 65536; x += 7) inputs.push_back(static_cast<uint16_t>(x));
  inputs.push_back(0x7E01);  // a NaN with a payload
  for (const char* dtype : {"<f2", "<u2"}) {
    write_file(path("x.npy"), npy_bytes(dtype, {inputs.size()}, u16_bytes(inputs)));
    const RunResult result = run("eval --table t.tbl --in x.npy --out y.npy");
    ASSERT_EQ(result.status, 0) << result.err;
    const SimpleNpy output = parse_npy(read_file(path("y.npy")));
    EXPECT_EQ(output.descr, dtype);
    ASSERT_EQ(output.bits.size(), inputs.size());
    size_t mismatches = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      mismatches += output.bits[i] != interp_format_bits(table, inputs[i]);
    }
    EXPECT_EQ(mismatches, 0u) << dtype;
    EXPECT_EQ(output.bits.back(), 0x7E00u);  // canonical fp16 NaN
  }
  // A float32 trace of fp16 values: float32 outputs holding the same values.
  const std::vector<float> values = {-7.0f, -5.0f, -0.5f, 0.0f, 0.099975586f, 2.5f, 3.0f};
  write_file(path("x.npy"), npy_f32({values.size()}, values));
  ASSERT_EQ(run("eval --table t.tbl --in x.npy --out y.npy").status, 0);
  const SimpleNpy output = parse_npy(read_file(path("y.npy")));
  EXPECT_EQ(output.descr, "<f4");
  ASSERT_EQ(output.bits.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const uint32_t expected =
        interp_format_bits(table, *encode_exact(NumberFormat::kFp16, values[i]));
    float value;
    std::memcpy(&value, &output.bits[i], 4);
    EXPECT_EQ(encode_exact(NumberFormat::kFp16, value), expected) << "x=" << values[i];
  }
}

TEST_F(FormatCliTest, TraceDtypeThatDoesNotHoldTheFormatIsRejected) {
  ASSERT_EQ(run("table --func gelu --n 4 --format fp16 --out t.tbl").status, 0);
  write_file(path("x.npy"), npy_bytes("|u1", {2}, std::string(2, '\0')));
  expect_rejected(run("eval --table t.tbl --in x.npy --out y.npy"), "x.npy: dtype '|u1'",
                  {"t.tbl", "x.npy"});
  // fp32 table, fp16 trace.
  ASSERT_EQ(run("table --func gelu --n 4 --out f.tbl").status, 0);
  write_file(path("x.npy"), npy_bytes("<f2", {1}, std::string(2, '\0')));
  expect_rejected(run("eval --table f.tbl --in x.npy --out y.npy"), "x.npy: dtype '<f2'",
                  {"t.tbl", "f.tbl", "x.npy"});
}

TEST_F(FormatCliTest, Float32TraceValueOutsideTheFormatNamesTheElement) {
  ASSERT_EQ(run("table --func gelu --n 4 --format bf16 --out t.tbl").status, 0);
  write_file(path("x.npy"), npy_f32({3}, {1.0f, 0.5f, 0.1f}));  // 0.1 is not a bf16 value
  expect_rejected(run("eval --table t.tbl --in x.npy --out y.npy"), "x.npy: element 2 (0.1)",
                  {"t.tbl", "x.npy"});
}

TEST_F(FormatCliTest, TableValuesOutsideTheFormatAreRejected) {
  // a = -5 - 2^-8: a multiple of w = 2^-8 (a float32 value) with 11 significant bits,
  // so not a bf16 value (8 bits).
  EXPECT_EQ(run("table --func gelu --a -5.00390625 --m 3 --n 11 --out t.tbl").status, 0);
  expect_rejected(run("table --func gelu --a -5.00390625 --m 3 --n 11 --format bf16 --out u.tbl"),
                  "--a", {"t.tbl"});
  // w = 2^(m-n) below fp8e4m3's smallest normal (2^-6).
  expect_rejected(run("table --func gelu --m 3 --n 10 --format fp8e4m3 --out u.tbl"), "--m",
                  {"t.tbl"});
  // A .tbl whose header's a is not a value of its format.
  write_file(path("bad.tbl"),
             "// interp-table v1\n// func=gelu a=-5.00390625 m=3 n=11 format=bf16\n"
             "3f800000_00000000\n3f800000_00000000\n3f800000_00000000\n3f800000_00000000\n");
  write_file(path("x.npy"), npy_bytes("<u2", {1}, std::string(2, '\0')));
  const RunResult result = run("eval --table bad.tbl --in x.npy --out y.npy");
  expect_rejected(result, "bad.tbl:2:", {"t.tbl", "bad.tbl", "x.npy"});
  EXPECT_NE(result.err.find("not representable in bf16"), std::string::npos) << result.err;
}

TEST_F(FormatCliTest, RowWidthThatDoesNotMatchTheKbFormatIsRejected) {
  // kb = io in fp16: rows are KKKK_BBBB; a float32 row on line 3 is an error.
  write_file(path("bad.tbl"),
             "// interp-table v1\n// func=gelu a=-4 m=3 n=1 format=fp16 kb=io\n"
             "3f800000_00000000\n3c00_0000\n3c00_0000\n3c00_0000\n");
  write_file(path("x.npy"), npy_bytes("<f2", {1}, std::string(2, '\0')));
  expect_rejected(run("eval --table bad.tbl --in x.npy --out y.npy"),
                  "bad.tbl:3:", {"bad.tbl", "x.npy"});
  EXPECT_EQ(
      run("eval --table bad.tbl --in x.npy --out y.npy").err.find("KKKK_BBBB") != std::string::npos,
      true);
  // And the other way round: kb = fp32 rows given 16-bit entries.
  write_file(path("bad.tbl"),
             "// interp-table v1\n// func=gelu a=-4 m=3 n=1 format=fp16\n"
             "3c00_0000\n3c00_0000\n3c00_0000\n3c00_0000\n");
  expect_rejected(run("eval --table bad.tbl --in x.npy --out y.npy"),
                  "bad.tbl:3:", {"bad.tbl", "x.npy"});
}

TEST_F(FormatCliTest, CompareGivesEachFormatsErrorPerSegmentCount) {
  const RunResult result = run("compare --func sigmoid --format fp16 --csv c.csv");
  ASSERT_EQ(result.status, 0) << result.err;
  std::istringstream csv(read_file(path("c.csv")));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line,
            "function,format,kb,segments,reachable,samples,l2,linf,mean_abs,max_ulp,memory_bytes");
  size_t rows = 0;
  while (std::getline(csv, line)) {
    EXPECT_EQ(line.rfind("sigmoid,fp16,", 0), 0u) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 2u * 11u);  // kb fp32 and io, 4..4096 segments
  expect_rejected(run("compare --format fp12"), "--format", {"c.csv"});
}

}  // namespace
}  // namespace interpsim::cli_test
