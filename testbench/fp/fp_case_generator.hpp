// Random float32 operands for the FP unit tests, weighted toward the cases
// where adders and FMAs go wrong: cancellation, carries, rounding ties,
// subnormal and overflow boundaries, infinities, NaNs and signed zeros.
#pragma once

#include <cstdint>

namespace interpsim::fp_test {

struct AddOperands {
  uint32_t a;
  uint32_t b;
};

struct FmaOperands {
  uint32_t a;
  uint32_t b;
  uint32_t c;
};

// splitmix64: fast and good enough to drive test stimulus.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  uint32_t below(uint32_t bound) { return static_cast<uint32_t>((next() >> 32) * bound >> 32); }
  bool chance(double probability) { return (next() >> 11) * 0x1.0p-53 < probability; }

 private:
  uint64_t state_;
};

class FpCaseGenerator {
 public:
  explicit FpCaseGenerator(uint64_t seed) : rng_(seed) {}

  AddOperands add_operands();
  FmaOperands fma_operands();
  // One float32 bit pattern from the weighted mix (also used alone by tests).
  uint32_t any_float();
  Rng& rng() { return rng_; }

 private:
  uint32_t special_float();
  uint32_t mantissa();
  uint32_t sparse_mantissa();
  uint32_t with_exponent(int biased_exponent);
  uint32_t nudge(uint32_t bits, int ulps);

  Rng rng_;
};

}  // namespace interpsim::fp_test
