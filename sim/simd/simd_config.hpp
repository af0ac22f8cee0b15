// Configuration of the SIMD array simulation (docs/simulator.md lists every
// option). Read from an INI file and the command line with
// Boost.Program_options; every INI key is also a command-line option.
#pragma once

#include <string>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

namespace interpsim::simd {

enum class LaneImpl { kRtl, kModel };
enum class LookupDesign { kUniform, kBsearch, kNonuniform };
enum class BsearchVariant { kPipelined, kIterative };
enum class TableOrg { kPrivate, kBanked, kMultiport };
enum class Arbitration { kRoundRobin, kFixed };
enum class Operation { kMap, kSoftmax };
enum class ReciprocalImpl { kUnit, kDivider };

struct SimdConfig {
  int lanes = 64;
  LaneImpl lane_impl = LaneImpl::kRtl;
  LookupDesign design = LookupDesign::kUniform;
  BsearchVariant bsearch_variant = BsearchVariant::kPipelined;
  // The table: a .tbl file, or generated from func/a/m/segments/edges
  // (a, m, edges: the function's registry defaults when empty).
  std::string table_file;
  std::string func = "gelu";
  std::string a;  // float text (decimal or 0x bits), "" = registry default
  std::string m;  // integer text, "" = registry default
  int segments = 4096;
  std::string edges;  // "" = registry default
  TableOrg table_org = TableOrg::kPrivate;
  int banks = 16;
  int read_ports = 4;
  Arbitration arbitration = Arbitration::kRoundRobin;
  double memory_bytes_per_cycle = 512;
  int memory_latency = 20;
  int lane_fifo_depth = 64;
  Operation operation = Operation::kMap;
  // The input trace: a .npy file, or "builtin" (trace_count BERT-FFN-like
  // GELU pre-activations, the demo's trace).
  std::string trace = "builtin";
  long long trace_count = 1 << 20;
  // Softmax: row length for a 1-D trace (a 2-D trace's last dimension wins),
  // the exp table's interval start (x - max <= 0), the reciprocal's implementation.
  long long softmax_cols = 1024;
  std::string softmax_exp_a = "-16";
  ReciprocalImpl reciprocal = ReciprocalImpl::kUnit;
  int reciprocal_segments = 256;
  int divider_latency = 16;
  // Waveforms: lanes traced by --vcd (RTL lanes only).
  int vcd_lanes = 1;
  bool check = true;  // compare every output with the golden model
};

// Every option, with its default taken from SimdConfig{} (for --help and INI).
boost::program_options::options_description simd_options();

// Fills a SimdConfig from parsed values; throws InputError naming the option
// (and `source`, e.g. the INI file) for a bad value.
SimdConfig config_from_values(const boost::program_options::variables_map& values,
                              const std::string& source);

// The full effective configuration (defaults included) as JSON and as INI text.
nlohmann::json config_to_json(const SimdConfig& config);
std::string config_to_ini(const SimdConfig& config);

std::string lane_impl_name(LaneImpl impl);
std::string design_name(LookupDesign design);
std::string bsearch_variant_name(BsearchVariant variant);
std::string table_org_name(TableOrg org);
std::string arbitration_name(Arbitration arbitration);
std::string operation_name(Operation operation);
std::string reciprocal_name(ReciprocalImpl impl);

}  // namespace interpsim::simd
