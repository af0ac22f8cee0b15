// interpsim verify: the verilated RTL (interp_unit) against the golden model,
// bit for bit, on a trace, random inputs, corner cases or every input pattern
// (2^32 in fp32, 2^16 or 2^8 in the narrow formats of docs/design.md
// section 12). The table comes from a .tbl file or is generated from
// --func/--n/--format. --exhaustive takes a part of the input space with
// --shard I/K or --range LO HI (Slurm job arrays, docs/design.md section 15);
// --json writes the result for a merge step. The checking is
// sim/verify/rtl_check.hpp; this file parses options, draws the progress bar
// and prints the report.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/atomic_file.hpp"
#include "model/content_hash.hpp"
#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/format_trace.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"
#include "model/usable_cores.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"
#include "sim/cli/table_options.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/table_spec.hpp"
#include "sim/verify/rtl_check.hpp"

namespace interpsim::cli {
namespace {

std::string format_count(double value) {
  std::ostringstream text;
  text << std::setprecision(3);
  if (value >= 1e9) {
    text << value / 1e9 << "G";
  } else if (value >= 1e6) {
    text << value / 1e6 << "M";
  } else {
    text << value;
  }
  return text.str();
}

// A one-line progress bar on stderr, redrawn in place.
void draw_progress(uint64_t done, uint64_t total, double seconds) {
  const double fraction = total == 0 ? 1.0 : static_cast<double>(done) / total;
  const int width = 30;
  const int filled = static_cast<int>(fraction * width);
  const double rate = seconds > 0 ? done / seconds : 0.0;
  const double eta = rate > 0 ? (total - done) / rate : 0.0;
  std::fprintf(stderr, "\r[%s%s] %5.1f%%  %s/%s  %s elem/s  ETA %.0fs ",
               std::string(filled, '#').c_str(), std::string(width - filled, ' ').c_str(),
               100.0 * fraction, format_count(done).c_str(), format_count(total).c_str(),
               format_count(rate).c_str(), eta);
  std::fflush(stderr);
}

// The largest K of --shard I/K.
constexpr uint64_t kMaxShards = uint64_t{1} << 20;

// A part of the input space: the patterns lo .. hi, both included.
struct PatternRange {
  uint64_t lo = 0, hi = 0;
  uint64_t count() const { return hi - lo + 1; }
};

// Shard `i` of `k` over `patterns` inputs: [floor(i*N/k), floor((i+1)*N/k))
// (i*N < 2^52 for N <= 2^32, k <= 2^20: exact in uint64_t).
PatternRange shard_range(uint64_t i, uint64_t k, uint64_t patterns) {
  return {i * patterns / k, (i + 1) * patterns / k - 1};
}

// A decimal number or 0x/0X followed by hex digits, nothing else (no sign, no
// spaces); nullopt if malformed or above 2^64 - 1.
std::optional<uint64_t> parse_unsigned(const std::string& text) {
  int base = 10;
  size_t start = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    start = 2;
  }
  if (start >= text.size()) return std::nullopt;
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data() + start, end, value, base);
  if (error != std::errc() || stop != end) return std::nullopt;
  return value;
}

// --shard I/K, both decimal: 0 <= I < K, 1 <= K <= kMaxShards. (K against
// the format's input count is checked once the table is known.)
std::pair<uint64_t, uint64_t> parse_shard(const std::string& text) {
  const size_t slash = text.find('/');
  const auto digits = [](const std::string& part) {
    return !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
  };
  std::optional<uint64_t> i, k;
  if (slash != std::string::npos && digits(text.substr(0, slash)) &&
      digits(text.substr(slash + 1))) {
    i = parse_unsigned(text.substr(0, slash));
    k = parse_unsigned(text.substr(slash + 1));
  }
  if (!i || !k) throw_bad_option("shard", "'" + text + "' is not I/K (decimal, e.g. 3/16)");
  if (*k == 0 || *k > kMaxShards) {
    throw_bad_option(
        "shard", "K=" + text.substr(slash + 1) + " is not in 1 .. " + std::to_string(kMaxShards));
  }
  if (*i >= *k) {
    throw_bad_option("shard", "I=" + std::to_string(*i) + " is not below K=" + std::to_string(*k) +
                                  " (shards are 0 .. K-1)");
  }
  return {*i, *k};
}

