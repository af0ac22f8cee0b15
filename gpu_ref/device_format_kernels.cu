#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "gpu_ref/device_format_kernels.cuh"
#include "gpu_ref/device_kernels.cuh"
#include "gpu_ref/format_dispatch.hpp"
#include "gpu_ref/format_elements.cuh"

namespace gpu_ref {

namespace {

// Rows through the read-only data cache: one 64-, 32- or 16-bit load.
__device__ inline TableEntry load_row_readonly(const TableEntry* address) {
  return load_readonly(address);
}
__device__ inline FormatEntry<uint16_t> load_row_readonly(const FormatEntry<uint16_t>* address) {
  const unsigned int word = __ldg(reinterpret_cast<const unsigned int*>(address));
  FormatEntry<uint16_t> entry;
  memcpy(&entry, &word, sizeof entry);
  return entry;
}
__device__ inline FormatEntry<uint8_t> load_row_readonly(const FormatEntry<uint8_t>* address) {
  const unsigned short word = __ldg(reinterpret_cast<const unsigned short*>(address));
  FormatEntry<uint8_t> entry;
  memcpy(&entry, &word, sizeof entry);
  return entry;
}

// Each thread handles elements i, i + stride, ...; with Vector, 16 bytes
// (8 16-bit or 16 8-bit elements) at a time through one streaming load and
// store, then the leftover elements one by one.
template <bool Vector, typename T, typename Op>
__device__ void map_format_grid_stride(const T* __restrict__ input, T* __restrict__ output,
                                       size_t count, const Op& op) {
  constexpr int kPerVector = 16 / sizeof(T);
  const size_t first = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const size_t stride = static_cast<size_t>(gridDim.x) * blockDim.x;
  size_t scalar_start = 0;
  if (Vector) {
    const size_t vectors = count / kPerVector;
    const uint4* input4 = reinterpret_cast<const uint4*>(input);
    uint4* output4 = reinterpret_cast<uint4*>(output);
    for (size_t i = first; i < vectors; i += stride) {
      uint4 word = __ldcs(input4 + i);
      T elements[kPerVector];
      memcpy(static_cast<void*>(elements), &word, sizeof word);
#pragma unroll
      for (int k = 0; k < kPerVector; ++k) elements[k] = op(elements[k]);
      memcpy(&word, static_cast<const void*>(elements), sizeof word);
      __stcs(output4 + i, word);
    }
    scalar_start = vectors * kPerVector;
  }
  for (size_t i = scalar_start + first; i < count; i += stride) output[i] = op(input[i]);
}

template <typename T, typename Function>
struct FormatNativeOp {
  __device__ T operator()(T x) const { return native_in_format(x, Function{}); }
};

template <typename T, typename Entry>
struct FormatAlg1GlobalOp {
  const Entry* rows;
  Alg1Params params;
  __device__ T operator()(T x) const {
    return alg1_eval_format(params, x, [this](int32_t row) { return load_row_readonly(rows + row); });
  }
};

template <typename T, typename Entry>
struct FormatAlg1SharedOp {
  const Entry* rows;  // shared memory
  Alg1Params params;
  __device__ T operator()(T x) const {
    return alg1_eval_format(params, x, [this](int32_t row) { return rows[row]; });
  }
};

template <bool Vector, typename T, typename Op>
__global__ void __launch_bounds__(kMapThreads)
    map_format_kernel(const T* __restrict__ input, T* __restrict__ output, size_t count, Op op) {
  map_format_grid_stride<Vector>(input, output, count, op);
}

template <bool Vector, typename T, typename Entry>
__global__ void __launch_bounds__(kSharedThreads)
    alg1_format_shared_kernel(const T* __restrict__ input, T* __restrict__ output, size_t count,
                              const Entry* __restrict__ rows, int32_t row_count,
                              Alg1Params params) {
  extern __shared__ __align__(16) unsigned char shared_bytes[];
  Entry* const shared_rows = reinterpret_cast<Entry*>(shared_bytes);
  for (int32_t row = threadIdx.x; row < row_count; row += blockDim.x) {
    shared_rows[row] = load_row_readonly(rows + row);
  }
  __syncthreads();
  map_format_grid_stride<Vector>(input, output, count,
                                 FormatAlg1SharedOp<T, Entry>{shared_rows, params});
}

// As device_kernels.cu: enough resident blocks for every SM, cached per kernel.
template <typename Kernel>
int format_grid_for(Kernel kernel, int threads, size_t work_items, size_t dynamic_shared) {
  static std::map<std::pair<const void*, size_t>, size_t> resident_blocks;
  const auto key = std::make_pair(reinterpret_cast<const void*>(kernel), dynamic_shared);
  auto found = resident_blocks.find(key);
  if (found == resident_blocks.end()) {
    int device = 0, sms = 0, blocks_per_sm = 0;
    cudaGetDevice(&device);
    cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
    cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_sm, kernel, threads, dynamic_shared);
    const size_t full = static_cast<size_t>(sms > 0 ? sms : 1) *
                        static_cast<size_t>(blocks_per_sm > 0 ? blocks_per_sm : 1);
    found = resident_blocks.emplace(key, full).first;
  }
  const size_t needed = (work_items + threads - 1) / threads;
  const size_t grid = needed < found->second ? needed : found->second;
  return static_cast<int>(grid > 0 ? grid : 1);
}

bool aligned16(const void* input, const void* output) {
  return reinterpret_cast<uintptr_t>(input) % 16 == 0 &&
         reinterpret_cast<uintptr_t>(output) % 16 == 0;
}

template <typename T, typename Op>
cudaError_t dispatch_format_map(const T* input, T* output, size_t count, const Op& op,
                                cudaStream_t stream) {
  constexpr size_t kPerVector = 16 / sizeof(T);
  if (aligned16(input, output)) {
    const auto kernel = map_format_kernel<true, T, Op>;
    const int grid = format_grid_for(kernel, kMapThreads, (count + kPerVector - 1) / kPerVector, 0);
    kernel<<<grid, kMapThreads, 0, stream>>>(input, output, count, op);
  } else {
    const auto kernel = map_format_kernel<false, T, Op>;
    const int grid = format_grid_for(kernel, kMapThreads, count, 0);
    kernel<<<grid, kMapThreads, 0, stream>>>(input, output, count, op);
  }
  return cudaGetLastError();
}

template <bool Vector, typename T, typename Entry>
cudaError_t launch_format_shared(const FormatKernelArgs& args, const T* input, T* output,
                                 size_t count, cudaStream_t stream) {
  const auto kernel = alg1_format_shared_kernel<Vector, T, Entry>;
  const size_t shared_bytes = static_cast<size_t>(args.row_count) * sizeof(Entry);
  int device = 0, optin = 0;
  cudaGetDevice(&device);
  cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, device);
  if (shared_bytes > static_cast<size_t>(optin)) {
    throw std::invalid_argument("alg1_shared: a table of " + std::to_string(args.row_count) +
                                " rows needs " + std::to_string(shared_bytes) +
                                " bytes of shared memory; the device allows " +
                                std::to_string(optin) + " (use alg1_global)");
  }
  static size_t opted_in_bytes = 0;  // per template instantiation
  if (shared_bytes > 48 * 1024 && shared_bytes > opted_in_bytes) {
    const cudaError_t status = cudaFuncSetAttribute(
        kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(shared_bytes));
    if (status != cudaSuccess) return status;
    opted_in_bytes = shared_bytes;
  }
  constexpr size_t kPerVector = 16 / sizeof(T);
  const int grid = format_grid_for(kernel, kSharedThreads,
                                   Vector ? (count + kPerVector - 1) / kPerVector : count,
                                   shared_bytes);
  kernel<<<grid, kSharedThreads, shared_bytes, stream>>>(
      input, output, count, static_cast<const Entry*>(args.rows), args.row_count, args.alg1);
  return cudaGetLastError();
}

