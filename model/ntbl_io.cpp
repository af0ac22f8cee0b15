#include "model/ntbl_io.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "model/atomic_file.hpp"
#include "model/input_error.hpp"
#include "model/tbl_io.hpp"

namespace interpsim {
namespace {

constexpr const char* kNtblMagic = "// interp-ntable v1";
constexpr const char* kTblMagic = "// interp-table v1";

bool parse_float_text(const std::string& text, float& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtof(text.c_str(), &end);
  return *end == '\0' && std::isfinite(value);
}

bool parse_count(const std::string& text, size_t& value) {
  if (text.empty() || text[0] == '-' || text[0] == '+') return false;
  char* end = nullptr;
  errno = 0;
  const unsigned long long parsed = std::strtoull(text.c_str(), &end, 10);
  if (*end != '\0' || errno != 0) return false;
  value = static_cast<size_t>(parsed);
  return true;
}

std::string strip_cr(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

std::string format_ntbl(const NonuniformTable& table) {
  std::ostringstream out;
  out << kNtblMagic << "\n";
  out << "// func=" << table.func << " a=" << shortest_decimal(table.lower())
      << " b=" << shortest_decimal(table.upper()) << " parts=" << table.parts.size()
      << " segments=" << table.segments() << " edges=" << edge_mode_name(table.edges);
  for (const auto& [key, value] : table.extra_header) out << " " << key << "=" << value;
  out << "\n";
  for (const UniformTable& part : table.parts) out << format_tbl(part);
  return out.str();
}

void write_ntbl(const NonuniformTable& table, const std::string& path) {
  write_file_atomically(path, format_ntbl(table));
}

NonuniformTable read_ntbl(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open non-uniform table file");
  std::vector<std::string> lines;
  std::string text;
  while (std::getline(in, text)) lines.push_back(text);
  const auto fail = [&](size_t line_number, const std::string& what) {
    return InputError(path + ":" + std::to_string(line_number) + ": " + what);
  };
  if (lines.empty()) throw InputError(path + ": empty non-uniform table file");
  if (strip_cr(lines[0]) != kNtblMagic) {
    throw fail(1, "expected '" + std::string(kNtblMagic) + "' as the first line");
  }
  if (lines.size() < 2 || strip_cr(lines[1]).rfind("//", 0) != 0) {
    throw fail(2,
               "expected the header line '// func=... a=... b=... parts=... segments=... "
               "edges=...'");
  }
  std::map<std::string, std::string> header;
  std::istringstream fields(strip_cr(lines[1]).substr(2));
  std::string field;
  while (fields >> field) {
    const size_t eq = field.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw fail(2, "malformed header field '" + field + "' (expected key=value)");
    }
    if (!header.emplace(field.substr(0, eq), field.substr(eq + 1)).second) {
      throw fail(2, "duplicate header key '" + field.substr(0, eq) + "'");
    }
  }
  for (const char* key : {"func", "a", "b", "parts", "segments", "edges"}) {
    if (header.count(key) == 0) throw fail(2, std::string("header lacks the key '") + key + "'");
  }
  NonuniformTable table;
  table.func = header["func"];
  float lower = 0, upper = 0;
  size_t part_count = 0, segment_count = 0;
  if (!parse_float_text(header["a"], lower)) throw fail(2, "bad value a=" + header["a"]);
  if (!parse_float_text(header["b"], upper)) throw fail(2, "bad value b=" + header["b"]);
  if (!parse_count(header["parts"], part_count) || part_count == 0) {
    throw fail(2, "bad value parts=" + header["parts"] + " (expected a positive count)");
  }
  if (!parse_count(header["segments"], segment_count)) {
    throw fail(2, "bad value segments=" + header["segments"]);
  }
  try {
    table.edges = parse_edge_mode(header["edges"]);
  } catch (const std::invalid_argument& error) {
    throw fail(2, error.what());
  }
  for (const auto& [key, value] : header) {
    if (key != "func" && key != "a" && key != "b" && key != "parts" && key != "segments" &&
        key != "edges") {
      table.extra_header[key] = value;
    }
  }
  // Part blocks start at their magic lines; only comments may precede the first.
  std::vector<size_t> starts;
  for (size_t index = 2; index < lines.size(); ++index) {
    const std::string line = strip_cr(lines[index]);
    if (line == kTblMagic) {
      starts.push_back(index);
    } else if (starts.empty() && line.rfind("//", 0) != 0) {
      throw fail(index + 1, "expected '" + std::string(kTblMagic) + "' to open part 0");
    }
  }
  if (starts.size() != part_count) {
    throw fail(lines.size(), "header says parts=" + std::to_string(part_count) + ", found " +
                                 std::to_string(starts.size()) + " embedded tables");
  }
  for (size_t j = 0; j < starts.size(); ++j) {
    const size_t end = j + 1 < starts.size() ? starts[j + 1] : lines.size();
    UniformTable part = parse_tbl_block(lines, starts[j], end, path);
    if (part.func != table.func) {
      throw fail(starts[j] + 2, "part " + std::to_string(j) + " has func=" + part.func +
                                    ", the header says func=" + table.func);
    }
    if (j == 0 && part.a != lower) {
      throw fail(starts[j] + 2, "part 0 starts at a=" + shortest_decimal(part.a) +
                                    ", the header says a=" + header["a"]);
    }
    if (j > 0 && table.parts.back().upper() != part.a) {
      throw fail(starts[j] + 2, "part " + std::to_string(j) +
                                    " starts at a=" + shortest_decimal(part.a) +
                                    ", not where part " + std::to_string(j - 1) + " ends (" +
                                    shortest_decimal(table.parts.back().upper()) + ")");
    }
    table.parts.push_back(std::move(part));
  }
  if (table.upper() != upper) {
    throw fail(2, "the last part ends at " + shortest_decimal(table.upper()) +
                      ", the header says b=" + header["b"]);
  }
  if (table.segments() != segment_count) {
    throw fail(2, "header says segments=" + std::to_string(segment_count) + ", the parts hold " +
                      std::to_string(table.segments()));
  }
  return table;
}

}  // namespace interpsim
