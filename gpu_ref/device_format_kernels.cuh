// The format kernels (docs/design.md section 12): grid-stride maps over
// __half, __nv_bfloat16, __nv_fp8_e5m2, __nv_fp8_e4m3 buffers running
// format_elements.cuh's element functions: the five natives, alg1_global
// (rows through the read-only path) and alg1_shared (rows staged in shared
// memory), with kb = fp32 rows (TableEntry, 8 bytes) or kb = io rows
// (FormatEntry, 4 or 2 bytes). Included only by .cu files.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "gpu_ref/alg1.cuh"
#include "gpu_ref/kernels.hpp"
#include "model/number_format.hpp"

namespace gpu_ref {

struct FormatKernelArgs {
  // N + 2 rows on the device: TableEntry for kb = fp32, FormatEntry<Storage> for kb = io.
  const void* rows = nullptr;
  int32_t row_count = 0;
  interpsim::KbFormat kb = interpsim::KbFormat::kFp32;
  Alg1Params alg1{};
};

// Launches the format version of kernel `id` (a native, alg1_global or
// alg1_shared) over `count` elements of `format` (an 8/16-bit format).
// Buffers 16-byte aligned take the vector loop (one 16-byte load and store
// for 8 or 16 elements), others the scalar loop. Returns the launch error;
// throws std::invalid_argument for an unsupported kernel or format, or a
// table too large for alg1_shared.
cudaError_t launch_format_kernel(KernelId id, interpsim::NumberFormat format,
                                 const FormatKernelArgs& args, const void* input, void* output,
                                 size_t count, cudaStream_t stream);

}  // namespace gpu_ref
