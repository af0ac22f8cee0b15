// Exact reference arithmetic for the FP units in any binary format of
// docs/design.md section 12, written independently of the RTL: operands are
// decoded to (sign, integer significand, power of two), sums and products are
// formed exactly in a wide integer (__int128 where the exponent span fits,
// boost::multiprecision::cpp_int otherwise), and the exact value is rounded
// once, to nearest even, into the target format: subnormals, overflow to
// +-inf, E4M3 saturation to +-448 (which also takes infinities), the
// canonical NaN of the format for every NaN result.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <cstdint>
#include <string>

namespace interpsim::fp_test {

struct Format {
  int exp_bits;
  int man_bits;
  bool finite_only;  // OCP E4M3: no infinities, S.1111.111 is the only NaN
  const char* name;

  int width() const { return 1 + exp_bits + man_bits; }
  int bias() const { return (1 << (exp_bits - 1)) - 1; }
  uint32_t mag_mask() const { return (uint32_t{1} << (width() - 1)) - 1; }
  uint32_t sign_bit() const { return uint32_t{1} << (width() - 1); }
  uint32_t inf_bits() const { return ((uint32_t{1} << exp_bits) - 1) << man_bits; }
  uint32_t max_finite() const { return finite_only ? mag_mask() - 1 : inf_bits() - 1; }
  uint32_t canonical_nan() const {
    return finite_only ? mag_mask() : inf_bits() | (uint32_t{1} << (man_bits - 1));
  }
  bool is_nan(uint32_t bits) const {
    const uint32_t mag = bits & mag_mask();
    return finite_only ? mag == mag_mask() : mag > inf_bits();
  }
  bool is_inf(uint32_t bits) const { return !finite_only && (bits & mag_mask()) == inf_bits(); }
  bool is_zero(uint32_t bits) const { return (bits & mag_mask()) == 0; }
  // Exponent of the lowest bit of a subnormal (the smallest quantum).
  int min_quantum_exp() const { return 1 - bias() - man_bits; }
  int max_exp() const { return (1 << exp_bits) - 2 + (finite_only ? 1 : 0) - bias(); }
};

inline constexpr Format kFp32{8, 23, false, "fp32"};
inline constexpr Format kFp16{5, 10, false, "fp16"};
inline constexpr Format kBf16{8, 7, false, "bf16"};
inline constexpr Format kFp8E5M2{5, 2, false, "fp8e5m2"};
inline constexpr Format kFp8E4M3{4, 3, true, "fp8e4m3"};

// A finite value (-1)^sign * sig * 2^exp.
struct Finite {
  bool sign;
  uint64_t sig;
  int exp;
};

inline Finite decode_finite(const Format& f, uint32_t bits) {
  const uint32_t field = (bits >> f.man_bits) & ((uint32_t{1} << f.exp_bits) - 1);
  const uint64_t frac = bits & ((uint32_t{1} << f.man_bits) - 1);
  const bool sign = (bits & f.sign_bit()) != 0;
  if (field == 0) return {sign, frac, f.min_quantum_exp()};
  return {sign, frac | (uint64_t{1} << f.man_bits), static_cast<int>(field) - f.bias() - f.man_bits};
}

namespace exact_detail {

using Big = boost::multiprecision::cpp_int;

inline int bit_length(__int128 v) {
  int n = 0;
  while (v != 0) {
    v >>= 1;
    ++n;
  }
  return n;
}
inline int bit_length(const Big& v) { return v == 0 ? 0 : static_cast<int>(msb(v)) + 1; }

// Rounds the exact nonzero magnitude mag * 2^exp (mag > 0) to nearest even in
// f, returns the bits with the sign.
template <typename Int>
uint32_t round_magnitude(const Format& f, bool sign, Int mag, int exp) {
  const int lead = exp + bit_length(mag) - 1;          // exponent of the leading bit
  const int result_exp = std::max(lead, 1 - f.bias());  // exponent of the hidden bit
  const int quantum = result_exp - f.man_bits;          // exponent of the last kept bit
  Int sig;
  if (quantum <= exp) {
    sig = mag << (exp - quantum);
  } else {
    const int drop = quantum - exp;
    // Below half the quantum (a shift past the width would be undefined for
    // __int128): rounds to zero.
    if (drop > bit_length(mag)) return sign ? f.sign_bit() : 0;
    sig = mag >> drop;
    const Int rest = mag - (sig << drop);
    const Int half = Int(1) << (drop - 1);
    if (rest > half || (rest == half && (sig & 1) != 0)) sig += 1;
  }
  // sig < 2^(man+1) or == 2^(man+1) after a carry: biased exponent field of
  // the hidden bit plus the significand (a carry moves into the exponent).
  const uint64_t s = static_cast<uint64_t>(sig);
  const int64_t field = result_exp + f.bias() - 1;  // >= 0
  const int64_t packed = (field << f.man_bits) + static_cast<int64_t>(s);
  const uint32_t sign_bits = sign ? f.sign_bit() : 0;
  const int64_t limit = f.finite_only ? f.mag_mask() : f.inf_bits();  // first overflowing pattern
  if (packed >= limit) return sign_bits | (f.finite_only ? f.max_finite() : f.inf_bits());
  return sign_bits | static_cast<uint32_t>(packed);
}

// Rounds the exact sum of two signed terms ts*ms*2^es (ms may be 0).
template <typename Int>
uint32_t round_sum(const Format& f, bool s1, uint64_t m1_hi, uint64_t m1_lo, int e1, bool s2,
                   uint64_t m2, int e2, bool zero_sign) {
  const int e = std::min(e1, e2);
  Int m1 = (Int(m1_hi) << 64) | Int(m1_lo);
  Int t1 = m1 << (e1 - e);
  Int t2 = Int(m2) << (e2 - e);
  if (s1) t1 = -t1;
  if (s2) t2 = -t2;
  Int total = t1 + t2;
  if (total == 0) return zero_sign ? f.sign_bit() : 0;
  const bool sign = total < 0;
  if (sign) total = -total;
  return round_magnitude<Int>(f, sign, total, e);
}

template <typename Dispatch>
uint32_t dispatch(int span, Dispatch body) {
  if (span < 120) return body(__int128{});
  return body(Big{});
}

}  // namespace exact_detail

// round_f(a + b), a and b in f.
inline uint32_t exact_add(const Format& f, uint32_t a, uint32_t b) {
  if (f.is_nan(a) || f.is_nan(b)) return f.canonical_nan();
  const bool sa = (a & f.sign_bit()) != 0, sb = (b & f.sign_bit()) != 0;
  if (f.is_inf(a) && f.is_inf(b)) return sa == sb ? a : f.canonical_nan();
  if (f.is_inf(a)) return a;
  if (f.is_inf(b)) return b;
  const Finite x = decode_finite(f, a), y = decode_finite(f, b);
  const int span = std::abs(x.exp - y.exp) + 64;
  return exact_detail::dispatch(span, [&](auto zero) {
    using Int = decltype(zero);
    return exact_detail::round_sum<Int>(f, x.sign, 0, x.sig, x.exp, y.sign, y.sig, y.exp,
                                        x.sign && y.sign);
  });
}

// round_io(a*b + c) with one rounding; a in io, b and c in kb.
inline uint32_t exact_fma(const Format& io, const Format& kb, uint32_t a, uint32_t b, uint32_t c) {
  if (io.is_nan(a) || kb.is_nan(b) || kb.is_nan(c)) return io.canonical_nan();
  const bool sa = (a & io.sign_bit()) != 0, sb = (b & kb.sign_bit()) != 0,
             sc = (c & kb.sign_bit()) != 0;
  const bool ps = sa != sb;
  const bool a_inf = io.is_inf(a), b_inf = kb.is_inf(b), c_inf = kb.is_inf(c);
  const bool p_inf = a_inf || b_inf;
  if ((a_inf && kb.is_zero(b)) || (b_inf && io.is_zero(a))) return io.canonical_nan();
  if (p_inf && c_inf && ps != sc) return io.canonical_nan();
  const uint32_t inf_result = io.finite_only ? io.max_finite() : io.inf_bits();
  if (p_inf) return (ps ? io.sign_bit() : 0) | inf_result;
  if (c_inf) return (sc ? io.sign_bit() : 0) | inf_result;
  const Finite x = decode_finite(io, a), y = decode_finite(kb, b), z = decode_finite(kb, c);
  const unsigned __int128 prod = static_cast<unsigned __int128>(x.sig) * y.sig;
  const int pe = x.exp + y.exp;
  const int span = std::abs(pe - z.exp) + 64;
  return exact_detail::dispatch(span, [&](auto zero) {
    using Int = decltype(zero);
    return exact_detail::round_sum<Int>(io, ps, static_cast<uint64_t>(prod >> 64),
                                        static_cast<uint64_t>(prod), pe, sc, z.sig, z.exp,
                                        ps && sc);
  });
}

}  // namespace interpsim::fp_test
