// `interpsim simt` and `interpsim paper` through the binary: the stats JSON
// carries docs/design.md section 6's keys, bad configurations exit 2 with a
// one-line error naming the file/line or option and write nothing.
#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

struct Result {
  int status;
  std::string output;  // stdout and stderr
};

Result run(const std::string& arguments) {
  const std::string command = std::string(INTERPSIM_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer;
  size_t got = 0;
  while ((got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), got);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string v100() {
  return std::string(INTERPSIM_SOURCE_DIR) + "/configs/v100.ini";
}

TEST(SimtCli, StatsJsonHasTheRequiredKeys) {
  const std::string json_path = ::testing::TempDir() + "/simt_stats.json";
  std::remove(json_path.c_str());
  const Result r =
      run("simt --config " + v100() +
          " --kernel alg1_shared --segments 256 --elements 100000 --json " + json_path);
  ASSERT_EQ(r.status, 0) << r.output;
  std::ifstream in(json_path);
  const nlohmann::json stats = nlohmann::json::parse(in);
  for (const char* key : {"cycles", "elements", "elements_per_cycle", "lane_utilization", "stalls",
                          "table_reads", "bank_conflict_replays", "mismatches", "sim_seconds",
                          "sim_elements_per_second", "config", "time_ms", "utilization"}) {
    EXPECT_TRUE(stats.contains(key)) << key;
  }
  for (const char* reason : {"memory", "table_conflict", "output"}) {
    EXPECT_TRUE(stats["stalls"].contains(reason)) << reason;
  }
  EXPECT_EQ(stats["elements"], 100000);
  EXPECT_EQ(stats["mismatches"], 0);
  EXPECT_GT(stats["bank_conflict_replays"].get<long long>(), 0);  // random rows in 32 banks
  EXPECT_EQ(stats["config"]["sms"], 80);
  EXPECT_EQ(stats["config"]["segments"], 256);
  EXPECT_EQ(stats["config"]["kernel"], "alg1_shared");
}

TEST(SimtCli, UnknownConfigKeyExits2NamingFileAndLine) {
  const std::string ini = ::testing::TempDir() + "/simt_cli_bad.ini";
  std::ofstream(ini) << "sms = 4\nwarps = 3\n";
  const std::string json_path = ::testing::TempDir() + "/simt_not_written.json";
  std::remove(json_path.c_str());
  const Result r = run("simt --config " + ini + " --kernel copy --json " + json_path);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(ini + ":2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("warps"), std::string::npos) << r.output;
  EXPECT_FALSE(std::ifstream(json_path).good());
}

TEST(SimtCli, BadValuesExit2NamingTheOption) {
  Result r = run("simt --config " + v100() + " --kernel copy --dram_gb_per_s fast");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("command line: dram_gb_per_s"), std::string::npos) << r.output;
  r = run("simt --config " + v100() + " --kernel nope");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("kernel"), std::string::npos) << r.output;
  r = run("simt --config " + v100() + " --kernel interp --elements 1000");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("interp_lanes_per_scheduler"), std::string::npos) << r.output;
  r = run("simt --config " + v100() +
          " --kernel interp --interp_lanes_per_scheduler 2 --lane_impl verilog");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("command line: lane_impl: 'verilog'"), std::string::npos) << r.output;
  r = run("simt --config /nonexistent/v100.ini --kernel copy");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/v100.ini"), std::string::npos) << r.output;
}

TEST(SimtCli, Fp16RunChecksInTheFormat) {
  const std::string json_path = ::testing::TempDir() + "/simt_fp16_stats.json";
  std::remove(json_path.c_str());
  const Result r = run("simt --config " + v100() +
                       " --kernel alg1_global --format fp16 --kb io --segments 256"
                       " --elements 50000 --json " +
                       json_path);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("fp16 data (kb io)"), std::string::npos) << r.output;
  std::ifstream in(json_path);
  const nlohmann::json stats = nlohmann::json::parse(in);
  EXPECT_EQ(stats["mismatches"], 0);
  EXPECT_EQ(stats["checked"], "program");
  EXPECT_EQ(stats["format"], "fp16");
  EXPECT_EQ(stats["element_bytes"], 2);
  EXPECT_EQ(stats["config"]["format"], "fp16");
  EXPECT_EQ(stats["dram_read_bytes"], 50000 * 2);
}

