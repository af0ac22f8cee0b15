#include "testbench/fp/fp_case_generator.hpp"

#include <algorithm>
#include <cmath>

#include "model/float_bits.hpp"

namespace interpsim::fp_test {

uint64_t Rng::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint32_t FpCaseGenerator::sparse_mantissa() {
  uint32_t bits = 0;
  for (uint32_t i = rng_.below(4); i > 0; --i) bits |= 1u << rng_.below(23);
  return bits;
}

// Significand fields that make ties and long carry chains likely.
uint32_t FpCaseGenerator::mantissa() {
  switch (rng_.below(6)) {
    case 0:  // a few set bits: exact halfway points after alignment
      return sparse_mantissa();
    case 1:  // all ones below some position: carries ripple through
      return 0x7FFFFFu >> rng_.below(24);
    case 2:  // all ones above some position
      return (0x7FFFFFu << rng_.below(24)) & 0x7FFFFFu;
    default:
      return static_cast<uint32_t>(rng_.next()) & 0x7FFFFFu;
  }
}

uint32_t FpCaseGenerator::with_exponent(int biased_exponent) {
  const uint32_t sign = static_cast<uint32_t>(rng_.next() >> 63) << 31;
  const uint32_t exponent = static_cast<uint32_t>(std::clamp(biased_exponent, 0, 254));
  return sign | exponent << 23 | mantissa();
}

uint32_t FpCaseGenerator::special_float() {
  static constexpr uint32_t kSpecials[] = {
      0x00000000u,  // +0
      0x7F800000u,  // +inf
      0x7FC00000u,  // quiet NaN
      0x7F800001u,  // signalling NaN
      0x7FFFFFFFu,  // NaN, full payload
      0x00000001u,  // smallest subnormal
      0x007FFFFFu,  // largest subnormal
      0x00800000u,  // smallest normal
      0x7F7FFFFFu,  // largest finite
      0x3F800000u,  // 1
      0x00400000u,  // 2^-127
      0x3F7FFFFFu,  // just below 1
  };
  const uint32_t sign = static_cast<uint32_t>(rng_.next() >> 63) << 31;
  return sign | kSpecials[rng_.below(sizeof kSpecials / sizeof kSpecials[0])];
}

uint32_t FpCaseGenerator::any_float() {
  const uint32_t pick = rng_.below(100);
  if (pick < 15) return static_cast<uint32_t>(rng_.next());
  if (pick < 27) return special_float();
  if (pick < 40) return with_exponent(0);                    // subnormal
  if (pick < 50) return with_exponent(1 + rng_.below(4));    // just above
  if (pick < 58) return with_exponent(250 + rng_.below(5));  // near overflow
  return with_exponent(97 + rng_.below(60));                 // around 1
}

// Moves a finite pattern by a few units in the last place (stays in range).
uint32_t FpCaseGenerator::nudge(uint32_t bits, int ulps) {
  const uint32_t sign = bits & 0x80000000u;
  const int64_t magnitude =
      std::clamp<int64_t>(static_cast<int64_t>(bits & 0x7FFFFFFFu) + ulps, 0, 0x7F7FFFFF);
  return sign | static_cast<uint32_t>(magnitude);
}

AddOperands FpCaseGenerator::add_operands() {
  const uint32_t a = any_float();
  const int exponent = static_cast<int>((a >> 23) & 0xFF);
  const uint32_t sign_flip = static_cast<uint32_t>(rng_.next() >> 63) << 31;
  uint32_t b;
  switch (rng_.below(5)) {
    case 0:  // independent operands
      b = any_float();
      break;
    case 1:  // near cancellation: b = -a +- a few ulps
      b = nudge(a ^ 0x80000000u, static_cast<int>(rng_.below(9)) - 4);
      break;
    case 2:  // same exponent: carries out of the significand
    case 3:  // exponent difference around the guard, round and sticky bits
      b = with_exponent(exponent - static_cast<int>(rng_.below(30)));
      b = (b & 0x7FFFFFFFu) | ((a & 0x80000000u) ^ sign_flip);
      break;
    default:  // close in magnitude, random sign
      b = nudge(a, static_cast<int>(rng_.below(1 << 12)) - (1 << 11)) ^ sign_flip;
      break;
  }
  if (is_nan_bits(a) || exponent == 0xFF) b = any_float();
  return rng_.chance(0.5) ? AddOperands{a, b} : AddOperands{b, a};
}

FmaOperands FpCaseGenerator::fma_operands() {
  FmaOperands ops{any_float(), any_float(), any_float()};
  const uint32_t pick = rng_.below(10);
  if (pick == 0) return ops;  // independent operands
  if (pick == 1) {
    // Product exponents near the underflow or overflow limits.
    const int target = rng_.chance(0.5) ? static_cast<int>(rng_.below(60)) - 50
                                        : 250 + static_cast<int>(rng_.below(10));
    const int ea = 1 + static_cast<int>(rng_.below(253));
    ops.a = with_exponent(ea);
    ops.b = with_exponent(target - ea + 127);
    if (rng_.chance(0.5)) ops.c = rng_.chance(0.5) ? 0u : 0x80000000u;
    return ops;
  }
  // The remaining cases place c relative to the product; keep a*b finite.
  ops.a = with_exponent(40 + rng_.below(175));
  ops.b = with_exponent(40 + rng_.below(175));
  if (pick >= 6) {
    // Few significand bits in a and b: the exact product has short tails, so
    // halfway cases and a lone sticky contribution from c are common.
    ops.a = (ops.a & 0xFF800000u) | sparse_mantissa();
    ops.b = (ops.b & 0xFF800000u) | sparse_mantissa();
  }
  const float product = bits_to_float(ops.a) * bits_to_float(ops.b);
  const uint32_t product_bits = float_to_bits(product);
  if (!std::isfinite(product)) return ops;
  const int product_exponent = static_cast<int>((product_bits >> 23) & 0xFF);
  if (pick <= 3) {
    // Cancellation: c = -(a*b rounded) +- a few ulps; the result is tiny.
    ops.c = nudge(product_bits ^ 0x80000000u, static_cast<int>(rng_.below(9)) - 4);
  } else if (pick <= 5) {
    // c at an exponent offset from the product: alignment, ties, sticky.
    ops.c = with_exponent(product_exponent + static_cast<int>(rng_.below(80)) - 50);
  } else {
    // c well below the product: it lands on the round and sticky bits.
    ops.c = with_exponent(product_exponent - 20 - static_cast<int>(rng_.below(40)));
    if (rng_.chance(0.5)) ops.c = (ops.c & 0xFF800000u) | sparse_mantissa();
  }
  return ops;
}

}  // namespace interpsim::fp_test
