// The host path: each kernel's per-element function (the same source the
// CUDA kernels run) applied on the CPU.
#pragma once

#include <cstddef>
#include <cstdint>
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

// The format kernels (docs/design.md section 12) on the host: x and y as raw
// bit patterns of `format` (uint16_t for fp16/bf16, uint8_t for fp8e5m2/
// fp8e4m3), each element through the same GPU_REF_HD element function as the
// device (alg1_eval_format, native_in_format on __half, __nv_bfloat16,
// __nv_fp8_e5m2, __nv_fp8_e4m3). Kernels: the five natives, alg1_global and
// alg1_shared (kernel_supports_formats). The table's format must be `format`.
// Throws std::invalid_argument on an unsupported kernel, a missing or
// mismatched table, or a format of the other width.
std::vector<uint16_t> evaluate_bits_on_host(KernelId id, interpsim::NumberFormat format,
                                            const LookupTable* table,
                                            const std::vector<uint16_t>& input);
std::vector<uint8_t> evaluate_bits_on_host(KernelId id, interpsim::NumberFormat format,
                                           const LookupTable* table,
                                           const std::vector<uint8_t>& input);

// Kernels that have format versions: the natives, alg1_global, alg1_shared.
bool kernel_supports_formats(KernelId id);

// Throws std::invalid_argument unless `id` has a format version, `format` is an
// 8/16-bit format of `bytes` bytes, and (table kernels) `table` is there with
// that io format.
void check_format_call(KernelId id, interpsim::NumberFormat format, const LookupTable* table,
                       size_t bytes);

// The softmax of one row with the device's reduction order (softmax.cuh).
void softmax_row_on_host(const LookupTable& exp_table, const float* row, float* out,
                         size_t row_length);

}  // namespace gpu_ref
