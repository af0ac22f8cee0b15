// The host path: each kernel's per-element function (the same source the
// CUDA kernels run) applied on the CPU.
#pragma once

#include <cstddef>
#include <vector>

#include "gpu_ref/igelu.cuh"
#include "gpu_ref/kernels.hpp"
#include "gpu_ref/lookup_table.hpp"

namespace gpu_ref {

// `table` is required for kernel_uses_table(id) kernels and ignored otherwise.
// softmax_alg1 treats the input as rows of `row_length` elements (input.size()
// must be a multiple of it); the other kernels ignore row_length.
// Throws std::invalid_argument on a missing table or a bad row length.
// igelu_i32 quantizes with igelu_input_scale (igelu.cuh).
std::vector<float> evaluate_on_host(KernelId id, const LookupTable* table,
                                    const std::vector<float>& input, size_t row_length,
                                    double igelu_input_scale = kIgeluDefaultInputScale);

// The softmax of one row with the device's reduction order (softmax.cuh).
void softmax_row_on_host(const LookupTable& exp_table, const float* row, float* out,
                         size_t row_length);

}  // namespace gpu_ref
