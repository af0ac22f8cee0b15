// The harnesses of `interpsim paper` (docs/results/paper-tables.md) on
// answers the tests derive themselves: the double-precision GELU kernel's
// program against gpu_ref's SASS mix file, its FP64 issue bound, its oracle
// against a long-double reference, the small grid's block count, and the
// launch-overhead harness against the one-pass times plus the configured
// overhead.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model/input_error.hpp"
#include "sim/simt/kernels.hpp"
#include "sim/simt/paper.hpp"
#include "sim/simt/simt_config.hpp"
#include "sim/simt/simt_run.hpp"

namespace interpsim::simt {
namespace {

SimtConfig v100() {
  return load_simt_config(default_configs_dir() + "/v100.ini");
}

// The per-element SASS classes of one kernel, read here from the JSON file.
std::map<std::string, int> sass_classes(const std::string& kernel) {
  std::ifstream in(default_instruction_mix_path());
  const nlohmann::json mix = nlohmann::json::parse(in);
  std::map<std::string, int> classes;
  for (const auto& [name, count] : mix["mixes"]["sass_sm_75"][kernel]["per_element"].items()) {
    classes[name] = count.get<int>();
  }
  return classes;
}

TEST(PaperHarness, F64GeluProgramHasTheSassMixFp64CountedApart) {
  const SimtConfig config = v100();
  const KernelInfo& kernel = find_kernel("native_gelu_normcdf_f64", "test");
  const Program program = build_program(kernel, TableShape{}, config);
  const std::vector<int> units = unit_counts(program.body);
  std::map<std::string, int> sass = sass_classes("native_gelu_normcdf_f64");
  // docs/simt.md's folding of SASS classes onto issue units.
  const int fp64 = sass["fp64"];
  const int sfu = sass["sfu"] + sass["conversion"];
  const int integer = sass["int"] + sass["move"] + sass["uniform"];
  const int lsu = sass["load_global"] + sass["store_global"] + sass["load_shared"] +
                  sass["store_shared"] + sass["local"];
  const int ctrl = sass["branch"] + sass["sync"] + sass["load_const"] + sass["other"];
  EXPECT_GT(fp64, 40) << "the double normcdf is mostly FP64 instructions";
  EXPECT_EQ(units[static_cast<int>(Unit::kFp64)], fp64);
  EXPECT_EQ(units[static_cast<int>(Unit::kFp32)], sass["fp32"]);
  EXPECT_EQ(units[static_cast<int>(Unit::kSfu)], sfu);
  EXPECT_EQ(units[static_cast<int>(Unit::kInt)], integer);
  EXPECT_EQ(units[static_cast<int>(Unit::kLsu)], lsu);
  EXPECT_EQ(units[static_cast<int>(Unit::kCtrl)], ctrl);
  // The float kernel (normcdff) has none.
  EXPECT_EQ(sass_classes("native_gelu_normcdf")["fp64"], 0);
}

TEST(PaperHarness, F64GeluIsBoundByTheFp64Rate) {
  // Compute-bound where the elements are in registers: warps x FP64
  // instructions / (SMs x FP64 warp instructions per SM-cycle) cycles at least.
  SimtConfig config = v100();
  config.kernel = "native_gelu_normcdf_f64";
  config.elements = 1 << 18;
  config.element_memory = "fused";
  const SimtRun run = run_simt(config);
  const double warps = config.elements / 32.0;
  const double fp64_per_warp = sass_classes("native_gelu_normcdf_f64")["fp64"];
  const double warp_instructions_per_sm_cycle = config.fp64_lanes_per_sm / 32.0;
  const double bound = warps * fp64_per_warp / (config.sms * warp_instructions_per_sm_cycle);
  EXPECT_GE(static_cast<double>(run.stats.cycles), bound);
  EXPECT_LE(static_cast<double>(run.stats.cycles), 1.25 * bound) << "FP64 should dominate";
}

TEST(PaperHarness, F64OracleIsGeluInDoubleRoundedOnce) {
  for (float x = -12.0f; x <= 12.0f; x += 0.0137f) {
    const long double wide = x;
    const long double exact = wide * 0.5L * std::erfc(-wide / std::sqrt(2.0L));
    const float got = evaluate_oracle(OracleFn::kGeluNormcdfF64, x);
    const float ulp = std::nextafter(std::fabs(static_cast<float>(exact)), INFINITY) -
                      std::fabs(static_cast<float>(exact));
    EXPECT_LE(std::fabs(static_cast<long double>(got) - exact), 0.51L * ulp) << x;
  }
}

TEST(PaperHarness, SmallGridLaunchesOneBlockPerSm) {
  SimtConfig config = v100();
  config.kernel = "alg1_global";
  config.table.func = "gelu";
  config.elements = 100000;
  config.grid_blocks = config.sms;
  const SimtRun run = run_simt(config);
  EXPECT_EQ(run.stats.grid_blocks, config.sms);
  EXPECT_EQ(run.mismatches, 0u);
  config.grid_blocks = 0;
  EXPECT_GT(run_simt(config).stats.grid_blocks, config.sms);
  config.grid_blocks = 1000000;  // more than are resident
  try {
    run_simt(config);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("grid_blocks"), std::string::npos) << error.what();
  }
}

TEST(PaperHarness, LaunchesAddTheConfiguredOverheadToEveryLaunch) {
  const SimtConfig machine = v100();
  const nlohmann::json both =
      predict_paper_tables(machine, 20000, nullptr, {"one_pass", "launches"});
  ASSERT_EQ(both["harnesses"].size(), 2u);
  const nlohmann::json& one = both["harnesses"][0];
  const nlohmann::json& launches = both["harnesses"][1];
  const double overhead_ms = machine.launch_overhead_us / 1000.0;
  ASSERT_GT(overhead_ms, 0.0);
  for (size_t i = 0; i < one["table11"].size(); ++i) {
    const double native = one["table11_native_gelu_ms"]["predicted"].get<double>();
    const double method = one["table11"][i]["predicted_ms"].get<double>();
    EXPECT_NEAR(launches["table11"][i]["predicted_speedup"].get<double>(),
                (native + overhead_ms) / (method + overhead_ms), 1e-12);
  }
  for (size_t i = 0; i < one["table3"].size(); ++i) {
    EXPECT_NEAR(launches["table3"][i]["predicted_native_ms"].get<double>(),
                one["table3"][i]["predicted_native_ms"].get<double>() + overhead_ms, 1e-12);
  }
}

// A folder holding one gpu_bench CSV, docs/results/gpu-v100.csv's layout.
std::string csv_folder(const std::string& name, const std::string& rows) {
  const std::string dir = ::testing::TempDir() + "/" + name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/gpu-v100.csv")
      << "size,format,kb,kernel,function,segments,launches,median_ms,min_ms,max_ms,gb_per_s,"
         "elements_per_s,copy_fraction,harness\n"
      << rows;
  return dir;
}

// One launch of `kernel` on the V100 as the test computes it: run_simt on the
// paper's workload with `grid_blocks`, the configured clock.
double direct_ms(const std::string& kernel, const std::string& func, int segments,
                 long long elements, long long grid_blocks) {
  SimtConfig config = v100();
  config.kernel = kernel;
  config.table.func = func;
  config.table.segments = segments;
  config.elements = elements;
  config.grid_blocks = grid_blocks;
  const SimtRun run = run_simt(config);
  EXPECT_EQ(run.mismatches, 0u);
  return time_ms(config, run.stats);
}

TEST(PaperHarness, GpuBenchCsvRowsAreFoundByTheirHeader) {
  // gpu_bench --csv's layout: only the fp32 rows at the size asked for are
  // predicted, each under the harness that timed it.
  const std::string dir =
      csv_folder("paper_gpu_csv",
                 "4000,fp32,,native_exp,exp,0,25,0.01,0.01,0.01,1,1,1,one_pass\n"
                 "4000,fp16,io,alg1_global,exp,256,25,0.01,0.01,0.01,1,1,1,one_pass\n"
                 "8000,fp32,,native_exp,exp,0,25,0.02,0.01,0.01,1,1,1,one_pass\n");
  const nlohmann::json got = compare_gpu_measurements(dir, default_configs_dir(), 4000, nullptr);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got[0]["rows"].size(), 1u) << got.dump();
  EXPECT_EQ(got[0]["rows"][0]["kernel"], "native_exp");
  EXPECT_EQ(got[0]["rows"][0]["harness"], "one_pass");
  EXPECT_DOUBLE_EQ(got[0]["rows"][0]["measured_ms"].get<double>(), 0.01);
  EXPECT_GT(got[0]["rows"][0]["predicted_ms"].get<double>(), 0.0);
}

