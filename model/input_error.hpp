// The error type for bad user input (tables, traces, configs, options).
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>

namespace interpsim {

// Thrown for bad input; what() is one line that names the file/line/option and
// what was expected. The command line turns it into exit status 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(one_line(message)) {}

 private:
  // Messages quote users' bytes (a .npy header's dtype, a value): control
  // characters are written as \n, \r, \t or \xNN, so the message stays one
  // line whatever the file held (found by testbench/fuzz).
  static std::string one_line(const std::string& message) {
    std::string line;
    line.reserve(message.size());
    for (const char c : message) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '\n') {
        line += "\\n";
      } else if (c == '\r') {
        line += "\\r";
      } else if (c == '\t') {
        line += "\\t";
      } else if (byte < 0x20 || byte == 0x7f) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
        line += escaped;
      } else {
        line += c;
      }
    }
    return line;
  }
};

}  // namespace interpsim
