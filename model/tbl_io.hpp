// Reading and writing .tbl table files (DESIGN.md section 8).
#pragma once

#include <string>

#include "model/table.hpp"

namespace interpsim {

// Strict reader: throws InputError naming the file and line on anything
// malformed (header, entry count, hex, invalid a/m/n).
UniformTable read_tbl(const std::string& path);

// Writes to a temporary name in the same folder, then renames: no half-written file.
void write_tbl(const UniformTable& table, const std::string& path);

// The .tbl text of a table (header comments plus N+2 rows).
std::string format_tbl(const UniformTable& table);

}  // namespace interpsim
