// fp_fma in every format instance (verilated, one model each): a and y in the
// io format (fp16, bf16, fp8e5m2, fp8e4m3), b and c in the io format ("io")
// or in fp32 ("fp32", the mixed-format FMA of the interpolation lanes),
// against the exact reference of exact_float.hpp; fp16 also against
// Berkeley TestFloat's f16_mulAdd vectors. Same-format fp8: every triple
// (and every (a, b) pair with 24 values of c under random traffic).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

// The units are verilated with fp_fma as the top and inlined (verilator
// inline_module), so their Latency localparam has no class of its own: the
// expected latency is the package's FpFmaLatency (INTERPSIM_FMA_LATENCY), and
// PipeDriver measures the real one on every result.
#include "Vfp_fma_bf16_fp32.h"
#include "Vfp_fma_bf16_io.h"
#include "Vfp_fma_fp16_fp32.h"
#include "Vfp_fma_fp16_io.h"
#include "Vfp_fma_fp8e4m3_fp32.h"
#include "Vfp_fma_fp8e4m3_io.h"
#include "Vfp_fma_fp8e5m2_fp32.h"
#include "Vfp_fma_fp8e5m2_io.h"
#include "testbench/fp/exact_float.hpp"
#include "testbench/fp/format_cases.hpp"
#include "testbench/fp/pipe_driver.hpp"
#include "testbench/fp/testfloat_reader.hpp"
#include "testbench/fp/unit_check.hpp"

namespace interpsim::fp_test {
namespace {

template <typename M, unsigned L, const Format& Io, const Format& Kb>
struct FmaUnit {
  using Model = M;
  static constexpr unsigned kLatency = L;
  static const Format& io() { return Io; }
  static const Format& kb() { return Kb; }
  static std::string name() { return std::string(Io.name) + "_" + (&Io == &Kb ? "io" : Kb.name); }
};

#define INTERPSIM_FMA_UNIT(IO, KB, IOF, KBF) \
  FmaUnit<Vfp_fma_##IO##_##KB, INTERPSIM_FMA_LATENCY, IOF, KBF>
using Fp16Io = INTERPSIM_FMA_UNIT(fp16, io, kFp16, kFp16);
using Bf16Io = INTERPSIM_FMA_UNIT(bf16, io, kBf16, kBf16);
using E5M2Io = INTERPSIM_FMA_UNIT(fp8e5m2, io, kFp8E5M2, kFp8E5M2);
using E4M3Io = INTERPSIM_FMA_UNIT(fp8e4m3, io, kFp8E4M3, kFp8E4M3);
using Fp16Fp32 = INTERPSIM_FMA_UNIT(fp16, fp32, kFp16, kFp32);
using Bf16Fp32 = INTERPSIM_FMA_UNIT(bf16, fp32, kBf16, kFp32);
using E5M2Fp32 = INTERPSIM_FMA_UNIT(fp8e5m2, fp32, kFp8E5M2, kFp32);
using E4M3Fp32 = INTERPSIM_FMA_UNIT(fp8e4m3, fp32, kFp8E4M3, kFp32);

template <typename Unit>
class FpFormatFmaTest : public ::testing::Test {
 protected:
  using Model = typename Unit::Model;
  static void apply(Model& model, const FmaOperands& ops) {
    model.a_i = ops.a;
    model.b_i = ops.b;
    model.c_i = ops.c;
  }
  using Driver = PipeDriver<Model, FmaOperands, decltype(&apply)>;

  FpFormatFmaTest()
      : model_(std::make_unique<Model>()), driver_(*model_, Unit::kLatency, &apply, 13) {}

  static const Format& io() { return Unit::io(); }
  static const Format& kb() { return Unit::kb(); }

  ::testing::AssertionResult check(const std::vector<FmaOperands>& inputs, const Traffic& traffic) {
    const Format& io_f = io();
    const Format& kb_f = kb();
    return matches_reference(driver_, inputs, traffic, [&](const FmaOperands& ops) {
      return exact_fma(io_f, kb_f, ops.a, ops.b, ops.c);
    });
  }

