// Tests through the interpsim binary (docs/cli.md): commands, round trips,
// and every bad-input rule of docs/design.md section 10 (exit 2, one line that
// names the place, no output file left behind).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_harness.hpp"
#include "model/float_bits.hpp"
#include "model/tbl_io.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim::cli_test {
namespace {

// GELU in float64, written here from its definition (independent of model/).
// erfc keeps full relative accuracy in the left tail, where 1 + erf cancels.
double reference_gelu(double x) {
  return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
}

size_t count_lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Distance in float32 steps between two finite floats of the same sign.
uint32_t ulp_distance(float lhs, float rhs) {
  const uint32_t a = float_to_bits(lhs) & 0x7FFFFFFFu;
  const uint32_t b = float_to_bits(rhs) & 0x7FFFFFFFu;
  return a > b ? a - b : b - a;
}

// A 16-segment GELU table on [-5, 3) written by hand: the entries come from
// reference_gelu through eq. 5, the .tbl layout from docs/design.md section 8.
std::string handmade_gelu_tbl(const std::string& header_line, int rows_to_write = 18,
                              const std::string& line_end = "\n") {
  std::vector<float> slope(18), intercept(18);
  for (int i = 0; i < 16; ++i) {
    const double x0 = -5.0 + 0.5 * i;
    const double x1 = x0 + 0.5;
    slope[i] = static_cast<float>((reference_gelu(x1) - reference_gelu(x0)) / (x1 - x0));
    intercept[i] =
        static_cast<float>((x1 * reference_gelu(x0) - x0 * reference_gelu(x1)) / (x1 - x0));
  }
  slope[16] = slope[0];
  intercept[16] = intercept[0];
  slope[17] = slope[15];
  intercept[17] = intercept[15];
  std::string text = "// interp-table v1" + line_end + header_line + line_end;
  char row[32];
  for (int i = 0; i < rows_to_write; ++i) {
    std::snprintf(row, sizeof row, "%08x_%08x", float_to_bits(slope[i % 18]),
                  float_to_bits(intercept[i % 18]));
    text += row + line_end;
  }
  return text;
}

const char* kGeluHeader = "// func=gelu a=-5 m=3 n=4 edges=extrapolate";

class CliTest : public CliFixture {
 protected:
  // A small float32 trace covering the special cases of Algorithm 1.
  static std::vector<float> special_inputs() {
    const float inf = std::numeric_limits<float>::infinity();
    return {-5.0f, -4.9999995f, -7.25f, -100.0f, -inf,   3.0f,     2.9999998f,
            3.5f,  inf,         0.0f,   -0.0f,   1e-40f, -1e-40f,  0.3f,
            -0.7f, 1.234567f,   -2.5f,  2.75f,   1e-30f, -1.5e-7f, std::nanf("")};
  }
};

// ---------------------------------------------------------------- help, usage

TEST_F(CliTest, TopLevelHelpListsEveryCommandWithOneLine) {
  const RunResult result = run("--help");
  EXPECT_EQ(result.status, 0);
  for (const char* command : {"table", "eval", "compare", "demo"}) {
    EXPECT_NE(result.out.find(std::string("\n  ") + command + " "), std::string::npos)
        << command << " missing from:\n"
        << result.out;
  }
}

TEST_F(CliTest, EachCommandHasHelpNamingItsOptions) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"table", {"--func", "--a", "--m", "--segments", "--n", "--edges", "--derivative", "--out"}},
      {"eval", {"--table", "--in", "--out"}},
      {"compare", {"--func", "--csv"}},
      {"demo", {}}};
  for (const auto& [command, options] : expected) {
    const RunResult result = run(command + " --help");
    EXPECT_EQ(result.status, 0) << command;
    EXPECT_NE(result.out.find("Usage: interpsim " + command), std::string::npos) << result.out;
    for (const std::string& option : options) {
      EXPECT_NE(result.out.find(option), std::string::npos) << command << " " << option;
    }
  }
}

TEST_F(CliTest, HelpCommandShowsACommandsHelp) {
  const RunResult result = run("help eval");
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.out.find("Usage: interpsim eval --table"), std::string::npos) << result.out;
  expect_rejected(run("help evil"), "'evil'", {});
}

TEST_F(CliTest, MissingCommandIsRejected) {
  expect_rejected(run(""), "command", {});
}

