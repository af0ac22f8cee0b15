#include "sim/simd/simd_config.hpp"

#include <sstream>
#include <vector>

#include "model/input_error.hpp"
#include "sim/common/ini_file.hpp"

namespace interpsim::simd {

namespace po = boost::program_options;

namespace {

template <typename Enum>
struct EnumName {
  Enum value;
  const char* name;
};

const std::vector<EnumName<LaneImpl>> kLaneImpls = {{LaneImpl::kRtl, "rtl"},
                                                    {LaneImpl::kModel, "model"}};
const std::vector<EnumName<LookupDesign>> kDesigns = {{LookupDesign::kUniform, "uniform"},
                                                      {LookupDesign::kBsearch, "bsearch"},
                                                      {LookupDesign::kNonuniform, "nonuniform"}};
const std::vector<EnumName<BsearchVariant>> kVariants = {{BsearchVariant::kPipelined, "pipelined"},
                                                         {BsearchVariant::kIterative, "iterative"}};
const std::vector<EnumName<TableOrg>> kTableOrgs = {{TableOrg::kPrivate, "private"},
                                                    {TableOrg::kBanked, "banked"},
                                                    {TableOrg::kMultiport, "multiport"}};
const std::vector<EnumName<Arbitration>> kArbitrations = {{Arbitration::kRoundRobin, "round_robin"},
                                                          {Arbitration::kFixed, "fixed"}};
const std::vector<EnumName<Operation>> kOperations = {{Operation::kMap, "map"},
                                                      {Operation::kSoftmax, "softmax"}};
const std::vector<EnumName<ReciprocalImpl>> kReciprocals = {{ReciprocalImpl::kUnit, "unit"},
                                                            {ReciprocalImpl::kDivider, "divider"}};

template <typename Enum>
std::string name_of(const std::vector<EnumName<Enum>>& names, Enum value) {
  for (const auto& entry : names) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

template <typename Enum>
std::string choices(const std::vector<EnumName<Enum>>& names) {
  std::string text;
  for (const auto& entry : names) text += (text.empty() ? "" : " | ") + std::string(entry.name);
  return text;
}

template <typename Enum>
Enum parse_enum(const std::vector<EnumName<Enum>>& names, const std::string& option,
                const std::string& text, const std::string& source) {
  for (const auto& entry : names) {
    if (text == entry.name) return entry.value;
  }
  throw InputError(source + ": " + option + ": '" + text + "' is not one of " + choices(names));
}

void check_range(const std::string& source, const std::string& option, long long value,
                 long long lo, long long hi) {
  if (value < lo || value > hi) {
    throw InputError(source + ": " + option + ": " + std::to_string(value) + " is outside " +
                     std::to_string(lo) + ".." + std::to_string(hi));
  }
}

}  // namespace

std::string lane_impl_name(LaneImpl impl) {
  return name_of(kLaneImpls, impl);
}
std::string design_name(LookupDesign design) {
  return name_of(kDesigns, design);
}
std::string bsearch_variant_name(BsearchVariant variant) {
  return name_of(kVariants, variant);
}
std::string table_org_name(TableOrg org) {
  return name_of(kTableOrgs, org);
}
std::string arbitration_name(Arbitration arbitration) {
  return name_of(kArbitrations, arbitration);
}
std::string operation_name(Operation operation) {
  return name_of(kOperations, operation);
}
std::string reciprocal_name(ReciprocalImpl impl) {
  return name_of(kReciprocals, impl);
}

po::options_description simd_options() {
  const SimdConfig d;
  po::options_description options("Configuration (INI keys; each also --KEY VALUE)");
  // Values are read as text and checked in config_from_values, so an error
  // can name the file and the option the same way for INI and command line.
  const auto text = [](const std::string& value) {
    return po::value<std::string>()->default_value(value);
  };
  const auto number = [](auto value) { return std::to_string(value); };
  std::ostringstream bpc;
  bpc << d.memory_bytes_per_cycle;
  options.add_options()                                                                         //
      ("lanes", text(number(d.lanes)), "number of lanes L (1..4096)")                           //
      ("lane_impl", text(lane_impl_name(d.lane_impl)), "lanes: rtl (verilated) | model (C++)")  //
      ("design", text(design_name(d.design)), "lookup: uniform | bsearch | nonuniform")         //
      ("bsearch_variant", text(bsearch_variant_name(d.bsearch_variant)),
       "binary search: pipelined | iterative")                                                    //
      ("table", text(d.table_file), "a .tbl file (overrides func/a/m/segments/edges)")            //
      ("func", text(d.func), "function of the generated table")                                   //
      ("a", text(d.a), "interval start (empty: the function's default)")                          //
      ("m", text(d.m), "interval length 2^m (empty: the function's default)")                     //
      ("segments", text(number(d.segments)), "segments N, a power of two")                        //
      ("edges", text(d.edges), "edge rows: extrapolate | saturate | asymptote (empty: default)")  //
      ("table_org", text(table_org_name(d.table_org)), "table: private | banked | multiport")     //
      ("banks", text(number(d.banks)), "banks B of a banked table (power of two)")                //
      ("read_ports", text(number(d.read_ports)), "read ports R of a multiport table")             //
      ("arbitration", text(arbitration_name(d.arbitration)),
       "who wins a bank or port: round_robin | fixed (lowest lane first)")  //
      ("memory_bytes_per_cycle", text(bpc.str()),
       "memory bandwidth shared by input reads and output writes (bytes/cycle)")            //
      ("memory_latency", text(number(d.memory_latency)), "cycles from a read to its data")  //
      ("lane_fifo_depth", text(number(d.lane_fifo_depth)),
       "input and output queue entries per lane")                                             //
      ("operation", text(operation_name(d.operation)), "operation: map | softmax")            //
      ("trace", text(d.trace), "input trace: a .npy file or 'builtin'")                       //
      ("trace_count", text(number(d.trace_count)), "elements of the builtin trace")           //
      ("softmax_cols", text(number(d.softmax_cols)), "softmax row length for a 1-D trace")    //
      ("softmax_exp_a", text(d.softmax_exp_a), "exp table interval start (table on [a, 0])")  //
      ("reciprocal", text(reciprocal_name(d.reciprocal)),
       "softmax 1/sum: unit (reciprocal table on [1, 2)) | divider")  //
      ("reciprocal_segments", text(number(d.reciprocal_segments)),
       "segments of the reciprocal table")                                           //
      ("divider_latency", text(number(d.divider_latency)), "cycles of the divider")  //
      ("vcd_lanes", text(number(d.vcd_lanes)), "lanes traced by --vcd")              //
      ("check", text(d.check ? "true" : "false"), "compare outputs with the golden model");
  return options;
}

SimdConfig config_from_values(const po::variables_map& values, const std::string& source) {
  SimdConfig c;
  const auto get = [&](const char* key) { return values[key].as<std::string>(); };
  const auto integer = [&](const char* key, long long lo, long long hi) {
    const std::string text = get(key);
    size_t used = 0;
    long long value = 0;
    try {
      value = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size()) {
      throw InputError(source + ": " + key + ": '" + text + "' is not an integer");
    }
    check_range(source, key, value, lo, hi);
    return value;
  };
  c.lanes = static_cast<int>(integer("lanes", 1, 4096));
  c.lane_impl = parse_enum(kLaneImpls, "lane_impl", get("lane_impl"), source);
  c.design = parse_enum(kDesigns, "design", get("design"), source);
  c.bsearch_variant = parse_enum(kVariants, "bsearch_variant", get("bsearch_variant"), source);
  c.table_file = get("table");
  c.func = get("func");
  c.a = get("a");
  c.m = get("m");
  c.segments = static_cast<int>(integer("segments", 1, 1 << 20));
  if ((c.segments & (c.segments - 1)) != 0) {
    throw InputError(source + ": segments: " + std::to_string(c.segments) +
                     " is not a power of two");
  }
  c.edges = get("edges");
  c.table_org = parse_enum(kTableOrgs, "table_org", get("table_org"), source);
  c.banks = static_cast<int>(integer("banks", 1, 4096));
  if ((c.banks & (c.banks - 1)) != 0) {
    throw InputError(source + ": banks: " + std::to_string(c.banks) + " is not a power of two");
  }
  c.read_ports = static_cast<int>(integer("read_ports", 1, 4096));
  c.arbitration = parse_enum(kArbitrations, "arbitration", get("arbitration"), source);
  {
    const std::string text = get("memory_bytes_per_cycle");
    size_t used = 0;
    try {
      c.memory_bytes_per_cycle = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size() || !(c.memory_bytes_per_cycle >= 0.01) ||
        c.memory_bytes_per_cycle > 1e9) {
      throw InputError(source + ": memory_bytes_per_cycle: '" + text +
                       "' is not a number in 0.01..1e9");
    }
  }
  c.memory_latency = static_cast<int>(integer("memory_latency", 0, 1000000));
  c.lane_fifo_depth = static_cast<int>(integer("lane_fifo_depth", 1, 1 << 24));
  c.operation = parse_enum(kOperations, "operation", get("operation"), source);
  c.trace = get("trace");
  if (c.trace.empty()) throw InputError(source + ": trace: empty (a .npy file or 'builtin')");
  c.trace_count = integer("trace_count", 1, 1LL << 32);
  c.softmax_cols = integer("softmax_cols", 1, 1LL << 30);
  c.softmax_exp_a = get("softmax_exp_a");
  c.reciprocal = parse_enum(kReciprocals, "reciprocal", get("reciprocal"), source);
  c.reciprocal_segments = static_cast<int>(integer("reciprocal_segments", 1, 1 << 16));
  if ((c.reciprocal_segments & (c.reciprocal_segments - 1)) != 0) {
    throw InputError(source + ": reciprocal_segments: not a power of two");
  }
  c.divider_latency = static_cast<int>(integer("divider_latency", 1, 1000));
  c.vcd_lanes = static_cast<int>(integer("vcd_lanes", 0, 4096));
  const std::string check = get("check");
  if (check == "true" || check == "1") {
    c.check = true;
  } else if (check == "false" || check == "0") {
    c.check = false;
  } else {
    throw InputError(source + ": check: '" + check + "' is not true or false");
  }
  return c;
}

nlohmann::json config_to_json(const SimdConfig& c) {
  return nlohmann::json{{"lanes", c.lanes},
                        {"lane_impl", lane_impl_name(c.lane_impl)},
                        {"design", design_name(c.design)},
                        {"bsearch_variant", bsearch_variant_name(c.bsearch_variant)},
                        {"table", c.table_file},
                        {"func", c.func},
                        {"a", c.a},
                        {"m", c.m},
                        {"segments", c.segments},
                        {"edges", c.edges},
                        {"table_org", table_org_name(c.table_org)},
                        {"banks", c.banks},
                        {"read_ports", c.read_ports},
                        {"arbitration", arbitration_name(c.arbitration)},
                        {"memory_bytes_per_cycle", c.memory_bytes_per_cycle},
                        {"memory_latency", c.memory_latency},
                        {"lane_fifo_depth", c.lane_fifo_depth},
                        {"operation", operation_name(c.operation)},
                        {"trace", c.trace},
                        {"trace_count", c.trace_count},
                        {"softmax_cols", c.softmax_cols},
                        {"softmax_exp_a", c.softmax_exp_a},
                        {"reciprocal", reciprocal_name(c.reciprocal)},
                        {"reciprocal_segments", c.reciprocal_segments},
                        {"divider_latency", c.divider_latency},
                        {"vcd_lanes", c.vcd_lanes},
                        {"check", c.check}};
}

std::string config_to_ini(const SimdConfig& config) {
  std::ostringstream out;
  const nlohmann::json json = config_to_json(config);
  for (const auto& [key, value] : json.items()) {
    out << key << " = " << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
  }
  return out.str();
}

}  // namespace interpsim::simd
