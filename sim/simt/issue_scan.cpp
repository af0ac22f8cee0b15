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
// When slots i..i+7 can issue, as 32-bit cycles (kNeverIssuable stays the
// largest under max): `table` holds the units' free cycles. Past `slots`
// (kScanPad = 4 left over), the lanes never issue.
__attribute__((target("avx2"), always_inline)) inline __m256i issue_at_avx2(
    const uint32_t* issuable_at, const uint8_t* unit, size_t i, size_t slots, __m256i table) {
  __m256i ready;
  __m256i units;
  if (i + 8 <= slots) {
    int64_t bytes;
    std::memcpy(&bytes, unit + i, 8);
    ready = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(issuable_at + i));
    units = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(bytes));
  } else {
    int32_t bytes;
    std::memcpy(&bytes, unit + i, 4);
    ready = _mm256_inserti128_si256(
        _mm256_set1_epi32(-1), _mm_loadu_si128(reinterpret_cast<const __m128i*>(issuable_at + i)),
        0);
    units = _mm256_cvtepu8_epi32(_mm_cvtsi32_si128(bytes));
  }
  return _mm256_max_epu32(ready, _mm256_permutevar8x32_epi32(table, units));
}

// In 32 bits, eight slots a step: the units' free cycles are one 8-entry
// table looked up with a register permute (a gather costs ~a third of the
// scan's time on this CPU's profile). Valid only while `now` and every free
// cycle are below kNeverIssuable, so that UINT32_MAX still means "never":
// otherwise the scalar path answers.
__attribute__((target("avx2"))) IssueScan scan_issue_avx2(const uint32_t* issuable_at,
                                                          const uint8_t* unit, size_t slots,
                                                          const uint64_t* unit_free, uint64_t now) {
  static_assert(kUnitCount <= 8, "the units' free cycles fit one 8-entry table");
  // Scalar loads: the caller has just written unit_free element by element,
  // and a vector load of it would wait for those stores to retire.
  uint64_t latest = now;
  uint32_t low[8] = {};
  for (int u = 0; u < kUnitCount; ++u) {
    latest = std::max(latest, unit_free[u]);
    low[u] = static_cast<uint32_t>(unit_free[u]);
  }
  if (latest >= kNeverIssuable) return scan_issue_scalar(issuable_at, unit, slots, unit_free, now);
  const __m256i table = _mm256_setr_epi32(
      static_cast<int32_t>(low[0]), static_cast<int32_t>(low[1]), static_cast<int32_t>(low[2]),
      static_cast<int32_t>(low[3]), static_cast<int32_t>(low[4]), static_cast<int32_t>(low[5]),
      static_cast<int32_t>(low[6]), static_cast<int32_t>(low[7]));
  const __m256i now32 = _mm256_set1_epi32(static_cast<int32_t>(now));
  __m256i earliest = _mm256_set1_epi32(-1);
  IssueScan scan;
  for (size_t i = 0; i < slots; i += 8) {
    const __m256i at = issue_at_avx2(issuable_at, unit, i, slots, table);
    earliest = _mm256_min_epu32(earliest, at);
    const __m256i due = _mm256_cmpeq_epi32(_mm256_min_epu32(at, now32), at);
    scan.ready_bits |= static_cast<uint64_t>(_mm256_movemask_ps(_mm256_castsi256_ps(due))) << i;
  }
  __m128i least =
      _mm_min_epu32(_mm256_castsi256_si128(earliest), _mm256_extracti128_si256(earliest, 1));
  least = _mm_min_epu32(least, _mm_shuffle_epi32(least, 0x4E));
  least = _mm_min_epu32(least, _mm_shuffle_epi32(least, 0xB1));
  const uint32_t earliest32 = static_cast<uint32_t>(_mm_cvtsi128_si32(least));
  scan.earliest = earliest32 == kNeverIssuable ? kNever : earliest32;
  if (scan.ready_bits == 0 && scan.earliest != kNever) {
    const __m256i target = _mm256_set1_epi32(static_cast<int32_t>(earliest32));
    // Recomputed rather than kept: the slots are in L1 now, and an array of
    // vectors would cost a stack frame on every call.
    for (size_t i = 0; i < slots; i += 8) {
      const __m256i at = issue_at_avx2(issuable_at, unit, i, slots, table);
      const int equal = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(at, target)));
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
