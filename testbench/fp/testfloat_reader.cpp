#include "testbench/fp/testfloat_reader.hpp"

#include <zlib.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace interpsim::fp_test {

namespace {

bool parse_hex_word(const char*& cursor, uint32_t& value) {
  while (*cursor == ' ') ++cursor;
  char* end = nullptr;
  const unsigned long parsed = std::strtoul(cursor, &end, 16);
  if (end == cursor || (*end != ' ' && *end != '\n' && *end != '\0') || parsed > 0xFFFFFFFFul) {
    return false;
  }
  value = static_cast<uint32_t>(parsed);
  cursor = end;
  return true;
}

}  // namespace

std::vector<TestFloatVector> read_testfloat(const std::string& path, int operand_count) {
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
  if (!file) throw std::runtime_error(path + ": cannot open");
  std::vector<TestFloatVector> vectors;
  char line[256];
  for (size_t line_number = 1; gzgets(file.get(), line, sizeof line) != nullptr; ++line_number) {
    TestFloatVector vector{{0, 0, 0}, 0};
    const char* cursor = line;
    uint32_t flags = 0;
    bool ok = true;
    for (int i = 0; i < operand_count && ok; ++i) ok = parse_hex_word(cursor, vector.operands[i]);
    ok = ok && parse_hex_word(cursor, vector.result) && parse_hex_word(cursor, flags);
    if (!ok) {
      throw std::runtime_error(path + ":" + std::to_string(line_number) + ": expected " +
                               std::to_string(operand_count + 2) + " hexadecimal words");
    }
    vectors.push_back(vector);
  }
  return vectors;
}

}  // namespace interpsim::fp_test
