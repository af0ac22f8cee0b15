#include "model/cpu_features.hpp"

namespace interpsim {

bool cpu_has_avx2() {
#ifdef INTERPSIM_HAVE_X86
  static const bool supported = __builtin_cpu_supports("avx2");
  return supported;
#else
  return false;
#endif
}

bool cpu_has_avx2_fma() {
#ifdef INTERPSIM_HAVE_X86
  static const bool supported = cpu_has_avx2() && __builtin_cpu_supports("fma");
  return supported;
#else
  return false;
#endif
}

}  // namespace interpsim
