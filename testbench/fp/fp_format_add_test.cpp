// fp_add in fp16, bf16, fp8e5m2 and fp8e4m3 (verilated, one model per
// format) against the exact reference of exact_float.hpp, and fp16 against
// Berkeley TestFloat's f16_add / f16_sub vectors. Every fp8 pair is checked.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

// The units are verilated with fp_add as the top and inlined (verilator
// inline_module), so their Latency localparam has no class of its own: the
// expected latency is the package's FpAddLatency (INTERPSIM_ADD_LATENCY), and
// PipeDriver measures the real one on every result.
#include "Vfp_add_bf16.h"
#include "Vfp_add_fp16.h"
#include "Vfp_add_fp8e4m3.h"
#include "Vfp_add_fp8e5m2.h"
#include "testbench/fp/exact_float.hpp"
#include "testbench/fp/format_cases.hpp"
#include "testbench/fp/pipe_driver.hpp"
#include "testbench/fp/testfloat_reader.hpp"
#include "testbench/fp/unit_check.hpp"

namespace interpsim::fp_test {
namespace {

template <typename M, unsigned L, const Format& F>
struct AddUnit {
  using Model = M;
  static constexpr unsigned kLatency = L;
  static const Format& format() { return F; }
};

using Fp16Add = AddUnit<Vfp_add_fp16, INTERPSIM_ADD_LATENCY, kFp16>;
using Bf16Add = AddUnit<Vfp_add_bf16, INTERPSIM_ADD_LATENCY, kBf16>;
using E5M2Add = AddUnit<Vfp_add_fp8e5m2, INTERPSIM_ADD_LATENCY, kFp8E5M2>;
using E4M3Add = AddUnit<Vfp_add_fp8e4m3, INTERPSIM_ADD_LATENCY, kFp8E4M3>;

template <typename Unit>
class FpFormatAddTest : public ::testing::Test {
 protected:
  using Model = typename Unit::Model;
  static void apply(Model& model, const AddOperands& ops) {
    model.a_i = ops.a;
    model.b_i = ops.b;
  }
  using Driver = PipeDriver<Model, AddOperands, decltype(&apply)>;

  FpFormatAddTest()
      : model_(std::make_unique<Model>()), driver_(*model_, Unit::kLatency, &apply, 5) {}

  static const Format& format() { return Unit::format(); }

  ::testing::AssertionResult check(const std::vector<AddOperands>& inputs, const Traffic& traffic) {
    const Format& f = format();
    return matches_reference(driver_, inputs, traffic,
                             [&f](const AddOperands& ops) { return exact_add(f, ops.a, ops.b); });
  }

  std::unique_ptr<Model> model_;
  Driver driver_;
};

using Units = ::testing::Types<Fp16Add, Bf16Add, E5M2Add, E4M3Add>;
class UnitNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::format().name;
  }
};
TYPED_TEST_SUITE(FpFormatAddTest, Units, UnitNames);

TYPED_TEST(FpFormatAddTest, LatencyIsTheFp32AddersLatency) {
  EXPECT_EQ(TypeParam::kLatency, 2u);
}

// Every pair of boundary values, both signs.
TYPED_TEST(FpFormatAddTest, CornerPairsMatchExactReference) {
  const std::vector<uint32_t> values = format_corners(this->format());
  std::vector<AddOperands> inputs;
  for (uint32_t a : values)
    for (uint32_t b : values) inputs.push_back({a, b});
  EXPECT_TRUE(this->check(inputs, Traffic{}));
}

// 8-bit formats: every pair (65536), at full rate and under random traffic.
// 16-bit formats: 2 million weighted random pairs, a quarter of them of
// nearly equal magnitude and opposite sign (cancellation).
TYPED_TEST(FpFormatAddTest, ExhaustiveOrDenseRandomPairsMatchExactReference) {
  const Format& f = this->format();
  std::vector<AddOperands> inputs;
  if (f.width() == 8) {
    for (uint32_t a = 0; a < 256; ++a)
      for (uint32_t b = 0; b < 256; ++b) inputs.push_back({a, b});
    ASSERT_TRUE(this->check(inputs, Traffic{}));
    EXPECT_TRUE(this->check(inputs, Traffic{0.2, 0.3}));
    return;
  }
  FormatCaseGenerator gen(f, 20261127u + GTEST_FLAG_GET(random_seed));
  for (int chunk = 0; chunk < 4; ++chunk) {
    inputs.assign(500000, {});
    for (AddOperands& ops : inputs) {
      ops.a = gen.any();
      if (gen.rng().chance(0.25)) {
        const uint32_t mag = ops.a & f.mag_mask();
        const uint32_t near = mag + gen.rng().below(9) - 4;
        ops.b = ((near & f.mag_mask()) | (~ops.a & f.sign_bit()));
      } else {
        ops.b = gen.any();
      }
    }
    ASSERT_TRUE(this->check(inputs, chunk < 3 ? Traffic{} : Traffic{0.2, 0.3})) << "chunk " << chunk;
  }
}

