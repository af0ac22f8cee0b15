// A stable 64-bit content hash for result files (docs/design.md section 15):
// FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the
// bytes, written as 16 lower-case hex digits. Not cryptographic: it names
// content (a table's canonical .tbl text), it does not authenticate it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace interpsim {

constexpr uint64_t fnv1a64(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

static_assert(fnv1a64("") == 0xcbf29ce484222325ull, "FNV-1a 64 offset basis");
static_assert(fnv1a64("a") == 0xaf63dc4c8601ec8cull, "FNV-1a 64 test vector");
static_assert(fnv1a64("foobar") == 0x85944171f73967e8ull, "FNV-1a 64 test vector");

// fnv1a64(bytes) as 16 lower-case hex digits.
inline std::string fnv1a64_hex(std::string_view bytes) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fnv1a64(bytes)));
  return text;
}

}  // namespace interpsim
