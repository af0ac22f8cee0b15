#include "model/uniform_lookup.hpp"

#include <cmath>
#include <cstring>

#include "model/cpu_features.hpp"
#include "model/float_bits.hpp"

namespace interpsim {
namespace {

// 2^m as a float32 (+inf from m = 128 on), built from bits in the normal
// range so the per-element path makes no libm call.
inline float power_of_two(int m) {
  if (m >= -126 && m <= 127) return bits_to_float(static_cast<uint32_t>(m + 127) << 23);
  return std::ldexp(1.0f, m);
}

// b = a + 2^m, the same value as UniformTable::upper() (exact for valid tables).
inline float upper_bound_of(const UniformTable& table) {
  double length;
  if (table.m >= -1022 && table.m <= 1023) {
    const uint64_t bits = static_cast<uint64_t>(table.m + 1023) << 52;
    std::memcpy(&length, &bits, sizeof length);
  } else {
    length = std::ldexp(1.0, table.m);
  }
  return static_cast<float>(static_cast<double>(table.a) + length);
}

}  // namespace

int64_t uniform_row(const UniformTable& table, float x) {
  if (std::isnan(x)) return -1;
  const int64_t segments = static_cast<int64_t>(table.segments());
  if (x <= table.a) return segments;
  if (x >= upper_bound_of(table)) return segments + 1;
  const float xn = x - table.a;                          // rounded, > 0
  if (xn >= power_of_two(table.m)) return segments - 1;  // rounding reached b
  const uint32_t bits = float_to_bits(xn);
  const int biased_exponent = static_cast<int>((bits >> 23) & 0xFFu);
  if (biased_exponent == 0) return 0;                   // subnormal xn
  const int shift = table.m - (biased_exponent - 127);  // >= 1 because xn < 2^m
  if (shift >= 24) return 0;
  const uint32_t mantissa = (bits & 0x7FFFFFu) | 0x800000u;
  return ((mantissa >> shift) & 0x7FFFFFu) >> (23 - table.n);
}

float interp_uniform(const UniformTable& table, float x) {
  const int64_t row = uniform_row(table, x);
  if (row < 0) return bits_to_float(kCanonicalNanBits);
  const float slope = table.k[row];
  const float intercept = table.b[row];
  const bool edge_row = row >= static_cast<int64_t>(table.segments());
  const float y = (edge_row && slope == 0.0f) ? intercept : std::fma(x, slope, intercept);
  return std::isnan(y) ? bits_to_float(kCanonicalNanBits) : y;
}

namespace {

void interp_uniform_batch_scalar(const UniformTable& table, const float* input, float* output,
                                 size_t count) {
  for (size_t i = 0; i < count; ++i) output[i] = interp_uniform(table, input[i]);
}

#ifdef INTERPSIM_HAVE_X86
// Eight lanes of Algorithm 1. The segment index is floor(xn * 2^(n-m)): the
// scaling by a power of two is exact wherever the result can reach 1, so it
// equals the bit-field index of docs/design.md section 3; min() clamps xn >= 2^m
// (and the NaN/inf lanes, whose rows are replaced anyway) to N-1.
__attribute__((target("avx2,fma"))) size_t interp_uniform_batch_avx2(const UniformTable& table,
                                                                     const float* input,
                                                                     float* output, size_t count) {
  const int segments = static_cast<int>(table.segments());
  const __m256 lower = _mm256_set1_ps(table.a);
  const __m256 upper = _mm256_set1_ps(table.upper());
  const __m256 scale = _mm256_set1_ps(std::ldexp(1.0f, table.n - table.m));
  const __m256 last_segment = _mm256_set1_ps(static_cast<float>(segments - 1));
  const __m256i below_row = _mm256_set1_epi32(segments);
  const __m256i above_row = _mm256_set1_epi32(segments + 1);
  const __m256 zero = _mm256_setzero_ps();
  const __m256 canonical_nan = _mm256_castsi256_ps(_mm256_set1_epi32(kCanonicalNanBits));
  const float* slopes = table.k.data();
  const float* intercepts = table.b.data();
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m256 x = _mm256_loadu_ps(input + i);
    const __m256 scaled = _mm256_mul_ps(_mm256_sub_ps(x, lower), scale);
    __m256i row = _mm256_cvttps_epi32(_mm256_min_ps(scaled, last_segment));  // NaN -> N-1
    const __m256 below = _mm256_cmp_ps(x, lower, _CMP_LE_OQ);
    const __m256 above = _mm256_cmp_ps(x, upper, _CMP_GE_OQ);
    row = _mm256_blendv_epi8(row, below_row, _mm256_castps_si256(below));
    row = _mm256_blendv_epi8(row, above_row, _mm256_castps_si256(above));
    const __m256 slope = _mm256_i32gather_ps(slopes, row, 4);
    const __m256 intercept = _mm256_i32gather_ps(intercepts, row, 4);
    __m256 y = _mm256_fmadd_ps(x, slope, intercept);
    const __m256 flat_edge =
        _mm256_and_ps(_mm256_or_ps(below, above), _mm256_cmp_ps(slope, zero, _CMP_EQ_OQ));
    y = _mm256_blendv_ps(y, intercept, flat_edge);
    y = _mm256_blendv_ps(y, canonical_nan, _mm256_cmp_ps(y, y, _CMP_UNORD_Q));
    _mm256_storeu_ps(output + i, y);
  }
  return i;
}

#endif

}  // namespace

void interp_uniform_batch(const UniformTable& table, const float* input, float* output,
                          size_t count) {
  size_t done = 0;
#ifdef INTERPSIM_HAVE_X86
  // 2^(n-m) must be a normal float32 for the exact scaling; m - n = 127 is left to the scalar path.
  if (cpu_has_avx2_fma() && table.n - table.m >= -126) {
    done = interp_uniform_batch_avx2(table, input, output, count);
  }
#endif
  interp_uniform_batch_scalar(table, input + done, output + done, count - done);
}

void interp_uniform_batch_portable(const UniformTable& table, const float* input, float* output,
                                   size_t count) {
  interp_uniform_batch_scalar(table, input, output, count);
}

}  // namespace interpsim
