#include "model/tbl_text.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include "model/float_text.hpp"
#include "model/input_error.hpp"

namespace interpsim {

namespace {

// `digits` hex digits at text[offset...].
bool parse_hex_word(const std::string& text, size_t offset, size_t digits, uint32_t& value) {
  value = 0;
  for (size_t i = offset; i < offset + digits; ++i) {
    const char c = text[i];
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
    value = (value << 4) | digit;
  }
  return true;
}

}  // namespace

TblText split_tbl_block(const std::vector<std::string>& lines, size_t begin, size_t end,
                        const std::string& path) {
  if (begin == end) throw InputError(path + ": empty table file");
  TblText text;
  for (size_t index = begin; index < end; ++index) {
    std::string line = lines[index];
    const size_t number = index + 1;
    const auto fail = [&](const std::string& what) {
      return InputError(path + ":" + std::to_string(number) + ": " + what);
    };
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (index == begin) {
      if (line != kTblMagicLine) {
        throw fail("expected '" + std::string(kTblMagicLine) + "' as the first line");
      }
      continue;
    }
    if (line.rfind("//", 0) == 0) {
      if (text.header_line != 0 || line.find('=') == std::string::npos) continue;  // a comment
      std::istringstream fields(line.substr(2));
      std::string field;
      while (fields >> field) {
        const size_t eq = field.find('=');
        if (eq == std::string::npos || eq == 0) {
          throw fail("malformed header field '" + field + "' (expected key=value)");
        }
        const std::string key = field.substr(0, eq);
        if (!text.header.emplace(key, field.substr(eq + 1)).second) {
          throw fail("duplicate header key '" + key + "'");
        }
      }
      text.header_line = number;
      continue;
    }
    if (text.header_line == 0) throw fail("table row before the key=value header line");
    text.rows.push_back({line, number});
  }
  if (text.header_line == 0) {
    throw InputError(path + ":" + std::to_string(end) +
                     ": no key=value header line (func, a, m, n)");
  }
  return text;
}

std::vector<std::string> read_tbl_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open table file");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string tbl_format_key(const std::string& path) {
  const std::vector<std::string> lines = read_tbl_lines(path);
  const TblText text = split_tbl_block(lines, 0, lines.size(), path);
  const auto found = text.header.find("format");
  return found == text.header.end() ? std::string("fp32") : found->second;
}

bool parse_tbl_row(const std::string& text, size_t digits, uint32_t& first, uint32_t& second) {
  return text.size() == 2 * digits + 1 && text[digits] == '_' &&
         parse_hex_word(text, 0, digits, first) && parse_hex_word(text, digits + 1, digits, second);
}

bool parse_header_int(const std::string& text, int& value) {
  const std::optional<long long> parsed = parse_integer(text);
  if (!parsed || *parsed < -100000 || *parsed > 100000) return false;
  value = static_cast<int>(*parsed);
  return true;
}

}  // namespace interpsim
