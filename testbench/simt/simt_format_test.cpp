// The SIMT array on fp16, bf16 and fp8 data (docs/design.md section 12,
// docs/simt.md "Number formats"): the INTERP kernel and software Algorithm 1
// (kb = io, HADD/HFMA in the format) over every input pattern of the format
// against model/'s interp_format_bits bit for bit; DRAM bytes, L1 lines and
// shared-memory wavefronts in the element's and the entry's width, derived
// from element counts and widths; the combinations that cannot run.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/format_trace.hpp"
#include "model/input_error.hpp"
#include "model/table_gen.hpp"
#include "sim/lanes/in_order_lane.hpp"
#include "sim/simt/format_interp_lane.hpp"
#include "sim/simt/kernels.hpp"
#include "sim/simt/simt_config.hpp"
#include "sim/simt/simt_run.hpp"

namespace interpsim::simt {
namespace {

std::string v100_path() {
  return default_configs_dir() + "/v100.ini";
}

struct FormatCase {
  const char* kernel;
  NumberFormat format;
  KbFormat kb;
  const char* func;
  float a;
  int m;
  int n;
};

void PrintTo(const FormatCase& c, std::ostream* out) {
  *out << c.kernel << " " << number_format_names().name(c.format) << "/kb "
       << kb_format_names().name(c.kb) << " " << c.func << " n=" << c.n;
}

class SimtFormatOutputs : public ::testing::TestWithParam<FormatCase> {};

// Every bit pattern of the format through the kernel's program (simulate,
// buffers set up here), each output against interp_format_bits.
TEST_P(SimtFormatOutputs, EveryInputEqualsTheFormatGoldenModel) {
  const FormatCase& p = GetParam();
  const UniformTable table =
      generate_table(p.func, p.a, p.m, p.n, EdgeMode::kExtrapolate, false, p.format, p.kb);
  SimtConfig c = load_simt_config(v100_path());
  c.sms = 4;
  c.interp_lanes_per_scheduler = 4;
  c.table.format = p.format;
  c.table.kb = p.kb;
  const uint32_t patterns = uint32_t{1} << format_bits(p.format);
  GlobalBuffers buffers;
  for (uint32_t x = 0; x < patterns; ++x) buffers.input.push_back(x);
  const NumberFormat entries = table.entries();
  for (size_t row = 0; row < table.rows(); ++row) {
    buffers.table.push_back(round_to_format(entries, table.k[row]));
    buffers.table.push_back(round_to_format(entries, table.b[row]));
  }
  TableShape shape{table.a, table.upper(), table.m, table.n};
  const Program program = build_program(find_kernel(p.kernel, "test"), shape, c);
  EXPECT_EQ(program.buffer_bytes[static_cast<int>(Buffer::kInput)], format_bits(p.format) / 8);
  EXPECT_EQ(program.buffer_bytes[static_cast<int>(Buffer::kTable)], format_bits(entries) / 8);
  FormatInterpLane lane(table);
  simulate(c, program, buffers, &lane);
  ASSERT_EQ(buffers.output.size(), buffers.input.size());
  const uint32_t nan = float_layout(p.format).canonical_nan;
  size_t mismatches = 0;
  for (uint32_t x = 0; x < patterns; ++x) {
    const bool copy = std::string(p.kernel) == "copy";  // y = x
    const uint32_t expected =
        copy ? (is_nan_in(p.format, x) ? nan : x) : interp_format_bits(table, x);
    const uint32_t got = is_nan_in(p.format, buffers.output[x]) ? nan : buffers.output[x];
    if (got != expected && ++mismatches <= 5) {
      ADD_FAILURE() << p.kernel << " x=0x" << std::hex << x << " ("
                    << decode_value(p.format, x) << ") got 0x" << got << " expected 0x"
                    << expected;
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

constexpr NumberFormat kFp16 = NumberFormat::kFp16;
constexpr NumberFormat kBf16 = NumberFormat::kBf16;
constexpr KbFormat kIo = KbFormat::kIo;
constexpr KbFormat kKbFp32 = KbFormat::kFp32;

INSTANTIATE_TEST_SUITE_P(
    Formats, SimtFormatOutputs,
    ::testing::Values(
        // Software Algorithm 1, kb = io: HADD and HFMA in the format.
        FormatCase{"alg1_global", kFp16, kIo, "gelu", -5.0f, 3, 8},
        FormatCase{"alg1_global", kBf16, kIo, "gelu", -5.0f, 3, 8},
        FormatCase{"alg1_global", kFp16, kIo, "exp", -16.0f, 4, 0},
        // n beyond what bf16's 8 significant bits address: the padded mantissa.
        FormatCase{"alg1_global", kBf16, kIo, "tanh", -4.0f, 3, 12},
        FormatCase{"alg1_global", kFp16, kIo, "sigmoid", -8.0f, 4, 17},
        FormatCase{"alg1_shared", kFp16, kIo, "sigmoid", -8.0f, 4, 10},
        FormatCase{"alg1_shared", kBf16, kIo, "gelu", -5.0f, 3, 4},
        // The INTERP unit: kb io and fp32 (its FMA is the mixed one), fp8.
        FormatCase{"interp", kFp16, kIo, "gelu", -5.0f, 3, 12},
        FormatCase{"interp", kBf16, kIo, "exp", -16.0f, 4, 6},
        FormatCase{"interp", kFp16, kKbFp32, "tanh", -4.0f, 3, 8},
        FormatCase{"interp", kBf16, kKbFp32, "gelu", -5.0f, 3, 8},
        FormatCase{"interp", NumberFormat::kFp8E5M2, kIo, "gelu", -5.0f, 3, 4},
        FormatCase{"interp", NumberFormat::kFp8E4M3, kKbFp32, "sigmoid", -8.0f, 4, 6},
        // The copy kernel moves any format's bits.
        FormatCase{"copy", kBf16, kIo, "gelu", -5.0f, 3, 4}),
    [](const ::testing::TestParamInfo<FormatCase>& info) {
      return std::string(info.param.kernel) + "_" +
             number_format_names().name(info.param.format) + "_kb" +
             kb_format_names().name(info.param.kb) + "_" + info.param.func + "_n" +
             std::to_string(info.param.n);
    });

// Whole runs (uniform trace rounded to the format): the check in the format
// finds 0 mismatches and says what it proves.
TEST(SimtFormatRun, Fp16AndBf16RunsOfInterpAndAlg1HaveNoMismatches) {
  for (NumberFormat format : {kFp16, kBf16}) {
    for (const char* kernel : {"interp", "alg1_global", "alg1_shared"}) {
      SimtConfig c = load_simt_config(v100_path());
      c.kernel = kernel;
      c.elements = 200000;
      c.interp_lanes_per_scheduler = 4;
      c.table.segments = 256;
      c.table.format = format;
      c.table.kb = kIo;
      const SimtRun run = run_simt(c);
      const std::string what = std::string(kernel) + " " + number_format_names().name(format);
      EXPECT_EQ(run.stats.elements, 200000u) << what;
      EXPECT_EQ(run.mismatches, 0u) << what;
      EXPECT_EQ(run.checked, std::string(kernel) == "interp" ? CheckKind::kRouting
                                                             : CheckKind::kProgram)
          << what;
      EXPECT_NE(run.golden.find("format_lookup"), std::string::npos) << run.golden;
      const nlohmann::json json = stats_to_json(run);
      EXPECT_EQ(json["format"], number_format_names().name(format));
      EXPECT_EQ(json["element_bytes"], 2);
    }
  }
}

// A .npy trace in the format: every fp16 pattern as raw '<u2'.
TEST(SimtFormatRun, RawFp16TraceOfEveryPattern) {
  const std::string path = ::testing::TempDir() + "/simt_every_fp16.npy";
  FormatTrace like;
  like.format = kFp16;
  like.shape = {65536};
  like.dtype = "<u2";
  std::vector<uint32_t> bits(65536);
  for (uint32_t x = 0; x < bits.size(); ++x) bits[x] = x;
  write_format_trace(path, like, bits);
  for (const char* kernel : {"interp", "alg1_global"}) {
    SimtConfig c = load_simt_config(v100_path());
    c.kernel = kernel;
    c.trace = path;
    c.interp_lanes_per_scheduler = 2;
    c.table.segments = 64;
    c.table.format = kFp16;
    c.table.kb = kIo;
    const SimtRun run = run_simt(c);
    EXPECT_EQ(run.stats.elements, 65536u) << kernel;
    EXPECT_EQ(run.mismatches, 0u) << kernel;
  }
  std::remove(path.c_str());
}

uint64_t dram_bytes(const SimtRun& run) {
  return run.stats.dram_read_bytes + run.stats.dram_write_bytes;
}

// Streaming runs move each element once in and once out: elements x element
// bytes each way (the counts are multiples of a 32-byte sector's elements).
TEST(SimtFormatRun, Fp16StreamsHalfTheDramBytesOfFp32) {
  const long long elements = 1 << 20;
  for (const char* kernel : {"copy", "interp", "alg1_global"}) {
    uint64_t bytes[2] = {};
    uint64_t cycles[2] = {};
    int i = 0;
    for (NumberFormat format : {NumberFormat::kFp32, kFp16}) {
      SimtConfig c = load_simt_config(v100_path());
      c.kernel = kernel;
      c.elements = elements;
      c.interp_lanes_per_scheduler = 4;
      c.table.segments = 64;
      c.table.format = format;
      c.table.kb = kIo;
      const SimtRun run = run_simt(c);
      EXPECT_EQ(run.mismatches, 0u) << kernel;
      const uint64_t element_bytes = format_bits(format) / 8;
      EXPECT_EQ(run.stats.dram_read_bytes, elements * element_bytes) << kernel;
      EXPECT_EQ(run.stats.dram_write_bytes, elements * element_bytes) << kernel;
      bytes[i] = dram_bytes(run);
      cycles[i++] = run.stats.cycles;
    }
    EXPECT_EQ(bytes[1] * 2, bytes[0]) << kernel;
    // The memory-bound copy takes about half the time (DRAM latency aside).
    if (std::string(kernel) == "copy") {
      EXPECT_LT(cycles[1], cycles[0] * 0.6) << cycles[1];
    }
  }
}

// One warp's LDG.64 of 32 consecutive rows: 8-byte fp32 rows span two
// 128-byte lines, 4-byte fp16 rows (kb = io) one; LDS.64 of the same rows:
// two half-warp phases for 8 bytes, one wavefront for 4 (32 banks).
SimtStats run_row_loads(Op op, int entry_bytes) {
  SimtConfig c;
  c.sms = 1;
  c.schedulers_per_sm = 1;
  c.block_threads = 32;
  c.max_blocks_per_sm = 1;
  c.shared_latency = 1;
  Program program;
  program.name = "row_loads";
  program.buffer_bytes[static_cast<int>(Buffer::kTable)] = entry_bytes;
  program.shared_value_bytes = entry_bytes;
  program.shared_bytes_per_block = 64 * entry_bytes;
  Instr load;
  load.op = op;
  load.unit = unit_of(op);
  load.d = 8;
  load.a = 1;  // the thread's index: row t
  load.width = 2;
  load.imm = static_cast<uint32_t>(Buffer::kTable);
  program.body.push_back(load);
  GlobalBuffers buffers;
  buffers.input.assign(32, 0);
  buffers.table.assign(64, 0);
  return simulate(c, program, buffers, nullptr);
}

TEST(SimtFormatMemory, RowsInTheEntryWidth) {
  EXPECT_EQ(run_row_loads(Op::kLdg, 4).global_wavefronts, 2u);  // 256 bytes
  EXPECT_EQ(run_row_loads(Op::kLdg, 2).global_wavefronts, 1u);  // 128 bytes
  EXPECT_EQ(run_row_loads(Op::kLdg, 1).global_wavefronts, 1u);  // 64 bytes
  const SimtStats fp32 = run_row_loads(Op::kLds, 4);
  EXPECT_EQ(fp32.shared_wavefronts, 2u);
  EXPECT_EQ(fp32.bank_conflict_replays, 0u);
  const SimtStats fp16 = run_row_loads(Op::kLds, 2);
  EXPECT_EQ(fp16.shared_wavefronts, 1u);
  EXPECT_EQ(fp16.bank_conflict_replays, 0u);
  const SimtStats fp8 = run_row_loads(Op::kLds, 1);  // two rows per bank word
  EXPECT_EQ(fp8.shared_wavefronts, 1u);
  EXPECT_EQ(fp8.bank_conflict_replays, 0u);
}

TEST(SimtFormatMemory, Alg1SharedStagesTheTableInTheEntryWidth) {
  SimtConfig c = load_simt_config(v100_path());
  c.table.format = kFp16;
  c.table.kb = kIo;
  TableShape shape{-5.0f, 3.0f, 3, 10};
  const Program program = build_program(find_kernel("alg1_shared", "test"), shape, c);
  EXPECT_EQ(program.shared_bytes_per_block, ((1 << 10) + 2) * 4);
  c.table.format = NumberFormat::kFp32;
  EXPECT_EQ(build_program(find_kernel("alg1_shared", "test"), shape, c).shared_bytes_per_block,
            ((1 << 10) + 2) * 8);
}

void expect_input_error(SimtConfig c, const std::string& needle) {
  c.elements = 1024;
  try {
    run_simt(c);
    ADD_FAILURE() << c.kernel << ": no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(needle), std::string::npos) << error.what();
  }
}

TEST(SimtFormatRun, CombinationsThatCannotRunAreInputErrors) {
  SimtConfig c = load_simt_config(v100_path());
  c.table.format = kFp16;
  c.table.kb = kKbFp32;
  c.kernel = "alg1_global";
  expect_input_error(c, "kb=fp32");
  c.kernel = "alg1_shared";
  expect_input_error(c, "kb=fp32");
  c.table.kb = kIo;
  c.kernel = "native_exp";
  expect_input_error(c, "fp32 only");
  c.kernel = "bsearch";
  expect_input_error(c, "fp32 only");
  c.table.format = NumberFormat::kFp8E4M3;
  c.kernel = "alg1_global";
  expect_input_error(c, "fp8");
}

}  // namespace
}  // namespace interpsim::simt
