// `interpsim simd` through the binary: exit statuses, error messages naming
// the key and file, the stats JSON's required keys, and that the `config`
// object of a stats file repeats the run.
#include <unistd.h>

#include <cstdint>
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

CommandResult run_command(const std::string& command_name, const std::string& arguments) {
  // ctest runs each case as its own process, several at once: the stderr
  // file is named by the case and the process so no two runs share one.
  const std::string err = ::testing::TempDir() + "simd_cli_err." +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name() + "." +
                          std::to_string(::getpid()) + ".txt";
  const std::string command = "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 " + kInterpsim + " " +
                              command_name + " " + arguments + " > /dev/null 2> " + err;
  const int raw = std::system(command.c_str());
  CommandResult result{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(err)};
  std::remove(err.c_str());
  return result;
}

CommandResult run(const std::string& arguments) {
  return run_command("simd", arguments);
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
  // RTL lanes trace only the uniform design.
  EXPECT_EQ(
      run("--lanes 4 --design nonuniform --lane_impl rtl --trace_count 64 --vcd x.vcd").status, 2);
}

TEST(SimdCli, StatsHaveTheRequiredKeysAndRepeatFromTheirConfig) {
  const std::string ini = write("cli_good.ini",
                                "lanes = 8\nlane_impl = rtl\ntable_org = banked\nbanks = 4\n"
                                "trace_count = 4000\nmemory_bytes_per_cycle = 40\n");
  const std::string json_path = ::testing::TempDir() + "cli_good.json";
  ASSERT_EQ(run("--config " + ini + " --json " + json_path + " --segments 256").status, 0);
  const nlohmann::json stats = nlohmann::json::parse(slurp(json_path));
  for (const char* key : {"cycles", "elements", "elements_per_cycle", "lane_utilization", "stalls",
                          "table_reads", "bank_conflict_cycles", "mismatches", "checked", "golden",
                          "sim_seconds", "sim_elements_per_second", "config"}) {
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
  ASSERT_EQ(
      run("--lanes 8 --lane_impl model --check false --trace_count 500 --json " + unchecked).status,
      0);
  EXPECT_EQ(nlohmann::json::parse(slurp(unchecked))["checked"], "none");
}

// ---------------------------------------------------------------------------
// Number formats (docs/design.md section 12): format/kb keys, element bytes,
// traces in the format's dtypes, outputs in the input's dtype.
// ---------------------------------------------------------------------------

// A 1-D .npy file of `dtype` ('|u1', '<u2', '<f2') holding `data`'s bytes.
std::string write_npy(const std::string& name, const std::string& dtype, size_t count,
                      const std::string& data) {
  std::string header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" +
                       std::to_string(count) + ",), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string file("\x93NUMPY\x01\x00", 8);
  file += static_cast<char>(header.size() & 0xFF);
  file += static_cast<char>(header.size() >> 8);
  return write(name, file + header + data);
}

// The dtype in a .npy header.
std::string npy_dtype(const std::string& path) {
  const std::string text = slurp(path);
  const size_t at = text.find("'descr': '");
  if (at == std::string::npos) return "";
  return text.substr(at + 10, text.find('\'', at + 10) - at - 10);
}

TEST(SimdCli, Fp16BuiltinTraceOnRtlLanesHasNoMismatchAndMovesTwoByteElements) {
  const std::string json_path = ::testing::TempDir() + "cli_fp16.json";
  const std::string out_path = ::testing::TempDir() + "cli_fp16_y.npy";
  ASSERT_EQ(run("--format fp16 --segments 256 --lanes 16 --table_org banked --banks 4 "
                "--trace_count 6000 "
                "--memory_bytes_per_cycle 16 --json " +
                json_path + " --out " + out_path)
                .status,
            0);
  const nlohmann::json stats = nlohmann::json::parse(slurp(json_path));
  EXPECT_EQ(stats["mismatches"], 0);
  EXPECT_EQ(stats["checked"], "rtl");
  EXPECT_EQ(stats["config"]["format"], "fp16");
  EXPECT_EQ(stats["element_bytes"], 2);
  EXPECT_EQ(stats["memory_bytes"], 2 * 6000 * 2);
  // 16 B/cycle move 16 / (2 * 2) = 4 elements per cycle at most.
  EXPECT_GE(stats["cycles"].get<double>(), 6000.0 * 2 * 2 / 16);
  // Banked: one shared table of 258 rows of 2 * 4 bytes (kb fp32).
  EXPECT_EQ(stats["table_memory_bytes"], 258 * 8);
  EXPECT_EQ(stats["array_table_memory_bytes"], 258 * 8);
  EXPECT_EQ(npy_dtype(out_path), "<f2");
  EXPECT_GT(slurp(out_path).size(), 6000u * 2);
}

// A table file in fp8e4m3 (kb io), a '|u1' trace of every pattern: the array's
// outputs (RTL lanes) are `interpsim eval`'s byte for byte.
TEST(SimdCli, Fp8e4m3TraceOutputsAreEvalsOutputs) {
  const std::string tbl = ::testing::TempDir() + "cli_fp8.tbl";
  ASSERT_EQ(run_command("table", "--func gelu --segments 64 --format fp8e4m3 --kb io --out " + tbl)
                .status,
            0);
  std::string patterns;
  for (int p = 0; p < 256; ++p) patterns += static_cast<char>(p);
  const std::string trace = write_npy("cli_fp8_x.npy", "|u1", 256, patterns);
  const std::string json_path = ::testing::TempDir() + "cli_fp8.json";
  const std::string simd_out = ::testing::TempDir() + "cli_fp8_simd.npy";
  const std::string eval_out = ::testing::TempDir() + "cli_fp8_eval.npy";
  ASSERT_EQ(run("--table " + tbl + " --trace " + trace + " --lanes 8 --table_org multiport " +
                "--json " + json_path + " --out " + simd_out)
                .status,
            0);
  ASSERT_EQ(run_command("eval", "--table " + tbl + " --in " + trace + " --out " + eval_out).status,
            0);
  const nlohmann::json stats = nlohmann::json::parse(slurp(json_path));
  EXPECT_EQ(stats["mismatches"], 0);
  EXPECT_EQ(stats["checked"], "rtl");
  EXPECT_EQ(stats["config"]["format"], "fp8e4m3");
  EXPECT_EQ(stats["config"]["kb"], "io");
  EXPECT_EQ(stats["element_bytes"], 1);
  EXPECT_EQ(stats["memory_bytes"], 2 * 256);
  EXPECT_EQ(stats["table_memory_bytes"], 66 * 2);  // 66 rows of KK_BB
  EXPECT_EQ(npy_dtype(simd_out), "|u1");
  EXPECT_EQ(slurp(simd_out), slurp(eval_out));
}

TEST(SimdCli, FormatsRefuseWhatTheyCannotRun) {
  // Softmax and the other designs are fp32 only.
  EXPECT_EQ(run("--format fp16 --operation softmax --lanes 4 --trace_count 1024").status, 2);
  EXPECT_EQ(run("--format bf16 --design bsearch --lanes 4 --trace_count 64").status, 2);
  // A trace whose dtype does not hold the format.
  const std::string wrong = write_npy("cli_u2.npy", "<u2", 2, std::string(4, '\0'));
  const CommandResult result = run("--format fp8e5m2 --lanes 4 --trace " + wrong);
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("cli_u2.npy"), std::string::npos) << result.err;
  // Waveforms are the fp32 lane's.
  EXPECT_EQ(
      run("--format fp16 --lanes 4 --trace_count 64 --vcd " + ::testing::TempDir() + "cli_fp16.vcd")
          .status,
      2);
}

