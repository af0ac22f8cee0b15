// The scheduler's issue scan (sim/simt/issue_scan.hpp), both paths, against
// a plain reference written from the definition: slot i can issue at
// max(issuable_at[i], unit_free[unit[i]]), never where issuable_at[i] is
// kNeverIssuable.
#include "sim/simt/issue_scan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <vector>

namespace interpsim::simt {
namespace {

constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();
constexpr int kUnits = 7;

struct Case {
  std::vector<uint32_t> issuable_at;
  std::vector<uint8_t> unit;
  uint64_t unit_free[kUnits];
  uint64_t now;
};

IssueScan reference(const Case& c) {
  IssueScan scan;
  scan.earliest = kNever;
  std::vector<uint64_t> at(c.issuable_at.size());
  for (size_t i = 0; i < at.size(); ++i) {
    at[i] = c.issuable_at[i] == kNeverIssuable
                ? kNever
                : std::max<uint64_t>(c.issuable_at[i], c.unit_free[c.unit[i]]);
    if (at[i] <= c.now) scan.ready_bits |= uint64_t{1} << i;
    if (at[i] < scan.earliest) scan.earliest = at[i];
  }
  if (scan.ready_bits == 0 && scan.earliest != kNever) {
    for (size_t i = 0; i < at.size(); ++i) {
      if (at[i] == scan.earliest) scan.earliest_bits |= uint64_t{1} << i;
    }
  }
  return scan;
}

// Times drawn near `now` so that ties, ready and not-ready slots all occur;
// some far off, some never. Operand cycles are 32-bit: some just below
// kNeverIssuable (the vector path widens them without sign extension); unit
// cycles and `now` sometimes past 2^63 (the vector path flips sign bits) or
// on either side of kNeverIssuable (the vector path works in 32 bits below it).
Case random_case(std::mt19937_64& rng, size_t slots) {
  Case c;
  std::uniform_int_distribution<int> pick(0, 9);
  std::uniform_int_distribution<uint64_t> near(0, 8);
  const int range = pick(rng);
  const uint64_t base = range == 0   ? (uint64_t{1} << 63) + 5
                        : range == 1 ? 0xFFFE0000u
                        : range == 2 ? uint64_t{kNeverIssuable} - 4
                                     : 1000;
  c.now = base + near(rng);
  const auto time = [&]() -> uint32_t {
    const uint64_t operand_base = std::min<uint64_t>(base, kNeverIssuable - 0x20000);
    switch (pick(rng)) {
      case 0:
        return kNeverIssuable;
      case 1:
        return static_cast<uint32_t>(operand_base + 100000 + near(rng));
      case 2:
        return 0;
      default:
        return static_cast<uint32_t>(operand_base + near(rng) * 2);
    }
  };
  for (size_t i = 0; i < slots; ++i) {
    c.issuable_at.push_back(time());
    c.unit.push_back(static_cast<uint8_t>(rng() % kUnits));
  }
  for (uint64_t& free : c.unit_free) free = (pick(rng) < 3) ? base + near(rng) : 0;
  return c;
}

void expect_same(const IssueScan& expected, const IssueScan& got, const char* path) {
  EXPECT_EQ(expected.ready_bits, got.ready_bits) << path;
  EXPECT_EQ(expected.earliest, got.earliest) << path;
  EXPECT_EQ(expected.earliest_bits, got.earliest_bits) << path;
}

TEST(IssueScan, BothPathsMatchTheReferenceOnRandomSlots) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 20000; ++trial) {
    const size_t slots = kScanPad * (1 + rng() % (kScanMaxSlots / kScanPad));
    const Case c = random_case(rng, slots);
    const IssueScan expected = reference(c);
    expect_same(expected,
                scan_issue_scalar(c.issuable_at.data(), c.unit.data(), slots, c.unit_free, c.now),
                "scalar");
    if (avx2_available()) {
      expect_same(expected,
                  scan_issue_avx2(c.issuable_at.data(), c.unit.data(), slots, c.unit_free, c.now),
                  "avx2");
    }
    if (HasFailure()) break;
  }
}

TEST(IssueScan, NoSlotCanIssue) {
  const std::vector<uint32_t> never(8, kNeverIssuable);
  const std::vector<uint8_t> unit(8, 0);
  const uint64_t free[kUnits] = {};
  for (IssueScanFn scan : {scan_issue_scalar, best_issue_scan()}) {
    const IssueScan result = scan(never.data(), unit.data(), 8, free, 5);
    EXPECT_EQ(result.ready_bits, 0u);
    EXPECT_EQ(result.earliest, kNever);
    EXPECT_EQ(result.earliest_bits, 0u);
  }
}

TEST(IssueScan, AVX2PathIsExercisedHere) {
  if (!avx2_available()) GTEST_SKIP() << "no AVX2 on this CPU: only the scalar path runs";
  EXPECT_EQ(best_issue_scan(), &scan_issue_avx2);
}

}  // namespace
}  // namespace interpsim::simt
