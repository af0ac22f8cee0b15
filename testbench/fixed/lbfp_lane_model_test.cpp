// model/lbfp_lane against plain float64 arithmetic: for every element code
// at every relevant block exponent, the lane's y is within the bound its two
// roundings allow of decoded(x) * decoded(K) + B (the row the lane reads),
// unless that sum saturates; lbfp_align against ldexp and nearbyint.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "model/functions.hpp"
#include "model/lbfp_lane.hpp"
#include "model/lbfp_multiply.hpp"

namespace interpsim {
namespace {

TEST(LbfpAlign, MatchesRoundToNearestEvenOfTheExactValue) {
  for (int p = -(1 << 14); p <= (1 << 14); p += 7) {
    for (int shift = -20; shift <= 20; ++shift) {
      // ldexp is exact here; nearbyint rounds half to even.
      const double want = std::nearbyint(std::ldexp(static_cast<double>(p), shift));
      const int32_t got = lbfp_align(static_cast<int16_t>(p), shift);
      if (shift <= kLbfpAlignMax) {
        ASSERT_EQ(got, want) << "p=" << p << " shift=" << shift;
      } else {
        // Clamped: still past the int16 range the lane saturates to.
        ASSERT_TRUE(p == 0 ? got == 0 : std::abs(got) >= (1 << 16)) << p << " " << shift;
      }
    }
  }
}

TEST(LbfpLaneModel, WithinTheRoundingBoundOfFloat64) {
  for (const char* name : {"gelu", "exp", "sigmoid", "tanh"}) {
    const FunctionInfo& info = find_function(name);
    for (const int n : {4, 8}) {
      const LbfpLaneTable table = generate_lbfp_lane_table(info.name, info.default_a,
                                                           info.default_m, n, info.default_edges);
      const FixedTable& index = table.index;
      for (int e = -index.fx - 2; e <= 18 - index.fx; ++e) {
        for (int code = 0; code < 256; ++code) {
          const auto x = static_cast<uint8_t>(code);
          const int64_t qx = lbfp8_decode_fixed(x, e, FixedFormat::kInt16, index.fx);
          const size_t row = fixed_row(index, qx);
          const int ek = table.k_exponent[row];
          // In y's lsbs: decoded x times decoded K, plus B.
          const double ideal =
              std::ldexp(lbfp8_decode(x, e) * lbfp8_decode(table.k_code[row], ek), index.fy) +
              table.b[row];
          const int shift = e + ek - kLbfpMulOutFracBits + index.fy;
          // lbfp8_mul: <= 0.5615 lsb of 2^-14; the alignment: 0.5 lsb of y.
          const double bound = 0.5615 * std::ldexp(1.0, shift) + (shift < 0 ? 0.5 : 0.0) + 1e-9;
          const int16_t y = lbfp_lane_eval(table, x, e);
          if (ideal - bound > 32767 || ideal + bound < -32768) {
            ASSERT_EQ(y, ideal > 0 ? 32767 : -32768) << name << " x=" << code << " E=" << e;
          } else if (ideal + bound <= 32767 && ideal - bound >= -32768) {
            ASSERT_LE(std::fabs(y - ideal), bound)
                << name << " n=" << n << " x=" << code << " E=" << e << " row=" << row;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace interpsim
