// Reads Berkeley TestFloat vector files (gzip text, one vector a line:
// operands, result and flags in hexadecimal) from testbench/fp/vectors/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace interpsim::fp_test {

struct TestFloatVector {
  uint32_t operands[3];  // unused trailing operands are 0
  uint32_t result;
};

// Throws std::runtime_error naming the file and line on unreadable input.
std::vector<TestFloatVector> read_testfloat(const std::string& path, int operand_count);

}  // namespace interpsim::fp_test
