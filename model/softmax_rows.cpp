#include "model/softmax_rows.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/uniform_lookup.hpp"

namespace interpsim {

float lane_tree_sum(const float* values, size_t count, int lanes) {
  std::vector<float> partial(static_cast<size_t>(lanes), 0.0f);
  for (size_t i = 0; i < count; ++i) partial[i % lanes] += values[i];
  for (size_t width = partial.size(); width > 1; width = (width + 1) / 2) {
    for (size_t i = 0; i < width / 2; ++i) partial[i] = partial[2 * i] + partial[2 * i + 1];
    if (width % 2 == 1) partial[width / 2] = partial[width - 1];
  }
  return partial[0];
}

float table_reciprocal(const UniformTable& reciprocal, float sum) {
  int e = 0;
  const float f = std::frexp(sum, &e);  // f in [0.5, 1)
  return std::ldexp(interp_uniform(reciprocal, f * 2.0f), -(e - 1));
}

void softmax_rows(const UniformTable& exp, const UniformTable* reciprocal, int lanes,
                  const float* input, float* output, size_t rows, size_t cols, float* exp_out,
                  float* reciprocal_out) {
  std::vector<float> e(cols);
  for (size_t r = 0; r < rows; ++r) {
    const float* x = input + r * cols;
    // NaN compares false and is skipped, as the array's comparators do.
    float max = -INFINITY;
    for (size_t c = 0; c < cols; ++c) max = std::max(max, x[c]);
    for (size_t c = 0; c < cols; ++c) e[c] = x[c] - max;
    interp_uniform_batch(exp, e.data(), e.data(), cols);
    const float sum = lane_tree_sum(e.data(), cols, lanes);
    const float inverse = reciprocal != nullptr ? table_reciprocal(*reciprocal, sum) : 1.0f / sum;
    for (size_t c = 0; c < cols; ++c) output[r * cols + c] = e[c] * inverse;
    if (exp_out != nullptr) std::copy(e.begin(), e.end(), exp_out + r * cols);
    if (reciprocal_out != nullptr) reciprocal_out[r] = inverse;
  }
}

}  // namespace interpsim
