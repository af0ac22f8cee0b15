// Writes the files interp_unit_format_tb.sv reads, for one format instance:
// table.tbl (model/tbl_io's .tbl in the kb format: rows KKKK_BBBB or KK_BB,
// loaded by the RTL with $readmemh), config.hex (a, b in the io format, m, n,
// vector count), inputs.hex (every bit pattern of the io format) and
// expected.hex (interp_format_bits, the golden model of docs/design.md
// section 12).
//
// usage: format_vector_gen IO KB FUNC A M N EDGES OUT_DIR
//   IO: fp16 bf16 fp8e5m2 fp8e4m3; KB: fp32 or io
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/number_format.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"

namespace {

void write_hex(const std::string& path, const std::vector<uint32_t>& words) {
  std::ofstream out(path);
  char line[16];
  for (uint32_t word : words) {
    std::snprintf(line, sizeof line, "%x\n", word);
    out << line;
  }
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace interpsim;
  if (argc != 9) {
    std::cerr << "usage: format_vector_gen IO KB FUNC A M N EDGES OUT_DIR\n";
    return 2;
  }
  try {
    const std::optional<NumberFormat> io = number_format_names().parse(argv[1]);
    const std::optional<KbFormat> kb = kb_format_names().parse(argv[2]);
    if (!io || !kb) throw std::invalid_argument("unknown IO or KB format");
    const UniformTable table =
        generate_table(argv[3], std::stof(argv[4]), std::stoi(argv[5]), std::stoi(argv[6]),
                       parse_edge_mode(argv[7]), false, *io, *kb);
    const std::string dir = argv[8];
    write_tbl(table, dir + "/table.tbl");
    std::vector<uint32_t> inputs, expected;
    for (uint32_t x = 0; x < (uint32_t{1} << format_bits(*io)); ++x) {
      inputs.push_back(x);
      expected.push_back(interp_format_bits(table, x));
    }
    write_hex(dir + "/inputs.hex", inputs);
    write_hex(dir + "/expected.hex", expected);
    write_hex(dir + "/config.hex",
              {*encode_exact(*io, table.a), *encode_exact(*io, table.upper()),
               static_cast<uint32_t>(table.m) & 0xFFu, static_cast<uint32_t>(table.n),
               static_cast<uint32_t>(inputs.size())});
  } catch (const std::exception& error) {
    std::cerr << "format_vector_gen: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
