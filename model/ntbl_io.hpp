// Reading and writing .ntbl non-uniform table files (docs/algorithm.md):
//   // interp-ntable v1
//   // func=gelu a=-5 m=3 parts=P segments=S edges=asymptote
//   then P embedded interp-table v1 blocks (magic line, header line, N_j+2 rows).
#pragma once

#include <string>

#include "model/nonuniform.hpp"

namespace interpsim {

// Strict reader: InputError naming file:line on anything malformed.
NonuniformTable read_ntbl(const std::string& path);

// Via write_file_atomically: no half-written file.
void write_ntbl(const NonuniformTable& table, const std::string& path);

std::string format_ntbl(const NonuniformTable& table);

}  // namespace interpsim
