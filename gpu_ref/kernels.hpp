// The kernel names every gpu_ref tool accepts (docs/design.md section 7).
#pragma once

#include <string>
#include <vector>

namespace gpu_ref {

enum class KernelId {
  kNativeExp,
  kNativeTanh,
  kNativeSigmoid,
  kNativeGeluNormcdf,
  kNativeGeluErf,
  kNativeGeluNormcdfF64,  // ::normcdf in double (the paper's Table 2 read literally)
  kAlg1Global,
  kAlg1Shared,
  kBsearch,
  kIgeluF32,
  kIgeluI32,
  kSoftmaxAlg1,
};

const std::vector<KernelId>& all_kernels();
std::string kernel_name(KernelId id);
// Throws std::invalid_argument listing the valid names.
KernelId parse_kernel(const std::string& name);
// Kernels that read a .tbl table (alg1_*, bsearch, softmax_alg1).
bool kernel_uses_table(KernelId id);
// Kernels whose result is a math-library function (not bit-exact host/device).
bool kernel_is_native(KernelId id);

}  // namespace gpu_ref
