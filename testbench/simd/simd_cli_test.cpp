// `interpsim simd` through the binary: exit statuses, error messages naming
// the key and file, the stats JSON's required keys, and that the `config`
// object of a stats file repeats the run.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

const std::string kInterpsim = INTERPSIM_BINARY;

struct CommandResult {
  int status;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

CommandResult run(const std::string& arguments) {
  const std::string err = ::testing::TempDir() + "simd_cli_err.txt";
  const std::string command = "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 " + kInterpsim + " simd " +
                              arguments + " > /dev/null 2> " + err;
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(err)};
}

std::string write(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(SimdCli, UnknownKeyIsExitTwoNamingKeyFileAndLine) {
  const std::string ini = write("cli_bad.ini", "lanes = 4\n# comment\nbankz = 2\n");
  const std::string json = ::testing::TempDir() + "cli_bad.json";
  std::remove(json.c_str());
  const CommandResult result = run("--config " + ini + " --json " + json);
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find(ini + ":3"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("bankz"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
  EXPECT_FALSE(std::ifstream(json).good()) << "no output file after an error";
}

TEST(SimdCli, BadValueIsExitTwo) {
  EXPECT_EQ(run("--lanes 4 --table_org shared").status, 2);
  EXPECT_EQ(run("--lanes 4 --segments 100").status, 2);
  EXPECT_EQ(run("--lanes 4 --trace /nonexistent.npy").status, 2);
  EXPECT_EQ(run("--lanes 4 --design nonuniform --lane_impl rtl --trace_count 64").status, 2);
}

TEST(SimdCli, StatsHaveTheRequiredKeysAndRepeatFromTheirConfig) {
  const std::string ini = write("cli_good.ini",
                                "lanes = 8\nlane_impl = rtl\ntable_org = banked\nbanks = 4\n"
                                "trace_count = 4000\nmemory_bytes_per_cycle = 40\n");
  const std::string json_path = ::testing::TempDir() + "cli_good.json";
  ASSERT_EQ(run("--config " + ini + " --json " + json_path + " --segments 256").status, 0);
  const nlohmann::json stats = nlohmann::json::parse(slurp(json_path));
  for (const char* key :
       {"cycles", "elements", "elements_per_cycle", "lane_utilization", "stalls", "table_reads",
        "bank_conflict_cycles", "mismatches", "checked", "golden", "sim_seconds",
        "sim_elements_per_second", "config"}) {
    EXPECT_TRUE(stats.contains(key)) << key;
  }
  for (const char* key : {"memory", "table_conflict", "output"}) {
    EXPECT_TRUE(stats["stalls"].contains(key)) << key;
  }
  EXPECT_EQ(stats["mismatches"], 0);
  EXPECT_EQ(stats["checked"], "rtl");  // RTL lanes: the check compares real outputs
  EXPECT_EQ(stats["elements"], 4000);
  EXPECT_EQ(stats["config"]["segments"], 256);  // the command line won over the INI
  uint64_t lane_cycles = stats["elements"].get<uint64_t>();
  for (const auto& [key, value] : stats["stalls"].items()) lane_cycles += value.get<uint64_t>();
  EXPECT_EQ(lane_cycles, stats["cycles"].get<uint64_t>() * 8);

  // The config object alone, as INI, repeats the run.
  std::string repeat_ini;
  for (const auto& [key, value] : stats["config"].items()) {
    repeat_ini +=
        key + " = " + (value.is_string() ? value.get<std::string>() : value.dump()) + "\n";
  }
  const std::string again_path = ::testing::TempDir() + "cli_again.json";
  ASSERT_EQ(run("--config " + write("cli_again.ini", repeat_ini) + " --json " + again_path).status,
            0);
  const nlohmann::json again = nlohmann::json::parse(slurp(again_path));
  EXPECT_EQ(again["cycles"], stats["cycles"]);
  EXPECT_EQ(again["stalls"], stats["stalls"]);
  EXPECT_EQ(again["config"], stats["config"]);
}

TEST(SimdCli, ModelLanesSayTheirCheckProvesRoutingOnly) {
  const std::string json_path = ::testing::TempDir() + "cli_model.json";
  ASSERT_EQ(run("--lanes 8 --lane_impl model --trace_count 500 --json " + json_path).status, 0);
  const nlohmann::json stats = nlohmann::json::parse(slurp(json_path));
  EXPECT_EQ(stats["mismatches"], 0);
  EXPECT_EQ(stats["checked"], "routing");
  const std::string unchecked = ::testing::TempDir() + "cli_unchecked.json";
  ASSERT_EQ(run("--lanes 8 --lane_impl model --check false --trace_count 500 --json " + unchecked)
                .status,
            0);
  EXPECT_EQ(nlohmann::json::parse(slurp(unchecked))["checked"], "none");
}

}  // namespace
