// interpsim paper: the paper's Tables 3, 11 and 12 as the SIMT model predicts
// them for the V100 configuration, beside the published numbers
// (docs/results/paper-tables.md).
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "model/atomic_file.hpp"
#include "sim/cli/options.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/params.hpp"
#include "sim/simt/paper.hpp"
#include "sim/simt/simt_config.hpp"

namespace interpsim::cli {

int run_paper(int argc, char** argv) {
  const std::string default_config = simt::default_configs_dir() + "/v100.ini";
  po::options_description options;
  options.add_options()                                                                //
      ("json", po::value<std::string>(), "write the predictions (JSON) to this file")  //
      ("config", po::value<std::string>()->default_value(default_config),
       "machine configuration (INI)")  //
      ("elements", po::value<long long>()->default_value(5000000),
       "inputs per kernel (the paper: 5,000,000)")  //
      ("gpu", po::bool_switch(),
       "also put the model beside the GPU measurements in --results: each kernel of a "
       "gpu-<name>.csv (gpu_bench --csv) simulated on configs/<name>.ini, about a second "
       "each")  //
      ("results", po::value<std::string>()->default_value(""),
       "folder with gpu-<name>.csv measurements (default: the repository's docs/results; "
       "implies --gpu)")  //
      ("harness", po::value<std::string>()->default_value("one_pass"),
       ("what the paper timed, as a hypothesis: " + simt::paper_harness_names() +
        " | all (docs/results/paper-tables.md)")
           .c_str())  //
      ("quiet", po::bool_switch(), "no progress lines on stderr");
  const CommandHelp help{
      "interpsim paper [--json FILE.json] [--config configs/v100.ini] [--elements N]\n"
      "                [--harness one_pass|normcdf_f64|launches|small_grid|...|all]",
      "Simulates every kernel of the paper's Tables 3, 11 and 12 on the SIMT model (V100\n"
      "configuration, the paper's intervals and segment counts, uniform inputs) and prints\n"
      "the predicted speedups beside the published ones with their relative errors. With\n"
      "--gpu, also the prediction for each GPU of docs/results/gpu-<name>.csv (gpu_bench\n"
      "--csv; configs/<name>.ini) beside each measurement timed under the harnesses asked for."};
  po::variables_map values;
  if (!parse_options(argc, argv, help, options, values)) return 0;
  const long long elements = values["elements"].as<long long>();
  if (elements < 1 || elements > (1LL << 32)) throw_bad_option("elements", "outside 1..2^32");
  const std::string harness = values["harness"].as<std::string>();
  std::vector<std::string> harnesses = simt::paper_harnesses();
  if (harness != "all") {
    if (std::find(harnesses.begin(), harnesses.end(), harness) == harnesses.end()) {
      throw_bad_option("harness",
                       "'" + harness + "' is not one of " + simt::paper_harness_names() + " | all");
    }
    harnesses = {harness};
  }
  const simt::SimtConfig machine = simt::load_simt_config(values["config"].as<std::string>());
  const bool quiet = values["quiet"].as<bool>();
  const auto progress = [quiet](const std::string& what) {
    if (!quiet) std::cerr << "paper: simulating " << what << "\n";
  };
  nlohmann::json prediction = naming_config_source(values["config"].as<std::string>(), [&] {
    return simt::predict_paper_tables(machine, elements, progress, harnesses);
  });
  // The GPU comparison simulates every measured kernel on the GPU's
  // configuration (tens of seconds for gpu_bench's rows): asked for, not
  // implied by a file in docs/results.
  std::string results = values["results"].as<std::string>();
  if (values["gpu"].as<bool>() || !results.empty()) {
    if (results.empty()) results = simt::default_configs_dir() + "/../docs/results";
    prediction["gpu_measurements"] = simt::compare_gpu_measurements(
        results, simt::default_configs_dir(), elements, progress, harnesses);
  }
  if (values.count("json") != 0) {
    write_file_atomically(values["json"].as<std::string>(), json_text(prediction, 1) + "\n");
  }
  std::cout << simt::paper_tables_text(prediction);
  return 0;
}

}  // namespace interpsim::cli
