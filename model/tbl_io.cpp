#include "model/tbl_io.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "model/atomic_file.hpp"
#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/float_text.hpp"
#include "model/input_error.hpp"
#include "model/tbl_text.hpp"

namespace interpsim {
namespace {

// Header keys the reader understands itself; every other key is kept in
// extra_header for round trips.
const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys{"func", "a", "m", "n", "edges", "format", "kb"};
  return keys;
}

}  // namespace

std::string format_tbl(const UniformTable& table) {
  std::ostringstream out;
  out << kTblMagicLine << "\n";
  out << "// func=" << table.func << " a=" << shortest_decimal(table.a) << " m=" << table.m
      << " n=" << table.n << " edges=" << edge_mode_name(table.edges);
  // fp32 tables keep the v1 header (both keys default to fp32).
  if (table.format != NumberFormat::kFp32) {
    out << " format=" << number_format_names().name(table.format);
  }
  if (table.kb != KbFormat::kFp32) out << " kb=" << kb_format_names().name(table.kb);
  for (const auto& [key, value] : table.extra_header) out << " " << key << "=" << value;
  out << "\n";
  const NumberFormat entries = table.entries();
  const int digits = format_bits(entries) / 4;
  const auto entry_bits = [&](float value) {
    return entries == NumberFormat::kFp32 ? float_to_bits(value)
                                          : round_to_format(entries, value);  // exact
  };
  char row[32];
  for (size_t i = 0; i < table.rows(); ++i) {
    std::snprintf(row, sizeof row, "%0*x_%0*x\n", digits, entry_bits(table.k[i]), digits,
                  entry_bits(table.b[i]));
    out << row;
  }
  return out.str();
}

void write_tbl(const UniformTable& table, const std::string& path) {
  write_file_atomically(path, format_tbl(table));
}

UniformTable parse_tbl_block(const std::vector<std::string>& lines, size_t begin, size_t end,
                             const std::string& path) {
  TblText text = split_tbl_block(lines, begin, end, path);
  std::map<std::string, std::string>& header = text.header;
  const auto fail_at = [&](size_t line, const std::string& what) {
    return InputError(path + ":" + std::to_string(line) + ": " + what);
  };
  const auto fail = [&](const std::string& what) { return fail_at(text.header_line, what); };
  UniformTable table;
  for (const char* key : {"func", "a", "m", "n"}) {
    if (header.count(key) == 0) throw fail(std::string("header lacks the key '") + key + "'");
  }
  table.func = header["func"];
  const std::optional<float> a = parse_float32(header["a"]);
  if (!a) throw fail("bad value a=" + header["a"] + " (expected a decimal number or 0x bits)");
  table.a = *a;
  if (!parse_header_int(header["m"], table.m)) throw fail("bad value m=" + header["m"]);
  if (!parse_header_int(header["n"], table.n)) throw fail("bad value n=" + header["n"]);
  if (header.count("edges") != 0) {
    try {
      table.edges = parse_edge_mode(header["edges"]);
    } catch (const std::invalid_argument& error) {
      throw fail(error.what());
    }
  }
  if (header.count("format") != 0) {
    const auto format = number_format_names().parse(header["format"]);
    if (!format) {
      throw fail("bad value format=" + header["format"] + " (expected " +
                 number_format_names().choices() + ")");
    }
    table.format = *format;
  }
  if (header.count("kb") != 0) {
    const auto kb = kb_format_names().parse(header["kb"]);
    if (!kb) {
      throw fail("bad value kb=" + header["kb"] + " (expected " + kb_format_names().choices() +
                 ")");
    }
    table.kb = *kb;
  }
  const std::string why = check_table_params(table.a, table.m, table.n, table.format);
  if (!why.empty()) throw fail("invalid table: " + why);
  for (const auto& [key, value] : header) {
    if (known_keys().count(key) == 0) table.extra_header[key] = value;
  }
  const size_t expected_rows = table.rows();
  table.k.reserve(expected_rows);
  table.b.reserve(expected_rows);
  const NumberFormat entries = table.entries();
  const size_t digits = static_cast<size_t>(format_bits(entries) / 4);
  for (const TblText::Row& row : text.rows) {
    uint32_t slope_bits = 0;
    uint32_t intercept_bits = 0;
    if (!parse_tbl_row(row.text, digits, slope_bits, intercept_bits)) {
      const std::string pattern = std::string(digits, 'K') + "_" + std::string(digits, 'B');
      throw fail_at(row.line, "bad row '" + row.text + "' (expected " + pattern +
                                  " hex: kb=" + kb_format_names().name(table.kb) + " entries of " +
                                  number_format_names().name(entries) + ")");
    }
    if (table.k.size() == expected_rows) {
      throw fail_at(row.line, "more rows than N+2 = " + std::to_string(expected_rows));
    }
    // float32 rows keep their bits (NaN payloads included).
    table.k.push_back(entries == NumberFormat::kFp32 ? bits_to_float(slope_bits)
                                                     : decode_value(entries, slope_bits));
    table.b.push_back(entries == NumberFormat::kFp32 ? bits_to_float(intercept_bits)
                                                     : decode_value(entries, intercept_bits));
  }
  if (table.k.size() != expected_rows) {
    throw fail_at(end, "expected N+2 = " + std::to_string(expected_rows) + " rows, found " +
                           std::to_string(table.k.size()));
  }
  return table;
}

UniformTable read_tbl(const std::string& path) {
  const std::vector<std::string> lines = read_tbl_lines(path);
  return parse_tbl_block(lines, 0, lines.size(), path);
}

}  // namespace interpsim