// Fixed-point tables (docs/design.md section 6, "Decision (fixed-point tables
// in the SIMD array)"): at each width, a .tbl from `interpsim table`, a trace
// of the width's integers (every int8 and int16 value; spread int32 values),
// RTL slots behind a banked table: the array's outputs are `interpsim eval`'s
// byte for byte, and the stats' config repeats the run.
std::string fixed_trace_bytes(int width, size_t* count) {
  std::string data;
  if (width < 32) {
    *count = size_t{1} << width;
    for (size_t i = 0; i < *count; ++i) {
      const uint32_t v = static_cast<uint32_t>(i);
      for (int byte = 0; byte < width / 8; ++byte) data += static_cast<char>(v >> (8 * byte));
    }
    return data;
  }
  *count = 3000;
  uint32_t v = 12345;
  for (size_t i = 0; i < *count; ++i) {
    v = v * 1664525u + 1013904223u;  // a small LCG: any 32-bit value
    // Every other element quartered: not only the extremes of the width.
    const uint32_t q = i % 2 == 0 ? v : static_cast<uint32_t>(static_cast<int32_t>(v) >> 2);
    for (int byte = 0; byte < 4; ++byte) data += static_cast<char>(q >> (8 * byte));
  }
  return data;
}

TEST(SimdCli, FixedPointOutputsAreEvalsOutputsAtEachWidth) {
  for (const int width : {8, 16, 32}) {
    const std::string name = "int" + std::to_string(width);
    const std::string tbl = ::testing::TempDir() + "cli_" + name + ".tbl";
    ASSERT_EQ(run_command("table", "--func gelu --a -4 --m 3 --segments 64 --format " + name +
                                       " --out " + tbl)
                  .status,
              0);
    size_t count = 0;
    const std::string data = fixed_trace_bytes(width, &count);
    const std::string dtype = width == 8 ? "|i1" : width == 16 ? "<i2" : "<i4";
    const std::string trace = write_npy("cli_" + name + "_x.npy", dtype, count, data);
    const std::string json_path = ::testing::TempDir() + "cli_" + name + ".json";
    const std::string simd_out = ::testing::TempDir() + "cli_" + name + "_simd.npy";
    const std::string eval_out = ::testing::TempDir() + "cli_" + name + "_eval.npy";
    ASSERT_EQ(run("--table " + tbl + " --trace " + trace + " --subword " + std::to_string(width) +
                  " --lanes 8 --table_org banked --banks 4 --lane_impl rtl --json " + json_path +
                  " --out " + simd_out)
                  .status,
              0)
        << name;
    ASSERT_EQ(
        run_command("eval", "--table " + tbl + " --in " + trace + " --out " + eval_out).status, 0);
    EXPECT_EQ(npy_dtype(simd_out), dtype);
    EXPECT_EQ(slurp(simd_out), slurp(eval_out)) << name;
    const nlohmann::json stats = nlohmann::json::parse(slurp(json_path));
    EXPECT_EQ(stats["mismatches"], 0);
    EXPECT_EQ(stats["checked"], "rtl");
    EXPECT_EQ(stats["table_format"], name);
    EXPECT_EQ(stats["element_bytes"], width / 8);
    EXPECT_EQ(stats["memory_bytes"], 2 * count * (width / 8));
    EXPECT_EQ(stats["table_memory_bytes"], 66 * 2 * (width / 8));  // 66 rows of {K, B}
    EXPECT_EQ(stats["elements"], count);
    EXPECT_GT(stats["bank_conflict_cycles"].get<uint64_t>(), 0u);

    // The config object alone, as INI, repeats the run (the .tbl gives the format).
    std::string repeat_ini;
    for (const auto& [key, value] : stats["config"].items()) {
      repeat_ini +=
          key + " = " + (value.is_string() ? value.get<std::string>() : value.dump()) + "\n";
    }
    const std::string again_path = ::testing::TempDir() + "cli_" + name + "_again.json";
    ASSERT_EQ(
        run("--config " + write("cli_" + name + "_again.ini", repeat_ini) + " --json " + again_path)
            .status,
        0);
    const nlohmann::json again = nlohmann::json::parse(slurp(again_path));
    EXPECT_EQ(again["cycles"], stats["cycles"]);
    EXPECT_EQ(again["stalls"], stats["stalls"]);
    EXPECT_EQ(again["config"], stats["config"]);
  }
}

