#include "gpu_ref/kernels.hpp"

#include <stdexcept>

namespace gpu_ref {

namespace {
struct NamedKernel {
  KernelId id;
  const char* name;
};
constexpr NamedKernel kKernels[] = {
    {KernelId::kNativeExp, "native_exp"},
    {KernelId::kNativeTanh, "native_tanh"},
    {KernelId::kNativeSigmoid, "native_sigmoid"},
    {KernelId::kNativeGeluNormcdf, "native_gelu_normcdf"},
    {KernelId::kNativeGeluErf, "native_gelu_erf"},
    {KernelId::kNativeGeluNormcdfF64, "native_gelu_normcdf_f64"},
    {KernelId::kAlg1Global, "alg1_global"},
    {KernelId::kAlg1Shared, "alg1_shared"},
    {KernelId::kBsearch, "bsearch"},
    {KernelId::kIgeluF32, "igelu_f32"},
    {KernelId::kIgeluI32, "igelu_i32"},
    {KernelId::kSoftmaxAlg1, "softmax_alg1"},
};
}  // namespace

const std::vector<KernelId>& all_kernels() {
  static const std::vector<KernelId> ids = [] {
    std::vector<KernelId> list;
    for (const NamedKernel& kernel : kKernels) list.push_back(kernel.id);
    return list;
  }();
  return ids;
}

std::string kernel_name(KernelId id) {
  for (const NamedKernel& kernel : kKernels) {
    if (kernel.id == id) return kernel.name;
  }
  return "unknown";
}

KernelId parse_kernel(const std::string& name) {
  std::string valid;
  for (const NamedKernel& kernel : kKernels) {
    if (name == kernel.name) return kernel.id;
    valid += valid.empty() ? kernel.name : std::string(", ") + kernel.name;
  }
  throw std::invalid_argument("unknown kernel '" + name + "' (expected one of " + valid + ")");
}

bool kernel_uses_table(KernelId id) {
  return id == KernelId::kAlg1Global || id == KernelId::kAlg1Shared || id == KernelId::kBsearch ||
         id == KernelId::kSoftmaxAlg1;
}

bool kernel_is_native(KernelId id) {
  return id == KernelId::kNativeExp || id == KernelId::kNativeTanh ||
         id == KernelId::kNativeSigmoid || id == KernelId::kNativeGeluNormcdf ||
         id == KernelId::kNativeGeluErf || id == KernelId::kNativeGeluNormcdfF64;
}

}  // namespace gpu_ref