TEST_F(CliTest, UnknownCommandIsRejected) {
  expect_rejected(run("tabel"), "'tabel'", {});
}

TEST_F(CliTest, UnknownOptionIsRejected) {
  expect_rejected(run("table --func gelu --n 4 --out t.tbl --bogus 1"), "'--bogus'", {});
  expect_rejected(run("eval --tab t.tbl --in x.npy --out y.npy"), "'--tab'", {});
}

TEST_F(CliTest, StrayArgumentIsRejected) {
  expect_rejected(run("table --func gelu --n 4 --out t.tbl extra"), "'extra'", {});
}

TEST_F(CliTest, MissingRequiredOptionIsRejected) {
  expect_rejected(run("table --func gelu --out t.tbl"), "'--n'", {});
  expect_rejected(run("table --func gelu --n 4"), "'--out'", {});
  expect_rejected(run("eval --table t.tbl --in x.npy"), "'--out'", {});
}

// --segments N is the count, --n n its log2 (the original interface's form):
// exactly one of them, and both name themselves when at fault.
TEST_F(CliTest, TableSegmentCountOptionsAreExclusiveAndChecked) {
  const RunResult both = run("table --func gelu --segments 64 --n 6 --out t.tbl");
  expect_rejected(both, "--segments", {});
  EXPECT_NE(both.err.find("--n"), std::string::npos) << both.err;
  const RunResult neither = run("table --func gelu --out t.tbl");
  expect_rejected(neither, "'--segments'", {});
  EXPECT_NE(neither.err.find("'--n'"), std::string::npos) << neither.err;
  for (const char* count : {"48", "0", "-4", "3", "2097152", "1073741824"}) {
    expect_rejected(run(std::string("table --func gelu --segments ") + count + " --out t.tbl"),
                    "--segments", {});
  }
  expect_rejected(run("table --func gelu --segments four --out t.tbl"), "'--segments'", {});
  expect_rejected(run("table --func gelu --segments 16 --m 200 --out t.tbl"), "--m", {});
  expect_rejected(run("table --func gelu --segments 16 --a 0.1 --out t.tbl"), "--a", {});
  expect_rejected(run("table --func nosuchfunction --segments 16 --out t.tbl"), "--func", {});
}

TEST_F(CliTest, BadOptionValuesAreRejected) {
  expect_rejected(run("table --func gelu --n four --out t.tbl"), "'--n'", {});
  expect_rejected(run("table --func gelu --n 21 --out t.tbl"), "--n", {});
  expect_rejected(run("table --func gelu --n -1 --out t.tbl"), "--n", {});
  expect_rejected(run("table --func gelu --n 4 --m 200 --out t.tbl"), "--m", {});
  expect_rejected(run("table --func gelu --n 4 --a 0.1 --out t.tbl"), "--a", {});
  expect_rejected(run("table --func gelu --n 4 --a x1 --out t.tbl"), "--a", {});
  expect_rejected(run("table --func gelu --n 4 --a inf --out t.tbl"), "--a", {});
  expect_rejected(run("table --func gelu --n 4 --edges sideways --out t.tbl"), "--edges", {});
  expect_rejected(run("table --func nosuchfunction --n 4 --out t.tbl"), "--func", {});
  expect_rejected(run("compare --func nosuchfunction"), "--func", {});
}

// ------------------------------------------------------------- round trips

TEST_F(CliTest, TableWritesEq5EntriesAndReportsError) {
  const RunResult result = run("table --func gelu --a -5 --m 3 --n 8 --out gelu.tbl");
  ASSERT_EQ(result.status, 0) << result.err;
  for (const char* metric : {"samples", "L2", "Linf", "mean abs", "max ulp"}) {
    EXPECT_NE(result.out.find(metric), std::string::npos) << metric << " in:\n" << result.out;
  }
  const UniformTable table = read_tbl(path("gelu.tbl"));
  EXPECT_EQ(table.func, "gelu");
  EXPECT_EQ(table.a, -5.0f);
  EXPECT_EQ(table.m, 3);
  EXPECT_EQ(table.n, 8);
  ASSERT_EQ(table.k.size(), 258u);
  // Entries against eq. 5 evaluated here; one float32 step allowed for a
  // different (correctly rounded vs not) float64 erf.
  for (int i = 0; i < 256; ++i) {
    const double x0 = -5.0 + i / 32.0;
    const double x1 = x0 + 1.0 / 32.0;
    const float slope = static_cast<float>((reference_gelu(x1) - reference_gelu(x0)) / (x1 - x0));
    const float intercept =
        static_cast<float>((x1 * reference_gelu(x0) - x0 * reference_gelu(x1)) / (x1 - x0));
    EXPECT_LE(ulp_distance(table.k[i], slope), 1u) << "K[" << i << "]";
    EXPECT_TRUE(ulp_distance(table.b[i], intercept) <= 1u ||
                std::fabs(table.b[i] - intercept) < 1e-12)
        << "B[" << i << "] " << table.b[i] << " vs " << intercept;
  }
}