// --range LO HI: two patterns, decimal or 0x hex, LO <= HI (checked against
// the format's input space once the table is known).
PatternRange parse_range(const std::vector<std::string>& tokens) {
  if (tokens.size() != 2) {
    throw_bad_option("range", "expected two values LO HI, got " + std::to_string(tokens.size()));
  }
  PatternRange range;
  for (int end = 0; end < 2; ++end) {
    const std::optional<uint64_t> value = parse_unsigned(tokens[end]);
    if (!value) {
      throw_bad_option("range", "'" + tokens[end] + "' is not a decimal or 0x hex bit pattern");
    }
    (end == 0 ? range.lo : range.hi) = *value;
  }
  if (range.lo > range.hi) {
    throw_bad_option("range", "LO " + tokens[0] + " is above HI " + tokens[1] +
                                  " (HI is included: --range 5 5 is one input)");
  }
  return range;
}

// "0x" and the pattern in the format's width (2, 4 or 8 hex digits).
std::string hex_pattern(uint64_t value, NumberFormat format) {
  std::ostringstream text;
  text << "0x" << std::hex << std::setfill('0') << std::setw(format_bits(format) / 4) << value;
  return text.str();
}

// Patterns lo .. hi of the table's format over `threads` models, with the
// progress bar in fp32 (ended by a newline also when a worker failed). 8- and
// 16-bit formats take milliseconds: no bar, and one model (the 2^16 inputs
// are one chunk; another model would only load the table again). In fp32 a
// part smaller than 4 chunks of 2^22 per thread takes smaller chunks (down to
// 2^16), so that a shard of 2^24 inputs still keeps every thread busy.
verify::RtlCheckResult verify_exhaustive(const UniformTable& table, const PatternRange& range,
                                         unsigned threads) {
  verify::RtlRangeOptions options;
  options.threads = threads;
  const auto first = static_cast<uint32_t>(range.lo);
  if (table.format != NumberFormat::kFp32) {
    return verify::check_rtl_range(table, first, range.count(), options);
  }
  const uint64_t per_thread = (range.count() + 4 * uint64_t{threads} - 1) / (4 * uint64_t{threads});
  options.chunk = std::clamp<uint64_t>(per_thread, uint64_t{1} << 16, options.chunk);
  options.progress = draw_progress;
  try {
    const verify::RtlCheckResult result =
        verify::check_rtl_range(table, first, range.count(), options);
    std::fprintf(stderr, "\n");
    return result;
  } catch (...) {
    std::fprintf(stderr, "\n");
    throw;
  }
}

// The options that generate the table instead of --table.
constexpr const char* kTableSpecOptions[] = {"func", "a", "m", "n", "edges"};

// --table T.tbl (its format=/kb= header; --format and --kb, when given, must
// say the same) or the table generated from --func [--a --m] --n [--edges
// --derivative] --format --kb. `source` names it for error messages.
UniformTable verify_table(const po::variables_map& values, std::string& source) {
  const bool from_file = values.count("table") != 0;
  bool spec_given = values["derivative"].as<bool>();
  for (const char* name : kTableSpecOptions) spec_given = spec_given || values.count(name) != 0;
  if (from_file && spec_given) {
    throw UsageError("give --table or --func/--n (with --a, --m, --edges, --derivative), not both");
  }
  if (from_file) {
    TableSpec wanted;
    resolve_format_options(values, wanted);  // unknown names fail first
    source = values["table"].as<std::string>();
    UniformTable table = read_tbl(source);
    if (!values["format"].defaulted() && wanted.format != table.format) {
      throw InputError(source + ": the table's format is " +
                       number_format_names().name(table.format) + ", not --format " +
                       number_format_names().name(wanted.format));
    }
    if (!values["kb"].defaulted() && wanted.kb != table.kb) {
      throw InputError(source + ": the table's kb is " + kb_format_names().name(table.kb) +
                       ", not --kb " + kb_format_names().name(wanted.kb));
    }
    return table;
  }
  if (values.count("func") == 0) throw UsageError("give --table T.tbl or --func NAME --n n");
  if (values.count("n") == 0) throw UsageError("--func needs --n n (2^n segments)");
  TableSpec spec = resolve_function_options(values);
  resolve_format_options(values, spec);
  const int n = values["n"].as<int>();
  check_interval_options(*spec.a, *spec.m, n, spec.format);
  spec.segments = 1 << n;
  UniformTable table = build_lookup_tables(spec).uniform;
  source = "table " + describe_table(table);
  return table;
}

