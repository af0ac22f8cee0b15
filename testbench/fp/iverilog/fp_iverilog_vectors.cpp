// Writes the vector files of the Icarus Verilog testbench (fp_units_tb.sv):
// weighted random operands with the host's correctly rounded results, plus a
// spread-out slice of the Berkeley TestFloat add, sub and mulAdd vectors.
// Usage: fp_iverilog_vectors OUT_DIR RANDOM_COUNT TESTFLOAT_DIR
// Prints the testbench plusargs for the files written.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>

#include "model/float_bits.hpp"
#include "testbench/fp/fp_case_generator.hpp"
#include "testbench/fp/testfloat_reader.hpp"

namespace {

using namespace interpsim;
using namespace interpsim::fp_test;

constexpr size_t kTestFloatSlice = 6000;  // per file

uint32_t canonical_result(uint32_t bits) {
  return is_nan_bits(bits) ? kCanonicalNanBits : bits;
}

void write_words(std::ofstream& out, std::initializer_list<uint32_t> words) {
  std::string line;
  char text[12];
  for (uint32_t word : words) {
    std::snprintf(text, sizeof text, "%s%08X", line.empty() ? "" : "_", word);
    line += text;
  }
  out << line << '\n';
}

int run(const std::string& out_dir, long random_count, const std::string& testfloat_dir) {
  const std::string add_path = out_dir + "/add_vectors.hex";
  const std::string fma_path = out_dir + "/fma_vectors.hex";
  std::ofstream add_out(add_path), fma_out(fma_path);
  if (!add_out || !fma_out) {
    std::fprintf(stderr, "fp_iverilog_vectors: cannot write to %s\n", out_dir.c_str());
    return 2;
  }
  FpCaseGenerator generator(4242);
  size_t add_count = 0, fma_count = 0;
  for (long i = 0; i < random_count; ++i) {
    const AddOperands add = generator.add_operands();
    write_words(add_out,
                {add.a, add.b, canonical_bits(bits_to_float(add.a) + bits_to_float(add.b))});
    const FmaOperands fma = generator.fma_operands();
    write_words(fma_out, {fma.a, fma.b, fma.c,
                          canonical_bits(std::fmaf(bits_to_float(fma.a), bits_to_float(fma.b),
                                                   bits_to_float(fma.c)))});
    ++add_count;
    ++fma_count;
  }
  for (const char* name : {"f32_add_rne_level1.txt.gz", "f32_sub_rne_level1.txt.gz"}) {
    const bool negate_b = std::string(name).find("sub") != std::string::npos;
    const auto vectors = read_testfloat(testfloat_dir + "/" + name, 2);
    const size_t stride = std::max<size_t>(1, vectors.size() / kTestFloatSlice);
    for (size_t i = 0; i < vectors.size(); i += stride, ++add_count) {
      const TestFloatVector& v = vectors[i];
      write_words(add_out, {v.operands[0], v.operands[1] ^ (negate_b ? 0x80000000u : 0u),
                            canonical_result(v.result)});
    }
  }
  const auto vectors = read_testfloat(testfloat_dir + "/f32_mulAdd_rne_level1_every8th.txt.gz", 3);
  const size_t stride = std::max<size_t>(1, vectors.size() / kTestFloatSlice);
  for (size_t i = 0; i < vectors.size(); i += stride, ++fma_count) {
    const TestFloatVector& v = vectors[i];
    write_words(fma_out, {v.operands[0], v.operands[1], v.operands[2], canonical_result(v.result)});
  }
  std::printf("+add_file=%s +add_count=%zu +fma_file=%s +fma_count=%zu\n", add_path.c_str(),
              add_count, fma_path.c_str(), fma_count);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  char* end = nullptr;
  const long random_count = argc == 4 ? std::strtol(argv[2], &end, 10) : -1;
  if (argc != 4 || *end != '\0' || random_count < 0) {
    std::fprintf(stderr, "usage: fp_iverilog_vectors OUT_DIR RANDOM_COUNT TESTFLOAT_DIR\n");
    return 2;
  }
  try {
    return run(argv[1], random_count, argv[3]);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "fp_iverilog_vectors: %s\n", error.what());
    return 2;
  }
}
