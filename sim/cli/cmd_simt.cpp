// interpsim simt: the SIMT (GPU-like) array model over a trace (docs/simt.md).
#include <iostream>
#include <string>

#include "model/atomic_file.hpp"
#include "model/input_error.hpp"
#include "sim/cli/options.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/params.hpp"
#include "sim/simt/kernels.hpp"
#include "sim/simt/simt_config.hpp"
#include "sim/simt/simt_run.hpp"

namespace interpsim::cli {

int run_simt(int argc, char** argv) {
  po::options_description options("Command");
  options.add_options()                                                                           //
      ("config", po::value<std::string>(), "machine configuration (INI), e.g. configs/v100.ini")  //
      ("json", po::value<std::string>(), "write the statistics (JSON) to this file");
  const po::options_description machine = simt::simt_params().options();
  po::options_description all;
  all.add(options).add(machine);
  const CommandHelp help{
      "interpsim simt --config FILE.ini --kernel NAME [--json STATS.json] [--KEY VALUE ...]",
      "Simulates a GPU-like SIMT array (SMs, warp schedulers, FP32/INT/SFU pipes, an optional\n"
      "INTERP unit per scheduler, 32-bank shared memory, L1, DRAM bandwidth, occupancy) running\n"
      "one kernel over a trace, warp by warp on the real data, and prints cycles, time,\n"
      "utilization, stall reasons, bank-conflict replays and DRAM bandwidth.\n"
      "Kernels: " +
          simt::kernel_names() +
          "\n"
          "Every configuration key is also an option (the command line wins over the file)."};
  po::variables_map values;
  if (!parse_options(argc, argv, help, all, values)) return 0;
  const simt::SimtConfig config = simt::simt_params().from_command_line(machine, values);
  const std::string source = config_source(values);
  simt::find_kernel(config.kernel, source);
  const simt::SimtRun run = naming_config_source(source, [&] { return simt::run_simt(config); });
  if (values.count("json") != 0) {
    write_file_atomically(values["json"].as<std::string>(),
                          json_text(simt::stats_to_json(run), 1) + "\n");
  }
  std::cout << simt::stats_summary(run);
  return run.mismatches == 0 ? 0 : 1;
}

}  // namespace interpsim::cli
