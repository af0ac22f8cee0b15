// Command-line parsing shared by every command (Boost.Program_options).
#pragma once

#include <stdexcept>
#include <string>

#include <boost/program_options.hpp>

namespace interpsim::cli {

namespace po = boost::program_options;

// A bad command line: unknown or missing option, bad value, stray argument.
// what() names the option; main() prints "interpsim <command>: <what>" and
// exits with status 2.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

// What a command's --help prints around its option list.
struct CommandHelp {
  std::string synopsis;     // e.g. "interpsim eval --table T.tbl --in X.npy --out Y.npy"
  std::string description;  // a few lines on what the command does
};

// Parses argv (argv[0] is the command name) against `options` plus --help.
// Long options only (--name VALUE or --name=VALUE), no abbreviations, so a
// negative number such as `--a -5` is a value. Returns false when --help was
// given (the help has been printed to stdout); throws UsageError otherwise on
// any problem, including stray positional arguments.
bool parse_options(int argc, char** argv, const CommandHelp& help,
                   const po::options_description& options, po::variables_map& values);

// A float32 option value: a decimal number or 0x float32 bits, read by
// parse_float32 (model/float_text.hpp) as .tbl headers and configuration keys
// are. Throws UsageError naming `option` unless it is a finite float32
// the text denotes exactly (decimal text is rounded to nearest once).
float parse_float_option(const std::string& option, const std::string& text);

// Throws UsageError("--<option>: <reason>").
[[noreturn]] void throw_bad_option(const std::string& option, const std::string& reason);

}  // namespace interpsim::cli