TEST_F(CliTest, TableThenEvalMatchesGoldenModelAndKeepsShape) {
  ASSERT_EQ(run("table --func gelu --a -5 --m 3 --n 8 --out gelu.tbl").status, 0);
  const std::vector<float> input = special_inputs();
  ASSERT_EQ(input.size(), 21u);
  write_file(path("x.npy"), npy_f32({3, 7}, input));
  const RunResult result = run("eval --table gelu.tbl --in x.npy --out y.npy");
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("Linf"), std::string::npos) << result.out;

  const SimpleNpy output = parse_npy(read_file(path("y.npy")));
  EXPECT_EQ(output.descr, "<f4");
  EXPECT_EQ(output.shape, (std::vector<size_t>{3, 7}));
  ASSERT_EQ(output.bits.size(), input.size());
  const UniformTable table = read_tbl(path("gelu.tbl"));
  // h^2/8 * max|GELU''| (= 2 phi(0) ~ 0.798) for h = 1/32, plus float32 rounding.
  const double chord_bound = (1.0 / 32) * (1.0 / 32) / 8 * 0.8 + 1e-6;
  for (size_t i = 0; i < input.size(); ++i) {
    const float y = bits_to_float(output.bits[i]);
    EXPECT_EQ(output.bits[i], canonical_bits(interp_uniform(table, input[i]))) << "x=" << input[i];
    if (std::isfinite(input[i]) && input[i] > -5.0f && input[i] < 3.0f) {
      EXPECT_NEAR(y, reference_gelu(input[i]), chord_bound) << "x=" << input[i];
    }
  }
  EXPECT_EQ(output.bits[20], kCanonicalNanBits);  // NaN in, canonical NaN out
}

TEST_F(CliTest, EvalOfLargeTraceMatchesGoldenModel) {
  ASSERT_EQ(run("table --func gelu --n 12 --out gelu.tbl").status, 0);
  std::vector<float> input;
  for (int i = 0; i < 100000; ++i) input.push_back(-6.0f + 10.0f * i / 100000.0f);
  write_file(path("x.npy"), npy_f32({input.size()}, input));
  ASSERT_EQ(run("eval --table gelu.tbl --in x.npy --out y.npy").status, 0);
  const SimpleNpy output = parse_npy(read_file(path("y.npy")));
  ASSERT_EQ(output.bits.size(), input.size());
  const UniformTable table = read_tbl(path("gelu.tbl"));
  size_t mismatches = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    mismatches += output.bits[i] != canonical_bits(interp_uniform(table, input[i]));
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST_F(CliTest, HandmadeTableIsReadAndEvaluated) {
  write_file(path("t.tbl"), handmade_gelu_tbl(kGeluHeader));
  write_file(path("x.npy"), npy_f32({4}, {-4.9f, -0.25f, 0.75f, 2.9f}));
  const RunResult result = run("eval --table t.tbl --in x.npy --out y.npy");
  ASSERT_EQ(result.status, 0) << result.err;
  const SimpleNpy output = parse_npy(read_file(path("y.npy")));
  ASSERT_EQ(output.bits.size(), 4u);
  const double chord_bound = 0.5 * 0.5 / 8 * 0.8 + 1e-6;
  for (size_t i = 0; i < 4; ++i) {
    const double x = std::vector<double>{-4.9, -0.25, 0.75, 2.9}[i];
    EXPECT_NEAR(bits_to_float(output.bits[i]), reference_gelu(static_cast<float>(x)), chord_bound);
  }
}

TEST_F(CliTest, TableToleratesCrLfAndDefaultsEdgesToExtrapolate) {
  write_file(path("t.tbl"), handmade_gelu_tbl("// func=gelu a=-5 m=3 n=4", 18, "\r\n"));
  write_file(path("x.npy"), npy_f32({2}, {-6.0f, 4.0f}));
  const RunResult result = run("eval --table t.tbl --in x.npy --out y.npy");
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("edges=extrapolate"), std::string::npos) << result.out;
  // Extrapolation uses segment 0 below a and segment 15 above b.
  const std::string table_text = handmade_gelu_tbl(kGeluHeader);
  const UniformTable table = read_tbl((write_file(path("lf.tbl"), table_text), path("lf.tbl")));
  const SimpleNpy output = parse_npy(read_file(path("y.npy")));
  ASSERT_EQ(output.bits.size(), 2u);
  EXPECT_EQ(output.bits[0], float_to_bits(std::fma(-6.0f, table.k[0], table.b[0])));
  EXPECT_EQ(output.bits[1], float_to_bits(std::fma(4.0f, table.k[15], table.b[15])));
}

