#include "model/fixed_tbl_io.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "model/atomic_file.hpp"
#include "model/input_error.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_text.hpp"

namespace interpsim {

namespace {

std::string shortest_double(double value) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

}  // namespace

bool is_fixed_format_name(const std::string& name) {
  return fixed_format_names().parse(name).has_value();
}

std::string fixed_tbl_header(const FixedTable& table) {
  std::ostringstream out;
  out << "// func=" << table.func << " a=" << shortest_double(table.a()) << " m=" << table.m
      << " n=" << table.n << " edges=" << edge_mode_name(table.edges)
      << " format=" << fixed_format_names().name(table.format) << " fx=" << table.fx
      << " fy=" << table.fy << " fk=" << table.fk << " fb=" << table.fb;
  if (table.derivative) out << " " << kDerivativeKey << "=1";
  return out.str();
}

std::string format_fixed_tbl(const FixedTable& table) {
  std::ostringstream out;
  out << kTblMagicLine << "\n" << fixed_tbl_header(table) << "\n";
  const int width = fixed_width(table.format);
  const int digits = width / 4;
  const uint64_t mask = (uint64_t{1} << width) - 1;
  char row[40];
  for (size_t i = 0; i < table.rows(); ++i) {
    std::snprintf(row, sizeof row, "%0*llx_%0*llx\n", digits,
                  static_cast<unsigned long long>(static_cast<uint64_t>(table.k[i]) & mask), digits,
                  static_cast<unsigned long long>(static_cast<uint64_t>(table.b[i]) & mask));
    out << row;
  }
  return out.str();
}

void write_fixed_tbl(const FixedTable& table, const std::string& path) {
  write_file_atomically(path, format_fixed_tbl(table));
}

FixedTable read_fixed_tbl(const std::string& path) {
  const std::vector<std::string> lines = read_tbl_lines(path);
  TblText text = split_tbl_block(lines, 0, lines.size(), path);
  std::map<std::string, std::string>& header = text.header;
  const auto fail_at = [&](size_t line, const std::string& what) {
    return InputError(path + ":" + std::to_string(line) + ": " + what);
  };
  const auto fail = [&](const std::string& what) { return fail_at(text.header_line, what); };
  static const std::set<std::string> known = {"func", "a",  "m",  "n",  "edges",       "format",
                                              "fx",   "fy", "fk", "fb", kDerivativeKey};
  for (const auto& [key, value] : header) {
    if (known.count(key) == 0)
      throw fail("unknown header key '" + key + "' in a fixed-point table");
  }
  for (const char* key : {"func", "a", "m", "n", "format", "fx", "fy", "fk", "fb"}) {
    if (header.count(key) == 0) throw fail(std::string("header lacks the key '") + key + "'");
  }
  FixedTable table;
  table.func = header["func"];
  const auto format = fixed_format_names().parse(header["format"]);
  if (!format) {
    throw fail("bad value format=" + header["format"] + " (expected " +
               fixed_format_names().choices() + ")");
  }
  table.format = *format;
  for (auto [key, field] :
       {std::pair{"m", &table.m}, std::pair{"n", &table.n}, std::pair{"fx", &table.fx},
        std::pair{"fy", &table.fy}, std::pair{"fk", &table.fk}, std::pair{"fb", &table.fb}}) {
    if (!parse_header_int(header[key], *field)) {
      throw fail("bad value " + std::string(key) + "=" + header[key]);
    }
  }
  if (header.count("edges") != 0) {
    try {
      table.edges = parse_edge_mode(header["edges"]);
    } catch (const std::invalid_argument& error) {
      throw fail(error.what());
    }
  }
  if (header.count(kDerivativeKey) != 0) {
    if (header[kDerivativeKey] != "0" && header[kDerivativeKey] != "1") {
      throw fail("bad value derivative=" + header[kDerivativeKey] + " (expected 0 or 1)");
    }
    table.derivative = header[kDerivativeKey] == "1";
  }
  // a: a decimal number that is an integer multiple of 2^-fx.
  const std::string& a_text = header["a"];
  double a = 0.0;
  const auto parsed = std::from_chars(a_text.data(), a_text.data() + a_text.size(), a);
  if (parsed.ec != std::errc() || parsed.ptr != a_text.data() + a_text.size() ||
      !std::isfinite(a)) {
    throw fail("bad value a=" + a_text + " (expected a decimal number)");
  }
  if (table.fx < 0 || table.fx > kMaxFracBits) {
    throw fail("invalid table: fx=" + header["fx"] + " is outside 0.." +
               std::to_string(kMaxFracBits));
  }
  const double qa = std::ldexp(a, table.fx);
  if (qa != std::floor(qa) || std::fabs(qa) > 9.0e15) {
    throw fail("invalid table: a=" + a_text + " is not an integer multiple of 2^-" +
               std::to_string(table.fx) + " within the width");
  }
  table.qa = static_cast<int64_t>(qa);
  // Parameters first (their reason names what is wrong), then the rows.
  const std::string why = check_fixed_params(table);
  if (!why.empty()) throw fail("invalid table: " + why);
  const int width = fixed_width(table.format);
  const size_t digits = static_cast<size_t>(width / 4);
  const auto as_signed = [width](uint32_t bits) {
    const int64_t value = static_cast<int64_t>(bits);
    return value >= (int64_t{1} << (width - 1)) ? value - (int64_t{1} << width) : value;
  };
  for (const TblText::Row& row : text.rows) {
    uint32_t k_bits = 0;
    uint32_t b_bits = 0;
    if (!parse_tbl_row(row.text, digits, k_bits, b_bits)) {
      const std::string pattern = std::string(digits, 'K') + "_" + std::string(digits, 'B');
      throw fail_at(row.line, "bad row '" + row.text + "' (expected " + pattern +
                                  " hex: " + fixed_format_names().name(table.format) + " entries)");
    }
    if (table.k.size() == table.rows()) {
      throw fail_at(row.line, "more rows than N+2 = " + std::to_string(table.rows()));
    }
    table.k.push_back(as_signed(k_bits));
    table.b.push_back(as_signed(b_bits));
  }
  if (table.k.size() != table.rows()) {
    throw fail_at(lines.size(), "expected N+2 = " + std::to_string(table.rows()) + " rows, found " +
                                    std::to_string(table.k.size()));
  }
  return table;
}

}  // namespace interpsim
