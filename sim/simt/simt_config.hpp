// Configuration of the SIMT (GPU-like) array model: the machine (configs/
// v100.ini, configs/h100.ini) and the workload. Read from an INI file and the
// command line with Boost.Program_options; every INI key is also --KEY VALUE.
#pragma once

#include <set>
#include <string>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

namespace interpsim::simt {

struct SimtConfig {
  // Machine.
  std::string gpu = "v100";
  int sms = 80;
  int schedulers_per_sm = 4;
  double clock_ghz = 1.53;
  int fp32_lanes_per_sm = 64;
  int int_lanes_per_sm = 64;
  int sfu_lanes_per_sm = 16;
  int fp64_lanes_per_sm = 32;
  int interp_lanes_per_scheduler = 0;  // 0: no INTERP unit
  // What computes INTERP: "model" (C++ cycle model of rtl/interp_lane.sv) or
  // "rtl" (the verilated lane itself, where the build has Verilator).
  std::string interp_impl = "model";
  int max_warps_per_sm = 64;
  int max_blocks_per_sm = 32;
  int registers_per_sm = 65536;
  int shared_bytes_per_sm = 98304;
  int shared_banks = 32;
  int l1_bytes = 131072;
  long long l2_bytes = 6291456;
  double dram_gb_per_s = 900.0;
  int fp32_latency = 4;
  int int_latency = 4;
  int sfu_latency = 18;
  int fp64_latency = 8;
  int ctrl_latency = 4;
  int shared_latency = 19;
  int l1_latency = 28;
  int l2_latency = 193;
  int dram_latency = 400;
  std::string instruction_mix;  // "" = the committed gpu_ref/instruction_mix/instruction_mix.json
  std::string instruction_mix_set = "sass_sm_75";
  // Workload.
  std::string kernel = "alg1_global";
  std::string func;  // "" = the kernel's function (natives) or gelu
  std::string a;     // "" = the function's paper interval
  std::string m;
  int segments = 4096;
  std::string edges = "extrapolate";
  long long elements = 5000000;
  std::string trace = "uniform";  // "uniform" (over [a, b)) or a .npy file
  // Where the elements live: "dram" (read and written once, the paper's
  // harness) or "fused" (already in registers, as in a GEMM epilogue: element
  // loads and stores cost an issue slot only; the function's own throughput).
  std::string element_memory = "dram";
  long long seed = 1;
  int block_threads = 256;
  int registers_per_thread = 32;
  bool check = true;
};

// Every option with its default from SimtConfig{} (for --help and INI).
boost::program_options::options_description simt_options();

// Fills a SimtConfig from parsed values; throws InputError naming `source`
// (the INI file or "command line") and the key for a bad value.
// Keys in `command_line_keys` are reported as "command line --KEY" instead.
SimtConfig simt_config_from_values(const boost::program_options::variables_map& values,
                                   const std::string& source,
                                   const std::set<std::string>& command_line_keys = {});

// Loads a config file alone (defaults for missing keys), as the tests and
// `interpsim paper` do.
SimtConfig load_simt_config(const std::string& path);

// The full effective configuration (defaults included).
nlohmann::json simt_config_to_json(const SimtConfig& config);

// The committed instruction-mix file (absolute path baked in at build time).
std::string default_instruction_mix_path();
// The repository's configs/ folder (absolute path baked in at build time).
std::string default_configs_dir();

}  // namespace interpsim::simt
