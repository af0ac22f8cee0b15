// Writes the files the Icarus Verilog testbenches of the LBFP and sub-word
// lanes read: config.hex (the lane's configuration words, then the vector
// count; the order is each testbench's), rows.hex (the table rows the
// testbench serves on the lane's table port), inputs.hex and expected.hex
// (expected = the golden model).
//
// N is n (2^n segments).
// usage: lane_vector_gen lbfp FUNC N OUT_DIR
//          lbfp_interp_lane (lbfp_lane_eval): every element code at every
//          block exponent from -fx-2 to 18-fx; config qa span n fx fy count;
//          rows {K code, EK, B} (32 bits); inputs {E, x} (16 bits)
//        lane_vector_gen lbfp8_int FUNC N int8|int16 OUT_DIR
//          lbfp8_int_interp_lane (lbfp8_decode_fixed, then fixed_eval): every
//          code at every exponent from -fx-2 to W-fx+1; config qa span n fx
//          shk shb drop count; rows {K, B} (2W bits); inputs {E, x}
//        lane_vector_gen subword FUNC N int8|int16|int32 COUNT OUT_DIR
//          subword_interp_lane in the mode of the width (fixed_eval per slot,
//          nearest even): every int8 input, else COUNT random ones; config
//          mode qa span n shk shb drop count; rows {K, B} (2W bits); inputs
//          and expected 32/W values packed per 32-bit word
// FUNC's default interval and edges (model/functions.cpp).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/fixed_point.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/functions.hpp"
#include "model/lbfp.hpp"
#include "model/lbfp_lane.hpp"

namespace {

using namespace interpsim;

void write_hex(const std::string& path, const std::vector<uint64_t>& words, int digits) {
  std::ofstream out(path);
  char line[24];
  for (const uint64_t word : words) {
    std::snprintf(line, sizeof line, "%0*llx\n", digits, static_cast<unsigned long long>(word));
    out << line;
  }
  if (!out) throw std::runtime_error("cannot write " + path);
}

uint64_t bits(int64_t value, int width) {
  return static_cast<uint64_t>(value) & ((width == 64 ? 0 : uint64_t{1} << width) - 1);
}

struct LaneWords {
  int shk, shb, drop;
};

LaneWords lane_words(const FixedTable& table) {
  const int product_bits = table.fx + table.fk;
  const int s = std::max(product_bits, table.fb);
  return {s - product_bits, s - table.fb, s - table.fy};
}

int parse_count(const std::string& text, const char* name) {
  size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;  // not a number, or out of int's range
  }
  if (used == 0 || used != text.size() || value < 1) {
    throw std::invalid_argument(std::string(name) + " must be a positive integer, not '" + text +
                                "'");
  }
  return value;
}

FixedFormat parse_format(const std::string& text) {
  const auto format = fixed_format_names().parse(text);
  if (!format) throw std::invalid_argument("unknown format '" + text + "'");
  return *format;
}

std::vector<uint64_t> table_rows(const FixedTable& table) {
  const int width = fixed_width(table.format);
  std::vector<uint64_t> rows;
  for (size_t row = 0; row < table.rows(); ++row) {
    rows.push_back((bits(table.k[row], width) << width) | bits(table.b[row], width));
  }
  return rows;
}

void lbfp(const std::string& func, int n, const std::string& dir) {
  const FunctionInfo& info = find_function(func);
  const LbfpLaneTable table =
      generate_lbfp_lane_table(info.name, info.default_a, info.default_m, n, info.default_edges);
  const FixedTable& index = table.index;
  std::vector<uint64_t> inputs, expected, rows;
  for (int e = -index.fx - 2; e <= 18 - index.fx; ++e) {
    for (int code = 0; code < 256; ++code) {
      inputs.push_back((bits(e, 8) << 8) | static_cast<uint64_t>(code));
      expected.push_back(bits(lbfp_lane_eval(table, static_cast<uint8_t>(code), e), 16));
    }
  }
  for (size_t row = 0; row < table.b.size(); ++row) {
    rows.push_back((uint64_t{table.k_code[row]} << 24) | (bits(table.k_exponent[row], 8) << 16) |
                   bits(table.b[row], 16));
  }
  write_hex(dir + "/config.hex",
            {bits(index.qa, 16), static_cast<uint64_t>(index.m + index.fx),
             static_cast<uint64_t>(index.n), static_cast<uint64_t>(index.fx), bits(index.fy, 8),
             inputs.size()},
            8);
  write_hex(dir + "/rows.hex", rows, 8);
  write_hex(dir + "/inputs.hex", inputs, 4);
  write_hex(dir + "/expected.hex", expected, 4);
}

