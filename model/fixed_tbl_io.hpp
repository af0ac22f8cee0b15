// .tbl files of fixed-point tables (docs/design.md sections 8 and 12): the
// float tables' layout, with format=int8|int16|int32 and the fractional bit
// counts fx, fy, fk, fb in the header, and rows of two's-complement entries
// of the table's width (KK_BB, KKKK_BBBB, KKKKKKKK_BBBBBBBB).
#pragma once

#include <string>

#include "model/fixed_point.hpp"

namespace interpsim {

// The key=value header line of a fixed-point table ("// func=... fb=...").
std::string fixed_tbl_header(const FixedTable& table);

// The .tbl text of a fixed-point table.
std::string format_fixed_tbl(const FixedTable& table);

// Writes to a temporary name in the same folder, then renames.
void write_fixed_tbl(const FixedTable& table, const std::string& path);

// Strict reader: throws InputError naming path:line for a malformed header, a
// key it does not know, a missing key, invalid parameters
// (check_fixed_table's reason), a bad row or the wrong row count.
FixedTable read_fixed_tbl(const std::string& path);

// True when `name` is a fixed-point format (int8, int16, int32).
bool is_fixed_format_name(const std::string& name);

}  // namespace interpsim