TEST(PaperHarness, GpuBenchHarnessRowsArePredictedAsTheyWereLaunched) {
  // gpu_bench --harness: small_grid launches one block per SM, launches
  // waits for each launch (so each pays the host's launch overhead).
  const long long elements = 100000;
  const std::string dir =
      csv_folder("paper_gpu_harness_csv",
                 "100000,fp32,,alg1_global,gelu,64,25,0.05,0.01,0.01,1,1,1,one_pass\n"
                 "100000,fp32,,alg1_global,gelu,64,25,0.05,0.01,0.01,1,1,1,small_grid\n"
                 "100000,fp32,,alg1_global,gelu,64,25,0.05,0.01,0.01,1,1,1,launches\n"
                 "100000,fp32,,alg1_global,gelu,64,25,0.05,0.01,0.01,1,1,1,nvprof\n");
  const nlohmann::json got =
      compare_gpu_measurements(dir, default_configs_dir(), elements, nullptr, paper_harnesses());
  ASSERT_EQ(got.size(), 1u);
  const nlohmann::json& rows = got[0]["rows"];
  ASSERT_EQ(rows.size(), 4u) << got.dump();
  const SimtConfig machine = v100();
  const double full = direct_ms("alg1_global", "gelu", 64, elements, 0);
  const double small = direct_ms("alg1_global", "gelu", 64, elements, machine.sms);
  ASSERT_NE(full, small) << "the test needs the two grids to differ";
  EXPECT_EQ(rows[0]["harness"], "one_pass");
  EXPECT_NEAR(rows[0]["predicted_ms"].get<double>(), full, 1e-12);
  EXPECT_EQ(rows[1]["harness"], "small_grid");
  EXPECT_NEAR(rows[1]["predicted_ms"].get<double>(), small, 1e-12);
  EXPECT_EQ(rows[2]["harness"], "launches");
  EXPECT_NEAR(rows[2]["predicted_ms"].get<double>(), full + machine.launch_overhead_us / 1000.0,
              1e-12);
  EXPECT_NEAR(rows[2]["relative_error"].get<double>(),
              (rows[2]["predicted_ms"].get<double>() - 0.05) / 0.05, 1e-12);
  // A harness the model does not know is reported, not guessed.
  EXPECT_FALSE(rows[3].contains("predicted_ms"));
  EXPECT_NE(rows[3]["note"].get<std::string>().find("nvprof"), std::string::npos);
  // The summary: one kernel per known harness, its |error| as the median.
  ASSERT_EQ(got[0]["summary"].size(), 3u) << got[0]["summary"].dump();
  for (const auto& line : got[0]["summary"]) {
    EXPECT_EQ(line["kernels"], 1);
    const std::string harness = line["harness"];
    for (const auto& row : rows) {
      if (row["harness"] == harness) {
        EXPECT_DOUBLE_EQ(line["median_abs_relative_error"].get<double>(),
                         std::fabs(row["relative_error"].get<double>()));
        EXPECT_EQ(line["within_15_percent"],
                  std::fabs(row["relative_error"].get<double>()) <= 0.15 ? 1 : 0);
      }
    }
  }
  // Only the harnesses asked for (the default: one_pass); the unknown one is
  // still noted.
  const nlohmann::json one =
      compare_gpu_measurements(dir, default_configs_dir(), elements, nullptr);
  ASSERT_EQ(one[0]["rows"].size(), 2u) << one.dump();
  EXPECT_EQ(one[0]["rows"][0]["harness"], "one_pass");
  EXPECT_EQ(one[0]["rows"][1]["harness"], "nvprof");
}

TEST(PaperHarness, GpuBenchCsvBadNumberNamesFileAndLine) {
  const std::string dir =
      csv_folder("paper_gpu_bad_csv",
                 "4000,fp32,,native_exp,exp,0,25,0.01,0.01,0.01,1,1,1,one_pass\n"
                 "4000,fp32,,native_exp,exp,0,25,fast,0.01,0.01,1,1,1,one_pass\n");
  try {
    compare_gpu_measurements(dir, default_configs_dir(), 4000, nullptr);
    FAIL() << "no error";
  } catch (const InputError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("gpu-v100.csv:3: median_ms 'fast'"), std::string::npos) << what;
  }
}

TEST(PaperHarness, UnknownHarnessIsAnInputErrorNamingIt) {
  try {
    predict_paper_tables(v100(), 1000, nullptr, {"nvprof"});
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("harness"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("nvprof"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace interpsim::simt
