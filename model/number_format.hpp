// The number formats of a table's inputs and outputs (docs/design.md section
// 12). Only fp32 exists so far; the formats issue adds bf16, fp16, fp8 and
// fixed point here, and every part that takes a format reads it from here.
#pragma once

#include "model/enum_names.hpp"

namespace interpsim {

enum class NumberFormat { kFp32 };

inline const EnumNames<NumberFormat>& number_format_names() {
  static const EnumNames<NumberFormat> names{{NumberFormat::kFp32, "fp32"}};
  return names;
}

}  // namespace interpsim