  // Weighted random triples: random operands; b near the io range; c near
  // -a*b (cancellation); c a rounding tie of the io format with a*b = 0 or
  // a*b = a (b = +-1); mixed formats: c a tie between two io subnormals
  // (or zero) and a*b far below it, so that only a sticky bit decides.
  std::vector<FmaOperands> random_triples(FormatCaseGenerator& gen, size_t count) {
    const Format& io_f = io();
    const Format& kb_f = kb();
    std::vector<FmaOperands> inputs(count);
    for (FmaOperands& ops : inputs) {
      ops.a = gen.any_in(io_f);
      const uint32_t kind = gen.rng().below(10);
      ops.b = (&kb_f == &io_f || kind < 2) ? gen.any_in(kb_f) : gen.near_range(kb_f, io_f);
      ops.c = (&kb_f == &io_f || kind < 3) ? gen.any_in(kb_f) : gen.near_range(kb_f, io_f);
      if (kind == 5 || kind == 6) {
        // c = -(a*b) rounded to kb, nudged by a few ulps.
        const double p = decode_double(io_f, ops.a) * decode_double(kb_f, ops.b);
        const uint32_t c = nearest_bits(kb_f, -p);
        if (!kb_f.is_nan(c) && !kb_f.is_inf(c)) {
          ops.c = (c & kb_f.sign_bit()) |
                  (((c & kb_f.mag_mask()) + gen.rng().below(5) - 2) & kb_f.mag_mask());
        }
      } else if (kind >= 8 && &kb_f != &io_f) {
        // c = +-(2j + 1) * 2^(qmin - 1), a tie of io's subnormal grid (exact
        // in kb); a*b = +-2^(qmin - 3 - d): below the round bit, decides it.
        const uint32_t j = gen.rng().below(uint32_t{1} << io_f.man_bits);
        const double tie = std::ldexp(2.0 * j + 1.0, io_f.min_quantum_exp() - 1);
        ops.c = nearest_bits(kb_f, gen.rng().chance(0.5) ? tie : -tie);
        const double av = decode_double(io_f, ops.a);
        if (std::isfinite(av) && av != 0.0) {
          const int d = static_cast<int>(gen.rng().below(100));
          const double target = std::ldexp(1.0, io_f.min_quantum_exp() - 3 - d);
          ops.b = nearest_bits(kb_f, (gen.rng().chance(0.5) ? target : -target) / av);
        }
      } else if (kind == 7) {
        // a*b is 0 or +-a; c is a tie (half an io ulp away from an io value).
        const uint32_t y = gen.any_in(io_f);
        const double yv = decode_double(io_f, y);
        const double half = std::ldexp(1.0, ulp_exponent(io_f, y) - 1);
        const double tie = yv + (gen.rng().chance(0.5) ? half : -half);
        if (std::isfinite(yv)) {
          const bool zero_product = gen.rng().chance(0.5);
          const double av = decode_double(io_f, ops.a);
          ops.b = nearest_bits(kb_f, gen.rng().chance(0.5) ? 1.0 : -1.0);
          if (zero_product) ops.b &= kb_f.sign_bit();
          const double pv = zero_product ? 0.0 : av * decode_double(kb_f, ops.b);
          if (std::isfinite(pv)) ops.c = nearest_bits(kb_f, tie - pv);
        }
      }
    }
    return inputs;
  }

  std::unique_ptr<Model> model_;
  Driver driver_;

 private:
  static double decode_double(const Format& f, uint32_t bits) {
    if (f.is_nan(bits)) return NAN;
    if (f.is_inf(bits)) return (bits & f.sign_bit()) ? -INFINITY : INFINITY;
    const Finite v = decode_finite(f, bits);
    return (v.sign ? -1.0 : 1.0) * std::ldexp(static_cast<double>(v.sig), v.exp);
  }
  // The kb/io bits nearest to v (by the exact reference: fma(v-ish)); only
  // used to place stimulus, so any rounding works: round v to f via x + 0.
  static uint32_t nearest_bits(const Format& f, double v) {
    if (std::isnan(v)) return f.canonical_nan();
    if (std::isinf(v) || std::fabs(v) > 1e300) return (v < 0 ? f.sign_bit() : 0) | f.max_finite();
    int e = 0;
    const double m = std::frexp(std::fabs(v), &e);  // v = m * 2^e, 0.5 <= m < 1
    const int64_t sig = static_cast<int64_t>(std::ldexp(m, 53));
    // sig * 2^(e-53) is v exactly; round it with the reference's rounding.
    return exact_detail::round_magnitude<__int128>(f, v < 0, sig, e - 53) |
           (v == 0 && std::signbit(v) ? f.sign_bit() : 0);
  }
  static int ulp_exponent(const Format& f, uint32_t bits) {
    const int field = static_cast<int>((bits & f.mag_mask()) >> f.man_bits);
    return std::max(field, 1) - f.bias() - f.man_bits;
  }
};

using Units = ::testing::Types<Fp16Io, Bf16Io, E5M2Io, E4M3Io, Fp16Fp32, Bf16Fp32, E5M2Fp32,
                               E4M3Fp32>;
class UnitNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::name();
  }
};
TYPED_TEST_SUITE(FpFormatFmaTest, Units, UnitNames);

