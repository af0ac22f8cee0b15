// The 8-bit multipliers of issue 13 item 7 (docs/design.md section 12,
// "Decision (the LBFP8 multiplier)"): the LBFP8 one (a log-domain add and an
// antilog step) and the int8 one it is compared with. Exact integer
// semantics: rtl/lbfp8_mul.sv and rtl/int8_mul.sv agree bit for bit.
#pragma once

#include <cstdint>

namespace interpsim {

// The antilog table: round(2^16 * 2^(-k/16)) for k = 0..15 (17 bits at k = 0).
constexpr int kLbfpMulTableBits = 16;
// The product's fractional bits: p * 2^-14 (times 2^(E1 + E2), outside).
constexpr int kLbfpMulOutFracBits = 14;

uint32_t lbfp8_mul_mantissa(int k);

// The product of two LBFP8 elements (block exponents added outside) as an
// int16 with 14 fractional bits: 0 if either is zero (L = 127); else
// L = L1 + L2 (0..252), q = L / 16, k = L % 16 and the magnitude
// (M[k] + 2^(q+1)) >> (q + 2), M[k] rounded to nearest with ties up, then
// negated when the signs differ. |p| <= 2^14.
int16_t lbfp8_mul(uint8_t a, uint8_t b);

// int8 x int8, exact two's complement.
inline int16_t int8_mul(int8_t a, int8_t b) {
  return static_cast<int16_t>(static_cast<int>(a) * static_cast<int>(b));
}

}  // namespace interpsim
