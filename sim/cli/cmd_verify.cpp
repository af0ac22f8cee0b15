// interpsim verify: the verilated RTL (interp_unit) against the golden model,
// bit for bit, on a trace, random inputs, corner cases or every input pattern
// (2^32 in fp32, 2^16 or 2^8 in the narrow formats of docs/design.md
// section 12). The table comes from a .tbl file or is generated from
// --func/--n/--format. The checking is sim/verify/rtl_check.hpp; this file
// parses options, draws the progress bar and prints the report.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/format_trace.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "model/tbl_io.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"
#include "sim/cli/table_options.hpp"
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

// Every input pattern of the table's format over `threads` models, with the
// progress bar (ended by a newline also when a worker failed). 8- and 16-bit
// formats take milliseconds: no bar, and one model (the 2^16 inputs are one
// chunk; another model would only load the table again).
verify::RtlCheckResult verify_exhaustive(const UniformTable& table, unsigned threads) {
  verify::RtlRangeOptions options;
  options.threads = threads;
  if (table.format != NumberFormat::kFp32) return verify::check_rtl_exhaustive(table, options);
  options.progress = draw_progress;
  try {
    const verify::RtlCheckResult result = verify::check_rtl_exhaustive(table, options);
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

}  // namespace

int run_verify(int argc, char** argv) {
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
       "2^16 or 2^8 otherwise)")                                                         //
      ("vcd", po::value<std::string>(), "write a waveform (VCD) of the RTL run (fp32)")  //
      ("threads", po::value<unsigned>(),
       "worker threads for --exhaustive "
       "(default: the machine's cores)")  //
      ("seed", po::value<uint64_t>()->default_value(1), "seed for --random");
  const CommandHelp help{
      "interpsim verify (--table T.tbl | --func NAME [--a A] [--m M] --n n [--edges MODE]\n"
      "                 [--derivative]) [--format F] [--kb fp32|io]\n"
      "                 (--in X.npy | --random COUNT | --corners | --exhaustive)\n"
      "                 [--vcd FILE] [--threads K] [--seed S]",
      "Runs the verilated RTL (rtl/interp_unit.sv, table loaded through its write port)\n"
      "at one input per cycle and compares every output with the golden model bit for bit,\n"
      "NaN as the canonical NaN of the format. fp32: Vinterp_unit against Algorithm 1\n"
      "(model/uniform_lookup.hpp). --format F (fp16, bf16, fp8e5m2, fp8e4m3; with --table\n"
      "the file's format=/kb= header) runs the format instance Vinterp_unit_<F>_<kb>\n"
      "against model/format_lookup.hpp (docs/design.md section 12); --exhaustive then\n"
      "covers all 2^16 or 2^8 inputs in well under a second.\n"
      "Exit status 0 only if every output matches; otherwise the first mismatches are\n"
      "printed and the status is 1. fp32 --exhaustive shows a progress bar on stderr.\n\n" +
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
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
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

  verify::RtlCheckResult result;
  std::string what;
  const auto begin = std::chrono::steady_clock::now();
  if (values.count("exhaustive")) {
    if (fp32) {
      what = "all 2^32 inputs, " + std::to_string(threads) + " threads";
    } else {
      what = "all 2^" + std::to_string(format_bits(table.format)) + " " + format_name + " inputs";
    }
    result = verify_exhaustive(table, threads);
  } else {
    std::vector<uint32_t> inputs;
    if (values.count("in")) {
      const std::string path = values["in"].as<std::string>();
      if (fp32) {
        const NpyArray trace = read_npy(path);
        for (float x : trace.data) inputs.push_back(float_to_bits(x));
      } else {
        inputs = read_format_trace(path, table.format).bits;
      }
      what = path;
    } else if (values.count("random")) {
      inputs = verify::random_inputs(table, values["random"].as<uint64_t>(),
                                     values["seed"].as<uint64_t>());
      what = "random inputs, seed " + std::to_string(values["seed"].as<uint64_t>());
    } else {
      inputs = verify::corner_inputs(table);
      what = "corner cases and breakpoints";
    }
    verify::RtlCheckOptions check;
    if (values.count("vcd")) check.vcd_path = values["vcd"].as<std::string>();
    result = verify::check_rtl_inputs(table, inputs, check);
    if (!check.vcd_path.empty()) std::cout << "wrote " << check.vcd_path << "\n";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  // fp32 runs take seconds to minutes; the narrow formats' milliseconds.
  std::cout << "verify: " << describe_table(table) << "\n"
            << "inputs: " << result.inputs << " (" << what << ")\n"
            << "rtl cycles: " << result.cycles << ", " << std::fixed
            << std::setprecision(fp32 ? 1 : 3) << seconds << " s, " << std::setprecision(2)
            << result.inputs / seconds / 1e6 << " M elements/s\n";
  if (result.mismatches == 0) {
    std::cout << "PASS: every output bit-exact with the golden model\n";
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
  return 1;
}

}  // namespace interpsim::cli
