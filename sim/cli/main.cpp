// interpsim: dispatch to a command, and the one place that maps errors to exit
// statuses (docs/cli.md): 0 success, 1 internal error or failed check, 2 bad
// command line or bad input (table, trace, config).
#include <algorithm>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include <boost/program_options/errors.hpp>

#include "model/input_error.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"

// The project version, from CMake (project(interpsim VERSION ...)).
#ifndef INTERPSIM_VERSION
#define INTERPSIM_VERSION "unknown"
#endif

namespace {

constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

void print_top_level_help(std::ostream& out) {
  out << "Usage: interpsim <command> [options]\n"
         "       interpsim <command> --help\n\n"
         "Simulates and checks hardware that evaluates DNN nonlinear functions by\n"
         "multi-segment linear interpolation with an O(1) segment lookup.\n\n"
         "Commands:\n";
  for (const interpsim::cli::Command& command : interpsim::cli::all_commands()) {
    std::string name = command.name;
    name.resize(std::max<size_t>(name.size() + 2, 10), ' ');
    out << "  " << name << command.summary << "\n";
  }
  out << "\n'interpsim help COMMAND' or 'interpsim COMMAND --help' describes one command.\n"
         "\nExit status: 0 success, 1 internal error or failed check, 2 bad command line\n"
         "or bad input file. See docs/cli.md.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "interpsim: missing command (see 'interpsim --help')\n";
    return kExitBadInput;
  }
  std::string name = argv[1];
  if (name == "--version") {
    std::cout << "interpsim " << INTERPSIM_VERSION << "\n";
    return 0;
  }
  // `interpsim help COMMAND` is `interpsim COMMAND --help`.
  char help_flag[] = "--help";
  char* help_argv[] = {argv[0], argc > 2 ? argv[2] : argv[1], help_flag, nullptr};
  if (name == "help" && argc > 2) {
    name = argv[2];
    argc = 3;
    argv = help_argv;
  } else if (name == "--help" || name == "-h" || name == "help") {
    print_top_level_help(std::cout);
    return 0;
  }
  const interpsim::cli::Command* command = interpsim::cli::find_command(name);
  if (command == nullptr) {
    std::cerr << "interpsim: unknown " << (name.rfind("-", 0) == 0 ? "option" : "command") << " '"
              << name << "' (see 'interpsim --help')\n";
    return kExitBadInput;
  }
  try {
    return command->run(argc - 1, argv + 1);
  } catch (const interpsim::cli::UsageError& error) {
    std::cerr << "interpsim " << name << ": " << error.what() << " (see 'interpsim " << name
              << " --help')\n";
    return kExitBadInput;
  } catch (const boost::program_options::error& error) {
    std::cerr << "interpsim " << name << ": " << error.what() << "\n";
    return kExitBadInput;
  } catch (const interpsim::InputError& error) {
    // The model's message already names the file and line.
    std::cerr << "interpsim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "interpsim " << name << ": out of memory\n";
    return kExitInternal;
  } catch (const std::exception& error) {
    std::cerr << "interpsim " << name << ": internal error: " << error.what() << "\n";
    return kExitInternal;
  }
}