template <typename T, typename Entry>
cudaError_t launch_alg1(KernelId id, const FormatKernelArgs& args, const T* input, T* output,
                        size_t count, cudaStream_t stream) {
  if (id == KernelId::kAlg1Global) {
    return dispatch_format_map(
        input, output, count,
        FormatAlg1GlobalOp<T, Entry>{static_cast<const Entry*>(args.rows), args.alg1}, stream);
  }
  return aligned16(input, output)
             ? launch_format_shared<true, T, Entry>(args, input, output, count, stream)
             : launch_format_shared<false, T, Entry>(args, input, output, count, stream);
}

template <typename F>
cudaError_t launch_in_format(KernelId id, const FormatKernelArgs& args, const void* input_bytes,
                             void* output_bytes, size_t count, cudaStream_t stream) {
  using T = typename F::Element;
  const T* input = static_cast<const T*>(input_bytes);
  T* output = static_cast<T*>(output_bytes);
  switch (id) {
    case KernelId::kNativeExp:
      return dispatch_format_map(input, output, count, FormatNativeOp<T, NativeExpFunction>{},
                                 stream);
    case KernelId::kNativeTanh:
      return dispatch_format_map(input, output, count, FormatNativeOp<T, NativeTanhFunction>{},
                                 stream);
    case KernelId::kNativeSigmoid:
      return dispatch_format_map(input, output, count, FormatNativeOp<T, NativeSigmoidFunction>{},
                                 stream);
    case KernelId::kNativeGeluNormcdf:
      return dispatch_format_map(input, output, count,
                                 FormatNativeOp<T, NativeGeluNormcdfFunction>{}, stream);
    case KernelId::kNativeGeluErf:
      return dispatch_format_map(input, output, count, FormatNativeOp<T, NativeGeluErfFunction>{},
                                 stream);
    case KernelId::kAlg1Global:
    case KernelId::kAlg1Shared:
      return args.kb == interpsim::KbFormat::kFp32
                 ? launch_alg1<T, TableEntry>(id, args, input, output, count, stream)
                 : launch_alg1<T, FormatEntry<typename F::Storage>>(id, args, input, output,
                                                                    count, stream);
    default:
      break;
  }
  throw std::invalid_argument("kernel " + kernel_name(id) + " has no 8/16-bit format version");
}

}  // namespace

cudaError_t launch_format_kernel(KernelId id, interpsim::NumberFormat format,
                                 const FormatKernelArgs& args, const void* input, void* output,
                                 size_t count, cudaStream_t stream) {
  if (count == 0) return cudaSuccess;
  return visit_format(format, [&](auto tag) {
    return launch_in_format<typename decltype(tag)::type>(id, args, input, output, count, stream);
  });
}

}  // namespace gpu_ref
