#include "model/softmax_rows.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/uniform_lookup.hpp"

namespace interpsim {

float lane_tree_sum(const float* values, size_t count, int lanes) {
  const size_t width = static_cast<size_t>(lanes);
  std::vector<float> partial(width, 0.0f);
  // Element i goes to lane i % L; a row of L at a time (each lane adds in the
  // same order, without a division per element).
  for (size_t base = 0; base < count; base += width) {
    const size_t used = std::min(width, count - base);
    for (size_t lane = 0; lane < used; ++lane) partial[lane] += values[base + lane];
  }
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
  std::vector<float> scratch(exp_out != nullptr ? 0 : cols);
  for (size_t r = 0; r < rows; ++r) {
    const float* x = input + r * cols;
    float* e = exp_out != nullptr ? exp_out + r * cols : scratch.data();
    // NaN compares false and is skipped, as the array's comparators do.
    float max = -INFINITY;
    for (size_t c = 0; c < cols; ++c) max = std::max(max, x[c]);
    for (size_t c = 0; c < cols; ++c) e[c] = x[c] - max;
    interp_uniform_batch(exp, e, e, cols);
    const float sum = lane_tree_sum(e, cols, lanes);
    const float inverse = reciprocal != nullptr ? table_reciprocal(*reciprocal, sum) : 1.0f / sum;
    for (size_t c = 0; c < cols; ++c) output[r * cols + c] = e[c] * inverse;
    if (reciprocal_out != nullptr) reciprocal_out[r] = inverse;
  }
}

}  // namespace interpsim