TEST(SimtCli, FormatCombinationsThatCannotRunExit2) {
  const std::string json_path = ::testing::TempDir() + "/simt_format_not_written.json";
  for (const char* options :
       {"--kernel alg1_global --format fp16 --kb fp32", "--kernel alg1_shared --format bf16",
        "--kernel native_gelu_erf --format bf16", "--kernel bsearch --format fp16 --kb io",
        "--kernel alg1_global --format fp8e5m2 --kb io"}) {
    std::remove(json_path.c_str());
    const Result r =
        run("simt --config " + v100() + " --elements 1000 " + options + " --json " + json_path);
    EXPECT_EQ(r.status, 2) << options << ": " << r.output;
    EXPECT_NE(r.output.find("interpsim: "), std::string::npos) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_FALSE(std::ifstream(json_path).good()) << options;
  }
}

TEST(SimtCli, PaperSmallRunPrintsTheThreeTables) {
  const Result r = run("paper --quiet --elements 20000");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* text : {"Table 3", "Table 11", "Table 12", "GPU measurements: not compared"}) {
    EXPECT_NE(r.output.find(text), std::string::npos) << text;
  }
}

TEST(SimtCli, PaperComparesGpuMeasurementsWhenAsked) {
  // --results names the folder and implies --gpu: the measured kernel with
  // the model's time beside it; a row of a harness not asked for is left out.
  const std::string dir = ::testing::TempDir() + "/paper_cli_gpu";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/gpu-v100.csv")
      << "size,format,kb,kernel,function,segments,launches,median_ms,min_ms,max_ms,gb_per_s,"
         "elements_per_s,copy_fraction,harness\n"
      << "20000,fp32,,native_tanh,tanh,0,25,0.0123,0.01,0.01,1,1,1,one_pass\n"
      << "20000,fp32,,native_tanh,tanh,0,25,0.0456,0.01,0.01,1,1,1,launches\n";
  const Result r = run("paper --quiet --elements 20000 --results " + dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("native_tanh"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("0.0123"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("0.0456"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("one_pass: 1 kernels"), std::string::npos) << r.output;
}

TEST(SimtCli, PaperUnknownHarnessExits2NamingTheOption) {
  const std::string json_path = ::testing::TempDir() + "/paper_not_written.json";
  std::remove(json_path.c_str());
  const Result r = run("paper --quiet --elements 1000 --harness nvprof --json " + json_path);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("--harness"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("nvprof"), std::string::npos) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  EXPECT_FALSE(std::ifstream(json_path).good());
}

TEST(SimtCli, PaperEveryHarnessPrintsItsTablesAndTheSummary) {
  const std::string json_path = ::testing::TempDir() + "/paper_all.json";
  const Result r = run("paper --quiet --elements 4000 --harness all --json " + json_path);
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* harness : {"one_pass", "normcdf_f64", "launches", "small_grid",
                              "normcdf_f64_launches", "normcdf_f64_small_grid"}) {
    EXPECT_NE(r.output.find(std::string("harness ") + harness + ":"), std::string::npos) << harness;
  }
  EXPECT_NE(r.output.find("Harnesses against the targets"), std::string::npos) << r.output;
  std::ifstream in(json_path);
  const nlohmann::json paper = nlohmann::json::parse(in);
  ASSERT_EQ(paper["harnesses"].size(), 6u);
  for (const auto& one : paper["harnesses"]) {
    EXPECT_EQ(one["table3"].size(), 4u);
    EXPECT_EQ(one["table11"].size(), 3u);
    EXPECT_EQ(one["table12"].size(), 5u);
    EXPECT_TRUE(one.contains("reproduces_all_three"));
  }
}

}  // namespace
