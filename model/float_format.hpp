// Values of the float formats of docs/design.md section 12: decoding,
// encoding, and the one rounding every result in a format goes through.
//
// Every value of fp16, bf16, fp8e5m2 and fp8e4m3 is exactly a float32 value,
// so the models carry values as float and bit patterns only at the edges
// (files, traces, RTL ports).
#pragma once

#include <cstdint>
#include <optional>

#include "model/number_format.hpp"

namespace interpsim {

bool is_nan_in(NumberFormat format, uint32_t bits);

// The exact value of a bit pattern (low format_bits(format) bits used); any
// NaN pattern gives the quiet float32 NaN 0x7FC00000.
float decode_value(NumberFormat format, uint32_t bits);

// Rounds `value` to nearest even in `format`, with subnormals; overflow gives
// +-inf, or +-448 in fp8e4m3 (which also takes +-inf to +-448); NaN gives the
// canonical NaN. A single rounding when `value` is the exact result or its
// round-to-odd float64 image (53 bits >= precision + 2).
uint32_t round_to_format(NumberFormat format, double value);

// decode_value(round_to_format(...)).
inline float round_value(NumberFormat format, double value) {
  return decode_value(format, round_to_format(format, value));
}

// The bits of `value` in `format` when it is exactly representable (NaN: the
// canonical NaN), otherwise nothing. -0 keeps its sign.
std::optional<uint32_t> encode_exact(NumberFormat format, float value);

// round_format(a * b + c) with one rounding of the exact value: NaN operands,
// 0 * inf and inf - inf give the canonical NaN; an exact zero is -0 only when
// a*b and c are both negative-or-zero with the same sign.
uint32_t fused_multiply_add(NumberFormat format, float a, float b, float c);

}  // namespace interpsim