TEST_F(CliTest, FailedEvalKeepsAnExistingOutputFile) {
  write_file(path("t.tbl"), handmade_gelu_tbl(kGeluHeader));
  write_file(path("x.npy"), npy_bytes("<f8", {2}, std::string(16, '\0')));
  write_file(path("y.npy"), "previous contents");
  const RunResult result = run("eval --table t.tbl --in x.npy --out y.npy");
  expect_rejected(result, "x.npy", {"t.tbl", "x.npy", "y.npy"});
  EXPECT_EQ(read_file(path("y.npy")), "previous contents");
}

// ------------------------------------------------------------- bad tables

class BadTableTest : public CliTest {
 protected:
  // Writes `text` as bad.tbl, runs eval on a valid trace, and checks the
  // rejection names bad.tbl at `line` (0: no line number expected).
  void expect_bad_table(const std::string& text, int line) {
    write_file(path("bad.tbl"), text);
    write_file(path("x.npy"), npy_f32({2}, {0.5f, -0.5f}));
    const std::string place = line > 0 ? "bad.tbl:" + std::to_string(line) + ":" : "bad.tbl";
    expect_rejected(run("eval --table bad.tbl --in x.npy --out y.npy"), place,
                    {"bad.tbl", "x.npy"});
  }
};

TEST_F(BadTableTest, MissingMagicLine) {
  std::string text = handmade_gelu_tbl(kGeluHeader);
  expect_bad_table(text.substr(text.find('\n') + 1), 1);
}

TEST_F(BadTableTest, MalformedHeader) {
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=-5 m=3 n=four"), 2);
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=-5 m=3"), 2);
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=minus5 m=3 n=4"), 2);
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=-5 m=3 n=4 edges=sideways"), 2);
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=-5 =3 m=3 n=4"), 2);
}

TEST_F(BadTableTest, NoHeaderBeforeRows) {
  std::string text = handmade_gelu_tbl(kGeluHeader);
  const size_t header_start = text.find('\n') + 1;
  text.erase(header_start, text.find('\n', header_start) + 1 - header_start);
  expect_bad_table(text, 2);
}

TEST_F(BadTableTest, InvalidTableParameters) {
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=-5 m=3 n=21"), 2);
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=-5 m=3 n=-1"), 2);
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=-4.9 m=3 n=4"), 2);   // a not a multiple of w
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=-5 m=-140 n=4"), 2);  // w not normal
  expect_bad_table(handmade_gelu_tbl("// func=gelu a=0x7f800000 m=3 n=4"), 2);  // a = inf
}

TEST_F(BadTableTest, WrongEntryCount) {
  expect_bad_table(handmade_gelu_tbl(kGeluHeader, 17), 19);  // last line read
  expect_bad_table(handmade_gelu_tbl(kGeluHeader, 19), 21);  // the extra row
  expect_bad_table(handmade_gelu_tbl(kGeluHeader, 0), 2);
}

TEST_F(BadTableTest, BadHex) {
  std::string text = handmade_gelu_tbl(kGeluHeader);
  const size_t row5 = text.find('\n', text.find("edges")) + 1 + 4 * 18;  // line 7
  text[row5 + 3] = 'g';
  expect_bad_table(text, 7);
  std::string missing_underscore = handmade_gelu_tbl(kGeluHeader);
  missing_underscore[missing_underscore.find('_', missing_underscore.find("edges"))] = ' ';
  expect_bad_table(missing_underscore, 3);
  std::string short_row = handmade_gelu_tbl(kGeluHeader);
  short_row.erase(short_row.find('_', short_row.find("edges")) - 1, 1);
  expect_bad_table(short_row, 3);
}