TEST(SimdCli, FixedPointRefusesMismatchedTracesAndSlots) {
  const std::string tbl = ::testing::TempDir() + "cli_bad_int16.tbl";
  ASSERT_EQ(
      run_command("table", "--func gelu --a -4 --m 3 --segments 64 --format int16 --out " + tbl)
          .status,
      0);
  const std::string json = ::testing::TempDir() + "cli_bad_fixed.json";
  std::remove(json.c_str());
  auto refused = [&](const std::string& arguments, const std::string& named) {
    const CommandResult result =
        run("--table " + tbl + " --lanes 4 --json " + json + " " + arguments);
    EXPECT_EQ(result.status, 2) << arguments;
    EXPECT_NE(result.err.find(named), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
    EXPECT_FALSE(std::ifstream(json).good()) << "no output file after an error";
  };
  // A float trace, and the integers of another width.
  refused("--subword 16 --trace " + write_npy("cli_f4.npy", "<f4", 2, std::string(8, '\0')),
          "cli_f4.npy");
  refused("--subword 16 --trace " + write_npy("cli_i1.npy", "|i1", 2, std::string(2, '\0')),
          "cli_i1.npy");
  // Slots of another width than the table's.
  refused("--subword 32 --trace_count 64", "subword");
  refused("--subword 8 --trace_count 64", "subword");
  refused("--subword 16 --trace_count 64 --design bsearch", "design");
  refused("--subword 16 --trace_count 64 --operation softmax", "operation");
  // Waveforms are the fp32 lane's.
  refused("--subword 16 --trace_count 64 --vcd " + ::testing::TempDir() + "cli_int16.vcd", "vcd");
}

}  // namespace
