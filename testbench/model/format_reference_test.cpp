// Issue 12 item 1 (test half): the number-format golden model
// (interp_format_bits, FormatLookup; interp_uniform for fp32) bit for bit
// against format_reference.{hpp,cpp}, a second, exact-arithmetic reference of
// docs/design.md section 12 that shares no code with model/.
//
//  * FormatReferenceUnit:   the reference itself on hand-derived cases.
//  * FormatExhaustive/*:    every input pattern of fp16, bf16, fp8e5m2,
//                           fp8e4m3, kb = fp32 and kb = io, for the four paper
//                           functions at n = 4, 6, 8 and a large n (edge modes
//                           mixed) plus a few corner tables.
//  * FormatReferenceFp32:   10^7 random fp32 inputs over five tables, kb = fp32:
//                           interp_uniform == interp_format_bits == FormatLookup
//                           batch == reference.
//  * FormatValidity:        a not representable / w not normal -> generate_table throws.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iomanip>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "format_reference.hpp"
#include "model/format_lookup.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim::format_reference {
namespace {

uint32_t bits_of(float value) {
  uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

float float_of(uint32_t bits) {
  float value = 0.0f;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// (-1)^negative * magnitude * 2^exponent.
Exact value(bool negative, uint64_t magnitude, int exponent) {
  return finite(negative, cpp_int(magnitude), exponent);
}

const Layout kFp16 = layout_of(NumberFormat::kFp16);
const Layout kBf16 = layout_of(NumberFormat::kBf16);
const Layout kE5M2 = layout_of(NumberFormat::kFp8E5M2);
const Layout kE4M3 = layout_of(NumberFormat::kFp8E4M3);
const Layout kFp32 = layout_of(NumberFormat::kFp32);

std::string hex(uint32_t bits) {
  std::ostringstream out;
  out << "0x" << std::hex << std::uppercase << bits;
  return out.str();
}

std::string describe(const UniformTable& table) {
  std::ostringstream out;
  out << table.func << " a=" << table.a << " m=" << table.m << " n=" << table.n
      << " edges=" << edge_mode_name(table.edges)
      << " format=" << number_format_names().name(table.format)
      << " kb=" << kb_format_names().name(table.kb);
  return out.str();
}

// ---------------------------------------------------------------------------
// 3. Unit checks of the reference, values derived by hand.

TEST(FormatReferenceUnit, DecodesHandPatterns) {
  // fp16 0x3C00: field 15 - bias 15 = 0, mantissa 0 -> 1.0.
  EXPECT_EQ(compare(decode(kFp16, 0x3C00), value(false, 1, 0)), 0);
  // fp16 0x0001: smallest subnormal 2^-24; 0x03FF: 1023 * 2^-24; 0x0400: 2^-14.
  EXPECT_EQ(compare(decode(kFp16, 0x0001), value(false, 1, -24)), 0);
  EXPECT_EQ(compare(decode(kFp16, 0x03FF), value(false, 1023, -24)), 0);
  EXPECT_EQ(compare(decode(kFp16, 0x0400), value(false, 1, -14)), 0);
  // fp16 0x7BFF: 2047 * 2^(30-15-10) = 65504; 0xFC00 -inf; 0x7C01 NaN; 0x8000 -0.
  EXPECT_EQ(compare(decode(kFp16, 0x7BFF), value(false, 65504, 0)), 0);
  EXPECT_TRUE(decode(kFp16, 0xFC00).is_infinite() && decode(kFp16, 0xFC00).negative);
  EXPECT_TRUE(decode(kFp16, 0x7C01).is_nan());
  EXPECT_TRUE(decode(kFp16, 0x8000).is_zero() && decode(kFp16, 0x8000).negative);
  // bf16 0x3F80 = 1.0 (fp32 0x3F800000's top half); 0x0001 = 2^-133.
  EXPECT_EQ(compare(decode(kBf16, 0x3F80), value(false, 1, 0)), 0);
  EXPECT_EQ(compare(decode(kBf16, 0x0001), value(false, 1, -133)), 0);
  // e5m2 0x7B: field 30 - 15 = 15, 1.11b -> 1.75 * 2^15 = 57344; 0x7C inf; 0x7D NaN.
  EXPECT_EQ(compare(decode(kE5M2, 0x7B), value(false, 57344, 0)), 0);
  EXPECT_TRUE(decode(kE5M2, 0x7C).is_infinite());
  EXPECT_TRUE(decode(kE5M2, 0x7D).is_nan());
  // e4m3 0x38: field 7 - 7 = 0 -> 1.0; 0x78: field 15 -> 2^8 = 256 (a number, not inf);
  // 0x7E: 1.110b * 2^8 = 448; 0x7F and 0xFF: NaN; 0x01: 2^-6 * 1/8 = 2^-9.
  EXPECT_EQ(compare(decode(kE4M3, 0x38), value(false, 1, 0)), 0);
  EXPECT_EQ(compare(decode(kE4M3, 0x78), value(false, 256, 0)), 0);
  EXPECT_EQ(compare(decode(kE4M3, 0x7E), value(false, 448, 0)), 0);
  EXPECT_EQ(compare(decode(kE4M3, 0xFE), value(true, 448, 0)), 0);
  EXPECT_TRUE(decode(kE4M3, 0x7F).is_nan());
  EXPECT_TRUE(decode(kE4M3, 0xFF).is_nan());
  EXPECT_EQ(compare(decode(kE4M3, 0x01), value(false, 1, -9)), 0);
  // fp32 0x00000001 = 2^-149.
  EXPECT_EQ(compare(decode(kFp32, 0x00000001), value(false, 1, -149)), 0);
}

TEST(FormatReferenceUnit, Fp16HalfwayCasesRoundToEven) {
  // Near 1 the fp16 spacing is 2^-10.
  // 1 + 2^-11 = (2^11 + 1) * 2^-11: halfway between 1 (0x3C00, even) and 1 + 2^-10 (0x3C01).
  EXPECT_EQ(round_to(kFp16, value(false, 2049, -11)), 0x3C00u);
  // 1 + 3*2^-11: halfway between 0x3C01 (odd) and 0x3C02 (even) -> 0x3C02.
  EXPECT_EQ(round_to(kFp16, value(false, 2051, -11)), 0x3C02u);
  // 1 + 2^-11 + 2^-30: just above the halfway point -> 0x3C01.
  EXPECT_EQ(round_to(kFp16, add(value(false, 2049, -11), value(false, 1, -30))), 0x3C01u);
  // 1 + 2^-11 - 2^-30: just below -> 0x3C00; negative mirror -> 0xBC00.
  EXPECT_EQ(round_to(kFp16, add(value(false, 2049, -11), value(true, 1, -30))), 0x3C00u);
  EXPECT_EQ(round_to(kFp16, value(true, 2049, -11)), 0xBC00u);
}

TEST(FormatReferenceUnit, Fp16SubnormalsAndOverflow) {
  // Subnormal spacing 2^-24. 2^-25 is halfway between +0 (even) and 2^-24 -> +0.
  EXPECT_EQ(round_to(kFp16, value(false, 1, -25)), 0x0000u);
  // A nonzero result that rounds to zero keeps its sign: -2^-25 -> -0, -2^-26 -> -0.
  EXPECT_EQ(round_to(kFp16, value(true, 1, -25)), 0x8000u);
  EXPECT_EQ(round_to(kFp16, value(true, 1, -26)), 0x8000u);
  // 3 * 2^-26 = 0.75 * 2^-24 -> 2^-24 (0x0001); 1.5 * 2^-24 halfway 1|2 -> 2 (0x0002).
  EXPECT_EQ(round_to(kFp16, value(false, 3, -26)), 0x0001u);
  EXPECT_EQ(round_to(kFp16, value(false, 3, -25)), 0x0002u);
  // 2.5 * 2^-24: halfway 2|3 -> 2 (0x0002).
  EXPECT_EQ(round_to(kFp16, value(false, 5, -25)), 0x0002u);
  // 1023.5 * 2^-24: halfway between the largest subnormal 0x03FF (odd) and 2^-14 = 0x0400.
  EXPECT_EQ(round_to(kFp16, value(false, 2047, -25)), 0x0400u);
  // 65504 = max (0x7BFF). 65519 rounds down to it; 65520 = 65504 + 16 is halfway to
  // 65536 (mantissa 0x3FF is odd, so it goes up) -> overflow -> inf 0x7C00 / 0xFC00.
  EXPECT_EQ(round_to(kFp16, value(false, 65519, 0)), 0x7BFFu);
  EXPECT_EQ(round_to(kFp16, value(false, 65520, 0)), 0x7C00u);
  EXPECT_EQ(round_to(kFp16, value(true, 65520, 0)), 0xFC00u);
  EXPECT_EQ(round_to(kFp16, infinity(true)), 0xFC00u);
  EXPECT_EQ(round_to(kFp16, not_a_number()), 0x7E00u);
}

TEST(FormatReferenceUnit, Bf16AndE5M2Rounding) {
  // bf16 spacing near 1 is 2^-7: 1 + 2^-8 halfway -> 1 (0x3F80); 1 + 3*2^-8 -> 1 + 2^-6 (0x3F82).
  EXPECT_EQ(round_to(kBf16, value(false, 257, -8)), 0x3F80u);
  EXPECT_EQ(round_to(kBf16, value(false, 259, -8)), 0x3F82u);
  // bf16 smallest subnormal 2^-133; 2^-134 ties to +0; 3*2^-135 -> 2^-133.
  EXPECT_EQ(round_to(kBf16, value(false, 1, -134)), 0x0000u);
  EXPECT_EQ(round_to(kBf16, value(false, 3, -135)), 0x0001u);
  EXPECT_EQ(round_to(kBf16, not_a_number()), 0x7FC0u);
  // e5m2 spacing near 1 is 2^-2: 1.125 halfway 1 (0x3C) | 1.25 (0x3D) -> 0x3C;
  // 1.375 halfway 1.25 (odd) | 1.5 (0x3E) -> 0x3E.
  EXPECT_EQ(round_to(kE5M2, value(false, 9, -3)), 0x3Cu);
  EXPECT_EQ(round_to(kE5M2, value(false, 11, -3)), 0x3Eu);
  // e5m2 max 57344 (0x7B), spacing 2^13 there: 61440 halfway to 65536 -> inf 0x7C;
  // 61439 -> 0x7B.
  EXPECT_EQ(round_to(kE5M2, value(false, 61440, 0)), 0x7Cu);
  EXPECT_EQ(round_to(kE5M2, value(false, 61439, 0)), 0x7Bu);
  // e5m2 subnormals: spacing 2^-16; 2^-17 ties to 0 and keeps the sign.
  EXPECT_EQ(round_to(kE5M2, value(true, 1, -17)), 0x80u);
  EXPECT_EQ(round_to(kE5M2, value(false, 3, -17)), 0x02u);
  EXPECT_EQ(round_to(kE5M2, not_a_number()), 0x7Eu);
}

TEST(FormatReferenceUnit, E4M3SaturatesAt448) {
  // Spacing at 256..448 is 32. 464 is halfway between 448 (1.110b, even) and 480
  // (1.111b, which is the NaN pattern) -> 448 = 0x7E.
  EXPECT_EQ(round_to(kE4M3, value(false, 464, 0)), 0x7Eu);
  EXPECT_EQ(round_to(kE4M3, value(true, 464, 0)), 0xFEu);
  // 465 is nearer 480, which does not exist: saturates to 448. So do 480, 10^6, +-inf.
  EXPECT_EQ(round_to(kE4M3, value(false, 465, 0)), 0x7Eu);
  EXPECT_EQ(round_to(kE4M3, value(false, 480, 0)), 0x7Eu);
  EXPECT_EQ(round_to(kE4M3, value(false, 1000000, 0)), 0x7Eu);
  EXPECT_EQ(round_to(kE4M3, infinity(false)), 0x7Eu);
  EXPECT_EQ(round_to(kE4M3, infinity(true)), 0xFEu);
  // 432 is halfway between 416 (1.101b, odd) and 448 -> 448; 431 -> 416 = 0x7D.
  EXPECT_EQ(round_to(kE4M3, value(false, 432, 0)), 0x7Eu);
  EXPECT_EQ(round_to(kE4M3, value(false, 431, 0)), 0x7Du);
  // 256 = 0x78 (field 15 is an ordinary binade in E4M3).
  EXPECT_EQ(round_to(kE4M3, value(false, 256, 0)), 0x78u);
  // Subnormal spacing 2^-9: 2^-10 ties to +0; 3*2^-10 = 1.5 * 2^-9 ties to 2 (0x02);
  // 15 * 2^-10 = 7.5 * 2^-9 ties between 0x07 (odd) and 2^-6 = 0x08 -> 0x08.
  EXPECT_EQ(round_to(kE4M3, value(false, 1, -10)), 0x00u);
  EXPECT_EQ(round_to(kE4M3, value(true, 1, -10)), 0x80u);
  EXPECT_EQ(round_to(kE4M3, value(false, 3, -10)), 0x02u);
  EXPECT_EQ(round_to(kE4M3, value(false, 15, -10)), 0x08u);
  EXPECT_EQ(round_to(kE4M3, not_a_number()), 0x7Fu);
}

TEST(FormatReferenceUnit, ExactZeroSigns) {
  // (-0)*(+5) + (-0) = -0; (+0) + (-0) = +0; 1*1 + (-1) = +0 (exact cancellation).
  const Exact minus_zero = value(true, 0, 0);
  const Exact plus_zero = value(false, 0, 0);
  EXPECT_EQ(round_to(kFp16, add(multiply(minus_zero, value(false, 5, 0)), minus_zero)), 0x8000u);
  EXPECT_EQ(round_to(kFp16, add(plus_zero, minus_zero)), 0x0000u);
  EXPECT_EQ(
      round_to(kFp16, add(multiply(value(false, 1, 0), value(false, 1, 0)), value(true, 1, 0))),
      0x0000u);
  // (-3)*(+0) + (-0) = -0 (product -0); (-3)*(-0) + (-0) = +0.
  EXPECT_EQ(round_to(kE4M3, add(multiply(value(true, 3, 0), plus_zero), minus_zero)), 0x80u);
  EXPECT_EQ(round_to(kE4M3, add(multiply(value(true, 3, 0), minus_zero), minus_zero)), 0x00u);
  // 0 * inf and inf - inf are NaN.
  EXPECT_TRUE(multiply(plus_zero, infinity(false)).is_nan());
  EXPECT_TRUE(add(infinity(false), infinity(true)).is_nan());
}

TEST(FormatReferenceUnit, Fp32SingleRounding) {
  // x = K = 1 + 2^-23, B = -1: x*K + B = 2^-22 + 2^-46 exactly. The fp32 spacing at
  // 2^-22 is 2^-45, so 2^-46 is half of it: a tie, to the even 2^-22.
  const Exact x = value(false, (1u << 23) + 1, -23);
  const Exact y = add(multiply(x, x), value(true, 1, 0));
  EXPECT_EQ(round_to(kFp32, y), bits_of(std::ldexp(1.0f, -22)));
  // 2^-22 + 3*2^-47 is above the tie -> 2^-22 + 2^-45.
  EXPECT_EQ(round_to(kFp32, add(value(false, 1, -22), value(false, 3, -47))),
            bits_of(std::ldexp(1.0f, -22) + std::ldexp(1.0f, -45)));
  // fp32 overflow: 2^128 -> inf; fp32 subnormal 2^-150 ties to 0, 3*2^-151 -> 2^-149.
  EXPECT_EQ(round_to(kFp32, value(false, 1, 128)), 0x7F800000u);
  EXPECT_EQ(round_to(kFp32, value(false, 1, -150)), 0x00000000u);
  EXPECT_EQ(round_to(kFp32, value(false, 3, -151)), 0x00000001u);
}

// A hand-made fp16 table: a = -2, m = 3 (b = 6), n = 3 (w = 1), entries chosen here.
UniformTable hand_table(NumberFormat format) {
  UniformTable table;
  table.func = "hand";
  table.a = -2.0f;
  table.m = 3;
  table.n = 3;
  table.format = format;
  table.kb = KbFormat::kFp32;
  table.k.assign(10, 0.0f);
  table.b.assign(10, 0.0f);
  table.k[3] = 2.0f;
  table.b[3] = 0.5f;
  table.k[8] = 0.0f;  // below a: y = round(B)
  table.b[8] = 0.1f;
  table.k[9] = -0.0f;  // above b: y = round(B) with B = -0
  table.b[9] = -0.0f;
  return table;
}

TEST(FormatReferenceUnit, HandTableRowsAndValues) {
  const UniformTable table = hand_table(NumberFormat::kFp16);
  // x = 1 - 2^-11 (fp16 0x3BFF: field 14, mantissa 0x3FF). x - a = 3 - 2^-11; in
  // [2, 4) the fp16 spacing is 2^-9, and 3 - 2^-11 is within a quarter ulp of 3,
  // so xn = 3 and idx = floor(3 / 1) = 3, although the exact x - a is in segment 2.
  EXPECT_EQ(reference_row(table, 0x3BFF), 3);
  // y = round(2 * (1 - 2^-11) + 0.5) = round(2.5 - 2^-10): spacing 2^-9 in [2, 4), so
  // it is halfway between 2.5 - 2^-9 (mantissa 0x0FF, odd) and 2.5 (0x100) -> 2.5 =
  // field 16, mantissa 0x100 -> 0x4100.
  EXPECT_EQ(reference_interp(table, 0x3BFF), 0x4100u);
  // x = a = -2 (0xC000) -> row N = 8: K = 0, y = round_fp16(0.1f). 0.1f = 1.1001100110
  // 0110011001101b * 2^-4: the 13 dropped bits 0110011001101 are below half, so
  // mantissa 1001100110b = 0x266, field 11 -> 0x2E66.
  EXPECT_EQ(reference_row(table, 0xC000), 8);
  EXPECT_EQ(reference_interp(table, 0xC000), 0x2E66u);
  // -inf (0xFC00) -> row 8 too; +inf and x = b = 6 (0x4600) -> row 9, y = -0.
  EXPECT_EQ(reference_interp(table, 0xFC00), 0x2E66u);
  EXPECT_EQ(reference_row(table, 0x4600), 9);
  EXPECT_EQ(reference_interp(table, 0x7C00), 0x8000u);
  // -0 > -2: x - a = 2 -> idx 2 (K = B = 0: y = -0 * 0 + 0 = +0).
  EXPECT_EQ(reference_row(table, 0x8000), 2);
  EXPECT_EQ(reference_interp(table, 0x8000), 0x0000u);
  // NaN -> row -1, canonical NaN.
  EXPECT_EQ(reference_row(table, 0x7D23), -1);
  EXPECT_EQ(reference_interp(table, 0xFD23), 0x7E00u);
  // x = 6 - 2^-8 (0x45FF, just below b): xn = 8 - 2^-8 is exact (spacing 2^-8 in
  // [4, 8)), floor(7.996) = 7 = N-1.
  EXPECT_EQ(reference_row(table, 0x45FF), 7);
  // The model agrees on these hand cases.
  for (uint32_t x : {0x3BFFu, 0xC000u, 0xFC00u, 0x4600u, 0x7C00u, 0x8000u, 0x7D23u, 0x45FFu}) {
    EXPECT_EQ(interp_format_bits(table, x), reference_interp(table, x)) << hex(x);
  }
}

TEST(FormatReferenceUnit, E4M3HandTableSaturates) {
  // a = -2, m = 3, n = 3 in e4m3 with the same entries, K[3] = 2, B[3] = 500:
  // x = 1 (0x38): row 3, y = 2 + 500 = 502 -> nearest representable would be 512 -> 448.
  UniformTable table = hand_table(NumberFormat::kFp8E4M3);
  table.b[3] = 500.0f;
  EXPECT_EQ(reference_row(table, 0x38), 3);
  EXPECT_EQ(reference_interp(table, 0x38), 0x7Eu);
  // B[3] = -462: 2 - 462 = -460 -> between 448 and 480, nearer 448 -> 0xFE.
  table.b[3] = -462.0f;
  EXPECT_EQ(reference_interp(table, 0x38), 0xFEu);
  // B[3] = inf (kb = fp32): y = +inf -> 448.
  table.b[3] = std::numeric_limits<float>::infinity();
  EXPECT_EQ(reference_interp(table, 0x38), 0x7Eu);
  for (uint32_t x = 0; x < 256; ++x) {
    EXPECT_EQ(interp_format_bits(table, x), reference_interp(table, x)) << hex(x);
  }
}

TEST(FormatReferenceUnit, E4M3SpanBeyondRangeIsInvalid) {
  // docs/design.md section 12, "Decision (fp8e4m3 x - a)": without infinities x - a
  // would saturate at 448 below 2^m and read a wrong segment, so 2^m must be a value of
  // e4m3 (m <= 8). a = -64, m = 9 (b = 448) would let x = 416 give x - a = 480 -> 448
  // -> segment 14 instead of 15: such a table is refused.
  EXPECT_NE(check_table_params(-64.0f, 9, 4, NumberFormat::kFp8E4M3), "");
  EXPECT_THROW(generate_table("tanh", -64.0f, 9, 4, EdgeMode::kExtrapolate, false,
                              NumberFormat::kFp8E4M3, KbFormat::kFp32),
               std::invalid_argument);
  // m = 8 (b = a + 256) is fine: x - a <= 256 is a value of e4m3.
  EXPECT_EQ(check_table_params(-128.0f, 8, 4, NumberFormat::kFp8E4M3), "");
}

// ---------------------------------------------------------------------------
// 1. Every input pattern of the 8- and 16-bit formats.

struct TableSpec {
  std::string func;
  float a;
  int m;
  int n;
  EdgeMode edges;
};

// The largest n whose w = 2^(m-n) is still a normal number of the format (capped at 20).
int large_n(NumberFormat format, int m) {
  const Layout layout = layout_of(format);
  return std::min(20, m - (1 - layout.bias()));
}

std::vector<TableSpec> exhaustive_specs(NumberFormat format) {
  const EdgeMode modes[] = {EdgeMode::kSaturate, EdgeMode::kAsymptote, EdgeMode::kExtrapolate};
  std::vector<TableSpec> specs;
  int mode = 0;
  for (const char* name : {"exp", "sigmoid", "tanh", "gelu"}) {
    const FunctionInfo& info = find_function(name);
    for (int n : {4, 6, 8, large_n(format, info.default_m)}) {
      specs.push_back({name, info.default_a, info.default_m, n, modes[mode++ % 3]});
    }
  }
  // Corner tables: results and entries that overflow the format (exp on [0, 16], or
  // [0, 8] in e4m3 where 448 < e^8); a tiny interval around zero whose inputs and
  // outputs are subnormal; a wide interval whose x - a can round up to 2^m (in e4m3
  // the widest interval the rules allow, 2^m = 256).
  if (format == NumberFormat::kFp8E4M3) {
    specs.push_back({"exp", 0.0f, 3, 5, EdgeMode::kExtrapolate});
    specs.push_back({"gelu", -0.015625f, -5, 1, EdgeMode::kExtrapolate});  // w = 2^-6
    specs.push_back({"tanh", -128.0f, 8, 4, EdgeMode::kExtrapolate});      // b = 128
    specs.push_back({"gelu", -128.0f, 8, 3, EdgeMode::kSaturate});
  } else {
    specs.push_back({"exp", 0.0f, 4, 6, EdgeMode::kExtrapolate});
    specs.push_back({"gelu", -0.0078125f, -6, 4, EdgeMode::kExtrapolate});  // w = 2^-10
    if (format == NumberFormat::kFp16) {
      specs.push_back({"tanh", -32768.0f, 16, 4, EdgeMode::kExtrapolate});
      specs.push_back({"gelu", -1024.0f, 11, 12, EdgeMode::kExtrapolate});
    } else if (format == NumberFormat::kFp8E5M2) {
      specs.push_back({"tanh", -16384.0f, 15, 4, EdgeMode::kExtrapolate});
      specs.push_back({"gelu", -1024.0f, 11, 8, EdgeMode::kExtrapolate});
    } else {  // bf16
      specs.push_back({"tanh", -65536.0f, 17, 12, EdgeMode::kExtrapolate});
      specs.push_back({"exp", -96.0f, 7, 16, EdgeMode::kAsymptote});
    }
  }
  return specs;
}

struct FormatParam {
  NumberFormat format;
  KbFormat kb;
};

void PrintTo(const FormatParam& param, std::ostream* out) {
  *out << number_format_names().name(param.format) << " kb=" << kb_format_names().name(param.kb);
}

std::string param_name(const ::testing::TestParamInfo<FormatParam>& info) {
  return number_format_names().name(info.param.format) + "_kb_" +
         kb_format_names().name(info.param.kb);
}

class FormatExhaustive : public ::testing::TestWithParam<FormatParam> {};

TEST_P(FormatExhaustive, EveryInputMatchesReference) {
  const FormatParam param = GetParam();
  const Layout layout = layout_of(param.format);
  const uint32_t patterns = uint32_t{1} << layout.width();
  int tables = 0;
  for (const TableSpec& spec : exhaustive_specs(param.format)) {
    ASSERT_EQ(check_table_params(spec.a, spec.m, spec.n, param.format), "")
        << spec.func << " a=" << spec.a << " m=" << spec.m << " n=" << spec.n;
    const UniformTable table = generate_table(spec.func, spec.a, spec.m, spec.n, spec.edges, false,
                                              param.format, param.kb);
    ++tables;
    const FormatLookup lookup(table);
    std::vector<uint8_t> in8(patterns), out8(patterns);
    std::vector<uint16_t> in16(patterns), out16(patterns);
    for (uint32_t x = 0; x < patterns; ++x) {
      in8[x] = static_cast<uint8_t>(x);
      in16[x] = static_cast<uint16_t>(x);
    }
    if (layout.width() == 8) {
      lookup.run(in8.data(), out8.data(), patterns);
    } else {
      lookup.run(in16.data(), out16.data(), patterns);
    }
    int mismatches = 0;
    for (uint32_t x = 0; x < patterns && mismatches < 8; ++x) {
      const uint32_t expected = reference_interp(table, x);
      const uint32_t scalar = interp_format_bits(table, x);
      const uint32_t batch = layout.width() == 8 ? out8[x] : out16[x];
      const int64_t row = reference_row(table, x);
      if (scalar != expected || batch != expected || lookup(x) != expected ||
          (row >= 0 && format_row(table, float_of_exact(decode(layout, x))) != row)) {
        ++mismatches;
        ADD_FAILURE() << describe(table) << ": x=" << hex(x) << " ("
                      << float_of_exact(decode(layout, x)) << ") reference row " << row
                      << " y=" << hex(expected) << "; interp_format_bits " << hex(scalar)
                      << ", FormatLookup batch " << hex(batch) << ", format_row "
                      << format_row(table, float_of_exact(decode(layout, x)));
      }
    }
    // kb = io: the entries are values of the io format (kb = fp32: of float32 trivially);
    // every row of tables up to 2^12 segments, a stride of about 4096 rows and both
    // edge rows of the larger ones (the large-n tables would cost seconds).
    if (param.kb == KbFormat::kIo) {
      const size_t stride = std::max<size_t>(1, table.segments() >> 12);
      for (size_t row = 0; row < table.rows();
           row = (row + stride < table.segments() ? row + stride
                                                  : std::max(row + 1, table.segments()))) {
        for (float entry : {table.k[row], table.b[row]}) {
          const uint32_t encoded = round_to(layout, exact_of_float(entry));
          EXPECT_EQ(bits_of(float_of_exact(decode(layout, encoded))), bits_of(entry))
              << describe(table) << " row " << row << " entry " << entry
              << " is not a value of the io format";
        }
      }
    }
  }
  EXPECT_GT(tables, 16);
}

INSTANTIATE_TEST_SUITE_P(Formats, FormatExhaustive,
                         ::testing::Values(FormatParam{NumberFormat::kFp16, KbFormat::kFp32},
                                           FormatParam{NumberFormat::kFp16, KbFormat::kIo},
                                           FormatParam{NumberFormat::kBf16, KbFormat::kFp32},
                                           FormatParam{NumberFormat::kBf16, KbFormat::kIo},
                                           FormatParam{NumberFormat::kFp8E5M2, KbFormat::kFp32},
                                           FormatParam{NumberFormat::kFp8E5M2, KbFormat::kIo},
                                           FormatParam{NumberFormat::kFp8E4M3, KbFormat::kFp32},
                                           FormatParam{NumberFormat::kFp8E4M3, KbFormat::kIo}),
                         param_name);

// ---------------------------------------------------------------------------
// 2. fp32 tables, kb = fp32: random bit patterns and values in and around [a, b].

// A table with random finite entries of every magnitude (overflow, cancellation,
// subnormal results) and zero slopes in the edge rows.
UniformTable random_entries_table(std::mt19937_64& rng) {
  UniformTable table = generate_table("gelu", -5.0f, 3, 6, EdgeMode::kExtrapolate);
  table.func = "random-entries";
  std::uniform_int_distribution<uint32_t> pattern(0, 0xFFFFFFFFu);
  for (size_t row = 0; row < table.rows(); ++row) {
    for (float* entry : {&table.k[row], &table.b[row]}) {
      float value;
      do {
        value = float_of(pattern(rng));
      } while (!std::isfinite(value));
      *entry = value;
    }
  }
  table.k[table.segments()] = 0.0f;
  table.k[table.segments() + 1] = -0.0f;
  return table;
}

std::vector<UniformTable> fp32_tables(std::mt19937_64& rng) {
  std::vector<UniformTable> tables;
  tables.push_back(generate_table("gelu", -5.0f, 3, 12, EdgeMode::kAsymptote));
  tables.push_back(generate_table("exp", -16.0f, 4, 8, EdgeMode::kExtrapolate));
  tables.push_back(generate_table("sigmoid", -8.0f, 4, 6, EdgeMode::kSaturate));
  tables.push_back(generate_table("tanh", -4.0f, 3, 20, EdgeMode::kAsymptote));
  tables.push_back(random_entries_table(rng));
  return tables;
}

float random_input(const UniformTable& table, std::mt19937_64& rng) {
  const double a = table.a;
  const double span = std::ldexp(1.0, table.m);
  switch (rng() % 4) {
    case 0:  // any bit pattern (NaNs, infinities, subnormals included)
      return float_of(static_cast<uint32_t>(rng()));
    case 1: {  // uniform in [a - span/8, b + span/8]
      std::uniform_real_distribution<double> around(a - span / 8, a + span + span / 8);
      return static_cast<float>(around(rng));
    }
    case 2: {  // within 4 ulps of a random breakpoint a + i*w (a and b included)
      const uint64_t i = rng() % (table.segments() + 1);
      float x = static_cast<float>(a + static_cast<double>(i) * std::ldexp(1.0, table.m - table.n));
      const int steps = static_cast<int>(rng() % 9) - 4;
      for (int s = 0; s < std::abs(steps); ++s) {
        x = std::nextafter(x, steps < 0 ? -INFINITY : INFINITY);
      }
      return x;
    }
    default: {  // a random sign and binade near the table's scale, down to subnormals
      const int exponent = static_cast<int>(rng() % 60) - 50 + table.m;
      const float x =
          std::ldexp(1.0f + static_cast<float>(rng() % (1u << 23)) * 0x1p-23f, exponent);
      return (rng() & 1) ? -x : x;
    }
  }
}

// 2 * 10^6 inputs per table, 10^7 in all (about 12 s for the five tables with
// cpp_int on this project's 2-core machine, so the whole count stays in the
// default set; no `long` split needed).
constexpr size_t kFp32InputsPerTable = 2'000'000;

class FormatReferenceFp32 : public ::testing::TestWithParam<int> {};

TEST_P(FormatReferenceFp32, RandomInputsMatch) {
  std::mt19937_64 rng(0x12F0A7u + static_cast<unsigned>(GetParam()));
  const UniformTable table = fp32_tables(rng).at(static_cast<size_t>(GetParam()));
  ASSERT_EQ(table.format, NumberFormat::kFp32);
  ASSERT_EQ(table.kb, KbFormat::kFp32);
  int mismatches = 0;
  std::vector<float> xs(kFp32InputsPerTable), batch(kFp32InputsPerTable);
  for (float& x : xs) x = random_input(table, rng);
  const FormatLookup lookup(table);
  lookup.run(xs.data(), batch.data(), xs.size());
  for (size_t i = 0; i < xs.size() && mismatches < 8; ++i) {
    const uint32_t x = bits_of(xs[i]);
    const uint32_t expected = reference_interp(table, x);
    const uint32_t uniform = canonicalize(kFp32, bits_of(interp_uniform(table, xs[i])));
    const uint32_t scalar = interp_format_bits(table, x);
    const uint32_t batched = canonicalize(kFp32, bits_of(batch[i]));
    if (uniform != expected || scalar != expected || batched != expected) {
      ++mismatches;
      ADD_FAILURE() << describe(table) << ": x=" << hex(x) << " (" << std::setprecision(9) << xs[i]
                    << ") reference y=" << hex(expected) << " row " << reference_row(table, x)
                    << "; interp_uniform " << hex(uniform) << ", interp_format_bits " << hex(scalar)
                    << ", FormatLookup batch " << hex(batched);
    }
  }
}

std::string fp32_table_name(const ::testing::TestParamInfo<int>& info) {
  const char* names[] = {"gelu_n12", "exp_n8", "sigmoid_n6", "tanh_n20", "random_entries"};
  return names[info.param];
}

INSTANTIATE_TEST_SUITE_P(Tables, FormatReferenceFp32, ::testing::Range(0, 5), fp32_table_name);

// ---------------------------------------------------------------------------
// 4. Validity rules of section 12.

TEST(FormatValidity, ANotRepresentableThrows) {
  struct Case {
    NumberFormat format;
    float a;
    int m;
  };
  // Each a is a multiple of w = 2^m (n = 0) with b = a + 2^m representable, but a
  // needs one significant bit more than the format has (or, 480/65536, is out of range).
  const Case cases[] = {
      {NumberFormat::kFp16, 1.0f + 0x1p-11f, -11},  // 12 significant bits; b = 1 + 2^-10
      {NumberFormat::kBf16, 1.0f + 0x1p-8f, -8},    // 9 bits; b = 1 + 2^-7
      {NumberFormat::kFp8E5M2, 1.125f, -3},         // 4 bits; b = 1.25
      {NumberFormat::kFp8E4M3, 1.0625f, -4},        // 5 bits; b = 1.125
      {NumberFormat::kFp8E4M3, -480.0f, 5},         // beyond 448; b = -448
      {NumberFormat::kFp16, -65536.0f, 11},         // beyond 65504; b = -63488
  };
  for (const Case& c : cases) {
    const std::string name = number_format_names().name(c.format);
    EXPECT_THROW(generate_table("gelu", c.a, c.m, 0, EdgeMode::kExtrapolate, false, c.format),
                 std::invalid_argument)
        << name << " a=" << c.a;
    EXPECT_NE(check_table_params(c.a, c.m, 0, c.format), "") << name << " a=" << c.a;
    // The same a and m are a valid fp32 table.
    EXPECT_NO_THROW(generate_table("gelu", c.a, c.m, 0, EdgeMode::kExtrapolate));
  }
  // b = a + 2^m not representable: fp16 a = 1, m = -11 (b = 1 + 2^-11).
  EXPECT_THROW(
      generate_table("gelu", 1.0f, -11, 0, EdgeMode::kExtrapolate, false, NumberFormat::kFp16),
      std::invalid_argument);
}

TEST(FormatValidity, WidthNotNormalThrows) {
  struct Case {
    NumberFormat format;
    float a;
    int m;
    int bad_n;   // w = 2^(m - bad_n) is not a normal number of the format
    int good_n;  // the neighbouring n that is
  };
  const Case cases[] = {
      // Smallest normal: fp16 and e5m2 2^-14, e4m3 2^-6, bf16 2^-126.
      {NumberFormat::kFp16, 0.0f, 0, 15, 14},
      {NumberFormat::kFp8E5M2, 0.0f, 0, 15, 14},
      {NumberFormat::kFp8E4M3, 0.0f, 0, 7, 6},
      {NumberFormat::kBf16, 0.0f, -107, 20, 19},
      // (A w above the largest finite value cannot be isolated: a, b and a multiple
      // of w in range force b - a < w.)
  };
  for (const Case& c : cases) {
    const std::string name = number_format_names().name(c.format);
    for (KbFormat kb : {KbFormat::kFp32, KbFormat::kIo}) {
      EXPECT_THROW(
          generate_table("gelu", c.a, c.m, c.bad_n, EdgeMode::kSaturate, false, c.format, kb),
          std::invalid_argument)
          << name << " m=" << c.m << " n=" << c.bad_n;
      EXPECT_NO_THROW(
          generate_table("gelu", c.a, c.m, c.good_n, EdgeMode::kSaturate, false, c.format, kb))
          << name << " m=" << c.m << " n=" << c.good_n;
    }
  }
}

}  // namespace
}  // namespace interpsim::format_reference