TEST_F(BadTableTest, MissingOrEmptyFile) {
  expect_bad_table("", 0);
  write_file(path("x.npy"), npy_f32({1}, {0.5f}));
  expect_rejected(run("eval --table absent.tbl --in x.npy --out y.npy"), "absent.tbl",
                  {"bad.tbl", "x.npy"});
}

// ------------------------------------------------------------- bad traces

class BadTraceTest : public CliTest {
 protected:
  void expect_bad_trace(const std::string& bytes, const std::string& what) {
    write_file(path("t.tbl"), handmade_gelu_tbl(kGeluHeader));
    write_file(path("bad.npy"), bytes);
    const RunResult result = run("eval --table t.tbl --in bad.npy --out y.npy");
    expect_rejected(result, "bad.npy", {"t.tbl", "bad.npy"});
    EXPECT_NE(result.err.find(what), std::string::npos) << result.err;
  }
};

TEST_F(BadTraceTest, NonFloat32Dtypes) {
  // The message names the dtype the table's format (fp32) needs.
  expect_bad_trace(npy_bytes("<f8", {2}, std::string(16, '\0')), "'<f4'");
  expect_bad_trace(npy_bytes("<i4", {2}, std::string(8, '\0')), "'<f4'");
  expect_bad_trace(npy_bytes(">f4", {2}, std::string(8, '\0')), "'<f4'");
}

TEST_F(BadTraceTest, TruncatedData) {
  const std::string bytes = npy_f32({4, 4}, std::vector<float>(16, 1.0f));
  expect_bad_trace(bytes.substr(0, bytes.size() - 5), "truncated");
}

TEST_F(BadTraceTest, TruncatedHeaderAndBadMagic) {
  const std::string bytes = npy_f32({4}, std::vector<float>(4, 1.0f));
  expect_bad_trace(bytes.substr(0, 20), "truncated");
  expect_bad_trace("PK\x03\x04 this is a zip file", "magic");
}

TEST_F(BadTraceTest, FortranOrder) {
  std::string bytes = npy_f32({2, 2}, std::vector<float>(4, 1.0f));
  bytes.replace(bytes.find("False"), 5, "True ");
  expect_bad_trace(bytes, "Fortran");
}

TEST_F(CliTest, UnwritableOutputIsRejected) {
  write_file(path("t.tbl"), handmade_gelu_tbl(kGeluHeader));
  write_file(path("x.npy"), npy_f32({1}, {0.5f}));
  expect_rejected(run("eval --table t.tbl --in x.npy --out no/such/dir/y.npy"), "no/such/dir/y.npy",
                  {"t.tbl", "x.npy"});
  expect_rejected(run("table --func gelu --n 4 --out no/such/dir/t.tbl"), "no/such/dir/t.tbl",
                  {"t.tbl", "x.npy"});
}

}  // namespace
}  // namespace interpsim::cli_test

// ------------------------------------------------- more round trips, compare, demo

