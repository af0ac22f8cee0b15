#include "model/lbfp_multiply.hpp"

#include <array>
#include <cmath>

#include "model/lbfp.hpp"

namespace interpsim {

namespace {

std::array<uint32_t, 16> make_table() {
  std::array<uint32_t, 16> table{};
  for (int k = 0; k < 16; ++k) {
    // 2^(16 - k/16) is irrational for k > 0, so no tie, and float64's error
    // (~1e-11 here) cannot move the rounding; k = 0 is exactly 65536.
    table[k] = static_cast<uint32_t>(
        std::lround(std::exp2(kLbfpMulTableBits - static_cast<double>(k) / 16.0)));
  }
  return table;
}

const std::array<uint32_t, 16> kTable = make_table();

}  // namespace

uint32_t lbfp8_mul_mantissa(int k) {
  return kTable[static_cast<size_t>(k & 15)];
}

int16_t lbfp8_mul(uint8_t a, uint8_t b) {
  const int la = a & 0x7F;
  const int lb = b & 0x7F;
  if (la == kLbfpZeroCode || lb == kLbfpZeroCode) return 0;
  const int l = la + lb;
  const int q = l >> kLbfpFractionBits;
  const int k = l & ((1 << kLbfpFractionBits) - 1);
  // From 2^-16 units to 2^-14 units and 2^-q: one right shift by q + 2,
  // rounded to nearest, ties up (on the magnitude).
  const int shift = q + kLbfpMulTableBits - kLbfpMulOutFracBits;
  const uint32_t magnitude = (kTable[k] + (1u << (shift - 1))) >> shift;
  const bool negative = ((a ^ b) & 0x80) != 0;
  return static_cast<int16_t>(negative ? -static_cast<int>(magnitude)
                                       : static_cast<int>(magnitude));
}

}  // namespace interpsim
