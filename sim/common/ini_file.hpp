#pragma once
// The array models' configuration files (configs/*.ini): `key = value` lines,
// `#` or `;` comments, no sections. Shared by `interpsim simd` and `simt`.

#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace interpsim {

// One `key = value` line of an INI file, blanks trimmed.
struct IniLine {
  std::string key;
  std::string value;
  int line = 0;       // 1-based line number
  std::string where;  // "path:line", for messages
};

// The key = value lines of `text` (the file `path`, for messages): comments
// and blank lines skipped. A section header, a line without '=' or an empty
// key: InputError naming the file and the line.
std::vector<IniLine> parse_ini_lines(const std::string& path, const std::string& text);

// Reads `path` into `values` below the values already stored (the command line
// wins). A missing file, a section header, a line without '=' or an unknown
// key: InputError naming the file and the line ("f.ini:3: unknown key 'x'").
void read_ini_file(const std::string& path,
                   const boost::program_options::options_description& options,
                   boost::program_options::variables_map& values);

// `text` without leading and trailing blanks (spaces, tabs, CR).
std::string trim_blanks(const std::string& text);

}  // namespace interpsim