std::vector<AddOperands> testfloat_f16(const std::string& file, bool negate_b,
                                       std::vector<uint32_t>& expected) {
  const auto vectors = read_testfloat(std::string(INTERPSIM_TESTFLOAT_DIR) + "/" + file, 2);
  std::vector<AddOperands> inputs;
  for (const TestFloatVector& v : vectors) {
    inputs.push_back({v.operands[0], v.operands[1] ^ (negate_b ? 0x8000u : 0u)});
    // README rule: a NaN result matches any NaN, so compare canonical patterns.
    expected.push_back(kFp16.is_nan(v.result) ? kFp16.canonical_nan() : v.result);
  }
  return inputs;
}

class Fp16AddTestFloat : public FpFormatAddTest<Fp16Add> {};

TEST_F(Fp16AddTestFloat, AddVectors) {
  std::vector<uint32_t> expected;
  const auto inputs = testfloat_f16("f16_add_rne_level1.txt.gz", false, expected);
  ASSERT_EQ(inputs.size(), 46464u);
  EXPECT_TRUE(results_match(driver_.run(inputs, Traffic{}), inputs, expected));
}

// a - b as a + (-b).
TEST_F(Fp16AddTestFloat, SubVectors) {
  std::vector<uint32_t> expected;
  const auto inputs = testfloat_f16("f16_sub_rne_level1.txt.gz", true, expected);
  ASSERT_GT(inputs.size(), 40000u);
  EXPECT_TRUE(results_match(driver_.run(inputs, Traffic{0.1, 0.1}), inputs, expected));
}

// The reference itself on a few hand-computed fp8/fp16 sums: it must be able
// to tell right from wrong before it judges the RTL.
TEST(ExactReference, KnownSums) {
  EXPECT_EQ(exact_add(kFp16, 0x3C00, 0x3C00), 0x4000u);          // 1 + 1 = 2
  EXPECT_EQ(exact_add(kFp16, 0x3C00, 0x1000), 0x3C00u);          // 1 + 2^-11: tie to even
  EXPECT_EQ(exact_add(kFp16, 0x3C01, 0x1000), 0x3C02u);          // tie, odd: up
  EXPECT_EQ(exact_add(kFp16, 0x7BFF, 0x7BFF), 0x7C00u);          // overflow: inf
  EXPECT_EQ(exact_add(kFp16, 0x0001, 0x8001), 0x0000u);          // exact zero: +0
  EXPECT_EQ(exact_add(kFp16, 0x8000, 0x8000), 0x8000u);          // -0 + -0
  EXPECT_EQ(exact_add(kFp16, 0x7C00, 0xFC00), 0x7E00u);          // inf - inf
  EXPECT_EQ(exact_add(kFp8E4M3, 0x7E, 0x7E), 0x7Eu);             // 448 + 448: saturates
  EXPECT_EQ(exact_add(kFp8E4M3, 0x7E, 0x50), 0x7Eu);             // 448 + 8 = 456: below the tie 464
  EXPECT_EQ(exact_add(kFp8E4M3, 0x7F, 0x00), 0x7Fu);             // NaN
  EXPECT_EQ(exact_add(kFp8E4M3, 0x78, 0x70), 0x7Cu);             // 256 + 128 = 384
  EXPECT_EQ(exact_add(kFp8E5M2, 0x7B, 0x7B), 0x7Cu);             // 57344 * 2: inf
  EXPECT_EQ(exact_add(kFp8E5M2, 0x01, 0x01), 0x02u);             // subnormals
  EXPECT_EQ(exact_add(kBf16, 0x3F80, 0x3B80), 0x3F80u);          // 1 + 2^-8: tie to even
  EXPECT_EQ(exact_add(kFp32, 0x3F800000, 0x33800000), 0x3F800000u);
}

// The reference against TestFloat (f16) and the host's float addition
// (fp32, random): the judge is checked by two independent implementations.
TEST(ExactReference, AgreesWithTestFloatF16AndHostFp32) {
  std::vector<uint32_t> expected;
  const auto inputs = testfloat_f16("f16_add_rne_level1.txt.gz", false, expected);
  size_t wrong = 0;
  for (size_t i = 0; i < inputs.size(); ++i)
    wrong += exact_add(kFp16, inputs[i].a, inputs[i].b) != expected[i];
  EXPECT_EQ(wrong, 0u);
  FpCaseGenerator gen(3);
  wrong = 0;
  for (int i = 0; i < 200000; ++i) {
    const AddOperands ops = gen.add_operands();
    wrong += exact_add(kFp32, ops.a, ops.b) !=
             canonical_bits(bits_to_float(ops.a) + bits_to_float(ops.b));
  }
  EXPECT_EQ(wrong, 0u);
}

}  // namespace
}  // namespace interpsim::fp_test
