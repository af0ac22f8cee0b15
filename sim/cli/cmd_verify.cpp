// interpsim verify: the verilated RTL (interp_unit) against the golden model,
// bit for bit, on a trace, random inputs, corner cases or all 2^32 inputs.
// The checking is sim/verify/rtl_check.hpp; this file parses options, draws
// the progress bar and prints the report.
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
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "model/tbl_io.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"
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

// All 2^32 inputs over `threads` models, with the progress bar (ended by a
// newline also when a worker failed).
verify::RtlCheckResult verify_exhaustive(const UniformTable& table, unsigned threads) {
  verify::RtlRangeOptions options;
  options.threads = threads;
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

}  // namespace

int run_verify(int argc, char** argv) {
  po::options_description options;
  options.add_options()                                                        //
      ("table", po::value<std::string>()->required(), "table file (.tbl)")     //
      ("in", po::value<std::string>(), "inputs from a trace (.npy, float32)")  //
      ("random", po::value<uint64_t>(),
       "COUNT random inputs (1/3 any bit pattern, "
       "2/3 around [a, b])")                                                      //
      ("corners", "IEEE corner cases and every breakpoint with its neighbours")   //
      ("exhaustive", "all 2^32 inputs, split over --threads models")              //
      ("vcd", po::value<std::string>(), "write a waveform (VCD) of the RTL run")  //
      ("threads", po::value<unsigned>(),
       "worker threads for --exhaustive "
       "(default: the machine's cores)")  //
      ("seed", po::value<uint64_t>()->default_value(1), "seed for --random");
  const CommandHelp help{
      "interpsim verify --table T.tbl (--in X.npy | --random COUNT | --corners | --exhaustive)\n"
      "                 [--vcd FILE] [--threads K] [--seed S]",
      "Runs the verilated RTL (rtl/interp_unit.sv, table loaded through its write port)\n"
      "at one input per cycle and compares every output with the golden model\n"
      "(Algorithm 1, model/uniform_lookup.hpp) bit for bit, NaN as 0x7FC00000.\n"
      "Exit status 0 only if every output matches; otherwise the first mismatches are\n"
      "printed and the status is 1. --exhaustive shows a progress bar on stderr."};
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

  const std::string table_path = values["table"].as<std::string>();
  const UniformTable table = read_tbl(table_path);
  const std::string problem = verify::rtl_table_problem(table);
  if (!problem.empty()) throw InputError(table_path + ": " + problem);

  verify::RtlCheckResult result;
  std::string what;
  const auto begin = std::chrono::steady_clock::now();
  if (values.count("exhaustive")) {
    what = "all 2^32 inputs, " + std::to_string(threads) + " threads";
    result = verify_exhaustive(table, threads);
  } else {
    std::vector<uint32_t> inputs;
    if (values.count("in")) {
      const NpyArray trace = read_npy(values["in"].as<std::string>());
      for (float x : trace.data) inputs.push_back(float_to_bits(x));
      what = values["in"].as<std::string>();
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

  std::cout << "verify: " << describe_table(table) << "\n"
            << "inputs: " << result.inputs << " (" << what << ")\n"
            << "rtl cycles: " << result.cycles << ", " << std::fixed << std::setprecision(1)
            << seconds << " s, " << std::setprecision(2) << result.inputs / seconds / 1e6
            << " M elements/s\n";
  if (result.mismatches == 0) {
    std::cout << "PASS: every output bit-exact with the golden model\n";
    return 0;
  }
  std::cout << "FAIL: " << result.mismatches << " outputs differ from the golden model; first:\n";
  for (const verify::Mismatch& m : result.first) {
    std::cout << std::hex << std::setfill('0') << "  x=0x" << std::setw(8) << m.x << " rtl=0x"
              << std::setw(8) << m.rtl << " model=0x" << std::setw(8) << m.model << std::dec
              << std::setfill(' ') << "  (x=" << std::defaultfloat << std::setprecision(9)
              << bits_to_float(m.x) << ")\n";
  }
  return 1;
}

}  // namespace interpsim::cli
