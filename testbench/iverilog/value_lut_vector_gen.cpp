// Writes the files the value LUT's Icarus Verilog testbench reads
// (value_lut_unit_tb.sv): rows.hex (the N + 2 64-bit rows of the unit's write
// port, value_lut_rtl_row), config.hex (t_0, t_N, m, n, exponent mode, vector
// count), inputs.hex and expected.hex (one float32 bit pattern per line,
// expected = model/value_lut).
//
// usage: value_lut_vector_gen FUNC MODE A M E0 N EDGES COUNT OUT_DIR
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
#include "model/value_lut.hpp"
#include "testbench/rtl/input_sets.hpp"

namespace {

// Bad text: "value_lut_vector_gen: NAME: 'TEXT' is not ..." and exit status 2.
[[noreturn]] void bad_argument(const char* name, const char* text, const char* expected) {
  std::cerr << "value_lut_vector_gen: " << name << ": '" << text << "' is not " << expected << "\n";
  std::exit(2);
}

float float_argument(const char* name, const char* text) {
  const std::optional<float> value = interpsim::parse_float32(text);
  if (!value || !std::isfinite(*value)) bad_argument(name, text, "a finite float32");
  return *value;
}

int integer_argument(const char* name, const char* text, long long min) {
  const std::optional<long long> value = interpsim::parse_integer(text);
  if (!value || *value < min || *value > std::numeric_limits<int>::max()) {
    bad_argument(name, text, min == 0 ? "an integer in 0..2^31-1" : "an integer in int range");
  }
  return static_cast<int>(*value);
}

template <typename Word>
void write_hex(const std::string& path, const std::vector<Word>& words) {
  std::ofstream out(path);
  char line[24];
  for (Word word : words) {
    std::snprintf(line, sizeof line, sizeof(Word) == 8 ? "%016llx\n" : "%08llx\n",
                  static_cast<unsigned long long>(word));
    out << line;
  }
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace interpsim;
  if (argc != 10) {
    std::cerr << "usage: value_lut_vector_gen FUNC MODE A M E0 N EDGES COUNT OUT_DIR\n";
    return 2;
  }
  constexpr long long kIntMin = std::numeric_limits<int>::min();
  const float a = float_argument("A", argv[3]);
  const int m = integer_argument("M", argv[4], kIntMin);
  const int e0 = integer_argument("E0", argv[5], kIntMin);
  const int n = integer_argument("N", argv[6], kIntMin);
  const size_t count = static_cast<size_t>(integer_argument("COUNT", argv[8], 0));
  try {
    const ValueLutTable table = generate_value_lut(argv[1], parse_value_lut_mode(argv[2]), a, m, e0,
                                                   n, parse_edge_mode(argv[7]));
    const std::string dir = argv[9];
    std::vector<uint64_t> rows(table.intervals() + 2);
    for (size_t r = 0; r < rows.size(); ++r) rows[r] = value_lut_rtl_row(table, r);

    std::vector<uint32_t> inputs = rtl_test::ieee_corners(table.lower(), table.upper());
    const std::vector<uint32_t> in_range =
        rtl_test::random_in_interval(table.lower(), table.upper(), count / 2, 11);
    const std::vector<uint32_t> noise = rtl_test::random_bit_patterns(count / 2, 12);
    inputs.insert(inputs.end(), in_range.begin(), in_range.end());
    inputs.insert(inputs.end(), noise.begin(), noise.end());
    std::vector<uint32_t> expected;
    for (uint32_t x : inputs) {
      expected.push_back(canonical_bits(interp_value_lut(table, bits_to_float(x))));
    }
    write_hex(dir + "/rows.hex", rows);
    write_hex(dir + "/inputs.hex", inputs);
    write_hex(dir + "/expected.hex", expected);
    write_hex(dir + "/config.hex",
              std::vector<uint32_t>{float_to_bits(table.lower()), float_to_bits(table.upper()),
                                    static_cast<uint32_t>(table.m) & 0xFFu,
                                    static_cast<uint32_t>(table.n),
                                    table.mode == ValueLutMode::kExponent ? 1u : 0u,
                                    static_cast<uint32_t>(inputs.size())});
  } catch (const std::exception& error) {
    std::cerr << "value_lut_vector_gen: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
