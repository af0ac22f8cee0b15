// The number formats of a table's inputs, outputs and entries (docs/design.md
// section 12). Every part that takes a format reads its names and its layout
// from here: the `format` and `kb` keys of tables, arrays and commands, the
// .tbl row width, the trace dtypes, the RTL instances.
#pragma once

#include <cstdint>

#include "model/enum_names.hpp"

namespace interpsim {

// The io format: x, a, b and y.
enum class NumberFormat { kFp32, kFp16, kBf16, kFp8E5M2, kFp8E4M3 };
// The format of K and B: float32, or the io format itself.
enum class KbFormat { kFp32, kIo };

inline const EnumNames<NumberFormat>& number_format_names() {
  static const EnumNames<NumberFormat> names{{NumberFormat::kFp32, "fp32"},
                                             {NumberFormat::kFp16, "fp16"},
                                             {NumberFormat::kBf16, "bf16"},
                                             {NumberFormat::kFp8E5M2, "fp8e5m2"},
                                             {NumberFormat::kFp8E4M3, "fp8e4m3"}};
  return names;
}

inline const EnumNames<KbFormat>& kb_format_names() {
  static const EnumNames<KbFormat> names{{KbFormat::kFp32, "fp32"}, {KbFormat::kIo, "io"}};
  return names;
}

// A binary floating-point layout: sign, exponent_bits, mantissa_bits.
struct FloatLayout {
  int exponent_bits;
  int mantissa_bits;
  // OCP E4M3: no infinities, only S.1111.111 is NaN, overflow saturates.
  bool finite_only;
  uint32_t canonical_nan;

  constexpr int width() const { return 1 + exponent_bits + mantissa_bits; }
  constexpr int bias() const { return (1 << (exponent_bits - 1)) - 1; }
  constexpr int precision() const { return mantissa_bits + 1; }  // significant bits
  constexpr int min_normal_exponent() const { return 1 - bias(); }
  // Largest unbiased exponent of a finite value.
  constexpr int max_exponent() const {
    return finite_only ? (1 << exponent_bits) - 1 - bias() : (1 << exponent_bits) - 2 - bias();
  }
  constexpr uint32_t exponent_mask() const {
    return ((uint32_t{1} << exponent_bits) - 1) << mantissa_bits;
  }
  constexpr uint32_t mantissa_mask() const { return (uint32_t{1} << mantissa_bits) - 1; }
  constexpr uint32_t sign_mask() const { return uint32_t{1} << (width() - 1); }
  constexpr uint32_t magnitude_mask() const { return sign_mask() - 1; }
  // The largest finite magnitude's bits (E4M3: S.1111.110).
  constexpr uint32_t max_finite_bits() const {
    return finite_only ? magnitude_mask() - 1 : exponent_mask() - 1;
  }
  constexpr uint32_t infinity_bits() const { return exponent_mask(); }  // not for finite_only
};

constexpr FloatLayout float_layout(NumberFormat format) {
  switch (format) {
    case NumberFormat::kFp32:
      return {8, 23, false, 0x7FC00000u};
    case NumberFormat::kFp16:
      return {5, 10, false, 0x7E00u};
    case NumberFormat::kBf16:
      return {8, 7, false, 0x7FC0u};
    case NumberFormat::kFp8E5M2:
      return {5, 2, false, 0x7Eu};
    case NumberFormat::kFp8E4M3:
      return {4, 3, true, 0x7Fu};
  }
  return {8, 23, false, 0x7FC00000u};
}

constexpr int format_bits(NumberFormat format) {
  return float_layout(format).width();
}

// The format K and B are stored in.
constexpr NumberFormat entry_format(NumberFormat io, KbFormat kb) {
  return kb == KbFormat::kFp32 ? NumberFormat::kFp32 : io;
}

}  // namespace interpsim
