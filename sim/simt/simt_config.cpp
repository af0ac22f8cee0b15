#include "sim/simt/simt_config.hpp"

#include <utility>

#ifndef INTERPSIM_SOURCE_DIR
#define INTERPSIM_SOURCE_DIR "."
#endif

namespace interpsim::simt {

namespace {

// Rules over several keys.
void check_machine(const SimtConfig& c, const std::string& source) {
  if (c.block_threads % 32 != 0) {
    throw_bad_param(source, "block_threads",
                    std::to_string(c.block_threads) + " is not a multiple of 32");
  }
  for (const auto& [key, lanes] :
       {std::pair<const char*, int>{"fp32_lanes_per_sm", c.fp32_lanes_per_sm},
        {"int_lanes_per_sm", c.int_lanes_per_sm},
        {"sfu_lanes_per_sm", c.sfu_lanes_per_sm},
        {"fp64_lanes_per_sm", c.fp64_lanes_per_sm}}) {
    if (lanes % c.schedulers_per_sm != 0) {
      throw_bad_param(source, key,
                      std::to_string(lanes) + " is not a multiple of schedulers_per_sm");
    }
  }
  if (c.max_warps_per_sm < c.schedulers_per_sm) {
    throw_bad_param(source, "max_warps_per_sm", "fewer warps than schedulers");
  }
}

}  // namespace

const ParamTable<SimtConfig>& simt_params() {
  static const ParamTable<SimtConfig> params = [] {
    using C = SimtConfig;
    ParamTable<C> p;
    p.text("gpu", &C::gpu, "machine name (reports only)")
        .integer("sms", &C::sms, 1, 4096, "streaming multiprocessors")
        .integer("schedulers_per_sm", &C::schedulers_per_sm, 1, 16,
                 "warp schedulers (sub-partitions) per SM")
        .real("clock_ghz", &C::clock_ghz, 0.01, 100.0, "SM clock (GHz)")
        .integer("fp32_lanes_per_sm", &C::fp32_lanes_per_sm, 1, 4096,
                 "FP32 lanes per SM (split evenly over schedulers)")
        .integer("int_lanes_per_sm", &C::int_lanes_per_sm, 1, 4096, "INT32 lanes per SM")
        .integer("sfu_lanes_per_sm", &C::sfu_lanes_per_sm, 1, 4096,
                 "SFU (MUFU, conversion) lanes per SM")
        .integer("fp64_lanes_per_sm", &C::fp64_lanes_per_sm, 1, 4096, "FP64 lanes per SM")
        .integer("interp_lanes_per_scheduler", &C::interp_lanes_per_scheduler, 0, 32,
                 "INTERP unit lanes per scheduler (0: none)")
        .choice("lane_impl", &C::lane_impl, lanes::lane_impl_names(),
                "INTERP lanes: verilated interp_lane or its C++ cycle model")
        .integer("max_warps_per_sm", &C::max_warps_per_sm, 1, 1024, "resident warps per SM")
        .integer("max_blocks_per_sm", &C::max_blocks_per_sm, 1, 1024, "resident blocks per SM")
        .integer("registers_per_sm", &C::registers_per_sm, 1024, 1 << 24, "32-bit registers per SM")
        .integer("shared_bytes_per_sm", &C::shared_bytes_per_sm, 0, 1 << 24,
                 "shared memory per SM (bytes)")
        .integer("shared_banks", &C::shared_banks, 1, 64, "shared-memory banks (4-byte words)")
        .integer("l1_bytes", &C::l1_bytes, 0, 1 << 26, "L1 data cache per SM (bytes)")
        .integer("l2_bytes", &C::l2_bytes, 0, 1LL << 40, "L2 cache (bytes)")
        .real("dram_gb_per_s", &C::dram_gb_per_s, 0.001, 1e6, "DRAM bandwidth (GB/s, 1e9 bytes)")
        .integer("fp32_latency", &C::fp32_latency, 1, 10000, "FP32 result latency (cycles)")
        .integer("int_latency", &C::int_latency, 1, 10000, "INT32 result latency (cycles)")
        .integer("sfu_latency", &C::sfu_latency, 1, 10000, "SFU result latency (cycles)")
        .integer("fp64_latency", &C::fp64_latency, 1, 10000, "FP64 result latency (cycles)")
        .integer("ctrl_latency", &C::ctrl_latency, 1, 10000,
                 "branch/constant/barrier latency (cycles)")
        .integer("shared_latency", &C::shared_latency, 1, 10000,
                 "shared-memory load latency, no conflict (cycles)")
        .integer("l1_latency", &C::l1_latency, 1, 10000, "L1 hit latency (cycles)")
        .integer("l2_latency", &C::l2_latency, 1, 10000, "L2 hit latency (cycles)")
        .integer("dram_latency", &C::dram_latency, 1, 100000,
                 "DRAM load latency beyond the transfer (cycles)")
        .real("launch_overhead_us", &C::launch_overhead_us, 0.0, 1e6,
              "host time per back-to-back kernel launch (µs; interpsim paper --harness launches)")
        .text("instruction_mix", &C::instruction_mix,
              "instruction_mix.json of gpu_ref (empty: the committed one)")
        .text("instruction_mix_set", &C::instruction_mix_set,
              "which mix: sass_sm_75 | sass_sm_90 | ptx_sm_75 | ...")
        .text("kernel", &C::kernel, "kernel (interpsim simt --help lists them)")
        .group(&C::table, table_shape_params())
        .integer("elements", &C::elements, 1, 1LL << 32, "elements of the uniform trace")
        .text("trace", &C::trace, "input: 'uniform' (over [a, b), fixed seed) or a .npy file")
        .integer("seed", &C::seed, 0, 1LL << 62, "seed of the uniform trace")
        .add(
            "element_memory", "element loads/stores: dram | fused (in registers, no traffic)",
            [](const C& c) { return nlohmann::json(c.element_memory); },
            [](C& c, const std::string& text, const std::string& where) {
              if (text != "dram" && text != "fused") {
                throw_bad_param(where, "element_memory", "'" + text + "' is not dram or fused");
              }
              c.element_memory = text;
            })
        .integer("block_threads", &C::block_threads, 32, 1024,
                 "threads per block (a multiple of 32)")
        .integer("grid_blocks", &C::grid_blocks, 0, 1LL << 31,
                 "blocks of the launch (0: as many as are resident)")
        .integer("registers_per_thread", &C::registers_per_thread, 1, 255,
                 "registers per thread (occupancy)")
        .flag("check", &C::check, "compare outputs with the golden model")
        .check(check_machine);
    return p;
  }();
  return params;
}

SimtConfig load_simt_config(const std::string& path) {
  return simt_params().from_file(path);
}

std::string default_instruction_mix_path() {
  return std::string(INTERPSIM_SOURCE_DIR) + "/gpu_ref/instruction_mix/instruction_mix.json";
}

std::string default_configs_dir() {
  return std::string(INTERPSIM_SOURCE_DIR) + "/configs";
}

}  // namespace interpsim::simt
