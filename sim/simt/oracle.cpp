// The values of the ORACLE instruction. Native kernels are timed from their
// instruction mix; their value is the C library's (glibc), as gpu_ref's host
// path computes it. Nothing checks these against themselves: kernels with an
// oracle report mismatches as unchecked.
#include <cmath>

#include "model/igelu.hpp"
#include "sim/simt/isa.hpp"

namespace interpsim::simt {

float evaluate_oracle(OracleFn fn, float x) {
  switch (fn) {
    case OracleFn::kExp:
      return std::exp(x);
    case OracleFn::kTanh:
      return std::tanh(x);
    case OracleFn::kSigmoid:
      return 1.0f / (1.0f + std::exp(-x));
    case OracleFn::kGeluNormcdf:
      return x * (0.5f * std::erfc(-x * 0.70710678f));
    case OracleFn::kGeluErf:
      return 0.5f * x * (1.0f + std::erf(x * 0.70710678f));
    case OracleFn::kGeluNormcdfF64: {
      // ::normcdf in double, one rounding to float (gpu_ref's host path).
      const double wide = x;
      return static_cast<float>(wide * (0.5 * std::erfc(-wide * 0.70710678118654752440)));
    }
    case OracleFn::kIgeluF32:
      return igelu_f32(x);
    case OracleFn::kIgeluI32: {
      static const IgeluIntParams params = igelu_int_params();
      return igelu_i32_dequantized(params, x);
    }
  }
  return 0.0f;
}

}  // namespace interpsim::simt
