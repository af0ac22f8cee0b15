// The paper's timing tables (3, 11, 12) as the SIMT model predicts them, beside
// the published numbers (docs/results/paper-tables.md).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/simt/simt_config.hpp"

namespace interpsim::simt {

// The harnesses: hypotheses about what the paper's timed region was
// (docs/results/paper-tables.md), the first (one_pass) the default.
const std::vector<std::string>& paper_harnesses();
std::string paper_harness_names();  // "one_pass | normcdf_f64 | ..."

// Simulates every kernel the three tables need on `machine` (workload keys
// are overridden: the paper's intervals, `elements` uniform inputs) and
// returns the JSON of docs/design.md section 9 plus per-kernel times, under
// each named harness (an unknown name: InputError naming `harness`). One
// harness: its tables at the top level; several: an array `harnesses`. Runs
// shared between tables and harnesses are simulated once, on all cores.
// `progress` (may be null) is told each kernel as it starts.
nlohmann::json predict_paper_tables(const SimtConfig& machine, long long elements,
                                    const std::function<void(const std::string&)>& progress,
                                    const std::vector<std::string>& harnesses = {"one_pass"});

// Where docs/results/gpu-<name>.csv (gpu_bench --csv) exists and
// configs/<name>.ini too, the model's prediction beside the measurement at
// the paper's size, for the rows timed under one of `harnesses` (rows of a
// harness the model does not know are listed with a note); an empty array
// when there is none.
nlohmann::json compare_gpu_measurements(const std::string& results_dir,
                                        const std::string& configs_dir, long long elements,
                                        const std::function<void(const std::string&)>& progress,
                                        const std::vector<std::string>& harnesses = {"one_pass"});

// The text tables `interpsim paper` prints.
std::string paper_tables_text(const nlohmann::json& prediction);

}  // namespace interpsim::simt
