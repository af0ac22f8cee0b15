#include "sim/cli/options.hpp"

#include <cmath>
#include <iostream>
#include <optional>

#include "model/float_text.hpp"

namespace interpsim::cli {

bool parse_options(int argc, char** argv, const CommandHelp& help,
                   const po::options_description& options, po::variables_map& values) {
  po::options_description help_option;
  help_option.add_options()("help", "print this help and exit");
  po::options_description all("Options");
  all.add(options).add(help_option);
  const int style = po::command_line_style::unix_style & ~po::command_line_style::allow_guessing &
                    ~po::command_line_style::allow_short;
  try {
    // argv[0] is the command name; Boost skips it like a program name.
    const po::parsed_options parsed =
        po::command_line_parser(argc, argv).options(all).style(style).run();
    for (const po::option& option : parsed.options) {
      if (option.string_key.empty()) {
        const std::string token = option.original_tokens.empty() ? "" : option.original_tokens[0];
        throw UsageError("unexpected argument '" + token + "' (options are --name VALUE)");
      }
    }
    po::store(parsed, values);
    if (values.count("help") != 0) {
      std::cout << "Usage: " << help.synopsis << "\n\n" << help.description << "\n\n" << all;
      return false;
    }
    po::notify(values);
  } catch (const po::error& error) {
    throw UsageError(error.what());
  }
  return true;
}

void throw_bad_option(const std::string& option, const std::string& reason) {
  throw UsageError("--" + option + ": " + reason);
}

float parse_float_option(const std::string& option, const std::string& text) {
  if (text.empty()) throw_bad_option(option, "empty value (expected a number)");
  const std::optional<float> value = parse_float32(text);
  if (!value) {
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
      throw_bad_option(option, "'" + text + "' is not 0x followed by at most 8 hex digits");
    }
    throw_bad_option(option, "'" + text + "' is not a number");
  }
  if (!std::isfinite(*value)) throw_bad_option(option, "'" + text + "' is not a finite float32");
  return *value;
}

}  // namespace interpsim::cli
