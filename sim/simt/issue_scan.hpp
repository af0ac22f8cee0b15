#pragma once
// The warp scheduler's per-cycle scan (sim/simt/simt_array.cpp): which warps
// can issue now, and when the first one can otherwise. It runs for every
// scheduler on most cycles, so it has a vector path; both paths give the
// same answer (testbench/simt/issue_scan_test.cpp).

#include <cstddef>
#include <cstdint>

namespace interpsim::simt {

constexpr size_t kScanMaxSlots = 64;  // one bit per slot
constexpr size_t kScanPad = 4;        // slot arrays are padded to a multiple of this
// issuable_at of a slot that cannot issue (at a barrier, done, padding).
constexpr uint32_t kNeverIssuable = UINT32_MAX;

struct IssueScan {
  uint64_t ready_bits = 0;     // slots that can issue at `now`
  uint64_t earliest = 0;       // the first cycle any slot can issue (UINT64_MAX: none)
  uint64_t earliest_bits = 0;  // slots that can issue at `earliest`; only when ready_bits == 0
};

// Slot i can issue at max(issuable_at[i], unit_free[unit[i]]); issuable_at
// is kNeverIssuable for a slot that cannot issue at all (32-bit cycles: a
// scheduler's 16 slots fill one cache line). `slots` <= 64 and a multiple of
// kScanPad (padding slots: issuable_at = kNeverIssuable, unit valid).
IssueScan scan_issue_scalar(const uint32_t* issuable_at, const uint8_t* unit, size_t slots,
                            const uint64_t* unit_free, uint64_t now);
// The AVX2 path; call only where avx2_available().
IssueScan scan_issue_avx2(const uint32_t* issuable_at, const uint8_t* unit, size_t slots,
                          const uint64_t* unit_free, uint64_t now);
bool avx2_available();

// The fastest path this CPU has.
using IssueScanFn = IssueScan (*)(const uint32_t*, const uint8_t*, size_t, const uint64_t*,
                                  uint64_t);
IssueScanFn best_issue_scan();

}  // namespace interpsim::simt
