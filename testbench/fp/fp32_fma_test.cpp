// fp32_fma (verilated) against the host's correctly rounded fmaf and against
// Berkeley TestFloat's f32_mulAdd vectors.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "Vfp32_fma.h"
#include "Vfp32_fma_fp32_fma.h"
#include "model/float_bits.hpp"
#include "testbench/fp/fp_case_generator.hpp"
#include "testbench/fp/pipe_driver.hpp"
#include "testbench/fp/testfloat_reader.hpp"
#include "testbench/fp/unit_check.hpp"

namespace interpsim::fp_test {
namespace {

constexpr unsigned kLatency = Vfp32_fma_fp32_fma::Latency;

void apply_fma(Vfp32_fma& model, const FmaOperands& ops) {
  model.a_i = ops.a;
  model.b_i = ops.b;
  model.c_i = ops.c;
}

uint32_t host_fma(const FmaOperands& ops) {
  return canonical_bits(
      std::fmaf(bits_to_float(ops.a), bits_to_float(ops.b), bits_to_float(ops.c)));
}

using FmaDriver = PipeDriver<Vfp32_fma, FmaOperands, decltype(&apply_fma)>;

class Fp32FmaTest : public ::testing::Test {
 protected:
  Fp32FmaTest()
      : model_(std::make_unique<Vfp32_fma>()), driver_(*model_, kLatency, &apply_fma, 11) {}

  ::testing::AssertionResult check(const std::vector<FmaOperands>& inputs, const Traffic& traffic) {
    return matches_reference(driver_, inputs, traffic, &host_fma);
  }

  std::unique_ptr<Vfp32_fma> model_;
  FmaDriver driver_;
};

// The package's FpFmaLatency plus the register stages this model was
// verilated with (testbench/fp/CMakeLists.txt); the driver checks that every
// result takes exactly kLatency cycles.
TEST_F(Fp32FmaTest, LatencyIsThePackagesPlusExtraStages) {
  EXPECT_EQ(kLatency, unsigned{INTERPSIM_FMA_LATENCY + INTERPSIM_EXTRA_STAGES});
}

// Every triple from a list of boundary values, both signs.
TEST_F(Fp32FmaTest, BoundaryValueTriplesMatchHost) {
  const std::vector<uint32_t> values = with_both_signs(
      {0x00000000, 0x00000001, 0x00000003, 0x007FFFFF, 0x00800000, 0x00800001, 0x1F800000,
       0x33800000, 0x337FFFFF, 0x3F000000, 0x3F800000, 0x3F800001, 0x3F7FFFFF, 0x3FFFFFFF,
       0x5F800000, 0x7F000000, 0x7F7FFFFF, 0x7F800000, 0x7FC00000, 0x7F800001});
  std::vector<FmaOperands> inputs;
  for (uint32_t a : values)
    for (uint32_t b : values)
      for (uint32_t c : values) inputs.push_back({a, b, c});
  EXPECT_TRUE(check(inputs, Traffic{}));
}

// 10 million weighted random vectors: 70% at full rate (checks latency and
// II = 1), 30% with random input bubbles and output backpressure.
TEST_F(Fp32FmaTest, TenMillionWeightedRandomVectorsMatchHost) {
  // --gtest_random_seed=N selects another stream (the default run is fixed).
  FpCaseGenerator generator(20261122u + GTEST_FLAG_GET(random_seed));
  constexpr int kChunks = 10;
  constexpr size_t kChunkSize = 1000000;
  for (int chunk = 0; chunk < kChunks; ++chunk) {
    std::vector<FmaOperands> inputs(kChunkSize);
    for (FmaOperands& ops : inputs) ops = generator.fma_operands();
    const Traffic traffic = chunk < 7 ? Traffic{} : Traffic{0.2, 0.3};
    ASSERT_TRUE(check(inputs, traffic)) << "chunk " << chunk;
  }
}

TEST_F(Fp32FmaTest, TestFloatMulAddVectors) {
  const auto vectors = read_testfloat(
      std::string(INTERPSIM_TESTFLOAT_DIR) + "/f32_mulAdd_rne_level1_every8th.txt.gz", 3);
  ASSERT_EQ(vectors.size(), 766656u);
  std::vector<FmaOperands> inputs;
  std::vector<uint32_t> expected;
  for (const TestFloatVector& v : vectors) {
    inputs.push_back({v.operands[0], v.operands[1], v.operands[2]});
    // README rule: a NaN result matches any NaN, so compare canonical patterns.
    expected.push_back(is_nan_bits(v.result) ? kCanonicalNanBits : v.result);
  }
  EXPECT_TRUE(results_match(driver_.run(inputs, Traffic{0.05, 0.1}), inputs, expected));
}

}  // namespace
}  // namespace interpsim::fp_test
