#include "sim/cli/commands.hpp"

namespace interpsim::cli {

// Adding a command: write cmd_<name>.cpp defining
//   int run_<name>(int argc, char** argv)  (namespace interpsim::cli)
// and add one line X(<name>, "<summary>") here. sim/CMakeLists.txt picks up
// every cmd_*.cpp by itself.
#define INTERPSIM_COMMANDS(X)                                                                 \
  X(table, "generate a uniform table (.tbl) and print its error against float64")             \
  X(eval, "run a table over a .npy trace with the golden model, write the outputs (.npy)")    \
  X(calibrate, "a fixed-point input format for a trace: clipping threshold by KL or max")     \
  X(compare, "uniform vs binary-search vs non-uniform (vs i-GELU) tables, 16..4096 segments") \
  X(demo, "the main job on built-in defaults (GELU 4096-segment table on a built-in trace)")  \
  X(simd, "simulate a SIMD array of interpolation lanes (RTL or cycle model) over a trace")   \
  X(simt, "simulate a GPU-like SIMT array (warps, SFU, shared memory, INTERP) on a kernel")   \
  X(paper, "the paper's Tables 3, 11, 12 predicted by the SIMT model beside the published")   \
  X(verify, "the verilated RTL (interp_unit) against the golden model, bit for bit")          \
  X(sweep, "run a manifest's verify/table/simd/simt points locally or on Slurm, merge to CSV")

#define INTERPSIM_DECLARE_COMMAND(name, summary) int run_##name(int argc, char** argv);
INTERPSIM_COMMANDS(INTERPSIM_DECLARE_COMMAND)
#undef INTERPSIM_DECLARE_COMMAND

const std::vector<Command>& all_commands() {
#define INTERPSIM_COMMAND_ENTRY(name, summary) Command{#name, summary, &run_##name},
  static const std::vector<Command> commands = {INTERPSIM_COMMANDS(INTERPSIM_COMMAND_ENTRY)};
#undef INTERPSIM_COMMAND_ENTRY
  return commands;
}

const Command* find_command(const std::string& name) {
  for (const Command& command : all_commands()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

}  // namespace interpsim::cli
