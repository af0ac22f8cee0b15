#include "sim/common/ini_file.hpp"

#include <fstream>
#include <sstream>

#include "model/input_error.hpp"

namespace interpsim {

namespace po = boost::program_options;

std::string trim_blanks(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

std::vector<IniLine> parse_ini_lines(const std::string& path, const std::string& text) {
  std::vector<IniLine> entries;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const std::string body = trim_blanks(line.substr(0, line.find_first_of("#;")));
    if (body.empty()) continue;
    const std::string where = path + ":" + std::to_string(number);
    if (body.front() == '[') {
      throw InputError(where + ": sections are not used (put every key at the top level): '" +
                       body + "'");
    }
    const size_t equals = body.find('=');
    if (equals == std::string::npos) {
      throw InputError(where + ": expected 'key = value', got '" + body + "'");
    }
    const std::string key = trim_blanks(body.substr(0, equals));
    // Boost matches an empty name against every option ("ambiguous"), so an
    // empty key is refused here, with the line.
    if (key.empty()) throw InputError(where + ": no key before '=' in '" + body + "'");
    entries.push_back({key, trim_blanks(body.substr(equals + 1)), number, where});
  }
  return entries;
}

void read_ini_file(const std::string& path, const po::options_description& options,
                   po::variables_map& values) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the configuration file");
  std::stringstream contents;
  contents << in.rdbuf();
  // Our own pass first, so that errors name the line (Boost's do not).
  for (const IniLine& entry : parse_ini_lines(path, contents.str())) {
    bool known = false;
    try {
      known = options.find_nothrow(entry.key, false) != nullptr;
    } catch (const po::error& error) {
      throw InputError(entry.where + ": key '" + entry.key + "': " + error.what());
    }
    if (!known) throw InputError(entry.where + ": unknown key '" + entry.key + "'");
  }
  std::istringstream again(contents.str());
  try {
    po::store(po::parse_config_file(again, options, false), values);
  } catch (const po::error& error) {
    throw InputError(path + ": " + error.what());
  }
}

}  // namespace interpsim
