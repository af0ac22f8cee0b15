// Random operands in any format of exact_float.hpp, weighted toward the
// cases where adders and FMAs go wrong: zeros, subnormals, the smallest and
// largest normals, infinities, NaNs, near-equal magnitudes (cancellation),
// and FMA addends placed near -a*b or at rounding ties of the io format.
#pragma once

#include <cstdint>
#include <vector>

#include "testbench/fp/exact_float.hpp"
#include "testbench/fp/fp_case_generator.hpp"

namespace interpsim::fp_test {

// The boundary values of a format, both signs: zeros, smallest/largest
// subnormal, smallest normal and its neighbour, 1 and its neighbours, largest
// finite and its neighbour, infinity (IEEE) and NaNs.
inline std::vector<uint32_t> format_corners(const Format& f) {
  const uint32_t one = static_cast<uint32_t>(f.bias()) << f.man_bits;
  const uint32_t min_normal = uint32_t{1} << f.man_bits;
  std::vector<uint32_t> mags = {0, 1, 2, min_normal - 1, min_normal, min_normal + 1,
                                one - 1, one, one + 1, f.max_finite(), f.max_finite() - 1,
                                one + (uint32_t{1} << (f.man_bits - 1)),
                                f.canonical_nan(), f.mag_mask()};
  if (!f.finite_only) {
    mags.push_back(f.inf_bits());
    mags.push_back(f.inf_bits() + 1);
  }
  std::vector<uint32_t> values;
  for (uint32_t m : mags) {
    values.push_back(m);
    values.push_back(m | f.sign_bit());
  }
  return values;
}

class FormatCaseGenerator {
 public:
  FormatCaseGenerator(const Format& f, uint64_t seed) : f_(f), rng_(seed) {}

  // One bit pattern of f from the weighted mix.
  uint32_t any() { return any_in(f_); }

  uint32_t any_in(const Format& f) {
    const uint32_t sign = rng_.chance(0.5) ? f.sign_bit() : 0;
    const uint32_t frac_mask = (uint32_t{1} << f.man_bits) - 1;
    const uint32_t max_field = (uint32_t{1} << f.exp_bits) - 1;
    switch (rng_.below(16)) {
      case 0: return sign | corner(f);
      case 1: return sign | (rng_.below(frac_mask + 1));                                    // subnormal/zero
      case 2: return sign | ((uint32_t{1} << f.man_bits) + rng_.below(4)) - 2;              // around min normal
      case 3: return sign | (f.max_finite() - rng_.below(4));                               // near the top
      case 4: return sign | (rng_.below(frac_mask + 1) | (sparse(f) & frac_mask));         // random subnormal
      default: {
        const uint32_t field = 1 + rng_.below(max_field - (f.finite_only ? 0 : 1));
        uint32_t frac = rng_.chance(0.3) ? sparse(f) & frac_mask : rng_.below(frac_mask + 1);
        uint32_t bits = sign | (field << f.man_bits) | frac;
        if (f.is_nan(bits)) bits = sign | f.max_finite();
        return bits;
      }
    }
  }

  // An fp32 (or other kb) pattern whose magnitude lies near the io format's
  // range (2^(io min quantum - 4) .. 2^(io max exponent + 4)), sometimes a
  // corner of kb itself.
  uint32_t near_range(const Format& kb, const Format& io) {
    if (rng_.chance(0.1)) return any_in(kb);
    const int lo = io.min_quantum_exp() - 4, hi = io.max_exp() + 4;
    const int e = lo + static_cast<int>(rng_.below(static_cast<uint32_t>(hi - lo + 1)));
    const int field = e + kb.bias();
    const uint32_t frac_mask = (uint32_t{1} << kb.man_bits) - 1;
    const uint32_t frac = rng_.chance(0.3) ? sparse(kb) & frac_mask
                                           : static_cast<uint32_t>(rng_.next()) & frac_mask;
    const uint32_t sign = rng_.chance(0.5) ? kb.sign_bit() : 0;
    if (field <= 0) return sign | ((frac | (uint32_t{1} << kb.man_bits)) >> std::min(1 - field, 31));
    return sign | (static_cast<uint32_t>(field) << kb.man_bits) | frac;
  }

  Rng& rng() { return rng_; }

 private:
  uint32_t corner(const Format& f) {
    const std::vector<uint32_t> corners = format_corners(f);
    return corners[rng_.below(static_cast<uint32_t>(corners.size()))] & f.mag_mask();
  }
  // Few set bits or few clear bits: carries and ties.
  uint32_t sparse(const Format& f) {
    uint32_t v = 0;
    for (int i = 0, n = 1 + static_cast<int>(rng_.below(3)); i < n; ++i)
      v |= uint32_t{1} << rng_.below(static_cast<uint32_t>(f.man_bits));
    return rng_.chance(0.5) ? v : ~v;
  }

  Format f_;
  Rng rng_;
};

}  // namespace interpsim::fp_test
