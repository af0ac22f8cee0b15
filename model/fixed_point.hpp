// Fixed-point interpolation (docs/design.md section 12, "Fixed point"): x, a
// and y are two's-complement integers of 8, 16 or 32 bits with a scale 2^-f;
// K and B are integers of the same width with their own scales. Algorithm 1
// becomes an integer subtract, a shift for the index, an exact integer
// multiply-add, one rounding (to nearest even, or stochastic) and saturation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/enum_names.hpp"
#include "model/table.hpp"

namespace interpsim {

enum class FixedFormat { kInt8, kInt16, kInt32 };

inline const EnumNames<FixedFormat>& fixed_format_names() {
  static const EnumNames<FixedFormat> names{
      {FixedFormat::kInt8, "int8"}, {FixedFormat::kInt16, "int16"}, {FixedFormat::kInt32, "int32"}};
  return names;
}

constexpr int fixed_width(FixedFormat format) {
  return format == FixedFormat::kInt8 ? 8 : format == FixedFormat::kInt16 ? 16 : 32;
}
constexpr int64_t fixed_min(FixedFormat format) {
  return -(int64_t{1} << (fixed_width(format) - 1));
}
constexpr int64_t fixed_max(FixedFormat format) {
  return (int64_t{1} << (fixed_width(format) - 1)) - 1;
}

enum class FixedRounding { kNearestEven, kStochastic };

inline const EnumNames<FixedRounding>& fixed_rounding_names() {
  static const EnumNames<FixedRounding> names{{FixedRounding::kNearestEven, "rne"},
                                              {FixedRounding::kStochastic, "stochastic"}};
  return names;
}

// The bounds of the fractional bit counts: every one in kMinFracBits ..
// kMaxFracBits (fx >= 0), fb within kMaxAlignBits of fx + fk, and fy within
// kMaxDropBits of max(fx + fk, fb), so the aligned sum of K*x and B, its
// rounding and its stochastic addend are exact in 128 bits (docs/design.md
// section 12).
constexpr int kMinFracBits = -32;
constexpr int kMaxFracBits = 64;
constexpr int kMaxAlignBits = 62;
constexpr int kMaxDropBits = 94;

// K[0..N-1], B[0..N-1] the segments, row N the below-range edge (x <= a), row
// N+1 the above-range edge (x >= b), as in UniformTable.
struct FixedTable {
  std::string func;
  bool derivative = false;
  FixedFormat format = FixedFormat::kInt16;  // of x, a, y, K and B
  int fx = 0;                                // fractional bits of x and a
  int fy = 0;                                // of y
  int fk = 0;                                // of K
  int fb = 0;                                // of B
  int64_t qa = 0;                            // a = qa * 2^-fx
  int m = 0;                                 // b = a + 2^m
  int n = 0;                                 // 2^n segments
  EdgeMode edges = EdgeMode::kExtrapolate;
  std::vector<int64_t> k;  // size N + 2
  std::vector<int64_t> b;  // size N + 2

  size_t segments() const { return size_t{1} << n; }
  size_t rows() const { return segments() + 2; }
  // Index shift: idx = (qx - qa) >> index_shift().
  int index_shift() const { return m + fx - n; }
  double a() const;
  double upper() const;  // b
};

// The integer lanes' runtime configuration (docs/design.md section 12,
// "Decision (RTL configuration)"), from the table's header fields: span
// m + fx, the alignment shifts ShK = s - (fx + fk) and ShB = s - fb, and
// drop = s - fy, s = max(fx + fk, fb). What int_interp_lane and
// subword_interp_lane take on their cfg_ ports.
struct FixedLaneConfig {
  int span, shk, shb, drop;
};

inline FixedLaneConfig fixed_lane_config(const FixedTable& table) {
  const int product_bits = table.fx + table.fk;
  const int s = product_bits > table.fb ? product_bits : table.fb;
  return {table.m + table.fx, s - product_bits, s - table.fb, s - table.fy};
}

// Checks the table's parameters (the bounds of fx/fy/fk/fb, 0 <= n <= 20,
// n <= m + fx <= width, a a value of the width); returns "" when valid, else
// the reason in one line.
std::string check_fixed_params(const FixedTable& table);

// check_fixed_params, then N + 2 rows of entries within the width.
std::string check_fixed_table(const FixedTable& table);

// The stochastic-rounding stream (docs/design.md section 12): Marsaglia's
// xorshift32 (x ^= x << 13; x ^= x >> 17; x ^= x << 5), advanced once per
// evaluated element before its rounding; the addend for d dropped bits is the
// state's top d bits (d <= 32) or the state shifted left by d - 32 (d > 32).
class StochasticStream {
 public:
  explicit StochasticStream(uint32_t seed = 1) : state_(seed == 0 ? 1 : seed) {}
  uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  uint32_t state() const { return state_; }

 private:
  uint32_t state_;
};

// The row Algorithm 1 reads for qx.
size_t fixed_row(const FixedTable& table, int64_t qx);

// y for qx (a value of the table's width), rounded to nearest even, or with
// the stream's next addend when `stream` is given.
int64_t fixed_eval(const FixedTable& table, int64_t qx, StochasticStream* stream = nullptr);

// The batch golden model of one table: every element of `x` in order (the
// stream advanced once per element whose rounding drops bits), for the
// table's width: int8_t, int16_t or int32_t elements. To nearest even an 8- or
// 16-bit table is evaluated once, at construction, at each of its 2^W inputs,
// and run() reads that list (the same function, at memory speed).
class FixedLookup {
 public:
  explicit FixedLookup(FixedTable table);

  template <typename Int>
  void run(const Int* x, Int* y, size_t count, FixedRounding rounding = FixedRounding::kNearestEven,
           uint32_t seed = 1) const;

  const FixedTable& table() const { return table_; }

 private:
  FixedTable table_;
  std::vector<int32_t> outputs_;  // by the input's unsigned bits; empty for int32
};

}  // namespace interpsim
