// Writes model/lbfp_multiply's outputs for every input pair, for
// mul_model_test.py to check against exact math: little-endian int16,
// lbfp8_mul(a, b) at index 256 a + b, then int8_mul likewise (131,072 values),
// then the 16 antilog table entries as little-endian uint32.
// With --hex DIR: DIR/lbfp8_mul.hex and DIR/int8_mul.hex instead, one
// 4-digit word per line in the same order, for $readmemh (mul_units_tb.sv).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "model/lbfp_multiply.hpp"

namespace {

int write_hex(const std::string& path, int16_t (*product)(int a, int b)) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) {
    std::perror(path.c_str());
    return 1;
  }
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b)
      std::fprintf(out, "%04x\n", static_cast<unsigned>(static_cast<uint16_t>(product(a, b))));
  return std::fclose(out) == 0 ? 0 : 1;
}

int16_t lbfp_product(int a, int b) {
  return interpsim::lbfp8_mul(static_cast<uint8_t>(a), static_cast<uint8_t>(b));
}

int16_t int_product(int a, int b) {
  return interpsim::int8_mul(static_cast<int8_t>(a), static_cast<int8_t>(b));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--hex") == 0) {
    const std::string dir = argv[2];
    return write_hex(dir + "/lbfp8_mul.hex", &lbfp_product) |
           write_hex(dir + "/int8_mul.hex", &int_product);
  }
  if (argc != 2) {
    std::fprintf(stderr, "usage: mul_model_dump OUT | --hex DIR\n");
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