namespace interpsim::cli_test {
namespace {

// The number printed after `label` in `text` (NaN when absent).
double number_after(const std::string& text, const std::string& label) {
  const size_t at = text.find(label);
  if (at == std::string::npos) return std::nan("");
  return std::strtod(text.c_str() + at + label.size(), nullptr);
}

// GELU'(x) = Phi(x) + x phi(x), from its definition.
double reference_gelu_derivative(double x) {
  const double pdf = std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::acos(-1.0));
  return 0.5 * std::erfc(-x / std::sqrt(2.0)) + x * pdf;
}

// max |GELU''| = GELU''(0) = 2 phi(0); the chord error of a segment of width h
// is at most h^2/8 * max|f''|.
double gelu_chord_bound(double width) {
  return width * width / 8.0 * 2.0 / std::sqrt(2.0 * std::acos(-1.0));
}

TEST_F(CliTest, TableLinfMatchesTheChordErrorBound) {
  for (const int n : {4, 8, 12}) {
    const RunResult result =
        run("table --func gelu --n " + std::to_string(n) + " --samples 200001 --out t.tbl");
    ASSERT_EQ(result.status, 0) << result.err;
    const double bound = gelu_chord_bound(8.0 / (1 << n));
    const double linf = number_after(result.out, "Linf (eq. 8)");
    // The steepest curvature sits at 0, a breakpoint, so the max error is
    // close to the bound; float32 rounding adds up to ~1e-7 at 4096 segments.
    EXPECT_GT(linf, 0.5 * bound) << result.out;
    EXPECT_LT(linf, 1.01 * bound + 2e-7) << result.out;
    EXPECT_NE(result.out.find("200001 uniformly spaced samples"), std::string::npos);
  }
}

TEST_F(CliTest, TableOptionSpellingsAgree) {
  ASSERT_EQ(run("table --func gelu --a -5 --m 3 --n 6 --out a.tbl").status, 0);
  ASSERT_EQ(run("table --func gelu --a=-5 --m=3 --n=6 --out=b.tbl").status, 0);
  ASSERT_EQ(run("table --func gelu --a 0xc0a00000 --m 3 --n 6 --out c.tbl").status, 0);
  ASSERT_EQ(run("table --func gelu --n 6 --out d.tbl").status, 0);  // gelu's default interval
  EXPECT_EQ(read_file(path("a.tbl")), read_file(path("b.tbl")));
  EXPECT_EQ(read_file(path("a.tbl")), read_file(path("c.tbl")));
  EXPECT_EQ(read_file(path("a.tbl")), read_file(path("d.tbl")));
}

TEST_F(CliTest, TableSegmentsGivesTheSameTableAsN) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"--func gelu --a -5 --m 3 --segments 64", "--func gelu --a -5 --m 3 --n 6"},
      {"--func sigmoid --segments 4096", "--func sigmoid --n 12"},
      {"--func gelu --a 0 --m 3 --segments 1", "--func gelu --a 0 --m 3 --n 0"},
      {"--func tanh --segments 256 --derivative", "--func tanh --n 8 --derivative"}};
  for (const auto& [segments, n] : pairs) {
    const RunResult by_segments = run("table " + segments + " --samples 1001 --out s.tbl");
    const RunResult by_n = run("table " + n + " --samples 1001 --out n.tbl");
    ASSERT_EQ(by_segments.status, 0) << by_segments.err;
    ASSERT_EQ(by_n.status, 0) << by_n.err;
    EXPECT_EQ(read_file(path("s.tbl")), read_file(path("n.tbl"))) << segments;
    // The same report, apart from the file name.
    EXPECT_EQ(by_segments.out.substr(by_segments.out.find(':')),
              by_n.out.substr(by_n.out.find(':')))
        << segments;
  }
}

TEST_F(CliTest, TableEdgeModesFollowDesign) {
  ASSERT_EQ(run("table --func gelu --n 4 --edges saturate --out s.tbl").status, 0);
  ASSERT_EQ(run("table --func gelu --n 4 --edges asymptote --out a.tbl").status, 0);
  ASSERT_EQ(run("table --func gelu --n 4 --edges paper --out p.tbl").status, 0);
  const UniformTable saturate = read_tbl(path("s.tbl"));
  EXPECT_EQ(saturate.edges, EdgeMode::kSaturate);
  EXPECT_EQ(saturate.k[16], 0.0f);
  EXPECT_LE(ulp_distance(saturate.b[16], static_cast<float>(reference_gelu(-5.0))), 1u);
  EXPECT_EQ(saturate.k[17], 0.0f);
  EXPECT_LE(ulp_distance(saturate.b[17], static_cast<float>(reference_gelu(3.0))), 1u);
  const UniformTable asymptote = read_tbl(path("a.tbl"));  // GELU: y = 0 below, y = x above
  EXPECT_EQ(asymptote.k[16], 0.0f);
  EXPECT_EQ(asymptote.b[16], 0.0f);
  EXPECT_EQ(asymptote.k[17], 1.0f);
  EXPECT_EQ(asymptote.b[17], 0.0f);
  const UniformTable paper = read_tbl(path("p.tbl"));  // extrapolate the end segments
  EXPECT_EQ(paper.edges, EdgeMode::kExtrapolate);
  EXPECT_EQ(float_to_bits(paper.k[16]), float_to_bits(paper.k[0]));
  EXPECT_EQ(float_to_bits(paper.b[16]), float_to_bits(paper.b[0]));
  EXPECT_EQ(float_to_bits(paper.k[17]), float_to_bits(paper.k[15]));
  EXPECT_EQ(float_to_bits(paper.b[17]), float_to_bits(paper.b[15]));
}

