// Softmax rows with exp by Algorithm 1 (softmax_alg1). The reduction order is
// fixed, so the host path reproduces the device bits exactly:
//   one block of kSoftmaxThreads threads per row; thread t visits elements
//   t, t+T, t+2T, ... in that order, keeping a running max (then a running sum
//   of e_j); the T partials are combined by a tree: for stride = T/2, T/4,
//   ..., 1: p[i] = combine(p[i], p[i + stride]) for i < stride.
//   max:  combine(u, v) = v > u ? v : u, starting from -inf (a NaN never
//         wins; its e_j is NaN, so the sum and the whole row become NaN).
//   e_j = alg1(x_j - max) with the exp table; sum = tree sum of the e_j;
//   y_j = e_j / sum (IEEE division), NaN canonical.
#pragma once

#include "gpu_ref/alg1.cuh"
#include "gpu_ref/host_device.cuh"

namespace gpu_ref {

constexpr int kSoftmaxThreads = 256;

GPU_REF_HD inline float softmax_max_combine(float current, float candidate) {
  return candidate > current ? candidate : current;
}

GPU_REF_HD inline float softmax_sum_combine(float current, float addend) {
  return add_rn(current, addend);
}

GPU_REF_HD inline float softmax_scale(float numerator, float sum) {
  return canonical(div_rn(numerator, sum));
}

}  // namespace gpu_ref
