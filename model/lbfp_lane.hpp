// LBFP8 inside the interpolation unit (docs/design.md section 12, "Decision
// (LBFP8 input to the unit)" and "Decision (the LBFP interpolation lane)";
// issue 13 items 6 and 7). Exact integer semantics, shared by
// rtl/lbfp_interp_lane.sv:
//
//   decode  an LBFP8 element {s, L} with block exponent E into a fixed-point
//           x of fx fractional bits: the multiplier's antilog entry M[L & 15]
//           (17 bits) shifted by E + fx - 16 - (L >> 4), rounded once to
//           nearest even, signed, saturated to the width;
//   lane    the index from that decoded x (fixed_row of an int16 table),
//           K * x = lbfp8_mul(x, K) * 2^(Ex + EK - 14) with K an LBFP8 code
//           and its own exponent EK per row, aligned to y's scale by
//           lbfp_align, plus B (int16 at y's scale, exact), saturated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/fixed_point.hpp"
#include "model/lbfp.hpp"

namespace interpsim {

// The largest alignment shift either way: |p| <= 2^14, so p << 16 fits an
// int32 and a shift past 16 bits changes nothing that reaches an int16 (left:
// any nonzero p already saturates; right: every p already rounds to 0).
constexpr int kLbfpAlignMax = 16;

// p * 2^shift rounded to nearest even, with shift clamped to
// [-kLbfpAlignMax, kLbfpAlignMax]; exact for a left shift.
int32_t lbfp_align(int16_t p, int shift);

// The largest decode shift either way: every antilog entry M[k] is in
// (2^15, 2^16], so past 17 bits left every nonzero element saturates an
// int16 and past 17 bits right every one rounds to 0.
constexpr int kLbfpDecodeShiftMax = 17;

// The LBFP8 element {s, L} with block exponent E as an integer of the width
// (int8 or int16; throws std::invalid_argument for int32) with fx fractional
// bits: 0 for L = 127, else q = L >> 4, k = L & 15 and
// sat_W((-1)^s * round-half-even(M[k] * 2^(E + fx - 16 - q))), M the
// multiplier's antilog table (lbfp8_mul_mantissa), the shift clamped to
// +-kLbfpDecodeShiftMax: one rounding from the 17-bit entry.
int64_t lbfp8_decode_fixed(uint8_t element, int exponent, FixedFormat format, int fx);

// An int8/int16 fixed-point table evaluated on an LBFP8 trace: every element
// decoded (lbfp8_decode_fixed at the table's fx), then fixed_eval to nearest
// even. y[i] for trace element i (the last block's padding included).
std::vector<int64_t> fixed_eval_lbfp8(const FixedTable& table, const LbfpTrace& trace);

// The LBFP interpolation lane's table: the index and output of an int16
// table (`index`: qa, fx, m, n, edges; y has fy fractional bits), and per
// row (N + 2) K as an LBFP8 code with its own exponent (the smallest E with
// |K| <= 2^E, int8-clamped; 0x7F and -128 for K = 0) and B as an int16 with
// fy fractional bits.
struct LbfpLaneTable {
  FixedTable index;  // its k and b are unused (empty)
  std::vector<uint8_t> k_code;
  std::vector<int8_t> k_exponent;
  std::vector<int16_t> b;
};

// The float64 chords (and edge rows) of model/table_gen for func on
// [a, a + 2^m], 2^n segments; the index from generate_fixed_table(int16);
// fy = min(that table's fy, the most fractional bits that hold every |B| in
// int16), so B never saturates; K encoded with lbfp8_encode, B rounded to
// nearest even. Throws std::invalid_argument as generate_fixed_table.
LbfpLaneTable generate_lbfp_lane_table(const std::string& func, double a, int m, int n,
                                       EdgeMode edges);

// The lane's y (int16, fy fractional bits) for the element x of a block
// with exponent ex.
int16_t lbfp_lane_eval(const LbfpLaneTable& table, uint8_t x, int ex);

// The exponent the lane gives K: the smallest E with |k| <= 2^E, clamped
// to the int8 range; kLbfpMinExponent for 0.
int lbfp8_value_exponent(double k);

}  // namespace interpsim
