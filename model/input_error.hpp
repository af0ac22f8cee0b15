// The error type for bad user input (tables, traces, configs, options).
#pragma once

#include <stdexcept>
#include <string>

namespace interpsim {

// Thrown for bad input; what() is one line that names the file/line/option and
// what was expected. The command line turns it into exit status 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace interpsim