TYPED_TEST(FpFormatFmaTest, LatencyIsTheFp32FmasLatency) {
  EXPECT_EQ(TypeParam::kLatency, 4u);
}

// Every triple of boundary values (io corners for a, kb corners for b, c).
TYPED_TEST(FpFormatFmaTest, CornerTriplesMatchExactReference) {
  const std::vector<uint32_t> as = format_corners(this->io());
  const std::vector<uint32_t> kbs = format_corners(this->kb());
  std::vector<FmaOperands> inputs;
  for (uint32_t a : as)
    for (uint32_t b : kbs)
      for (uint32_t c : kbs) inputs.push_back({a, b, c});
  EXPECT_TRUE(this->check(inputs, Traffic{}));
}

// 2 million weighted random triples (the last quarter under random traffic).
TYPED_TEST(FpFormatFmaTest, DenseRandomTriplesMatchExactReference) {
  FormatCaseGenerator gen(this->io(), 20261128u + GTEST_FLAG_GET(random_seed));
  for (int chunk = 0; chunk < 4; ++chunk) {
    const auto inputs = this->random_triples(gen, 500000);
    ASSERT_TRUE(this->check(inputs, chunk < 3 ? Traffic{} : Traffic{0.2, 0.3}))
        << "chunk " << chunk;
  }
}

// The same-format fp8 units, whose whole input space is small enough to enumerate.
template <typename Unit>
class FpFormatFmaFp8Test : public FpFormatFmaTest<Unit> {};
using Fp8SameFormatUnits = ::testing::Types<E5M2Io, E4M3Io>;
TYPED_TEST_SUITE(FpFormatFmaFp8Test, Fp8SameFormatUnits, UnitNames);

// Same-format fp8: every (a, b) pair with 24 values of c: the corners and 8
// random ones per pair (1.5 million triples).
TYPED_TEST(FpFormatFmaFp8Test, EveryProductWithManyAddendsMatchesExactReference) {
  const std::vector<uint32_t> corners = format_corners(this->io());
  Rng rng(99);
  std::vector<FmaOperands> inputs;
  for (uint32_t a = 0; a < 256; ++a)
    for (uint32_t b = 0; b < 256; ++b) {
      for (size_t i = 0; i < 16; ++i) inputs.push_back({a, b, corners[(a + b + i) % corners.size()]});
      for (int i = 0; i < 8; ++i) inputs.push_back({a, b, rng.below(256)});
    }
  EXPECT_TRUE(this->check(inputs, Traffic{0.05, 0.05}));
}

// Same-format fp8: all 2^24 triples (about 5 s of CPU per format).
TYPED_TEST(FpFormatFmaFp8Test, EveryTripleMatchesExactReference) {
  std::vector<FmaOperands> inputs(1u << 16);
  for (uint32_t a = 0; a < 256; ++a) {
    size_t i = 0;
    for (uint32_t b = 0; b < 256; ++b)
      for (uint32_t c = 0; c < 256; ++c) inputs[i++] = {a, b, c};
    ASSERT_TRUE(this->check(inputs, Traffic{})) << "a = " << a;
  }
}

class Fp16FmaTestFloat : public FpFormatFmaTest<Fp16Io> {};