TEST_F(CliTest, DerivativeTableRoundTrip) {
  const RunResult table_run = run("table --func gelu --n 8 --derivative --out d.tbl");
  ASSERT_EQ(table_run.status, 0) << table_run.err;
  EXPECT_NE(read_file(path("d.tbl")).find("derivative=1"), std::string::npos);
  const UniformTable table = read_tbl(path("d.tbl"));
  for (int i = 0; i < 256; i += 17) {
    const double x0 = -5.0 + i / 32.0;
    const double x1 = x0 + 1.0 / 32.0;
    const float slope = static_cast<float>(
        (reference_gelu_derivative(x1) - reference_gelu_derivative(x0)) / (x1 - x0));
    EXPECT_LE(ulp_distance(table.k[i], slope), 2u) << "K[" << i << "]";
  }
  write_file(path("x.npy"), npy_f32({5}, {-2.0f, -0.5f, 0.0f, 0.7f, 2.2f}));
  const RunResult eval_run = run("eval --table d.tbl --in x.npy --out y.npy");
  ASSERT_EQ(eval_run.status, 0) << eval_run.err;
  EXPECT_NE(eval_run.out.find("gelu'"), std::string::npos) << eval_run.out;
  const SimpleNpy output = parse_npy(read_file(path("y.npy")));
  ASSERT_EQ(output.bits.size(), 5u);
  const std::vector<float> xs = {-2.0f, -0.5f, 0.0f, 0.7f, 2.2f};
  for (size_t i = 0; i < xs.size(); ++i) {
    // GELU''' is below 1.2 in magnitude, so the chord error of f' is < h^2/8 * 1.2.
    EXPECT_NEAR(bits_to_float(output.bits[i]), reference_gelu_derivative(xs[i]),
                (1.0 / 32) * (1.0 / 32) / 8 * 1.2 + 1e-6);
  }
}

TEST_F(CliTest, EmptyTraceGivesEmptyOutput) {
  write_file(path("t.tbl"), handmade_gelu_tbl(kGeluHeader));
  write_file(path("x.npy"), npy_f32({0, 3}, {}));
  ASSERT_EQ(run("eval --table t.tbl --in x.npy --out y.npy").status, 0);
  const SimpleNpy output = parse_npy(read_file(path("y.npy")));
  EXPECT_EQ(output.shape, (std::vector<size_t>{0, 3}));
  EXPECT_TRUE(output.bits.empty());
}

// I-BERT's i-GELU in float64, from its definition (a = -0.2888, b = -1.769).
double reference_igelu(double x) {
  const double u = x / std::sqrt(2.0);
  const double t = std::min(std::fabs(u), 1.769);
  const double l = (u < 0 ? -1.0 : 1.0) * (-0.2888 * (t - 1.769) * (t - 1.769) + 1.0);
  return 0.5 * x * (1.0 + l);
}

