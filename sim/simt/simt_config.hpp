// Configuration of the SIMT (GPU-like) array model: the machine (configs/
// v100.ini, configs/h100.ini) and the workload. Read from an INI file and the
// command line with Boost.Program_options; every INI key is also --KEY VALUE.
#pragma once

#include <string>

#include "sim/common/params.hpp"
#include "sim/common/table_spec.hpp"
#include "sim/lanes/lane_impl.hpp"

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
  // What computes INTERP: the C++ cycle model of rtl/interp_lane.sv, or the
  // verilated lane itself (where the build has Verilator).
  lanes::LaneImpl lane_impl = lanes::LaneImpl::kModel;
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
  // Host time between two back-to-back launches of a short kernel (µs): not
  // part of one kernel's time; `interpsim paper --harness launches` adds it
  // per launch (docs/results/paper-tables.md).
  double launch_overhead_us = 6.7;
  std::string instruction_mix;  // "" = the committed gpu_ref/instruction_mix/instruction_mix.json
  std::string instruction_mix_set = "sass_sm_75";
  // Workload.
  std::string kernel = "alg1_global";
  // The table (the kernel decides its design). func "": the native kernel's
  // function, else gelu; a, m unset: the paper's interval (kernels.hpp).
  TableSpec table = [] {
    TableSpec spec;
    spec.func = "";
    spec.edges = EdgeMode::kExtrapolate;  // the paper's rule
    return spec;
  }();
  long long elements = 5000000;
  std::string trace = "uniform";  // "uniform" (over [a, b)) or a .npy file
  // Where the elements live: "dram" (read and written once, the paper's
  // harness) or "fused" (already in registers, as in a GEMM epilogue: element
  // loads and stores cost an issue slot only; the function's own throughput).
  std::string element_memory = "dram";
  long long seed = 1;
  int block_threads = 256;
  // Blocks of the grid-stride launch: 0 = as many as are resident (gpu_ref's
  // launch); N = a fixed grid of N blocks, at most the resident ones (one
  // wave: the model does not launch blocks as others retire).
  long long grid_blocks = 0;
  int registers_per_thread = 32;
  bool check = true;
};

// Every key of the SIMT array, declared once (sim/common/params.hpp).
const ParamTable<SimtConfig>& simt_params();

// A configuration file alone (defaults for missing keys), as the tests and
// `interpsim paper` read configs/v100.ini.
SimtConfig load_simt_config(const std::string& path);

// The committed instruction-mix file (absolute path baked in at build time).
std::string default_instruction_mix_path();
// The repository's configs/ folder (absolute path baked in at build time).
std::string default_configs_dir();

}  // namespace interpsim::simt
