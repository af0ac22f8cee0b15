// The format kernels' host path (docs/design.md section 12: fp16, bf16,
// fp8e5m2, fp8e4m3 with kb = fp32 and kb = io) against the golden model
// interpsim::interp_format_bits, bit for bit, over EVERY input bit pattern of
// each format: the paper's four functions at three n each, plus tables that
// reach the corners the paper intervals cannot (subnormal x - a, x - a
// rounding past the largest finite value, random entries that make x*K + B
// land next to midpoints). Also gpu_ref's own rounding (round_to_format)
// exhaustively, and the natives in the formats against float64.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gpu_ref/format_dispatch.hpp"
#include "gpu_ref/format_elements.cuh"
#include "gpu_ref/host_eval.hpp"
#include "gpu_ref/lookup_table.hpp"
#include "model/format_lookup.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"

namespace {

using gpu_ref::KernelId;
using interpsim::EdgeMode;
using interpsim::KbFormat;
using interpsim::NumberFormat;

std::string format_name(NumberFormat format) {
  return interpsim::number_format_names().name(format);
}

// Every bit pattern of the format, as the host path takes it.
template <typename Storage>
std::vector<Storage> all_patterns() {
  std::vector<Storage> patterns(size_t{1} << (8 * sizeof(Storage)));
  for (size_t i = 0; i < patterns.size(); ++i) patterns[i] = static_cast<Storage>(i);
  return patterns;
}

// Runs alg1_global's and alg1_shared's host path on every pattern and
// compares with interp_format_bits; also the row with format_row. Returns
// the number of mismatching outputs (the first few are printed).
template <typename Storage>
size_t compare_every_input(const interpsim::UniformTable& table, const std::string& what) {
  const gpu_ref::LookupTable lookup = gpu_ref::make_lookup_table(table);
  const std::vector<Storage> inputs = all_patterns<Storage>();
  size_t mismatches = 0;
  for (KernelId id : {KernelId::kAlg1Global, KernelId::kAlg1Shared}) {
    const std::vector<Storage> host =
        gpu_ref::evaluate_bits_on_host(id, table.format, &lookup, inputs);
    for (size_t i = 0; i < inputs.size(); ++i) {
      const uint32_t golden = interpsim::interp_format_bits(table, inputs[i]);
      if (host[i] == golden) continue;
      if (++mismatches <= 5) {
        ADD_FAILURE() << what << " " << gpu_ref::kernel_name(id) << ": x bits 0x" << std::hex
                      << static_cast<uint32_t>(inputs[i]) << " gpu_ref 0x"
                      << static_cast<uint32_t>(host[i]) << " model 0x" << golden << std::dec;
      }
    }
  }
  // The rows, for a diagnosis that names the step that differs.
  size_t row_mismatches = 0;
  gpu_ref::visit_format(table.format, [&](auto tag) {
    using F = typename decltype(tag)::type;
    for (Storage x : inputs) {
      if (gpu_ref::format_is_nan<F>(x)) continue;
      const int64_t ours = gpu_ref::alg1_format_row<F>(lookup.alg1, x);
      const int64_t theirs = interpsim::format_row(table, gpu_ref::format_to_float<F>(x));
      if (ours != theirs && ++row_mismatches <= 5) {
        ADD_FAILURE() << what << ": row for x bits 0x" << std::hex << static_cast<uint32_t>(x)
                      << std::dec << " gpu_ref " << ours << " model " << theirs;
      }
    }
  });
  return mismatches + row_mismatches;
}

size_t compare_every_input(const interpsim::UniformTable& table, const std::string& what) {
  return interpsim::format_bits(table.format) == 16 ? compare_every_input<uint16_t>(table, what)
                                                     : compare_every_input<uint8_t>(table, what);
}

// ---------------------------------------------------------------------------
// The paper's four functions on their paper intervals.

using PaperCase = std::tuple<NumberFormat, KbFormat, std::string>;

class FormatAlg1Host : public ::testing::TestWithParam<PaperCase> {};

TEST_P(FormatAlg1Host, EveryInputMatchesModel) {
  const auto [format, kb, func] = GetParam();
  float a = 0.0f;
  int m = 0;
  gpu_ref::paper_interval(func, &a, &m);
  // Three n: few segments (extrapolate), more (saturate: K = 0 edges), and
  // the most the format allows up to 12 (asymptote edges); n = 12 exceeds
  // what bf16 and the fp8 formats can address from x - a.
  const int largest = format == NumberFormat::kFp8E4M3 ? m + 6 : 12;  // w normal in E4M3: >= 2^-6
  const std::vector<std::pair<int, EdgeMode>> designs = {
      {3, EdgeMode::kExtrapolate}, {7, EdgeMode::kSaturate}, {largest, EdgeMode::kAsymptote}};
  for (const auto& [n, edges] : designs) {
    const interpsim::UniformTable table =
        interpsim::generate_table(func, a, m, n, edges, false, format, kb);
    const std::string what = func + " " + format_name(format) + " kb=" +
                             interpsim::kb_format_names().name(kb) + " n=" + std::to_string(n);
    EXPECT_EQ(compare_every_input(table, what), 0u) << what;
  }
}

std::string paper_case_name(const ::testing::TestParamInfo<PaperCase>& info) {
  return format_name(std::get<0>(info.param)) + "_kb" +
         interpsim::kb_format_names().name(std::get<1>(info.param)) + "_" +
         std::get<2>(info.param);
}

INSTANTIATE_TEST_SUITE_P(
    PaperFunctions, FormatAlg1Host,
    ::testing::Combine(::testing::Values(NumberFormat::kFp16, NumberFormat::kBf16,
                                         NumberFormat::kFp8E5M2, NumberFormat::kFp8E4M3),
                       ::testing::Values(KbFormat::kFp32, KbFormat::kIo),
                       ::testing::Values("exp", "sigmoid", "tanh", "gelu")),
    paper_case_name);

// ---------------------------------------------------------------------------
// Corners the paper intervals do not reach.

// a = 0 with the smallest normal width: x - a is subnormal for subnormal x
// (segment 0), and n = 0 / 1 tables.
TEST(FormatAlg1HostCorners, SubnormalOffsetsFromZero) {
  for (NumberFormat format : gpu_ref::narrow_formats()) {
    const interpsim::FloatLayout layout = interpsim::float_layout(format);
    const int min_exponent = layout.min_normal_exponent();
    for (KbFormat kb : {KbFormat::kFp32, KbFormat::kIo}) {
      for (int n : {0, 1, 2}) {
        const int m = min_exponent + n + 1;
        const interpsim::UniformTable table = interpsim::generate_table(
            "tanh", 0.0f, m, n, EdgeMode::kExtrapolate, false, format, kb);
        const std::string what = "tanh [0, 2^" + std::to_string(m) + "] " + format_name(format) +
                                 " n=" + std::to_string(n);
        EXPECT_EQ(compare_every_input(table, what), 0u) << what;
      }
    }
  }
}

// Wide intervals whose 2^m is at or beyond the format's largest value: x - a
// rounds to inf (IEEE formats) or saturates (E4M3), and to b.
TEST(FormatAlg1HostCorners, WideIntervals) {
  struct Wide {
    NumberFormat format;
    float a;
    int m;
    int n;
  };
  const std::vector<Wide> cases = {
      {NumberFormat::kFp16, -32768.0f, 16, 6},   {NumberFormat::kFp16, -16384.0f, 15, 10},
      {NumberFormat::kBf16, -0x1p100f, 101, 8},  {NumberFormat::kFp8E5M2, -32768.0f, 16, 4},
      {NumberFormat::kFp8E4M3, -256.0f, 9, 4},   {NumberFormat::kFp8E4M3, -128.0f, 8, 3},
      {NumberFormat::kFp8E4M3, -256.0f, 9, 14},
  };
  for (const Wide& wide : cases) {
    for (KbFormat kb : {KbFormat::kFp32, KbFormat::kIo}) {
      if (!interpsim::check_table_params(wide.a, wide.m, wide.n, wide.format).empty()) {
        std::cout << "[ info ] not a valid table (skipped): " << format_name(wide.format) << " a="
                  << wide.a << " m=" << wide.m << " n=" << wide.n << ": "
                  << interpsim::check_table_params(wide.a, wide.m, wide.n, wide.format) << "\n";
        continue;
      }
      const interpsim::UniformTable table = interpsim::generate_table(
          "tanh", wide.a, wide.m, wide.n, EdgeMode::kSaturate, false, wide.format, kb);
      const std::string what = "tanh wide " + format_name(wide.format) +
                               " a=" + std::to_string(wide.a) + " m=" + std::to_string(wide.m);
      EXPECT_EQ(compare_every_input(table, what), 0u) << what;
    }
  }
}

// Random entries: K and B of every magnitude the entry format has (finite),
// so x*K + B needs more than 53 bits, lands on and next to midpoints of F,
// overflows, underflows to subnormals and cancels to zero.
TEST(FormatAlg1HostCorners, RandomEntries) {
  std::mt19937_64 engine(12);
  for (NumberFormat format : gpu_ref::narrow_formats()) {
    for (KbFormat kb : {KbFormat::kFp32, KbFormat::kIo}) {
      for (int trial = 0; trial < 4; ++trial) {
        interpsim::UniformTable table = interpsim::generate_table(
            "gelu", -4.0f, 3, 4, EdgeMode::kExtrapolate, false, format, kb);
        const NumberFormat entries = interpsim::entry_format(format, kb);
        for (size_t row = 0; row < table.rows(); ++row) {
          for (float* entry : {&table.k[row], &table.b[row]}) {
            // A finite random value of the entry format (1/16 of them zero).
            float value;
            do {
              if (entries == NumberFormat::kFp32) {
                value = std::ldexp(std::uniform_real_distribution<float>(1.0f, 2.0f)(engine),
                                   static_cast<int>(engine() % 120) - 70);
              } else {
                value = gpu_ref::visit_format(entries, [&](auto tag) {
                  using F = typename decltype(tag)::type;
                  return gpu_ref::format_to_float<F>(static_cast<uint32_t>(engine()) &
                                                     ((uint32_t{1} << F::kWidth) - 1));
                });
              }
            } while (!std::isfinite(value));
            *entry = (engine() % 2 ? -value : value) * (engine() % 16 == 0 ? 0.0f : 1.0f);
          }
        }
        const std::string what = "random entries " + format_name(format) + " kb=" +
                                 interpsim::kb_format_names().name(kb) + " trial " +
                                 std::to_string(trial);
        EXPECT_EQ(compare_every_input(table, what), 0u) << what;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// gpu_ref's rounding on its own: every value round-trips, every midpoint of
// two neighbours rounds to the even one and a hair off it to the nearer one,
// beyond the largest finite value to inf (E4M3: 448).

template <typename F>
void check_rounding() {
  const uint32_t count = uint32_t{1} << F::kWidth;
  size_t failures = 0;
  const auto expect = [&](double s, double e, uint32_t want, const char* what) {
    const uint32_t got = gpu_ref::round_to_format<F>(s, e);
    if (got != want && ++failures <= 5) {
      ADD_FAILURE() << format_name(F::kFormatId) << " " << what << ": round(" << s << " + " << e
                    << ") = 0x" << std::hex << got << ", want 0x" << want << std::dec;
    }
  };
  for (uint32_t sign : {0u, F::kSignMask}) {
    for (uint32_t magnitude = 0; magnitude <= F::kMaxFinite; ++magnitude) {
      const uint32_t bits = sign | magnitude;
      const double value = gpu_ref::format_to_float<F>(bits);
      expect(value, 0.0, bits, "value");
      if (magnitude == F::kMaxFinite) continue;
      const double next = gpu_ref::format_to_float<F>(bits + 1);
      const double middle = 0.5 * (value + next);  // exact in double
      const uint32_t even = (magnitude & 1u) ? bits + 1 : bits;
      expect(middle, 0.0, even, "midpoint");
      const double hair = std::fabs(next - value) * 0x1p-60;
      // Just below / above the midpoint, as one double and as s + e with e tiny.
      expect(middle, sign ? hair : -hair, bits, "below midpoint (s + e)");
      expect(middle, sign ? -hair : hair, bits + 1, "above midpoint (s + e)");
      expect(std::nextafter(middle, value), 0.0, bits, "below midpoint");
      expect(std::nextafter(middle, next), 0.0, bits + 1, "above midpoint");
    }
    const double max = gpu_ref::format_to_float<F>(sign | F::kMaxFinite);
    const double previous = gpu_ref::format_to_float<F>(sign | (F::kMaxFinite - 1));
    const double overflow_midpoint = max + 0.5 * (max - previous);
    expect(std::nextafter(overflow_midpoint, 0.0), 0.0, sign | F::kMaxFinite, "below overflow");
    expect(overflow_midpoint, 0.0, sign | F::kOverflow, "overflow midpoint");
    expect(overflow_midpoint, sign ? 1e-300 : -1e-300, sign | F::kMaxFinite,
           "overflow midpoint - hair");
    const double inf = std::numeric_limits<double>::infinity();
    expect(sign ? -inf : inf, 0.0, sign | F::kOverflow, "infinity");
    expect(sign ? -1e300 : 1e300, 0.0, sign | F::kOverflow, "huge");
    expect(sign ? -1e-300 : 1e-300, 0.0, sign, "tiny");
  }
  expect(std::numeric_limits<double>::quiet_NaN(), 0.0, F::kCanonicalNan, "NaN");
  EXPECT_EQ(failures, 0u);
  // Decoding: NaN patterns give NaN, the others their value's sign.
  for (uint32_t bits = 0; bits < count; ++bits) {
    const float value = gpu_ref::format_to_float<F>(bits);
    EXPECT_EQ(std::isnan(value), gpu_ref::format_is_nan<F>(bits)) << std::hex << bits;
  }
}

TEST(FormatRounding, EveryValueMidpointAndOverflow) {
  check_rounding<gpu_ref::Fp16Format>();
  check_rounding<gpu_ref::Bf16Format>();
  check_rounding<gpu_ref::Fp8E5M2Format>();
  check_rounding<gpu_ref::Fp8E4M3Format>();
}

// CUDA's conversions from double (their host implementations) against
// round_to_format on every value, midpoint, midpoint neighbour and overflow
// case: __double2half, __double2bfloat16, __nv_cvt_double_to_fp8 (E5M2 with
// __NV_NOSAT, E4M3 with __NV_SATFINITE) round a double as section 12 asks;
// E4M3 with __NV_NOSAT returns NaN on overflow instead of +-448. (gpu_ref uses
// its own integer rounding on both sides; a converted double must already be
// round-to-odd for the single rounding of an exact sum.)
template <typename F, typename Conversion>
size_t conversion_differences(Conversion conversion) {
  size_t differences = 0;
  const auto test = [&](double value) {
    const uint32_t want = gpu_ref::round_to_format<F>(value, 0.0);
    differences += static_cast<uint32_t>(conversion(value)) != want;
  };
  for (uint32_t sign : {0u, F::kSignMask}) {
    for (uint32_t magnitude = 0; magnitude < F::kMaxFinite; ++magnitude) {
      const double value = gpu_ref::format_to_float<F>(sign | magnitude);
      const double next = gpu_ref::format_to_float<F>(sign | (magnitude + 1));
      const double middle = 0.5 * (value + next);
      for (double x : {value, middle, std::nextafter(middle, value), std::nextafter(middle, next)}) {
        test(x);
      }
    }
    const double max = gpu_ref::format_to_float<F>(sign | F::kMaxFinite);
    for (double x : {max, 1.03125 * max, 1.0625 * max, 4.0 * max}) test(x);
    test(sign ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity());
  }
  return differences;
}

TEST(FormatRounding, CudaConversionIntrinsicsOnTheHost) {
  using namespace gpu_ref;
  EXPECT_EQ(conversion_differences<Fp16Format>(
                [](double x) { return storage_of(__double2half(x)); }),
            0u);
  EXPECT_EQ(conversion_differences<Bf16Format>(
                [](double x) { return storage_of(__double2bfloat16(x)); }),
            0u);
  EXPECT_EQ(conversion_differences<Fp8E5M2Format>(
                [](double x) { return __nv_cvt_double_to_fp8(x, __NV_NOSAT, __NV_E5M2); }),
            0u);
  EXPECT_EQ(conversion_differences<Fp8E4M3Format>(
                [](double x) { return __nv_cvt_double_to_fp8(x, __NV_SATFINITE, __NV_E4M3); }),
            0u);
  EXPECT_GT(conversion_differences<Fp8E4M3Format>(
                [](double x) { return __nv_cvt_double_to_fp8(x, __NV_NOSAT, __NV_E4M3); }),
            0u);
  // The double rounding the format path avoids: float first, then fp16.
  EXPECT_GT(conversion_differences<Fp16Format>(
                [](double x) { return storage_of(__float2half_rn(static_cast<float>(x))); }),
            0u);
}

// ---------------------------------------------------------------------------
// Natives in the formats: float32 function, rounded once to F. Against the
// float64 function rounded once to F: at most one step of F apart (the
// float32 result's few-ulp error can cross an F midpoint), on domains where
// the float32 formula holds (sigmoid's 1/(1+exp(-x)) underflows to 0 in float
// below -88.7 while bf16 still has values there; erf GELU cancels below -1).

double gelu_reference(double x) {
  return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
}

// Steps between two bit patterns in the order of the values (-0 == +0).
template <typename F>
int64_t steps_apart(uint32_t a, uint32_t b) {
  const auto ordinal = [](uint32_t bits) -> int64_t {
    const int64_t magnitude = bits & F::kMagnitudeMask;
    return (bits & F::kSignMask) ? -magnitude : magnitude;
  };
  return std::llabs(ordinal(a) - ordinal(b));
}

template <typename F>
void check_natives() {
  struct Native {
    KernelId id;
    double (*reference)(double);
    double lo, hi;
  };
  const std::vector<Native> natives = {
      {KernelId::kNativeExp, [](double x) { return std::exp(x); }, -1e30, 1e30},
      {KernelId::kNativeTanh, [](double x) { return std::tanh(x); }, -1e30, 1e30},
      {KernelId::kNativeSigmoid, [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, -87.0, 1e30},
      {KernelId::kNativeGeluNormcdf, gelu_reference, -13.0, 1e30},
      {KernelId::kNativeGeluErf, gelu_reference, -1.0, 1e30},
  };
  const std::vector<typename F::Storage> inputs = all_patterns<typename F::Storage>();
  for (const Native& native : natives) {
    const auto host = gpu_ref::evaluate_bits_on_host(native.id, F::kFormatId, nullptr, inputs);
    int64_t worst = 0;
    size_t off_by_one = 0, checked = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (gpu_ref::format_is_nan<F>(inputs[i])) {
        EXPECT_EQ(host[i], F::kCanonicalNan);
        continue;
      }
      const double x = gpu_ref::format_to_float<F>(inputs[i]);
      if (x < native.lo || x > native.hi) continue;
      const uint32_t reference = gpu_ref::round_to_format<F>(native.reference(x), 0.0);
      const int64_t steps = steps_apart<F>(host[i], reference);
      worst = std::max(worst, steps);
      off_by_one += steps != 0;
      ++checked;
    }
    std::cout << "[ info ] " << gpu_ref::kernel_name(native.id) << " "
              << format_name(F::kFormatId) << ": " << checked << " inputs, " << off_by_one
              << " one step from the correctly rounded value, worst " << worst << "\n";
    EXPECT_LE(worst, 1) << gpu_ref::kernel_name(native.id) << " " << format_name(F::kFormatId);
  }
}

TEST(FormatNativesHost, WithinOneStepOfCorrectlyRounded) {
  check_natives<gpu_ref::Fp16Format>();
  check_natives<gpu_ref::Bf16Format>();
  check_natives<gpu_ref::Fp8E5M2Format>();
  check_natives<gpu_ref::Fp8E4M3Format>();
}

// ---------------------------------------------------------------------------
// The contract of the bit-pattern entry points.

TEST(FormatHostContract, RejectsWhatItCannotRun) {
  const interpsim::UniformTable fp16_table = interpsim::generate_table(
      "exp", -16.0f, 4, 6, EdgeMode::kAsymptote, false, NumberFormat::kFp16, KbFormat::kIo);
  const gpu_ref::LookupTable lookup = gpu_ref::make_lookup_table(fp16_table);
  const std::vector<uint16_t> x16 = {0x3C00};
  const std::vector<uint8_t> x8 = {0x38};
  EXPECT_EQ(lookup.rows16.size(), fp16_table.rows());
  EXPECT_TRUE(lookup.rows8.empty());
  // Kernels without a format version, a table of another format, the wrong width.
  EXPECT_THROW(gpu_ref::evaluate_bits_on_host(KernelId::kBsearch, NumberFormat::kFp16, &lookup, x16),
               std::invalid_argument);
  EXPECT_THROW(gpu_ref::evaluate_bits_on_host(KernelId::kAlg1Global, NumberFormat::kBf16, &lookup, x16),
               std::invalid_argument);
  EXPECT_THROW(gpu_ref::evaluate_bits_on_host(KernelId::kAlg1Global, NumberFormat::kFp16, nullptr, x16),
               std::invalid_argument);
  EXPECT_THROW(gpu_ref::evaluate_bits_on_host(KernelId::kNativeExp, NumberFormat::kFp16, nullptr, x8),
               std::invalid_argument);
  EXPECT_THROW(gpu_ref::evaluate_bits_on_host(KernelId::kNativeExp, NumberFormat::kFp32, nullptr, x16),
               std::invalid_argument);
  // The float kernels refuse a table of another format.
  EXPECT_THROW(gpu_ref::evaluate_on_host(KernelId::kAlg1Global, &lookup, {1.0f}, 0),
               std::invalid_argument);
  // exp(0) = 1 in fp16 through the table.
  EXPECT_EQ(gpu_ref::evaluate_bits_on_host(KernelId::kAlg1Global, NumberFormat::kFp16, &lookup,
                                           std::vector<uint16_t>{0x0000})[0],
            0x3C00);
  // Tables that break section 12's rules for the format.
  interpsim::UniformTable bad = fp16_table;
  bad.a = 1.0f / 3.0f;  // not an fp16 value
  EXPECT_THROW(gpu_ref::make_lookup_table(bad), std::invalid_argument);
  bad = fp16_table;
  bad.k[0] = 1.0f / 3.0f;  // kb = io entry that is not an fp16 value
  EXPECT_THROW(gpu_ref::make_lookup_table(bad), std::invalid_argument);
}

// gpu_bench's chord tables in a format equal model/'s generator for the
// extrapolate edges (both round the float64 chords once to the kb format).
TEST(FormatHostContract, ChordTableMatchesModelGenerator) {
  for (NumberFormat format : gpu_ref::narrow_formats()) {
    for (KbFormat kb : {KbFormat::kFp32, KbFormat::kIo}) {
      for (const std::string& func : gpu_ref::chord_table_functions()) {
        float a = 0.0f;
        int m = 0;
        gpu_ref::paper_interval(func, &a, &m);
        const interpsim::UniformTable ours = gpu_ref::chord_table(func, a, m, 6, format, kb);
        const interpsim::UniformTable model =
            interpsim::generate_table(func, a, m, 6, EdgeMode::kExtrapolate, false, format, kb);
        size_t differing = 0;
        for (size_t row = 0; row < ours.rows(); ++row) {
          differing += ours.k[row] != model.k[row] || ours.b[row] != model.b[row];
        }
        // float64 libm differences can move a value next to a rounding
        // boundary; allow none here (the functions are the same expressions).
        EXPECT_EQ(differing, 0u) << func << " " << format_name(format);
      }
    }
  }
}

}  // namespace