TEST_F(CliTest, CompareCsvHasEveryDesignWithConsistentFigures) {
  const RunResult result = run("compare --func gelu --samples 20001 --csv c.csv");
  ASSERT_EQ(result.status, 0) << result.err;
  std::istringstream csv(read_file(path("c.csv")));
  std::string line;
  ASSERT_TRUE(std::getline(csv, line));
  EXPECT_EQ(line,
            "function,design,segments,samples,l2,linf,mean_abs,max_ulp,memory_bytes,search_steps");
  std::map<std::string, std::vector<std::string>> rows;  // "design/segments" -> fields
  while (std::getline(csv, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    ASSERT_EQ(fields.size(), 10u) << line;
    EXPECT_EQ(fields[0], "gelu");
    EXPECT_EQ(fields[3], "20001");
    rows[fields[1] + "/" + fields[2]] = fields;
  }
  EXPECT_EQ(rows.size(), 22u);
  for (const int n : {4, 6, 8, 10, 12}) {
    const size_t segments = size_t{1} << n;
    const std::string suffix = "/" + std::to_string(segments);
    ASSERT_EQ(rows.count("uniform" + suffix), 1u);
    ASSERT_EQ(rows.count("bsearch" + suffix), 1u);
    ASSERT_EQ(rows.count("nonuniform" + suffix), 1u);
    const auto& uniform = rows["uniform" + suffix];
    const auto& bsearch = rows["bsearch" + suffix];
    EXPECT_EQ(std::stoul(uniform[8]), (segments + 2) * 8);
    EXPECT_EQ(std::stoul(bsearch[8]), (segments + 2) * 8 + (segments + 1) * 4);
    EXPECT_EQ(std::stoi(uniform[9]), 0);
    EXPECT_EQ(std::stoi(bsearch[9]), n);
    const double bound = gelu_chord_bound(8.0 / segments);
    EXPECT_GT(std::stod(uniform[5]), 0.5 * bound) << line;
    EXPECT_LT(std::stod(uniform[5]), 1.01 * bound + 2e-7);
    // Same breakpoints and entries: the same error up to a few breakpoint inputs.
    EXPECT_NEAR(std::stod(bsearch[5]), std::stod(uniform[5]), 1e-3 * std::stod(uniform[5]));
    // The error-equalizing split is never worse than uniform on the max error.
    EXPECT_LE(std::stod(rows["nonuniform" + suffix][5]), std::stod(uniform[5]) * 1.0001);
    // Value LUT: N + 1 values and two (K, B) edge lines; on the same breakpoints
    // it interpolates f as the chords do, so its Linf is the uniform one's.
    ASSERT_EQ(rows.count("value" + suffix), 1u);
    const auto& value = rows["value" + suffix];
    EXPECT_EQ(std::stoul(value[8]), (segments + 1) * 4 + 16);
    EXPECT_EQ(std::stoi(value[9]), 0);
    EXPECT_NEAR(std::stod(value[5]), std::stod(uniform[5]), 0.02 * std::stod(uniform[5]) + 1e-6);
  }
  // i-GELU: its max error over the same samples, computed here from the formula.
  double igelu_linf = 0;
  const float lo = std::nextafter(-5.0f, 0.0f);
  const float hi = std::nextafter(3.0f, 0.0f);
  for (int i = 0; i < 20001; ++i) {
    const float x = static_cast<float>(lo + (static_cast<double>(hi) - lo) * (i / 20000.0));
    igelu_linf = std::max(igelu_linf, std::fabs(reference_igelu(x) - reference_gelu(x)));
  }
  ASSERT_EQ(rows.count("igelu_f32/0"), 1u);
  ASSERT_EQ(rows.count("igelu_i32/0"), 1u);
  EXPECT_NEAR(std::stod(rows["igelu_f32/0"][5]), igelu_linf, 1e-5);
  EXPECT_EQ(std::stoul(rows["igelu_f32/0"][8]), 0u);
  // The text table carries the same rows.
  EXPECT_NE(result.out.find("nonuniform"), std::string::npos);
  EXPECT_NE(result.out.find("igelu_i32"), std::string::npos);
}

TEST_F(CliTest, CompareOfOtherFunctionsHasNoIgelu) {
  const RunResult result = run("compare --func tanh --samples 1001 --csv c.csv");
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(read_file(path("c.csv")).find("igelu"), std::string::npos);
  EXPECT_EQ(count_lines(read_file(path("c.csv"))), 21u);  // header + 4 designs x 5 counts
}

TEST_F(CliTest, CompareRejectsUnwritableCsv) {
  expect_rejected(run("compare --samples 1001 --csv no/dir/c.csv"), "no/dir/c.csv", {});
  expect_rejected(run("compare --samples 1"), "--samples", {});
}

TEST_F(CliTest, DemoRunsAndReportsTheTableAndDesigns) {
  const RunResult result = run("demo");
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("n=12 (4096 segments"), std::string::npos) << result.out;
  const double linf = number_after(result.out, "Linf (eq. 8)");
  const double bound = gelu_chord_bound(8.0 / 4096);
  EXPECT_GT(linf, 0.5 * bound);
  EXPECT_LT(linf, 1.01 * bound + 2e-7);
  for (const char* design : {"uniform", "bsearch", "nonuniform", "igelu_f32", "igelu_i32"}) {
    EXPECT_NE(result.out.find(std::string("\n") + design), std::string::npos) << design;
  }
  EXPECT_NE(result.out.find("1048576"), std::string::npos);
  EXPECT_EQ(list_dir(dir_), std::vector<std::string>{});  // the demo writes no files
}

}  // namespace
}  // namespace interpsim::cli_test
