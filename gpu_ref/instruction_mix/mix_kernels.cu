// One kernel per gpu_ref element function, one element per thread and no
// grid-stride loop, compiled only by instruction_mix.py: the per-element
// instruction mix is each kernel's count minus mix_harness's (index, bounds
// check, one load, one store). The element functions are the very ones the
// real kernels (device_kernels.cu) and the host path run.
#include "gpu_ref/alg1.cuh"
#include "gpu_ref/bsearch.cuh"
#include "gpu_ref/igelu.cuh"
#include "gpu_ref/natives.cuh"
#include "gpu_ref/softmax.cuh"

using namespace gpu_ref;

#define GPU_REF_MIX_KERNEL(name, expression)                                                       \
  extern "C" __global__ void mix_##name(                                                           \
      const float* __restrict__ input, float* __restrict__ output, int count,                      \
      const TableEntry* __restrict__ rows, const float* __restrict__ breakpoints, Alg1Params alg1, \
      BsearchParams bsearch, IgeluI32Params igelu) {                                               \
    const int i = blockIdx.x * blockDim.x + threadIdx.x;                                           \
    if (i >= count) return;                                                                        \
    const float x = input[i];                                                                      \
    output[i] = (expression);                                                                      \
  }

GPU_REF_MIX_KERNEL(harness, x)
GPU_REF_MIX_KERNEL(native_exp, native_exp(x))
GPU_REF_MIX_KERNEL(native_tanh, native_tanh(x))
GPU_REF_MIX_KERNEL(native_sigmoid, native_sigmoid(x))
GPU_REF_MIX_KERNEL(native_gelu_normcdf, native_gelu_normcdf(x))
GPU_REF_MIX_KERNEL(native_gelu_normcdf_f64, native_gelu_normcdf_f64(x))
GPU_REF_MIX_KERNEL(native_gelu_erf, native_gelu_erf(x))
GPU_REF_MIX_KERNEL(alg1_global,
                   alg1_eval(alg1, x, [rows](int32_t r) { return load_readonly(rows + r); }))
GPU_REF_MIX_KERNEL(bsearch, bsearch_eval(
                                bsearch, x,
                                [breakpoints](int32_t j) { return load_readonly(breakpoints + j); },
                                [rows](int32_t r) { return load_readonly(rows + r); }))
GPU_REF_MIX_KERNEL(igelu_f32, igelu_f32(x))
GPU_REF_MIX_KERNEL(igelu_i32, igelu_i32(igelu, x))

// alg1_shared: the lookup reads a table staged in shared memory (the staging
// loop runs once per block and is not per element; it is excluded by passing
// the shared pointer in, as the real kernel's element loop sees it).
extern "C" __global__ void mix_alg1_shared(const float* __restrict__ input,
                                           float* __restrict__ output, int count,
                                           const TableEntry* __restrict__ rows,
                                           const float* __restrict__ breakpoints, Alg1Params alg1,
                                           BsearchParams bsearch, IgeluI32Params igelu) {
  extern __shared__ TableEntry shared_rows[];
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const float x = input[i];
  output[i] = alg1_eval(alg1, x, [](int32_t r) { return shared_rows[r]; });
}

// softmax_alg1 runs three passes over each row; per element: the max pass
// (one compare-select), the exp pass (x - max, Algorithm 1, add to the
// running sum) and the scale pass (one IEEE division). alg1.a and alg1.upper
// stand for the row's max and sum (kernel arguments here, registers there).
GPU_REF_MIX_KERNEL(softmax_max_pass, softmax_max_combine(alg1.a, x))
GPU_REF_MIX_KERNEL(softmax_exp_pass,
                   softmax_sum_combine(alg1.upper,
                                       alg1_eval(alg1, sub_rn(x, alg1.a), [rows](int32_t r) {
                                         return load_readonly(rows + r);
                                       })))
GPU_REF_MIX_KERNEL(softmax_scale_pass, softmax_scale(x, alg1.upper))
