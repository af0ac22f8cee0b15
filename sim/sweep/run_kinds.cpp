#include "sim/sweep/run_kinds.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <boost/program_options.hpp>

#include "model/fixed_tbl_io.hpp"
#include "model/functions.hpp"
#include "model/input_error.hpp"
#include "model/number_format.hpp"
#include "sim/common/params.hpp"
#include "sim/common/table_spec.hpp"
#include "sim/simd/simd_config.hpp"
#include "sim/simt/kernels.hpp"
#include "sim/simt/simt_config.hpp"

#ifndef INTERPSIM_PPA_SCRIPT
#define INTERPSIM_PPA_SCRIPT "scripts/ppa.py"
#endif

namespace interpsim::sweep {

namespace {

// A value of a ParamTable key, checked by the table's own setter (the errors
// of the commands' --KEY options and INI keys), named FILE:LINE.
template <typename Config>
bool check_param(const ParamTable<Config>& table, const std::string& key, const std::string& value,
                 const std::string& where) {
  for (const auto& param : table.params()) {
    if (param.key != key) continue;
    Config config;
    param.set(config, value, where);
    return true;
  }
  return false;
}

// The keys of an array model's command: its configuration keys and `config`.
template <typename Config>
std::function<bool(const std::string&)> array_keys(const ParamTable<Config>& table) {
  return [&table](const std::string& key) {
    static const boost::program_options::options_description options = table.options();
    return key == "config" || options.find_nothrow(key, false) != nullptr;
  };
}

// The table axes of verify and table: func, segments (a power of two up to
// `max_segments`), derivative, and the table-shape keys (a, m, edges, format, kb).
std::function<void(const std::string&, const std::string&, const std::string&)> table_values(
    long long max_segments, const std::string& why, bool allow_fixed) {
  return [max_segments, why, allow_fixed](const std::string& key, const std::string& value,
                                          const std::string& where) {
    if (key == "func") {
      try {
        find_function(value);
      } catch (const std::exception& error) {
        throw InputError(where + ": func: " + error.what());
      }
    } else if (key == "derivative") {
      parse_bool(value, where, key);
    } else if (key == "segments") {
      const std::string range = "a power of two in 1.." + std::to_string(max_segments) + why;
      long long n = 0;
      try {
        n = parse_count(value, where, key, 1, max_segments);
      } catch (const InputError&) {
        throw InputError(where + ": segments: '" + value + "' is not " + range);
      }
      if ((n & (n - 1)) != 0)
        throw InputError(where + ": segments: '" + value + "' is not " + range);
    } else if (key == "format" && allow_fixed && is_fixed_format_name(value)) {
      return;  // int8 | int16 | int32: `table` makes a fixed-point table
    } else {
      check_param(table_shape_params(), key, value, where);
    }
  };
}

void add_flag_or_option(std::vector<std::string>& args, const std::string& key,
                        const std::string& value) {
  if (key == "derivative") {
    if (value == "true" || value == "1") args.push_back("--derivative");
  } else {
    args.insert(args.end(), {"--" + key, value});
  }
}

void check_needs_func_and_segments(const Manifest& manifest) {
  if (manifest.has_axis("func") && !manifest.has_axis("segments")) {
    throw InputError(manifest.path + ": 'func' needs 'segments'");
  }
}

RunKind verify_kind() {
  RunKind kind;
  kind.name = "verify";
  kind.settings = {{"exhaustive", {true}},          {"corners", {true}},
                   {"shards", {false, 1, 1 << 20}}, {"random", {false, 1, 1LL << 40}},
                   {"seed", {false, 0, 1LL << 40}}, {"threads", {false, 1, 4096}}};
  static const std::set<std::string> axes = {"func", "segments", "format",     "kb",   "a",
                                             "m",    "edges",    "derivative", "table"};
  kind.is_axis = [](const std::string& key) { return axes.count(key) != 0; };
  kind.check_value = table_values(65536, " (the RTL holds n <= 16)", false);
  kind.check_manifest = [](const Manifest& manifest) {
    if (manifest.has_axis("table") == manifest.has_axis("func")) {
      throw InputError(manifest.path +
                       ": give 'func' (with 'segments') or 'table', not both or neither");
    }
    check_needs_func_and_segments(manifest);
    const int sources = int{manifest.flag("exhaustive")} + int{manifest.flag("corners")} +
                        int{!manifest.setting("random").empty()};
    if (sources != 1) {
      throw InputError(manifest.path +
                       ": give exactly one input source: exhaustive = true, corners = true or "
                       "random = COUNT");
    }
    if (manifest.setting("shards").empty()) return;
    if (!manifest.flag("exhaustive")) {
      throw InputError(manifest.where("shards") + ": shards: needs exhaustive = true");
    }
    const long long shards = std::stoll(manifest.setting("shards"));
    for (const Axis& axis : manifest.axes) {
      if (axis.key != "format") continue;
      for (const std::string& format : axis.values) {
        const long long patterns = 1LL << format_bits(*number_format_names().parse(format));
        if (shards > patterns) {
          throw InputError(manifest.where("shards") + ": shards: " + std::to_string(shards) +
                           " is more than the " + std::to_string(patterns) + " inputs of " +
                           format);
        }
      }
    }
  };
  kind.add_axis = [](std::vector<std::string>& args, const std::string& key,
                     const std::string& value) {
    if (key == "segments") {  // verify takes the original interface's --n
      int n = 0;
      while ((1LL << n) < std::stoll(value)) ++n;
      args.insert(args.end(), {"--n", std::to_string(n)});
    } else {
      add_flag_or_option(args, key, value);
    }
  };
  kind.add_settings = [](std::vector<std::string>& args, const Manifest& manifest) {
    if (manifest.flag("exhaustive")) args.push_back("--exhaustive");
    if (manifest.flag("corners")) args.push_back("--corners");
    if (!manifest.setting("random").empty()) {
      args.insert(args.end(), {"--random", manifest.setting("random")});
      if (!manifest.setting("seed").empty()) {
        args.insert(args.end(), {"--seed", manifest.setting("seed")});
      }
    }
    if (!manifest.setting("threads").empty()) {
      args.insert(args.end(), {"--threads", manifest.setting("threads")});
    }
  };
  kind.columns = {{"inputs", "/inputs"},
                  {"input_patterns", "/input_patterns"},
                  {"mismatches", "/mismatches"},
                  {"pass", "/pass"},
                  {"seconds", "/seconds"}};
  return kind;
}

RunKind table_kind() {
  RunKind kind;
  kind.name = "table";
  kind.settings = {{"samples", {false, 2, 1LL << 32}}, {"all_floats", {true}}};
  static const std::set<std::string> axes = {"func", "segments", "format", "kb",
                                             "a",    "m",        "edges",  "derivative"};
  kind.is_axis = [](const std::string& key) { return axes.count(key) != 0; };
  kind.check_value = table_values(1 << 20, "", true);
  kind.check_manifest = [](const Manifest& manifest) {
    if (!manifest.has_axis("func")) throw InputError(manifest.path + ": run = table needs 'func'");
    if (!manifest.has_axis("segments")) {
      throw InputError(manifest.path + ": run = table needs 'segments'");
    }
  };
  kind.add_axis = add_flag_or_option;
  kind.add_settings = [](std::vector<std::string>& args, const Manifest& manifest) {
    if (!manifest.setting("samples").empty()) {
      args.insert(args.end(), {"--samples", manifest.setting("samples")});
    }
    if (manifest.flag("all_floats")) args.push_back("--all-floats");
  };
  kind.columns = {{"rows", "/table/rows"},
                  {"table_bytes", "/table/bytes"},
                  {"reachable_segments", "/reachable_segments"},
                  {"error_method", "/error_method"},
                  {"samples", "/error/samples"},
                  {"l2", "/error/l2"},
                  {"linf", "/error/linf"},
                  {"mean_abs", "/error/mean_abs"},
                  {"max_ulp", "/error/max_ulp"},
                  {"seconds", "/seconds"}};
  return kind;
}

void add_option(std::vector<std::string>& args, const std::string& key, const std::string& value) {
  args.insert(args.end(), {"--" + key, value});
}

// An array model's kind: its configuration keys are the axes, each value
// checked by the key's own setter (and `extra` for what a setter lets by).
template <typename Config>
RunKind array_kind(
    const std::string& name, const ParamTable<Config>& params,
    std::function<void(const std::string&, const std::string&, const std::string&)> extra,
    std::vector<ResultColumn> columns) {
  RunKind kind;
  kind.name = name;
  kind.is_axis = array_keys(params);
  kind.check_value = [&params, extra](const std::string& key, const std::string& value,
                                      const std::string& where) {
    check_param(params, key, value, where);
    if (extra) extra(key, value, where);
  };
  kind.check_manifest = [](const Manifest&) {};
  kind.add_axis = add_option;
  kind.add_settings = [](std::vector<std::string>&, const Manifest&) {};
  kind.columns = std::move(columns);
  return kind;
}

RunKind simd_kind() {
  return array_kind("simd", simd::simd_params(), nullptr,
                    {{"elements", "/elements"},
                     {"cycles", "/cycles"},
                     {"elements_per_cycle", "/elements_per_cycle"},
                     {"lane_utilization", "/lane_utilization"},
                     {"bank_conflict_cycles", "/bank_conflict_cycles"},
                     {"mismatches", "/mismatches"},
                     {"array_table_memory_bytes", "/array_table_memory_bytes"},
                     {"trace_linf", "/trace_error/inside/linf"},
                     {"trace_max_ulp", "/trace_error/inside/max_ulp"},
                     {"trace_linf_all", "/trace_error/all/linf"},
                     {"sim_seconds", "/sim_seconds"}});
}

RunKind simt_kind() {
  // The kernel setter takes any name; the command checks it before a run, so here too.
  const auto kernel = [](const std::string& key, const std::string& value,
                         const std::string& where) {
    if (key == "kernel") simt::find_kernel(value, where);
  };
  return array_kind("simt", simt::simt_params(), kernel,
                    {{"elements", "/elements"},
                     {"cycles", "/cycles"},
                     {"elements_per_cycle", "/elements_per_cycle"},
                     {"time_ms", "/time_ms"},
                     {"lane_utilization", "/lane_utilization"},
                     {"achieved_dram_gb_per_s", "/achieved_dram_gb_per_s"},
                     {"bank_conflict_replays", "/bank_conflict_replays"},
                     {"mismatches", "/mismatches"},
                     {"sim_seconds", "/sim_seconds"}});
}

bool is_identifier(const std::string& text) {
  return !text.empty() && (std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_') &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
         });
}

// The physical design flow (scripts/ppa.py, docs/design.md section 14): a
// unit, its parameters (`param.NAME`), its number formats.
RunKind ppa_kind() {
  RunKind kind;
  kind.name = "ppa";
  kind.program = {"/usr/bin/python3", INTERPSIM_PPA_SCRIPT};
  kind.is_axis = [](const std::string& key) {
    return key == "unit" || key == "io" || key == "kb" ||
           (key.rfind("param.", 0) == 0 && is_identifier(key.substr(6)));
  };
  kind.check_value = [](const std::string& key, const std::string& value,
                        const std::string& where) {
    if (key == "io" && !number_format_names().parse(value)) {
      throw InputError(where + ": io: '" + value + "' is not one of " +
                       number_format_names().choices());
    }
    if (key == "kb" && !kb_format_names().parse(value)) {
      throw InputError(where + ": kb: '" + value + "' is not one of " +
                       kb_format_names().choices());
    }
    if (key == "unit" && !is_identifier(value)) {
      throw InputError(where + ": unit: '" + value + "' is not a module name");
    }
    if (key.rfind("param.", 0) == 0 && !std::all_of(value.begin(), value.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '\'';
        })) {
      throw InputError(where + ": " + key + ": '" + value + "' is not a parameter value");
    }
  };
  kind.check_manifest = [](const Manifest& manifest) {
    if (!manifest.has_axis("unit")) throw InputError(manifest.path + ": run = ppa needs 'unit'");
  };
  kind.add_axis = [](std::vector<std::string>& args, const std::string& key,
                     const std::string& value) {
    if (key == "unit") {
      args.push_back(value);
    } else if (key.rfind("param.", 0) == 0) {
      args.push_back(key.substr(6) + "=" + value);
    } else {
      add_option(args, key, value);
    }
  };
  kind.add_settings = [](std::vector<std::string>&, const Manifest&) {};
  kind.columns = {{"cells", "/cells"},
                  {"area_um2", "/area_um2"},
                  {"table_um2", "/table_um2"},
                  {"total_um2", "/total_um2"},
                  {"registers", "/registers"},
                  {"critical_path_ns", "/critical_path_ns"},
                  {"fmax_mhz", "/fmax_mhz"},
                  {"latency", "/latency"},
                  {"ii", "/ii"},
                  {"throughput_per_mm2", "/throughput_per_mm2"}};
  return kind;
}

const std::vector<RunKind>& run_kinds() {
  static const std::vector<RunKind> kinds = {verify_kind(), table_kind(), simd_kind(), simt_kind(),
                                             ppa_kind()};
  return kinds;
}

}  // namespace

const RunKind* find_run_kind(const std::string& name) {
  for (const RunKind& kind : run_kinds()) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

std::string run_kind_names() {
  std::string names;
  for (const RunKind& kind : run_kinds()) names += (names.empty() ? "" : ", ") + kind.name;
  return names;
}

}  // namespace interpsim::sweep
