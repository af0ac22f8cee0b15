// The CUDA kernels (docs/design.md section 7): one grid-stride map kernel per
// element function, with float4 loads/stores when the buffers allow it, and
// the softmax row kernel. Included only by .cu files.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "gpu_ref/alg1.cuh"
#include "gpu_ref/bsearch.cuh"
#include "gpu_ref/igelu.cuh"
#include "gpu_ref/kernels.hpp"
#include "gpu_ref/natives.cuh"
#include "gpu_ref/softmax.cuh"

namespace gpu_ref {

constexpr int kMapThreads = 256;
// alg1_shared stages the whole table per block: bigger blocks, fewer copies.
constexpr int kSharedThreads = 512;

// What a kernel reads besides its input: the table as device pointers plus
// its scalar parameters, and igelu_i32's quantization constants.
struct KernelArgs {
  const TableEntry* rows = nullptr;    // N + 2
  const float* breakpoints = nullptr;  // N + 1
  int32_t row_count = 0;
  Alg1Params alg1{};
  BsearchParams bsearch{};
  IgeluI32Params igelu = igelu_i32_params();
  // Blocks of a map kernel's grid-stride launch: 0 = enough to fill every SM
  // (gpu_ref's launch); N = at most N (gpu_bench --harness small_grid).
  int max_grid_blocks = 0;
};

// Launches kernel `id` over count elements (softmax: rows of row_length).
// Returns the launch error, if any; throws std::invalid_argument for a table
// too large for alg1_shared.
cudaError_t launch_kernel(KernelId id, const KernelArgs& args, const float* input, float* output,
                          size_t count, size_t row_length, cudaStream_t stream);

}  // namespace gpu_ref
