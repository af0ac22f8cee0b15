#include "sim/simt/issue_scan.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "model/cpu_features.hpp"
#include "sim/simt/isa.hpp"

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
namespace {

// Slots [i, i + 8) as 32-bit cycles: when each can issue (max of its
// operands' and its unit's cycle; kNeverIssuable stays the largest).
__attribute__((target("avx2"))) inline __m256i issue_cycles(__m256i issuable, __m256i unit_index,
                                                            __m256i unit_free) {
  return _mm256_max_epu32(issuable, _mm256_permutevar8x32_epi32(unit_free, unit_index));
}

__attribute__((target("avx2"))) inline uint64_t lane_bits(__m256i mask) {
  return static_cast<uint32_t>(_mm256_movemask_ps(_mm256_castsi256_ps(mask)));
}

}  // namespace

// 8 slots per vector in 32-bit lanes, the unit cycles looked up with one
// permute (7 units fit a vector; a gather costs several times more). Cycles
// are below kNeverIssuable in any run (the scoreboard's range): larger unit
// cycles or `now` (or ones whose bits OR to kNeverIssuable) take the 64-bit
// scalar path.
__attribute__((target("avx2"))) IssueScan scan_issue_avx2(const uint32_t* issuable_at,
                                                          const uint8_t* unit, size_t slots,
                                                          const uint64_t* unit_free, uint64_t now) {
  static_assert(kUnitCount <= 8, "the unit cycles fill one vector");
  alignas(32) uint32_t free32[8] = {};
  uint64_t all_bits = now;  // below kNeverIssuable: so is every cycle here
  for (int u = 0; u < kUnitCount; ++u) {
    all_bits |= unit_free[u];
    free32[u] = static_cast<uint32_t>(unit_free[u]);
  }
  if (all_bits >= kNeverIssuable)
    return scan_issue_scalar(issuable_at, unit, slots, unit_free, now);
  const __m256i free = _mm256_load_si256(reinterpret_cast<const __m256i*>(free32));
  const __m256i now32 = _mm256_set1_epi32(static_cast<int32_t>(now));
  __m256i earliest = _mm256_set1_epi32(-1);  // kNeverIssuable
  __m256i at[kScanMaxSlots / 8];
  IssueScan scan;
  size_t i = 0;
  for (; i + 8 <= slots; i += 8) {
    const __m256i issuable = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(issuable_at + i));
    const __m256i index =
        _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(unit + i)));
    at[i / 8] = issue_cycles(issuable, index, free);
  }
  if (i < slots) {  // a last group of kScanPad = 4; the other 4 lanes never issue
    const __m256i issuable = _mm256_inserti128_si256(
        _mm256_set1_epi32(-1), _mm_loadu_si128(reinterpret_cast<const __m128i*>(issuable_at + i)),
        0);
    int32_t units;
    std::memcpy(&units, unit + i, 4);
    at[i / 8] = issue_cycles(issuable, _mm256_cvtepu8_epi32(_mm_cvtsi32_si128(units)), free);
  }
  const size_t groups = (slots + 7) / 8;
  for (size_t g = 0; g < groups; ++g) {
    // at <= now: max(at, now) == now.
    const __m256i ready = _mm256_cmpeq_epi32(_mm256_max_epu32(at[g], now32), now32);
    scan.ready_bits |= lane_bits(ready) << (8 * g);
    earliest = _mm256_min_epu32(earliest, at[g]);
  }
  __m128i least =
      _mm_min_epu32(_mm256_castsi256_si128(earliest), _mm256_extracti128_si256(earliest, 1));
  least = _mm_min_epu32(least, _mm_shuffle_epi32(least, 0x4E));
  least = _mm_min_epu32(least, _mm_shuffle_epi32(least, 0xB1));
  const uint32_t first = static_cast<uint32_t>(_mm_cvtsi128_si32(least));
  scan.earliest = first == kNeverIssuable ? kNever : first;
  if (scan.ready_bits == 0 && scan.earliest != kNever) {
    const __m256i target = _mm256_set1_epi32(static_cast<int32_t>(first));
    for (size_t g = 0; g < groups; ++g) {
      scan.earliest_bits |= lane_bits(_mm256_cmpeq_epi32(at[g], target)) << (8 * g);
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
