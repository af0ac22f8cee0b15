// Writes the files the Icarus Verilog testbench of int_interp_unit reads
// (int_interp_unit_tb.sv): table.tbl (a fixed-point .tbl, loaded by the RTL
// with $readmemh), config.hex (the lane configuration of docs/design.md
// section 12, "Decision (RTL configuration)", then the vector count),
// inputs.hex and expected.hex (one integer of the width per line, expected =
// the golden model fixed_eval, the stochastic stream seeded with SEED).
//
// usage: int_vector_gen FUNC A M N EDGES FORMAT ROUNDING SEED COUNT OUT_DIR
//   every input of int8; COUNT random and corner inputs of int16/int32
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "model/fixed_point.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/fixed_tbl_io.hpp"
#include "model/table.hpp"

namespace {

void write_hex(const std::string& path, const std::vector<uint64_t>& words, int digits) {
  std::ofstream out(path);
  char line[24];
  for (const uint64_t word : words) {
    std::snprintf(line, sizeof line, "%0*llx\n", digits, static_cast<unsigned long long>(word));
    out << line;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace interpsim;
  if (argc != 11) {
    std::cerr << "usage: int_vector_gen FUNC A M N EDGES FORMAT ROUNDING SEED COUNT OUT_DIR\n";
    return 2;
  }
  try {
    const auto format = fixed_format_names().parse(argv[6]);
    const auto rounding = fixed_rounding_names().parse(argv[7]);
    if (!format || !rounding) throw std::invalid_argument("bad format or rounding");
    const FixedTable table =
        generate_fixed_table(argv[1], std::stod(argv[2]), std::stoi(argv[3]), std::stoi(argv[4]),
                             parse_edge_mode(argv[5]), *format);
    const auto seed = static_cast<uint32_t>(std::stoul(argv[8]));
    const size_t count = std::stoul(argv[9]);
    const std::string dir = argv[10];
    const int width = fixed_width(table.format);
    const uint64_t mask = (uint64_t{1} << width) - 1;

    std::vector<int64_t> inputs;
    if (width == 8) {
      for (int64_t q = fixed_min(table.format); q <= fixed_max(table.format); ++q) {
        inputs.push_back(q);
      }
    } else {
      // Corners (extremes, 0, each breakpoint and its neighbours), then random.
      for (size_t i = 0; i <= table.segments(); ++i) {
        for (const int64_t d : {-1, 0, 1}) {
          inputs.push_back(table.qa +
                           static_cast<int64_t>(i) * (int64_t{1} << table.index_shift()) + d);
        }
      }
      for (const int64_t q : {fixed_min(table.format), fixed_max(table.format), int64_t{0}}) {
        inputs.push_back(q);
      }
      inputs.erase(std::remove_if(inputs.begin(), inputs.end(),
                                  [&](int64_t q) {
                                    return q < fixed_min(table.format) ||
                                           q > fixed_max(table.format);
                                  }),
                   inputs.end());
      std::mt19937_64 rng(seed);
      std::uniform_int_distribution<int64_t> any(fixed_min(table.format), fixed_max(table.format));
      while (inputs.size() < count) inputs.push_back(any(rng));
      inputs.resize(count);
    }

    StochasticStream stream(seed);
    std::vector<uint64_t> x_words, y_words;
    for (const int64_t q : inputs) {
      const int64_t y =
          fixed_eval(table, q, *rounding == FixedRounding::kStochastic ? &stream : nullptr);
      x_words.push_back(static_cast<uint64_t>(q) & mask);
      y_words.push_back(static_cast<uint64_t>(y) & mask);
    }
    const int product_bits = table.fx + table.fk;
    const int s = std::max(product_bits, table.fb);
    const std::vector<uint64_t> config = {static_cast<uint64_t>(table.qa) & mask,
                                          static_cast<uint64_t>(table.m + table.fx),
                                          static_cast<uint64_t>(table.n),
                                          static_cast<uint64_t>(s - product_bits),
                                          static_cast<uint64_t>(s - table.fb),
                                          static_cast<uint64_t>(s - table.fy) & 0xFF,
                                          *rounding == FixedRounding::kStochastic ? 1u : 0u,
                                          seed,
                                          inputs.size()};
    write_fixed_tbl(table, dir + "/table.tbl");
    write_hex(dir + "/config.hex", config, 8);
    write_hex(dir + "/inputs.hex", x_words, width / 4);
    write_hex(dir + "/expected.hex", y_words, width / 4);
  } catch (const std::exception& error) {
    std::cerr << "int_vector_gen: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
