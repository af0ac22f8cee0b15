// Writes the files testbench/iverilog/nonuniform_lane_tb.sv reads for one
// generated non-uniform table (model/nonuniform.*): desc.hex (per part a, b,
// m, n, first table row: five words), rows.hex (every part's {K, B} rows, one
// 64-bit word a line, the order nonuniform_lane's table port reads),
// config.hex (parts, vector count), inputs.hex and expected.hex (float32 bit
// patterns, expected = interp_nonuniform). Inputs: IEEE corners, every part
// start and its float neighbours, random values in the interval, random bit
// patterns.
//
// usage: nonuniform_vector_gen FUNC SEGMENTS EDGES COUNT OUT_DIR
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "model/float_bits.hpp"
#include "model/float_text.hpp"
#include "model/functions.hpp"
#include "model/nonuniform.hpp"
#include "testbench/rtl/input_sets.hpp"

namespace {

long long count_argument(const char* name, const char* text) {
  const std::optional<long long> value = interpsim::parse_integer(text);
  if (!value || *value < 1 || *value > std::numeric_limits<int>::max()) {
    std::cerr << "nonuniform_vector_gen: " << name << ": '" << text
              << "' is not an integer in 1..2^31-1\n";
    std::exit(2);
  }
  return *value;
}

void write_hex(const std::string& path, const std::vector<uint64_t>& words, int digits) {
  std::ofstream out(path);
  char line[24];
  for (uint64_t word : words) {
    std::snprintf(line, sizeof line, "%0*llx\n", digits, static_cast<unsigned long long>(word));
    out << line;
  }
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace interpsim;
  if (argc != 6) {
    std::cerr << "usage: nonuniform_vector_gen FUNC SEGMENTS EDGES COUNT OUT_DIR\n";
    return 2;
  }
  const int segments = static_cast<int>(count_argument("SEGMENTS", argv[2]));
  const size_t count = static_cast<size_t>(count_argument("COUNT", argv[4]));
  try {
    const FunctionInfo& info = find_function(argv[1]);
    const NonuniformTable table = generate_nonuniform(argv[1], info.default_a, info.default_m,
                                                      segments, parse_edge_mode(argv[3]));
    const std::string dir = argv[5];
    std::vector<uint64_t> descriptors;
    std::vector<uint64_t> rows;
    constexpr float kInf = std::numeric_limits<float>::infinity();
    std::vector<uint32_t> inputs = rtl_test::ieee_corners(table.lower(), table.upper());
    for (const UniformTable& part : table.parts) {
      descriptors.insert(descriptors.end(),
                         {float_to_bits(part.a), float_to_bits(part.upper()),
                          static_cast<uint32_t>(part.m) & 0xFFu, static_cast<uint32_t>(part.n),
                          static_cast<uint32_t>(rows.size())});
      for (size_t i = 0; i < part.rows(); ++i) {
        rows.push_back((uint64_t{float_to_bits(part.k[i])} << 32) | float_to_bits(part.b[i]));
      }
      inputs.insert(inputs.end(),
                    {float_to_bits(part.a), float_to_bits(std::nextafter(part.a, -kInf)),
                     float_to_bits(std::nextafter(part.a, kInf))});
    }
    for (const auto& more :
         {rtl_test::random_in_interval(table.lower(), table.upper(), count / 2, 21),
          rtl_test::random_bit_patterns(count / 2, 22)}) {
      inputs.insert(inputs.end(), more.begin(), more.end());
    }
    std::vector<uint64_t> input_words, expected;
    for (uint32_t x : inputs) {
      input_words.push_back(x);
      expected.push_back(canonical_bits(interp_nonuniform(table, bits_to_float(x))));
    }
    write_hex(dir + "/desc.hex", descriptors, 8);
    write_hex(dir + "/rows.hex", rows, 16);
    write_hex(dir + "/inputs.hex", input_words, 8);
    write_hex(dir + "/expected.hex", expected, 8);
    write_hex(dir + "/config.hex", {table.parts.size(), inputs.size()}, 8);
  } catch (const std::exception& error) {
    std::cerr << "nonuniform_vector_gen: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
