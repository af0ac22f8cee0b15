// Writes the files the Icarus Verilog testbench reads: a .tbl table (loaded by
// the RTL with $readmemh), config.hex (a, b, m, n, vector count), inputs.hex
// and expected.hex (one float32 bit pattern per line, expected = golden model).
//
// usage: rtl_vector_gen FUNC A M N EDGES COUNT OUT_DIR
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
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"
#include "model/uniform_lookup.hpp"
#include "testbench/rtl/input_sets.hpp"

namespace {

// Arguments are read by the project's one number parser (model/float_text.hpp);
// bad text: "rtl_vector_gen: NAME: 'TEXT' is not ..." and exit status 2. The
// table's own rules (a, m, n) are generate_table's.
[[noreturn]] void bad_argument(const char* name, const char* text, const char* expected) {
  std::cerr << "rtl_vector_gen: " << name << ": '" << text << "' is not " << expected << "\n";
  std::exit(2);
}

float float_argument(const char* name, const char* text) {
  const std::optional<float> value = interpsim::parse_float32(text);
  if (!value || !std::isfinite(*value)) bad_argument(name, text, "a finite float32");
  return *value;
}

long long integer_argument(const char* name, const char* text, long long min) {
  const std::optional<long long> value = interpsim::parse_integer(text);
  if (!value || *value < min || *value > std::numeric_limits<int>::max()) {
    bad_argument(name, text, min == 0 ? "an integer in 0..2^31-1" : "an integer in int range");
  }
  return *value;
}

void write_hex(const std::string& path, const std::vector<uint32_t>& words) {
  std::ofstream out(path);
  char line[16];
  for (uint32_t word : words) {
    std::snprintf(line, sizeof line, "%08x\n", word);
    out << line;
  }
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace interpsim;
  if (argc != 8) {
    std::cerr << "usage: rtl_vector_gen FUNC A M N EDGES COUNT OUT_DIR\n";
    return 2;
  }
  const float a = float_argument("A", argv[2]);
  constexpr long long kIntMin = std::numeric_limits<int>::min();
  const int m = static_cast<int>(integer_argument("M", argv[3], kIntMin));
  const int n = static_cast<int>(integer_argument("N", argv[4], kIntMin));
  const size_t count = static_cast<size_t>(integer_argument("COUNT", argv[6], 0));
  try {
    const UniformTable table = generate_table(argv[1], a, m, n, parse_edge_mode(argv[5]));
    const std::string dir = argv[7];
    write_tbl(table, dir + "/table.tbl");

    std::vector<uint32_t> inputs = rtl_test::ieee_corners(table.a, table.upper());
    const std::vector<uint32_t> in_range =
        rtl_test::random_in_interval(table.a, table.upper(), count / 2, 11);
    const std::vector<uint32_t> noise = rtl_test::random_bit_patterns(count / 2, 12);
    inputs.insert(inputs.end(), in_range.begin(), in_range.end());
    inputs.insert(inputs.end(), noise.begin(), noise.end());
    std::vector<uint32_t> expected;
    for (uint32_t x : inputs)
      expected.push_back(canonical_bits(interp_uniform(table, bits_to_float(x))));

    write_hex(dir + "/inputs.hex", inputs);
    write_hex(dir + "/expected.hex", expected);
    write_hex(dir + "/config.hex",
              {float_to_bits(table.a), float_to_bits(table.upper()),
               static_cast<uint32_t>(table.m) & 0xFFu, static_cast<uint32_t>(table.n),
               static_cast<uint32_t>(inputs.size())});
  } catch (const std::exception& error) {
    std::cerr << "rtl_vector_gen: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
