// fp32_add (verilated) against the host's correctly rounded float addition and
// against Berkeley TestFloat's f32_add / f32_sub vectors.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "Vfp32_add.h"
#include "Vfp32_add_fp32_add.h"
#include "model/float_bits.hpp"
#include "testbench/fp/fp_case_generator.hpp"
#include "testbench/fp/pipe_driver.hpp"
#include "testbench/fp/testfloat_reader.hpp"
#include "testbench/fp/unit_check.hpp"

namespace interpsim::fp_test {
namespace {

constexpr unsigned kLatency = Vfp32_add_fp32_add::Latency;

void apply_add(Vfp32_add& model, const AddOperands& ops) {
  model.a_i = ops.a;
  model.b_i = ops.b;
}

uint32_t host_add(const AddOperands& ops) {
  return canonical_bits(bits_to_float(ops.a) + bits_to_float(ops.b));
}

using AddDriver = PipeDriver<Vfp32_add, AddOperands, decltype(&apply_add)>;

class Fp32AddTest : public ::testing::Test {
 protected:
  Fp32AddTest()
      : model_(std::make_unique<Vfp32_add>()), driver_(*model_, kLatency, &apply_add, 7) {}

  ::testing::AssertionResult check(const std::vector<AddOperands>& inputs, const Traffic& traffic) {
    return matches_reference(driver_, inputs, traffic, &host_add);
  }

  std::unique_ptr<Vfp32_add> model_;
  AddDriver driver_;
};

// The package's FpAddLatency plus the register stages this model was
// verilated with (testbench/fp/CMakeLists.txt); the driver checks that every
// result takes exactly kLatency cycles.
TEST_F(Fp32AddTest, LatencyIsThePackagesPlusExtraStages) {
  EXPECT_EQ(kLatency, unsigned{INTERPSIM_ADD_LATENCY + INTERPSIM_EXTRA_STAGES});
}

// Every pair from a list of boundary values, both signs.
TEST_F(Fp32AddTest, BoundaryValuePairsMatchHost) {
  const std::vector<uint32_t> values = with_both_signs(
      {0x00000000, 0x00000001, 0x00000002, 0x00000003, 0x003FFFFF, 0x00400000, 0x007FFFFF,
       0x00800000, 0x00800001, 0x00FFFFFF, 0x01000000, 0x33800000, 0x33800001, 0x337FFFFF,
       0x34000000, 0x3F800000, 0x3F800001, 0x3F7FFFFF, 0x3FFFFFFF, 0x4B000000, 0x4B800000,
       0x7F000000, 0x7F7FFFFF, 0x7F7FFFFE, 0x7F800000, 0x7FC00000, 0x7F800001, 0x7FFFFFFF});
  std::vector<AddOperands> inputs;
  for (uint32_t a : values)
    for (uint32_t b : values) inputs.push_back({a, b});
  EXPECT_TRUE(check(inputs, Traffic{}));
}

// 10 million weighted random vectors: 70% at full rate (checks latency and
// II = 1), 30% with random input bubbles and output backpressure.
TEST_F(Fp32AddTest, TenMillionWeightedRandomVectorsMatchHost) {
  // --gtest_random_seed=N selects another stream (the default run is fixed).
  FpCaseGenerator generator(20261121u + GTEST_FLAG_GET(random_seed));
  constexpr int kChunks = 10;
  constexpr size_t kChunkSize = 1000000;
  for (int chunk = 0; chunk < kChunks; ++chunk) {
    std::vector<AddOperands> inputs(kChunkSize);
    for (AddOperands& ops : inputs) ops = generator.add_operands();
    const Traffic traffic = chunk < 7 ? Traffic{} : Traffic{0.2, 0.3};
    ASSERT_TRUE(check(inputs, traffic)) << "chunk " << chunk;
  }
}

std::vector<AddOperands> testfloat_inputs(const std::string& file, bool negate_b,
                                          std::vector<uint32_t>& expected) {
  const auto vectors = read_testfloat(std::string(INTERPSIM_TESTFLOAT_DIR) + "/" + file, 2);
  std::vector<AddOperands> inputs;
  for (const TestFloatVector& v : vectors) {
    inputs.push_back({v.operands[0], v.operands[1] ^ (negate_b ? 0x80000000u : 0u)});
    // README rule: a NaN result matches any NaN, so compare canonical patterns.
    expected.push_back(is_nan_bits(v.result) ? kCanonicalNanBits : v.result);
  }
  return inputs;
}

TEST_F(Fp32AddTest, TestFloatAddVectors) {
  std::vector<uint32_t> expected;
  const auto inputs = testfloat_inputs("f32_add_rne_level1.txt.gz", false, expected);
  ASSERT_EQ(inputs.size(), 46464u);
  EXPECT_TRUE(results_match(driver_.run(inputs, Traffic{}), inputs, expected));
}

// a - b as a + (-b).
TEST_F(Fp32AddTest, TestFloatSubVectors) {
  std::vector<uint32_t> expected;
  const auto inputs = testfloat_inputs("f32_sub_rne_level1.txt.gz", true, expected);
  ASSERT_EQ(inputs.size(), 46464u);
  EXPECT_TRUE(results_match(driver_.run(inputs, Traffic{0.1, 0.1}), inputs, expected));
}

}  // namespace
}  // namespace interpsim::fp_test