TEST_F(Fp16FmaTestFloat, MulAddVectors) {
  const auto vectors = read_testfloat(
      std::string(INTERPSIM_TESTFLOAT_DIR) + "/f16_mulAdd_rne_level1_every8th.txt.gz", 3);
  ASSERT_EQ(vectors.size(), 766656u);
  std::vector<FmaOperands> inputs;
  std::vector<uint32_t> expected;
  for (const TestFloatVector& v : vectors) {
    inputs.push_back({v.operands[0], v.operands[1], v.operands[2]});
    expected.push_back(kFp16.is_nan(v.result) ? kFp16.canonical_nan() : v.result);
  }
  EXPECT_TRUE(results_match(driver_.run(inputs, Traffic{}), inputs, expected));
}

// The reference on hand-computed cases.
TEST(ExactReference, KnownFmas) {
  EXPECT_EQ(exact_fma(kFp16, kFp16, 0x3C00, 0x3C00, 0x3C00), 0x4000u);          // 1*1+1
  EXPECT_EQ(exact_fma(kFp16, kFp16, 0x0000, 0x7C00, 0x3C00), 0x7E00u);          // 0*inf
  EXPECT_EQ(exact_fma(kFp16, kFp16, 0x8000, 0x3C00, 0x8000), 0x8000u);          // -0*1 + -0
  EXPECT_EQ(exact_fma(kFp16, kFp16, 0x8000, 0x3C00, 0x0000), 0x0000u);          // -0 + +0
  EXPECT_EQ(exact_fma(kFp16, kFp32, 0x3C00, 0x3F800000, 0x33000000), 0x3C00u);  // 1 + 2^-25
  EXPECT_EQ(exact_fma(kFp16, kFp32, 0x3C00, 0x3F800000, 0x3A000001), 0x3C01u);  // 1 + (2^-11)+: up
  EXPECT_EQ(exact_fma(kFp16, kFp32, 0x0000, 0x80000000, 0x33000000), 0x0000u);  // 2^-25: tie to 0
  EXPECT_EQ(exact_fma(kFp16, kFp32, 0x0000, 0x80000000, 0x33000001), 0x0001u);  // just above
  EXPECT_EQ(exact_fma(kFp16, kFp32, 0x0000, 0x80000000, 0x80000001), 0x8000u);  // tiny: -0
  EXPECT_EQ(exact_fma(kFp8E4M3, kFp32, 0x38, 0x3F800000, 0x7F800000), 0x7Eu);   // +inf: 448
  EXPECT_EQ(exact_fma(kFp8E4M3, kFp32, 0x38, 0x7F800000, 0xFF800000), 0x7Fu);   // inf - inf
  EXPECT_EQ(exact_fma(kFp8E4M3, kFp32, 0x38, 0x43E80000, 0x00000000), 0x7Eu);   // 464: tie to 448
  EXPECT_EQ(exact_fma(kFp8E4M3, kFp32, 0x38, 0x43E80001, 0x00000000), 0x7Eu);   // above: saturates
  EXPECT_EQ(exact_fma(kFp8E5M2, kFp32, 0x3C, 0x477FFFFF, 0x00000000), 0x7Cu);   // 65535.99: inf
}

// The reference against TestFloat (f16 mulAdd) and the host's fmaf (fp32,
// random): the judge is checked by two independent implementations.
TEST(ExactReference, AgreesWithTestFloatF16AndHostFp32) {
  const auto vectors = read_testfloat(
      std::string(INTERPSIM_TESTFLOAT_DIR) + "/f16_mulAdd_rne_level1_every8th.txt.gz", 3);
  size_t wrong = 0;
  for (size_t i = 0; i < vectors.size(); i += 7) {
    const TestFloatVector& v = vectors[i];
    const uint32_t want = kFp16.is_nan(v.result) ? kFp16.canonical_nan() : v.result;
    wrong += exact_fma(kFp16, kFp16, v.operands[0], v.operands[1], v.operands[2]) != want;
  }
  EXPECT_EQ(wrong, 0u);
  FpCaseGenerator gen(4);
  wrong = 0;
  for (int i = 0; i < 200000; ++i) {
    const FmaOperands ops = gen.fma_operands();
    wrong += exact_fma(kFp32, kFp32, ops.a, ops.b, ops.c) !=
             canonical_bits(std::fmaf(bits_to_float(ops.a), bits_to_float(ops.b),
                                      bits_to_float(ops.c)));
  }
  EXPECT_EQ(wrong, 0u);
}

}  // namespace
}  // namespace interpsim::fp_test
