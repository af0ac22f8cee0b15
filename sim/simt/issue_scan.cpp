#include "sim/simt/issue_scan.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "model/cpu_features.hpp"

namespace interpsim::simt {

namespace {
constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();
}

IssueScan scan_issue_scalar(const uint32_t* issuable_at, const uint8_t* unit, size_t slots,
                            const uint64_t* unit_free, uint64_t now) {
  IssueScan scan;
  scan.earliest = kNever;
  uint64_t at[kScanMaxSlots];
  for (size_t i = 0; i < slots; ++i) {
    // max() as arithmetic: a compare-and-branch here mispredicts often.
    const uint64_t ready =
        issuable_at[i] | (uint64_t{0} - static_cast<uint64_t>(issuable_at[i] == kNeverIssuable));
    const uint64_t free = unit_free[unit[i]];
    at[i] = ready ^ ((ready ^ free) & (uint64_t{0} - (free > ready)));
    scan.ready_bits |= static_cast<uint64_t>(at[i] <= now) << i;
    scan.earliest = std::min(scan.earliest, at[i]);
  }
  if (scan.ready_bits == 0 && scan.earliest != kNever) {
    for (size_t i = 0; i < slots; ++i) {
      scan.earliest_bits |= static_cast<uint64_t>(at[i] == scan.earliest) << i;
    }
  }
  return scan;
}

#ifdef INTERPSIM_HAVE_X86
// Unsigned 64-bit order through signed compares: flip the sign bits.
__attribute__((target("avx2"))) IssueScan scan_issue_avx2(const uint32_t* issuable_at,
                                                          const uint8_t* unit, size_t slots,
                                                          const uint64_t* unit_free, uint64_t now) {
  const __m256i sign = _mm256_set1_epi64x(std::numeric_limits<int64_t>::min());
  const __m256i now_flipped = _mm256_xor_si256(_mm256_set1_epi64x(static_cast<int64_t>(now)), sign);
  __m256i earliest_flipped = _mm256_set1_epi64x(std::numeric_limits<int64_t>::max());
  const __m256i never_issuable = _mm256_set1_epi64x(kNeverIssuable);
  __m256i at_flipped[kScanMaxSlots / 4];
  IssueScan scan;
  for (size_t i = 0; i < slots; i += 4) {
    // Widened to 64 bits, kNeverIssuable to UINT64_MAX.
    const __m256i ready32 =
        _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(issuable_at + i)));
    const __m256i ready = _mm256_or_si256(ready32, _mm256_cmpeq_epi64(ready32, never_issuable));
    int32_t units;
    std::memcpy(&units, unit + i, 4);
    const __m256i index = _mm256_cvtepu8_epi64(_mm_cvtsi32_si128(units));
    const __m256i free =
        _mm256_i64gather_epi64(reinterpret_cast<const long long*>(unit_free), index, 8);
    const __m256i ready_f = _mm256_xor_si256(ready, sign);
    const __m256i free_f = _mm256_xor_si256(free, sign);
    const __m256i at = _mm256_blendv_epi8(ready_f, free_f, _mm256_cmpgt_epi64(free_f, ready_f));
    at_flipped[i / 4] = at;
    const int later = _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpgt_epi64(at, now_flipped)));
    scan.ready_bits |= static_cast<uint64_t>(~later & 0xF) << i;
    earliest_flipped =
        _mm256_blendv_epi8(earliest_flipped, at, _mm256_cmpgt_epi64(earliest_flipped, at));
  }
  alignas(32) int64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), earliest_flipped);
  const int64_t earliest = std::min(std::min(lanes[0], lanes[1]), std::min(lanes[2], lanes[3]));
  scan.earliest = static_cast<uint64_t>(earliest) ^ (uint64_t{1} << 63);
  if (scan.ready_bits == 0 && scan.earliest != kNever) {
    const __m256i target = _mm256_set1_epi64x(earliest);
    for (size_t i = 0; i < slots; i += 4) {
      const int equal =
          _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpeq_epi64(at_flipped[i / 4], target)));
      scan.earliest_bits |= static_cast<uint64_t>(equal) << i;
    }
  }
  return scan;
}

#else
IssueScan scan_issue_avx2(const uint32_t* issuable_at, const uint8_t* unit, size_t slots,
                          const uint64_t* unit_free, uint64_t now) {
  return scan_issue_scalar(issuable_at, unit, slots, unit_free, now);  // never chosen
}
#endif

bool avx2_available() {
  return cpu_has_avx2();
}

IssueScanFn best_issue_scan() {
  return avx2_available() ? scan_issue_avx2 : scan_issue_scalar;
}

}  // namespace interpsim::simt
