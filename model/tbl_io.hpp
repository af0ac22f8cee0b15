// Reading and writing .tbl table files (docs/design.md section 8).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "model/float_text.hpp"  // shortest_decimal, used with the headers
#include "model/table.hpp"

namespace interpsim {

// Strict reader: throws InputError naming the file and line on anything
// malformed (header, entry count, hex, invalid a/m/n).
UniformTable read_tbl(const std::string& path);

// Parses one table from lines[begin, end) of `path` (the magic line first);
// errors name path:line with line = index + 1. read_tbl is this over the whole file.
UniformTable parse_tbl_block(const std::vector<std::string>& lines, size_t begin, size_t end,
                             const std::string& path);

// Writes to a temporary name in the same folder, then renames: no half-written file.
void write_tbl(const UniformTable& table, const std::string& path);

// The .tbl text of a table (header comments plus N+2 rows).
std::string format_tbl(const UniformTable& table);

}  // namespace interpsim
