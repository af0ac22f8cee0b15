// Writes model/lbfp_multiply's outputs for every input pair, for
// mul_model_test.py to check against exact math: little-endian int16,
// lbfp8_mul(a, b) at index 256 a + b, then int8_mul likewise (131,072 values),
// then the 16 antilog table entries as little-endian uint32.
#include <cstdint>
#include <cstdio>

#include "model/lbfp_multiply.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: mul_model_dump OUT\n");
    return 2;
  }
  std::FILE* out = std::fopen(argv[1], "wb");
  if (out == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  auto put16 = [out](int16_t v) {
    const auto u = static_cast<uint16_t>(v);
    std::fputc(u & 0xFF, out);
    std::fputc(u >> 8, out);
  };
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b)
      put16(interpsim::lbfp8_mul(static_cast<uint8_t>(a), static_cast<uint8_t>(b)));
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b)
      put16(interpsim::int8_mul(static_cast<int8_t>(a), static_cast<int8_t>(b)));
  for (int k = 0; k < 16; ++k) {
    const uint32_t m = interpsim::lbfp8_mul_mantissa(k);
    for (int byte = 0; byte < 4; ++byte) std::fputc((m >> (8 * byte)) & 0xFF, out);
  }
  return std::fclose(out) == 0 ? 0 : 1;
}
