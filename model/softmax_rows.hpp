// The softmax the SIMD array computes (docs/design.md section 6), without
// timing: the golden model of `interpsim simd --operation softmax` and of
// interpsim.torch's softmax. Per row: max, exp(x - max) by the exp table,
// the sum as L lane accumulators add it, 1/sum by the reciprocal table on
// [1, 2) (mantissa and exponent split) or by a float32 division, scale.
#pragma once

#include <cstddef>

#include "model/table.hpp"

namespace interpsim {

// Sums as the array adds them: one float32 accumulator per lane over the
// row's elements k, k + L, ..., then a pairwise tree over the lanes.
float lane_tree_sum(const float* values, size_t count, int lanes);

// 1/sum through the reciprocal table: sum = f * 2^e with f in [1, 2), the
// table sees f and 2^-e is applied exactly.
float table_reciprocal(const UniformTable& reciprocal, float sum);

// output[r*cols + c] for rows x cols row-major float32 inputs. `reciprocal`
// null means 1/sum is a float32 division. `exp_out`, when not null, receives
// the exp(x - max) values (rows x cols) and `reciprocal_out` (rows) the 1/sum
// values, for the backward pass.
void softmax_rows(const UniformTable& exp, const UniformTable* reciprocal, int lanes,
                  const float* input, float* output, size_t rows, size_t cols,
                  float* exp_out = nullptr, float* reciprocal_out = nullptr);

}  // namespace interpsim
