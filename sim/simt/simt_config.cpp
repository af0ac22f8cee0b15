#include "sim/simt/simt_config.hpp"

#include <functional>
#include <sstream>
#include <vector>

#include "model/input_error.hpp"
#include "sim/common/ini_file.hpp"

#ifndef INTERPSIM_SOURCE_DIR
#define INTERPSIM_SOURCE_DIR "."
#endif

namespace interpsim::simt {

namespace po = boost::program_options;

namespace {

// One configuration key: its help, how to print it, how to parse it.
struct Field {
  const char* key;
  const char* help;
  std::function<nlohmann::json(const SimtConfig&)> get;
  std::function<void(SimtConfig&, const std::string& text, const std::string& where)> set;
};

[[noreturn]] void bad(const std::string& where, const char* key, const std::string& reason) {
  throw InputError(where + ": " + key + ": " + reason);
}

long long parse_integer(const std::string& text, const std::string& where, const char* key,
                        long long lo, long long hi) {
  size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) bad(where, key, "'" + text + "' is not an integer");
  if (value < lo || value > hi) {
    bad(where, key,
        std::to_string(value) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return value;
}

double parse_real(const std::string& text, const std::string& where, const char* key, double lo,
                  double hi) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) bad(where, key, "'" + text + "' is not a number");
  if (!(value >= lo && value <= hi)) {
    std::ostringstream range;
    range << lo << ".." << hi;
    bad(where, key, text + " is outside " + range.str());
  }
  return value;
}

#define INT_FIELD(name, lo, hi, help)                                                \
  Field {                                                                            \
#name, help, [](const SimtConfig& c) { return nlohmann::json(c.name); },           \
        [](SimtConfig& c, const std::string& t, const std::string& w) {                \
          c.name = static_cast<decltype(c.name)>(parse_integer(t, w, #name, lo, hi)); \
        } \
  }
#define REAL_FIELD(name, lo, hi, help)                                                          \
  Field {                                                                                       \
#name, help, [](const SimtConfig& c) { return nlohmann::json(c.name); },                      \
        [](SimtConfig& c, const std::string& t, const std::string& w) {                           \
          c.name = parse_real(t, w, #name, lo, hi);                                               \
        } \
  }
#define TEXT_FIELD(name, help)                                                                 \
  Field {                                                                                      \
#name, help,                                                                               \
        [](const SimtConfig&                                                                   \
               c) { return nlohmann::json(c.name); }, [](SimtConfig & c, const std::string& t, \
                                                         const std::string&) { c.name = t; }   \
  }

const std::vector<Field>& fields() {
  static const std::vector<Field> all = {
      TEXT_FIELD(gpu, "machine name (reports only)"),
      INT_FIELD(sms, 1, 4096, "streaming multiprocessors"),
      INT_FIELD(schedulers_per_sm, 1, 16, "warp schedulers (sub-partitions) per SM"),
      REAL_FIELD(clock_ghz, 0.01, 100.0, "SM clock (GHz)"),
      INT_FIELD(fp32_lanes_per_sm, 1, 4096, "FP32 lanes per SM (split evenly over schedulers)"),
      INT_FIELD(int_lanes_per_sm, 1, 4096, "INT32 lanes per SM"),
      INT_FIELD(sfu_lanes_per_sm, 1, 4096, "SFU (MUFU, conversion) lanes per SM"),
      INT_FIELD(fp64_lanes_per_sm, 1, 4096, "FP64 lanes per SM"),
      INT_FIELD(interp_lanes_per_scheduler, 0, 32, "INTERP unit lanes per scheduler (0: none)"),
      Field{"interp_impl", "INTERP lane: model (C++ cycle model) | rtl (verilated interp_lane)",
            [](const SimtConfig& c) { return nlohmann::json(c.interp_impl); },
            [](SimtConfig& c, const std::string& t, const std::string& w) {
              if (t != "model" && t != "rtl")
                bad(w, "interp_impl", "'" + t + "' is not model or rtl");
              c.interp_impl = t;
            }},
      INT_FIELD(max_warps_per_sm, 1, 1024, "resident warps per SM"),
      INT_FIELD(max_blocks_per_sm, 1, 1024, "resident blocks per SM"),
      INT_FIELD(registers_per_sm, 1024, 1 << 24, "32-bit registers per SM"),
      INT_FIELD(shared_bytes_per_sm, 0, 1 << 24, "shared memory per SM (bytes)"),
      INT_FIELD(shared_banks, 1, 64, "shared-memory banks (4-byte words)"),
      INT_FIELD(l1_bytes, 0, 1 << 26, "L1 data cache per SM (bytes)"),
      INT_FIELD(l2_bytes, 0, 1LL << 40, "L2 cache (bytes)"),
      REAL_FIELD(dram_gb_per_s, 0.001, 1e6, "DRAM bandwidth (GB/s, 1e9 bytes)"),
      INT_FIELD(fp32_latency, 1, 10000, "FP32 result latency (cycles)"),
      INT_FIELD(int_latency, 1, 10000, "INT32 result latency (cycles)"),
      INT_FIELD(sfu_latency, 1, 10000, "SFU result latency (cycles)"),
      INT_FIELD(fp64_latency, 1, 10000, "FP64 result latency (cycles)"),
      INT_FIELD(ctrl_latency, 1, 10000, "branch/constant/barrier latency (cycles)"),
      INT_FIELD(shared_latency, 1, 10000, "shared-memory load latency, no conflict (cycles)"),
      INT_FIELD(l1_latency, 1, 10000, "L1 hit latency (cycles)"),
      INT_FIELD(l2_latency, 1, 10000, "L2 hit latency (cycles)"),
      INT_FIELD(dram_latency, 1, 100000, "DRAM load latency beyond the transfer (cycles)"),
      TEXT_FIELD(instruction_mix, "instruction_mix.json of gpu_ref (empty: the committed one)"),
      TEXT_FIELD(instruction_mix_set, "which mix: sass_sm_75 | sass_sm_90 | ptx_sm_75 | ..."),
      TEXT_FIELD(kernel, "kernel (interpsim simt --help lists them)"),
      TEXT_FIELD(func, "function (empty: the native kernel's, else gelu)"),
      TEXT_FIELD(a, "table interval start (empty: the paper's interval)"),
      TEXT_FIELD(m, "table interval length 2^m (empty: the paper's interval)"),
      INT_FIELD(segments, 1, 1 << 20, "table segments (a power of two)"),
      TEXT_FIELD(edges, "edge rows: extrapolate | saturate | asymptote"),
      INT_FIELD(elements, 1, 1LL << 32, "elements of the uniform trace"),
      TEXT_FIELD(trace, "input: 'uniform' (over [a, b), fixed seed) or a .npy file"),
      INT_FIELD(seed, 0, 1LL << 62, "seed of the uniform trace"),
      Field{"element_memory", "element loads/stores: dram | fused (in registers, no traffic)",
            [](const SimtConfig& c) { return nlohmann::json(c.element_memory); },
            [](SimtConfig& c, const std::string& t, const std::string& w) {
              if (t != "dram" && t != "fused")
                bad(w, "element_memory", "'" + t + "' is not dram or fused");
              c.element_memory = t;
            }},
      INT_FIELD(block_threads, 32, 1024, "threads per block (a multiple of 32)"),
      INT_FIELD(registers_per_thread, 1, 255, "registers per thread (occupancy)"),
      Field{"check", "compare outputs with the golden model (true | false)",
            [](const SimtConfig& c) { return nlohmann::json(c.check); },
            [](SimtConfig& c, const std::string& t, const std::string& w) {
              if (t == "true" || t == "1") {
                c.check = true;
              } else if (t == "false" || t == "0") {
                c.check = false;
              } else {
                bad(w, "check", "'" + t + "' is not true or false");
              }
            }},
  };
  return all;
}

}  // namespace

po::options_description simt_options() {
  po::options_description options("Configuration (INI keys; each also --KEY VALUE)");
  const SimtConfig defaults;
  for (const Field& field : fields()) {
    const nlohmann::json value = field.get(defaults);
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    options.add_options()(field.key, po::value<std::string>()->default_value(text), field.help);
  }
  return options;
}

SimtConfig simt_config_from_values(const po::variables_map& values, const std::string& source,
                                   const std::set<std::string>& command_line_keys) {
  SimtConfig config;
  for (const Field& field : fields()) {
    if (values.count(field.key) == 0) continue;
    const std::string where = command_line_keys.count(field.key) != 0 ? "command line"
                              : values[field.key].defaulted()         ? "default"
                                                                      : source;
    field.set(config, trim_blanks(values[field.key].as<std::string>()), where);
  }
  if (config.block_threads % 32 != 0) {
    bad(source, "block_threads", std::to_string(config.block_threads) + " is not a multiple of 32");
  }
  if ((config.segments & (config.segments - 1)) != 0) {
    bad(source, "segments", std::to_string(config.segments) + " is not a power of two");
  }
  for (const auto& [key, lanes] :
       {std::pair<const char*, int>{"fp32_lanes_per_sm", config.fp32_lanes_per_sm},
        {"int_lanes_per_sm", config.int_lanes_per_sm},
        {"sfu_lanes_per_sm", config.sfu_lanes_per_sm},
        {"fp64_lanes_per_sm", config.fp64_lanes_per_sm}}) {
    if (lanes % config.schedulers_per_sm != 0) {
      bad(source, key, std::to_string(lanes) + " is not a multiple of schedulers_per_sm");
    }
  }
  if (config.max_warps_per_sm < config.schedulers_per_sm) {
    bad(source, "max_warps_per_sm", "fewer warps than schedulers");
  }
  return config;
}

SimtConfig load_simt_config(const std::string& path) {
  const po::options_description options = simt_options();
  po::variables_map values;
  read_ini_file(path, options, values);
  po::notify(values);
  return simt_config_from_values(values, path);
}

nlohmann::json simt_config_to_json(const SimtConfig& config) {
  nlohmann::json json = nlohmann::json::object();
  for (const Field& field : fields()) json[field.key] = field.get(config);
  return json;
}

std::string default_instruction_mix_path() {
  return std::string(INTERPSIM_SOURCE_DIR) + "/gpu_ref/instruction_mix/instruction_mix.json";
}

std::string default_configs_dir() {
  return std::string(INTERPSIM_SOURCE_DIR) + "/configs";
}

}  // namespace interpsim::simt
