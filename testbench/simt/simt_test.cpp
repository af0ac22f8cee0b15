// The SIMT array model on micro-kernels whose answers the tests derive
// themselves: the issue-rate bound of a pure FP32 loop, k-way shared-memory
// bank conflicts, the DRAM bandwidth of a copy, and the outputs of INTERP and
// of the software lookups (ISA programs) against the golden models.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/bsearch_lookup.hpp"
#include "model/float_bits.hpp"
#include "model/input_error.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/lanes/in_order_lane.hpp"
#include "sim/simt/kernels.hpp"
#include "sim/simt/simt_config.hpp"
#include "sim/simt/simt_run.hpp"

namespace interpsim::simt {
namespace {

Instr instr(Op op, uint8_t d, uint8_t a = kNoReg, uint8_t b = kNoReg, uint8_t c = kNoReg,
            uint32_t imm = 0) {
  Instr i;
  i.op = op;
  i.unit = unit_of(op);
  i.d = d;
  i.a = a;
  i.b = b;
  i.c = c;
  i.imm = imm;
  return i;
}

// One SM with one scheduler and one warp per block: the simplest machine.
SimtConfig tiny_machine() {
  SimtConfig c;
  c.sms = 1;
  c.schedulers_per_sm = 1;
  c.fp32_lanes_per_sm = 16;  // a warp instruction holds the FP32 pipe 2 cycles
  c.int_lanes_per_sm = 16;
  c.sfu_lanes_per_sm = 4;
  c.fp64_lanes_per_sm = 8;
  c.block_threads = 32;
  c.max_warps_per_sm = 8;
  return c;
}

std::string v100_path() {
  return default_configs_dir() + "/v100.ini";
}

TEST(SimtMicro, PureFp32LoopRunsAtTheIssueRateBound) {
  for (int lanes : {16, 32}) {
    SimtConfig c = tiny_machine();
    c.fp32_lanes_per_sm = lanes;
    const int occupancy = 32 / lanes;  // cycles one warp instruction holds the pipe
    Program program;
    program.name = "fp32_loop";
    // 8 independent FFMA chains (latency 4 < 8 instructions apart): only the
    // pipe limits the issue.
    for (int i = 0; i < 40; ++i) {
      const uint8_t r = static_cast<uint8_t>(2 + i % 8);
      program.body.push_back(instr(Op::kFfma, r, r, r, r));
    }
    GlobalBuffers buffers;
    const int warps = 8;  // 8 blocks of one warp, 16 iterations each
    c.max_blocks_per_sm = warps;
    const int iterations = 16;
    buffers.input.assign(static_cast<size_t>(32) * warps * iterations, 0);
    const SimtStats stats = simulate(c, program, buffers, nullptr);
    const uint64_t issued = 40ull * warps * iterations;
    EXPECT_EQ(stats.warp_instructions, issued);
    // Issue every `occupancy` cycles; the last result is ready latency cycles
    // after its issue, and the pipe holds it occupancy - 1 more.
    const uint64_t bound = occupancy * issued + c.fp32_latency - 1;
    EXPECT_EQ(stats.cycles, bound) << "fp32 lanes per scheduler " << lanes;
  }
}

// LDS of 32-bit words at stride k words: lanes l and l + 32/k share a bank
// (word l*k mod 32), so each access needs k wavefronts.
SimtStats run_strided_shared(int stride, int loads_per_iteration, int iterations) {
  SimtConfig c = tiny_machine();
  // A 1-cycle shared latency: a load's result is back before the next load
  // to its register, so only the LSU's wavefronts set the pace.
  c.shared_latency = 1;
  c.max_blocks_per_sm = 1;  // one warp, looping over every element
  Program program;
  program.name = "lds_stride";
  program.shared_bytes_per_block = 32 * std::max(stride, 1) * 4;
  // r6 = thread << log2(stride) (stride 0: shift by 32, every lane reads word 0).
  int shift = 32;
  if (stride > 0) shift = __builtin_ctz(static_cast<unsigned>(stride));
  program.setup.push_back(instr(Op::kMovI, 4, kNoReg, kNoReg, kNoReg, shift));
  program.setup.push_back(instr(Op::kShl, 6, 1, 4));
  for (int i = 0; i < loads_per_iteration; ++i) {
    Instr load = instr(Op::kLds, static_cast<uint8_t>(8 + i % 16), 6);
    program.body.push_back(load);
  }
  GlobalBuffers buffers;
  buffers.input.assign(32ull * iterations, 0);
  return simulate(c, program, buffers, nullptr);
}

TEST(SimtMicro, SharedMemoryKWayConflictCostsKTimes) {
  const int loads = 16, iterations = 8;
  const SimtStats one = run_strided_shared(1, loads, iterations);
  EXPECT_EQ(one.bank_conflict_replays, 0u);
  EXPECT_EQ(one.shared_wavefronts, static_cast<uint64_t>(loads * iterations));
  for (int k : {2, 4, 8, 16, 32}) {
    const SimtStats conflicted = run_strided_shared(k, loads, iterations);
    EXPECT_EQ(conflicted.shared_wavefronts, static_cast<uint64_t>(k) * loads * iterations) << k;
    EXPECT_EQ(conflicted.bank_conflict_replays, static_cast<uint64_t>(k - 1) * loads * iterations)
        << k;
    // The loads are LSU-bound: each of the loads*iterations accesses holds
    // the LSU k cycles instead of 1 (the last one's data arrives k cycles
    // after its issue instead of 1).
    EXPECT_EQ(static_cast<int64_t>(conflicted.cycles) - static_cast<int64_t>(one.cycles),
              static_cast<int64_t>(k - 1) * loads * iterations)
        << k;
  }
}

TEST(SimtMicro, SameWordIsABroadcast) {
  const SimtStats broadcast = run_strided_shared(0, 16, 8);
  EXPECT_EQ(broadcast.bank_conflict_replays, 0u);
  EXPECT_EQ(broadcast.shared_wavefronts, 16u * 8u);
}

// Schedulers with unequal warp counts, the fullest above the scan's 64 slots:
// the others must scan their own slots only (this crashed: the padded row of
// 72 slots went to the 64-slot scan).
TEST(SimtMicro, UnequalWarpCountsAboveTheScanLimitRun) {
  SimtConfig c = load_simt_config(default_configs_dir() + "/h100.ini");
  c.kernel = "bsearch";
  c.table.segments = 256;
  c.schedulers_per_sm = 1;
  c.max_warps_per_sm = 96;
  c.registers_per_sm = 1 << 20;
  c.elements = 300000;
  const SimtRun run = run_simt(c);
  EXPECT_EQ(run.stats.elements, 300000u);
  EXPECT_EQ(run.checked, CheckKind::kProgram);
  EXPECT_EQ(run.mismatches, 0u);
}

TEST(SimtMicro, DramBoundCopyAchievesTheConfiguredBandwidth) {
  SimtConfig c = load_simt_config(v100_path());
  c.kernel = "copy";
  c.elements = 4 << 20;
  const SimtRun run = run_simt(c);
  ASSERT_EQ(run.checked, CheckKind::kProgram);
  EXPECT_EQ(run.mismatches, 0u);
  const double bytes = static_cast<double>(run.stats.dram_read_bytes + run.stats.dram_write_bytes);
  EXPECT_EQ(bytes, 8.0 * c.elements);
  const double seconds = static_cast<double>(run.stats.cycles) / (c.clock_ghz * 1e9);
  const double achieved = bytes / seconds / 1e9;
  EXPECT_NEAR(achieved / c.dram_gb_per_s, 1.0, 0.02) << achieved << " GB/s";
}

// Inputs that exercise every class of Algorithm 1 for a table on [a, b).
std::vector<float> corner_and_random_inputs(const UniformTable& table, size_t random_count) {
  std::vector<float> x = {0.0f,
                          -0.0f,
                          table.a,
                          table.upper(),
                          std::nextafter(table.a, 0.0f),
                          std::nextafter(table.upper(), table.a),
                          -INFINITY,
                          INFINITY,
                          NAN,
                          1e-45f,
                          -1e-45f,
                          1e30f,
                          -1e30f};
  const double w = table.width();
  for (size_t i = 0; i <= table.segments(); i += std::max<size_t>(1, table.segments() / 64)) {
    const float t = static_cast<float>(table.a + i * w);
    x.push_back(t);
    x.push_back(std::nextafter(t, -INFINITY));
    x.push_back(std::nextafter(t, INFINITY));
  }
  std::mt19937 random(7);
  std::uniform_real_distribution<float> inside(table.a - 1.0f, table.upper() + 1.0f);
  for (size_t i = 0; i < random_count; ++i) x.push_back(inside(random));
  for (size_t i = 0; i < random_count / 4; ++i) x.push_back(bits_to_float(random()));
  return x;
}

uint32_t canonical(float y) {
  return std::isnan(y) ? 0x7FC00000u : float_to_bits(y);
}

struct LookupCase {
  const char* kernel;
  const char* func;
  float a;
  int m;
  int n;
};

void PrintTo(const LookupCase& c, std::ostream* out) {
  *out << c.kernel << " " << c.func << " a=" << c.a << " m=" << c.m << " n=" << c.n;
}

class SimtLookupOutputs : public ::testing::TestWithParam<LookupCase> {};

TEST_P(SimtLookupOutputs, EqualTheGoldenModelBitForBit) {
  const LookupCase& p = GetParam();
  const UniformTable table = generate_table(p.func, p.a, p.m, p.n, EdgeMode::kExtrapolate);
  const std::vector<float> x = corner_and_random_inputs(table, 20000);
  SimtConfig c = load_simt_config(v100_path());
  c.sms = 2;
  c.interp_lanes_per_scheduler = 4;
  GlobalBuffers buffers;
  for (float v : x) buffers.input.push_back(float_to_bits(v));
  for (size_t row = 0; row < table.rows(); ++row) {
    buffers.table.push_back(float_to_bits(table.k[row]));
    buffers.table.push_back(float_to_bits(table.b[row]));
  }
  const BreakpointTable breakpoints = breakpoint_table_from_uniform(table);
  for (float t : breakpoints.breakpoints) buffers.breakpoints.push_back(float_to_bits(t));
  TableShape shape{table.a, table.upper(), table.m, table.n};
  const Program program = build_program(find_kernel(p.kernel, "test"), shape, c);
  const auto lane = lanes::make_in_order_lane(lanes::LaneImpl::kModel, table);
  simulate(c, program, buffers, lane.get());
  ASSERT_EQ(buffers.output.size(), x.size());
  size_t mismatches = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const float expected = std::string(p.kernel) == "bsearch" ? interp_bsearch(breakpoints, x[i])
                                                              : interp_uniform(table, x[i]);
    const uint32_t got =
        std::isnan(bits_to_float(buffers.output[i])) ? 0x7FC00000u : buffers.output[i];
    if (got != canonical(expected)) {
      if (++mismatches <= 5) {
        ADD_FAILURE() << p.kernel << " x=" << x[i] << " (0x" << std::hex << float_to_bits(x[i])
                      << ") got 0x" << got << " expected 0x" << canonical(expected);
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

INSTANTIATE_TEST_SUITE_P(Kernels, SimtLookupOutputs,
                         ::testing::Values(LookupCase{"interp", "gelu", -5.0f, 3, 12},
                                           LookupCase{"interp", "exp", -16.0f, 4, 6},
                                           LookupCase{"alg1_global", "gelu", -5.0f, 3, 12},
                                           LookupCase{"alg1_global", "exp", -16.0f, 4, 0},
                                           LookupCase{"alg1_shared", "sigmoid", -8.0f, 4, 10},
                                           LookupCase{"alg1_shared", "gelu", -5.0f, 3, 4},
                                           LookupCase{"bsearch", "gelu", -5.0f, 3, 8},
                                           LookupCase{"bsearch", "exp", -16.0f, 4, 4}),
                         [](const ::testing::TestParamInfo<LookupCase>& info) {
                           return std::string(info.param.kernel) + "_" + info.param.func + "_n" +
                                  std::to_string(info.param.n);
                         });

TEST(SimtMicro, InterpUnitThroughputScalesWithLanes) {
  // Independent INTERPs on a 1-scheduler machine: each takes 32/L cycles of
  // the unit, so the unit bounds the loop at 32/L cycles per instruction.
  const UniformTable table = generate_table("gelu", -5.0f, 3, 6, EdgeMode::kExtrapolate);
  const auto lane = lanes::make_in_order_lane(lanes::LaneImpl::kModel, table);
  for (int lanes : {1, 2, 4, 8, 16, 32}) {
    SimtConfig c = tiny_machine();
    c.interp_lanes_per_scheduler = lanes;
    c.max_blocks_per_sm = 8;
    Program program;
    program.name = "interp_loop";
    for (int i = 0; i < 16; ++i) {
      program.body.push_back(instr(Op::kInterp, static_cast<uint8_t>(8 + i), 2));
    }
    GlobalBuffers buffers;
    buffers.input.assign(32ull * 8 * 4, 0);
    const SimtStats stats = simulate(c, program, buffers, lane.get());
    const uint64_t issued = 16ull * 8 * 4;
    const uint64_t beats = 32 / lanes;
    EXPECT_EQ(stats.cycles, (issued - 1) * beats + lane->latency() + beats - 1) << lanes;
  }
}

TEST(SimtMicro, WorkloadsSmallerThanTheGridFinish) {
  // Fewer elements than threads: some warps (and SMs) get nothing to do.
  for (const KernelInfo& kernel : all_kernels()) {
    for (long long elements : {1LL, 33LL, 1000LL, 70000LL}) {
      SimtConfig c = load_simt_config(v100_path());
      c.kernel = kernel.name;
      c.elements = elements;
      c.table.segments = 64;
      c.interp_lanes_per_scheduler = 2;
      const SimtRun run = run_simt(c);
      EXPECT_EQ(run.stats.elements, static_cast<uint64_t>(elements)) << kernel.name;
      EXPECT_EQ(run.mismatches, 0u) << kernel.name << " " << elements;
      EXPECT_GT(run.stats.cycles, 0u) << kernel.name;
    }
  }
}

TEST(SimtConfigFile, UnknownKeyNamesFileAndLine) {
  const std::string path = ::testing::TempDir() + "/simt_bad.ini";
  std::ofstream(path) << "sms = 4\n# comment\nwarp_size = 64\n";
  try {
    load_simt_config(path);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(path + ":3"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("warp_size"), std::string::npos) << error.what();
  }
}

TEST(SimtConfigFile, BadValueNamesKey) {
  const std::string path = ::testing::TempDir() + "/simt_bad_value.ini";
  std::ofstream(path) << "sms = eighty\n";
  try {
    load_simt_config(path);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("sms"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
}

TEST(SimtConfigFile, PublishedParametersAreLoaded) {
  const SimtConfig v100 = load_simt_config(v100_path());
  EXPECT_EQ(v100.sms, 80);
  EXPECT_EQ(v100.fp32_lanes_per_sm, 64);
  EXPECT_EQ(v100.sfu_lanes_per_sm, 16);
  EXPECT_DOUBLE_EQ(v100.dram_gb_per_s, 900);
  const SimtConfig h100 = load_simt_config(default_configs_dir() + "/h100.ini");
  EXPECT_EQ(h100.sms, 132);
  EXPECT_EQ(h100.fp32_lanes_per_sm, 128);
  EXPECT_DOUBLE_EQ(h100.dram_gb_per_s, 3350);
  EXPECT_EQ(h100.l2_bytes, 50LL << 20);
  // H200: the H100's SMs and clock with HBM3e (datasheet) and the L2 read on
  // the lent H200 (configs/h200.ini).
  const SimtConfig h200 = load_simt_config(default_configs_dir() + "/h200.ini");
  EXPECT_EQ(h200.gpu, "h200");
  EXPECT_EQ(h200.sms, 132);
  EXPECT_DOUBLE_EQ(h200.clock_ghz, 1.98);
  EXPECT_DOUBLE_EQ(h200.dram_gb_per_s, 4800);
  EXPECT_EQ(h200.l2_bytes, 60LL << 20);
}

TEST(SimtConfigFile, InterpKernelWithoutLanesIsAnError) {
  SimtConfig c = load_simt_config(v100_path());
  c.kernel = "interp";
  c.elements = 1024;
  EXPECT_THROW(run_simt(c), InputError);
}

}  // namespace
}  // namespace interpsim::simt