void lbfp8_int(const std::string& func, int n, FixedFormat format, const std::string& dir) {
  const FunctionInfo& info = find_function(func);
  const FixedTable table = generate_fixed_table(info.name, info.default_a, info.default_m, n,
                                                info.default_edges, format);
  const int width = fixed_width(format);
  std::vector<uint64_t> inputs, expected;
  for (int e = -table.fx - 2; e <= width - table.fx + 1; ++e) {
    for (int code = 0; code < 256; ++code) {
      inputs.push_back((bits(e, 8) << 8) | static_cast<uint64_t>(code));
      const int64_t qx = lbfp8_decode_fixed(static_cast<uint8_t>(code), e, format, table.fx);
      expected.push_back(bits(fixed_eval(table, qx), width));
    }
  }
  const LaneWords words = lane_words(table);
  write_hex(dir + "/config.hex",
            {bits(table.qa, width), static_cast<uint64_t>(table.m + table.fx),
             static_cast<uint64_t>(table.n), static_cast<uint64_t>(table.fx),
             static_cast<uint64_t>(words.shk), static_cast<uint64_t>(words.shb),
             bits(words.drop, 8), inputs.size()},
            8);
  write_hex(dir + "/rows.hex", table_rows(table), 2 * width / 4);
  write_hex(dir + "/inputs.hex", inputs, 4);
  write_hex(dir + "/expected.hex", expected, width / 4);
}

void subword(const std::string& func, int n, FixedFormat format, int count,
             const std::string& dir) {
  const FunctionInfo& info = find_function(func);
  const FixedTable table = generate_fixed_table(info.name, info.default_a, info.default_m, n,
                                                info.default_edges, format);
  const int width = fixed_width(format);
  const int slots = 32 / width;
  std::vector<int64_t> values;
  if (format == FixedFormat::kInt8) {
    for (int64_t q = fixed_min(format); q <= fixed_max(format); ++q) values.push_back(q);
  } else {
    std::mt19937_64 rng(static_cast<uint64_t>(count));
    std::uniform_int_distribution<int64_t> any(fixed_min(format), fixed_max(format));
    for (int i = 0; i < count * slots; ++i) values.push_back(any(rng));
  }
  std::vector<uint64_t> inputs, expected;
  for (size_t i = 0; i + slots <= values.size(); i += slots) {
    uint64_t x_word = 0, y_word = 0;
    for (int k = 0; k < slots; ++k) {
      x_word |= bits(values[i + k], width) << (k * width);
      y_word |= bits(fixed_eval(table, values[i + k]), width) << (k * width);
    }
    inputs.push_back(x_word);
    expected.push_back(y_word);
  }
  const LaneWords words = lane_words(table);
  const uint64_t mode = width == 32 ? 0 : width == 16 ? 1 : 2;
  write_hex(dir + "/config.hex",
            {mode, bits(table.qa, 32), static_cast<uint64_t>(table.m + table.fx),
             static_cast<uint64_t>(table.n), static_cast<uint64_t>(words.shk),
             static_cast<uint64_t>(words.shb), bits(words.drop, 8), inputs.size()},
            8);
  write_hex(dir + "/rows.hex", table_rows(table), 2 * width / 4);
  write_hex(dir + "/inputs.hex", inputs, 8);
  write_hex(dir + "/expected.hex", expected, 8);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 4 && args[0] == "lbfp") {
      lbfp(args[1], parse_count(args[2], "N"), args[3]);
    } else if (args.size() == 5 && args[0] == "lbfp8_int") {
      lbfp8_int(args[1], parse_count(args[2], "N"), parse_format(args[3]), args[4]);
    } else if (args.size() == 6 && args[0] == "subword") {
      subword(args[1], parse_count(args[2], "N"), parse_format(args[3]),
              parse_count(args[4], "COUNT"), args[5]);
    } else {
      std::cerr << "usage: lane_vector_gen lbfp FUNC N DIR | lbfp8_int FUNC N FORMAT DIR | "
                   "subword FUNC N FORMAT COUNT DIR\n";
      return 2;
    }
  } catch (const std::exception& error) {
    std::cerr << "lane_vector_gen: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