// The --json result (docs/cli.md, `interpsim verify`): the table's identity
// and content hash, what was checked, what was found.
nlohmann::ordered_json result_json(const UniformTable& table, const po::variables_map& values,
                                   const std::string& inputs_from,
                                   const std::optional<PatternRange>& range,
                                   const std::optional<std::pair<uint64_t, uint64_t>>& shard,
                                   const verify::RtlCheckResult& result, unsigned threads,
                                   double seconds, double total_seconds) {
  using nlohmann::ordered_json;
  ordered_json tbl;
  tbl["file"] = values.count("table") ? ordered_json(values["table"].as<std::string>())
                                      : ordered_json(nullptr);
  tbl.update(table_identity_json(table));

  ordered_json out;
  out["program"] = "interpsim";
  out["version"] = INTERPSIM_VERSION;
  out["command"] = "verify";
  out["table"] = tbl;
  out["inputs_from"] = inputs_from;
  if (inputs_from == "in") out["trace"] = values["in"].as<std::string>();
  if (inputs_from == "random") out["seed"] = values["seed"].as<uint64_t>();
  out["input_patterns"] = verify::input_pattern_count(table);
  if (range) {
    out["range"] = {{"lo", range->lo},
                    {"hi", range->hi},
                    {"lo_hex", hex_pattern(range->lo, table.format)},
                    {"hi_hex", hex_pattern(range->hi, table.format)}};
  } else {
    out["range"] = nullptr;
  }
  out["shard"] =
      shard ? ordered_json{{"i", shard->first}, {"k", shard->second}} : ordered_json(nullptr);
  out["inputs"] = result.inputs;
  out["mismatches"] = result.mismatches;
  ordered_json first = ordered_json::array();
  for (const verify::Mismatch& m : result.first) {
    first.push_back({{"x", hex_pattern(m.x, table.format)},
                     {"rtl", hex_pattern(m.rtl, table.format)},
                     {"model", hex_pattern(m.model, table.format)}});
  }
  out["first_mismatches"] = first;
  out["pass"] = result.mismatches == 0;
  out["rtl_cycles"] = result.cycles;
  out["seconds"] = seconds;
  out["total_seconds"] = total_seconds;
  out["threads"] = threads;
  out["models"] = result.models;
  return out;
}

}  // namespace

