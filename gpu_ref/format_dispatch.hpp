// Runtime format -> compile-time format type (host code only): calls
// visitor(FormatTag<F>{}) for the 8/16-bit formats of docs/design.md section 12.
#pragma once

#include <stdexcept>
#include <vector>

#include "gpu_ref/formats.cuh"
#include "model/number_format.hpp"

namespace gpu_ref {

template <typename F>
struct FormatTag {
  using type = F;
};

// Throws std::invalid_argument for fp32 (the float kernels' format).
template <typename Visitor>
decltype(auto) visit_format(interpsim::NumberFormat format, Visitor&& visitor) {
  switch (format) {
    case interpsim::NumberFormat::kFp16:
      return visitor(FormatTag<Fp16Format>{});
    case interpsim::NumberFormat::kBf16:
      return visitor(FormatTag<Bf16Format>{});
    case interpsim::NumberFormat::kFp8E5M2:
      return visitor(FormatTag<Fp8E5M2Format>{});
    case interpsim::NumberFormat::kFp8E4M3:
      return visitor(FormatTag<Fp8E4M3Format>{});
    case interpsim::NumberFormat::kFp32:
      break;
  }
  throw std::invalid_argument("not an 8- or 16-bit float format");
}

// The 8- and 16-bit formats, in section 12's order.
inline const std::vector<interpsim::NumberFormat>& narrow_formats() {
  static const std::vector<interpsim::NumberFormat> formats = {
      interpsim::NumberFormat::kFp16, interpsim::NumberFormat::kBf16,
      interpsim::NumberFormat::kFp8E5M2, interpsim::NumberFormat::kFp8E4M3};
  return formats;
}

}  // namespace gpu_ref
