#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "gpu_ref/device_kernels.cuh"

namespace gpu_ref {

namespace {

// Each thread handles elements i, i + stride, ... ; with Vector, four at a
// time through one 16-byte load and store (both buffers 16-byte aligned),
// then the < 4 leftover elements one by one.
template <bool Vector, typename Op>
__device__ void map_grid_stride(const float* __restrict__ input, float* __restrict__ output,
                                size_t count, const Op& op) {
  const size_t first = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const size_t stride = static_cast<size_t>(gridDim.x) * blockDim.x;
  size_t scalar_start = 0;
  if (Vector) {
    const size_t quads = count / 4;
    const float4* input4 = reinterpret_cast<const float4*>(input);
    float4* output4 = reinterpret_cast<float4*>(output);
    for (size_t i = first; i < quads; i += stride) {
      const float4 x = __ldcs(input4 + i);  // streamed once: keep L1 for the table
      float4 y;
      y.x = op(x.x);
      y.y = op(x.y);
      y.z = op(x.z);
      y.w = op(x.w);
      __stcs(output4 + i, y);
    }
    scalar_start = quads * 4;
  }
  for (size_t i = scalar_start + first; i < count; i += stride) output[i] = op(input[i]);
}

struct NativeExpOp {
  __device__ float operator()(float x) const { return native_exp(x); }
};
struct NativeTanhOp {
  __device__ float operator()(float x) const { return native_tanh(x); }
};
struct NativeSigmoidOp {
  __device__ float operator()(float x) const { return native_sigmoid(x); }
};
struct NativeGeluNormcdfOp {
  __device__ float operator()(float x) const { return native_gelu_normcdf(x); }
};
struct NativeGeluNormcdfF64Op {
  __device__ float operator()(float x) const { return native_gelu_normcdf_f64(x); }
};
struct NativeGeluErfOp {
  __device__ float operator()(float x) const { return native_gelu_erf(x); }
};
struct IgeluF32Op {
  __device__ float operator()(float x) const { return igelu_f32(x); }
};
struct IgeluI32Op {
  IgeluI32Params params;
  __device__ float operator()(float x) const { return igelu_i32(params, x); }
};

// Rows read through the read-only (texture) cache.
struct Alg1GlobalOp {
  const TableEntry* rows;
  Alg1Params params;
  __device__ float operator()(float x) const {
    return alg1_eval(params, x, [this](int32_t row) { return load_readonly(rows + row); });
  }
};

struct Alg1SharedOp {
  const TableEntry* rows;  // shared memory
  Alg1Params params;
  __device__ float operator()(float x) const {
    return alg1_eval(params, x, [this](int32_t row) { return rows[row]; });
  }
};

struct BsearchOp {
  const TableEntry* rows;
  const float* breakpoints;
  BsearchParams params;
  __device__ float operator()(float x) const {
    return bsearch_eval(
        params, x, [this](int32_t i) { return load_readonly(breakpoints + i); },
        [this](int32_t row) { return load_readonly(rows + row); });
  }
};

template <bool Vector, typename Op>
__global__ void __launch_bounds__(kMapThreads)
    map_kernel(const float* __restrict__ input, float* __restrict__ output, size_t count, Op op) {
  map_grid_stride<Vector>(input, output, count, op);
}

// The table is staged into shared memory once per block, then every lookup
// reads shared memory.
template <bool Vector>
__global__ void __launch_bounds__(kSharedThreads)
    alg1_shared_kernel(const float* __restrict__ input, float* __restrict__ output, size_t count,
                       const TableEntry* __restrict__ rows, int32_t row_count, Alg1Params params) {
  extern __shared__ TableEntry shared_rows[];
  for (int32_t row = threadIdx.x; row < row_count; row += blockDim.x) {
    shared_rows[row] = load_readonly(rows + row);
  }
  __syncthreads();
  map_grid_stride<Vector>(input, output, count, Alg1SharedOp{shared_rows, params});
}

// One block per row; the reduction order is softmax.cuh's (the host path
// host_eval.cpp follows the same order).
__global__ void __launch_bounds__(kSoftmaxThreads)
    softmax_alg1_kernel(const float* __restrict__ input, float* __restrict__ output,
                        size_t row_length, const TableEntry* __restrict__ rows, Alg1Params params) {
  __shared__ float partials[kSoftmaxThreads];
  const float* row = input + static_cast<size_t>(blockIdx.x) * row_length;
  float* out = output + static_cast<size_t>(blockIdx.x) * row_length;
  const int t = threadIdx.x;

  float running = -INFINITY;
  for (size_t j = t; j < row_length; j += kSoftmaxThreads) {
    running = softmax_max_combine(running, row[j]);
  }
  partials[t] = running;
  __syncthreads();
  for (int stride = kSoftmaxThreads / 2; stride >= 1; stride /= 2) {
    if (t < stride) partials[t] = softmax_max_combine(partials[t], partials[t + stride]);
    __syncthreads();
  }
  const float row_max = partials[0];
  __syncthreads();

  const auto load_row = [rows](int32_t r) { return load_readonly(rows + r); };
  running = 0.0f;
  for (size_t j = t; j < row_length; j += kSoftmaxThreads) {
    const float e = alg1_eval(params, sub_rn(row[j], row_max), load_row);
    out[j] = e;
    running = softmax_sum_combine(running, e);
  }
  partials[t] = running;
  __syncthreads();
  for (int stride = kSoftmaxThreads / 2; stride >= 1; stride /= 2) {
    if (t < stride) partials[t] = softmax_sum_combine(partials[t], partials[t + stride]);
    __syncthreads();
  }
  const float sum = partials[0];
  for (size_t j = t; j < row_length; j += kSoftmaxThreads) out[j] = softmax_scale(out[j], sum);
}

// Enough resident blocks to fill every SM, no more: the grid-stride loop does
// the rest. The occupancy query is cached per kernel and shared-memory size so
// that timed launches do not pay for it.
template <typename Kernel>
int grid_for(Kernel kernel, int threads, size_t work_items, size_t dynamic_shared,
             int max_grid_blocks = 0) {
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
  size_t grid = needed < found->second ? needed : found->second;
  if (max_grid_blocks > 0 && grid > static_cast<size_t>(max_grid_blocks)) grid = max_grid_blocks;
  return static_cast<int>(grid > 0 ? grid : 1);
}

template <bool Vector, typename Op>
cudaError_t launch_map(const float* input, float* output, size_t count, const Op& op,
                       int max_grid_blocks, cudaStream_t stream) {
  const auto kernel = map_kernel<Vector, Op>;
  const int grid =
      grid_for(kernel, kMapThreads, Vector ? (count + 3) / 4 : count, 0, max_grid_blocks);
  kernel<<<grid, kMapThreads, 0, stream>>>(input, output, count, op);
  return cudaGetLastError();
}

template <typename Op>
cudaError_t dispatch_map(const float* input, float* output, size_t count, const Op& op,
                         int max_grid_blocks, cudaStream_t stream) {
  const bool aligned = (reinterpret_cast<uintptr_t>(input) % 16 == 0) &&
                       (reinterpret_cast<uintptr_t>(output) % 16 == 0);
  return aligned ? launch_map<true>(input, output, count, op, max_grid_blocks, stream)
                 : launch_map<false>(input, output, count, op, max_grid_blocks, stream);
}

template <bool Vector>
cudaError_t launch_alg1_shared(const KernelArgs& args, const float* input, float* output,
                               size_t count, cudaStream_t stream) {
  const auto kernel = alg1_shared_kernel<Vector>;
  const size_t shared_bytes = static_cast<size_t>(args.row_count) * sizeof(TableEntry);
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
  const int grid = grid_for(kernel, kSharedThreads, Vector ? (count + 3) / 4 : count, shared_bytes);
  kernel<<<grid, kSharedThreads, shared_bytes, stream>>>(input, output, count, args.rows,
                                                         args.row_count, args.alg1);
  return cudaGetLastError();
}

}  // namespace

cudaError_t launch_kernel(KernelId id, const KernelArgs& args, const float* input, float* output,
                          size_t count, size_t row_length, cudaStream_t stream) {
  if (count == 0) return cudaSuccess;
  switch (id) {
    case KernelId::kNativeExp:
      return dispatch_map(input, output, count, NativeExpOp{}, args.max_grid_blocks, stream);
    case KernelId::kNativeTanh:
      return dispatch_map(input, output, count, NativeTanhOp{}, args.max_grid_blocks, stream);
    case KernelId::kNativeSigmoid:
      return dispatch_map(input, output, count, NativeSigmoidOp{}, args.max_grid_blocks, stream);
    case KernelId::kNativeGeluNormcdf:
      return dispatch_map(input, output, count, NativeGeluNormcdfOp{}, args.max_grid_blocks,
                          stream);
    case KernelId::kNativeGeluErf:
      return dispatch_map(input, output, count, NativeGeluErfOp{}, args.max_grid_blocks, stream);
    case KernelId::kNativeGeluNormcdfF64:
      return dispatch_map(input, output, count, NativeGeluNormcdfF64Op{}, args.max_grid_blocks,
                          stream);
    case KernelId::kIgeluF32:
      return dispatch_map(input, output, count, IgeluF32Op{}, args.max_grid_blocks, stream);
    case KernelId::kIgeluI32:
      return dispatch_map(input, output, count, IgeluI32Op{args.igelu}, args.max_grid_blocks,
                          stream);
    case KernelId::kAlg1Global:
      return dispatch_map(input, output, count, Alg1GlobalOp{args.rows, args.alg1},
                          args.max_grid_blocks, stream);
    case KernelId::kBsearch:
      return dispatch_map(input, output, count,
                          BsearchOp{args.rows, args.breakpoints, args.bsearch},
                          args.max_grid_blocks, stream);
    case KernelId::kAlg1Shared: {
      const bool aligned = (reinterpret_cast<uintptr_t>(input) % 16 == 0) &&
                           (reinterpret_cast<uintptr_t>(output) % 16 == 0);
      return aligned ? launch_alg1_shared<true>(args, input, output, count, stream)
                     : launch_alg1_shared<false>(args, input, output, count, stream);
    }
    case KernelId::kSoftmaxAlg1: {
      if (row_length == 0 || count % row_length != 0) {
        throw std::invalid_argument("softmax_alg1: input size is not a multiple of the row length");
      }
      const size_t row_count = count / row_length;
      if (row_count > 0x7FFFFFFFu) throw std::invalid_argument("softmax_alg1: too many rows");
      softmax_alg1_kernel<<<static_cast<unsigned>(row_count), kSoftmaxThreads, 0, stream>>>(
          input, output, row_length, args.rows, args.alg1);
      return cudaGetLastError();
    }
  }
  return cudaErrorInvalidValue;
}

}  // namespace gpu_ref