int run_verify(int argc, char** argv) {
  const auto started = std::chrono::steady_clock::now();
  po::options_description options;
  options.add_options()                                                    //
      ("table", po::value<std::string>(), "table file (.tbl); or --func")  //
      ("func", po::value<std::string>()->value_name("NAME"),
       ("generate the table of this function instead: " + function_names()).c_str())  //
      ("a", po::value<std::string>()->value_name("A"),
       "with --func: interval start (default: the function's)")  //
      ("m", po::value<int>()->value_name("M"),
       "with --func: interval length 2^M (default: the function's)")  //
      ("n", po::value<int>()->value_name("n"),
       "with --func: 2^n segments, n <= 16 (the RTL's SegBitsMax)")  //
      ("edges", po::value<std::string>()->value_name("MODE"),
       "with --func: extrapolate, saturate, asymptote (default: the function's)")  //
      ("derivative", po::bool_switch(), "with --func: tabulate f' instead of f");
  add_format_options(options);
  options.add_options()  //
      ("in", po::value<std::string>(),
       "inputs from a trace (.npy in the table's format: '<f4' for fp32, '<f2' or '<u2' for "
       "fp16, raw '<u2'/'|u1' bits or exact '<f4' values)")  //
      ("random", po::value<uint64_t>(),
       "COUNT random inputs (1/3 any bit pattern, "
       "2/3 around [a, b])")  //
      ("corners",
       "corner cases of the format and every breakpoint with its neighbours")  //
      ("exhaustive",
       "every input pattern of the format (2^32 for fp32, split over --threads models; "
       "2^16 or 2^8 otherwise)")  //
      ("shard", po::value<std::string>()->value_name("I/K"),
       "with --exhaustive: only shard I of K (0 <= I < K <= 2^20 and <= the input count): "
       "patterns floor(I*N/K) .. floor((I+1)*N/K) - 1 of the N")  //
      ("range", po::value<std::vector<std::string>>()->multitoken()->value_name("LO HI"),
       "with --exhaustive: only the patterns LO .. HI, HI included (decimal or 0x hex)")  //
      ("json", po::value<std::string>()->value_name("FILE"),
       "write the result (table, hash, inputs, mismatches) as JSON")                     //
      ("vcd", po::value<std::string>(), "write a waveform (VCD) of the RTL run (fp32)")  //
      ("threads", po::value<unsigned>(),
       "worker threads for --exhaustive "
       "(default: the cores it may run on)")  //
      ("seed", po::value<uint64_t>()->default_value(1), "seed for --random");
  const CommandHelp help{
      "interpsim verify (--table T.tbl | --func NAME [--a A] [--m M] --n n [--edges MODE]\n"
      "                 [--derivative]) [--format F] [--kb fp32|io]\n"
      "                 (--in X.npy | --random COUNT | --corners |\n"
      "                  --exhaustive [--shard I/K | --range LO HI])\n"
      "                 [--json FILE] [--vcd FILE] [--threads K] [--seed S]",
      "Runs the verilated RTL (rtl/interp_unit.sv, table loaded through its write port)\n"
      "at one input per cycle and compares every output with the golden model bit for bit,\n"
      "NaN as the canonical NaN of the format. fp32: Vinterp_unit against Algorithm 1\n"
      "(model/uniform_lookup.hpp). --format F (fp16, bf16, fp8e5m2, fp8e4m3; with --table\n"
      "the file's format=/kb= header) runs the format instance Vinterp_unit_<F>_<kb>\n"
      "against model/format_lookup.hpp (docs/design.md section 12); --exhaustive then\n"
      "covers all 2^16 or 2^8 inputs in well under a second.\n"
      "Exit status 0 only if every output matches; otherwise the first mismatches are\n"
      "printed and the status is 1. fp32 --exhaustive shows a progress bar on stderr.\n"
      "--json FILE writes the result also when it fails (not on bad input).\n\n" +
          function_defaults_text()};
  po::variables_map values;
  if (!parse_options(argc, argv, help, options, values)) return 0;

  const int sources = static_cast<int>(values.count("in") + values.count("random") +
                                       values.count("corners") + values.count("exhaustive"));
  if (sources != 1) {
    throw UsageError("give exactly one of --in, --random, --corners, --exhaustive");
  }
  if (values.count("vcd") && values.count("exhaustive")) {
    throw_bad_option("vcd", "not available with --exhaustive (the file would hold 2^32 cycles)");
  }
  for (const char* part : {"shard", "range"}) {
    if (values.count(part) && !values.count("exhaustive")) {
      throw_bad_option(part, "only with --exhaustive (it takes a part of the input space)");
    }
  }
  if (values.count("shard") && values.count("range")) {
    throw_bad_option("range", "give --shard or --range, not both");
  }
  std::optional<std::pair<uint64_t, uint64_t>> shard;
  std::optional<PatternRange> range;
  if (values.count("shard")) shard = parse_shard(values["shard"].as<std::string>());
  if (values.count("range")) range = parse_range(values["range"].as<std::vector<std::string>>());
  std::string json_path;
  if (values.count("json")) {
    json_path = values["json"].as<std::string>();
    if (json_path.empty()) throw_bad_option("json", "empty file name");
    // Refused now rather than after hours of checking.
    const std::filesystem::path folder = std::filesystem::path(json_path).parent_path();
    std::error_code error;
    if (!folder.empty() && !std::filesystem::is_directory(folder, error)) {
      throw_bad_option("json", "no folder " + folder.string());
    }
  }
  unsigned threads = usable_cores();
  if (values.count("threads")) {
    threads = values["threads"].as<unsigned>();
    if (threads == 0 || threads > 1024) throw_bad_option("threads", "expected 1 .. 1024");
  }

  std::string source;
  const UniformTable table = verify_table(values, source);
  const std::string problem = verify::rtl_table_problem(table);
  if (!problem.empty()) throw InputError(source + ": " + problem);
  if (values.count("vcd") && !verify::rtl_trace_available(table)) {
    throw_bad_option("vcd", "only fp32 has a traced RTL model, not format=" +
                                number_format_names().name(table.format));
  }
  const bool fp32 = table.format == NumberFormat::kFp32;
  const std::string format_name = number_format_names().name(table.format);
  const uint64_t patterns = verify::input_pattern_count(table);
  if (shard && shard->second > patterns) {
    throw_bad_option("shard", "K=" + std::to_string(shard->second) + " is above the " +
                                  std::to_string(patterns) + " " + format_name + " inputs");
  }
  if (range && range->hi >= patterns) {
    throw_bad_option("range", "HI " + values["range"].as<std::vector<std::string>>()[1] +
                                  " is outside the " + format_name + " input space 0 .. " +
                                  hex_pattern(patterns - 1, table.format));
  }

  verify::RtlCheckResult result;
  std::string what;
  std::string inputs_from;
  const auto begin = std::chrono::steady_clock::now();
  if (values.count("exhaustive")) {
    if (shard) {
      range = shard_range(shard->first, shard->second, patterns);
      inputs_from = "shard";
      what = "shard " + std::to_string(shard->first) + "/" + std::to_string(shard->second) + ": ";
    } else if (range) {
      inputs_from = "range";
    } else {
      inputs_from = "exhaustive";
    }
    if (inputs_from == "exhaustive") {
      what = "all 2^" + std::to_string(format_bits(table.format)) + " " +
             (fp32 ? std::string() : format_name + " ") + "inputs";
      range = PatternRange{0, patterns - 1};
    } else {
      what += format_name + " inputs " + hex_pattern(range->lo, table.format) + " .. " +
              hex_pattern(range->hi, table.format);
    }
    if (fp32) what += ", " + std::to_string(threads) + " threads";
    result = verify_exhaustive(table, *range, threads);
  } else {
    std::vector<uint32_t> inputs;
    if (values.count("in")) {
      inputs_from = "in";
      const std::string path = values["in"].as<std::string>();
      if (fp32) {
        const NpyArray trace = read_npy(path);
        for (float x : trace.data) inputs.push_back(float_to_bits(x));
      } else {
        inputs = read_format_trace(path, table.format).bits;
      }
      what = path;
    } else if (values.count("random")) {
      inputs_from = "random";
      inputs = verify::random_inputs(table, values["random"].as<uint64_t>(),
                                     values["seed"].as<uint64_t>());
      what = "random inputs, seed " + std::to_string(values["seed"].as<uint64_t>());
    } else {
      inputs_from = "corners";
      inputs = verify::corner_inputs(table);
      what = "corner cases and breakpoints";
    }
    verify::RtlCheckOptions check;
    if (values.count("vcd")) check.vcd_path = values["vcd"].as<std::string>();
    result = verify::check_rtl_inputs(table, inputs, check);
    if (!check.vcd_path.empty()) std::cout << "wrote " << check.vcd_path << "\n";
  }
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - begin).count();
  // Written after the report is printed, also when the check failed.
  const auto write_json = [&] {
    if (json_path.empty()) return;
    const unsigned models_asked = values.count("exhaustive") ? threads : 1;
    const nlohmann::ordered_json json =
        result_json(table, values, inputs_from, range, shard, result, models_asked, seconds,
                    std::chrono::duration<double>(now - started).count());
    write_file_atomically(json_path, json_text(json, 2) + "\n");
    std::cout << "wrote " << json_path << "\n";
  };

  // fp32 runs take seconds to minutes; the narrow formats' milliseconds.
  std::cout << "verify: " << describe_table(table) << "\n"
            << "inputs: " << result.inputs << " (" << what << ")\n"
            << "rtl cycles: " << result.cycles << ", " << std::fixed
            << std::setprecision(fp32 ? 1 : 3) << seconds << " s, " << std::setprecision(2)
            << result.inputs / seconds / 1e6 << " M elements/s\n";
  if (result.mismatches == 0) {
    std::cout << "PASS: every output bit-exact with the golden model\n";
    write_json();
    return 0;
  }
  const int digits = format_bits(table.format) / 4;
  std::cout << "FAIL: " << result.mismatches << " outputs differ from the golden model; first:\n";
  for (const verify::Mismatch& m : result.first) {
    std::cout << std::hex << std::setfill('0') << "  x=0x" << std::setw(digits) << m.x << " rtl=0x"
              << std::setw(digits) << m.rtl << " model=0x" << std::setw(digits) << m.model
              << std::dec << std::setfill(' ') << "  (x=" << std::defaultfloat
              << std::setprecision(9)
              << (fp32 ? bits_to_float(m.x) : decode_value(table.format, m.x)) << ")\n";
  }
  write_json();
  return 1;
}

}  // namespace interpsim::cli
