// The registry of interpsim commands: name, one-line summary, entry point.
#pragma once

#include <string>
#include <vector>

namespace interpsim::cli {

// A command's entry point. argv[0] is the command name, the rest its options.
// Returns the exit status; bad input is thrown (UsageError, InputError) and
// turned into exit status 2 by main().
using CommandMain = int (*)(int argc, char** argv);

struct Command {
  const char* name;
  const char* summary;  // one line, shown by `interpsim --help`
  CommandMain run;
};

// In the order `interpsim --help` lists them.
const std::vector<Command>& all_commands();

// nullptr when there is no such command.
const Command* find_command(const std::string& name);

}  // namespace interpsim::cli
