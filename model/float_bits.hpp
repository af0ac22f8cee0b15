// Bit-level views of IEEE-754 binary32 values, shared by every model.
#pragma once

#include <cstdint>
#include <cstring>

namespace interpsim {

// The one NaN every implementation returns (docs/design.md section 3).
constexpr uint32_t kCanonicalNanBits = 0x7FC00000u;

inline uint32_t float_to_bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

inline float bits_to_float(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

inline bool is_nan_bits(uint32_t bits) {
  return (bits & 0x7F800000u) == 0x7F800000u && (bits & 0x007FFFFFu) != 0;
}

// Maps any NaN to the canonical pattern, leaves everything else alone.
inline uint32_t canonical_bits(float value) {
  const uint32_t bits = float_to_bits(value);
  return is_nan_bits(bits) ? kCanonicalNanBits : bits;
}

// Bit-exact equality with every NaN compared as the canonical pattern.
inline bool same_result(float lhs, float rhs) {
  return canonical_bits(lhs) == canonical_bits(rhs);
}

}  // namespace interpsim
