// The text layer of .tbl files (docs/design.md section 8), shared by the
// float readers (tbl_io) and the fixed-point ones (fixed_tbl_io): the magic
// line, comments, the one key=value header line and rows of two hex words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace interpsim {

constexpr const char* kTblMagicLine = "// interp-table v1";

struct TblText {
  std::map<std::string, std::string> header;
  size_t header_line = 0;  // 1-based
  struct Row {
    std::string text;  // without a trailing '\r'
    size_t line;       // 1-based
  };
  std::vector<Row> rows;
};

// Splits lines[begin, end) of `path`: throws InputError naming path:line for
// a missing magic line, a malformed or duplicate header field, a row before
// the header, no header or an empty block.
TblText split_tbl_block(const std::vector<std::string>& lines, size_t begin, size_t end,
                        const std::string& path);

// Every line of a file; throws InputError naming it when it cannot be opened.
std::vector<std::string> read_tbl_lines(const std::string& path);

// The header's format= value ("fp32" when absent) of the first table in
// `path`: which reader a command needs.
std::string tbl_format_key(const std::string& path);

// `digits` hex digits, '_', `digits` hex digits.
bool parse_tbl_row(const std::string& text, size_t digits, uint32_t& first, uint32_t& second);

// A header integer in -100000..100000 (no valid table leaves that range).
bool parse_header_int(const std::string& text, int& value);

}  // namespace interpsim
