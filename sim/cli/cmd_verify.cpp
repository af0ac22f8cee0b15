// interpsim verify: the verilated RTL (interp_unit) against the golden model,
// bit for bit, on a trace, random inputs, corner cases or all 2^32 inputs.
#include <verilated.h>
#include <verilated_vcd_c.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "Vinterp_unit.h"
#include "Vinterp_unit_trace.h"
#include "model/float_bits.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "model/tbl_io.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"

namespace interpsim::cli {
namespace {

constexpr int kRtlSegBitsMax = 16;  // interp_unit's default SegBitsMax (vl_interp_unit)
constexpr size_t kMismatchesShown = 10;

struct Mismatch {
  uint32_t x, rtl, model;
};

// Mismatches found by any thread: a count and the first few (lowest x first
// within what was seen, so the report does not depend on thread timing much).
class MismatchLog {
 public:
  void add(uint32_t x, uint32_t rtl, uint32_t model) {
    count_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(mutex_);
    if (first_.size() < kMismatchesShown) first_.push_back({x, rtl, model});
  }
  uint64_t count() const { return count_.load(); }
  std::vector<Mismatch> first() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return first_;
  }

 private:
  std::atomic<uint64_t> count_{0};
  mutable std::mutex mutex_;
  std::vector<Mismatch> first_;
};

// One verilated interp_unit with the table loaded, streaming at full rate
// (input every cycle, output always ready) and checking every output.
template <typename Model>
class RtlChecker {
 public:
  RtlChecker(const UniformTable& table, VerilatedVcdC* vcd)
      : table_(table),
        context_(std::make_unique<VerilatedContext>()),
        model_(std::make_unique<Model>(context_.get())),
        vcd_(vcd) {
    if (vcd_ != nullptr) {
      context_->traceEverOn(true);
      context_->timeprecision(-12);  // dump() times are in ps
      trace_model(*model_);
    }
    model_->clk_i = 0;
    model_->rst_ni = 0;
    model_->in_valid_i = 0;
    model_->out_ready_i = 1;
    model_->tbl_we_i = 0;
    model_->cfg_a_i = float_to_bits(table.a);
    model_->cfg_b_i = float_to_bits(table.upper());
    model_->cfg_m_i = static_cast<uint8_t>(table.m);
    model_->cfg_n_i = static_cast<uint8_t>(table.n);
    tick();
    tick();
    model_->rst_ni = 1;
    for (size_t row = 0; row < table.rows(); ++row) {
      model_->tbl_we_i = 1;
      model_->tbl_addr_i = static_cast<uint32_t>(row);
      model_->tbl_wdata_i =
          (uint64_t{float_to_bits(table.k[row])} << 32) | float_to_bits(table.b[row]);
      tick();
    }
    model_->tbl_we_i = 0;
  }

  ~RtlChecker() { model_->final(); }

  // Streams input(i) for i in [0, count); adds every finished element to
  // *progress (when given) in steps.
  template <typename Input>
  void run(uint64_t count, Input input, MismatchLog& log, std::atomic<uint64_t>* progress) {
    // Elements in flight, in order (the unit keeps order and never refuses
    // input here because the output is always ready).
    std::vector<uint32_t> ring(64);
    uint64_t head = 0, tail = 0, done_since_report = 0;
    uint64_t next = 0;
    while (tail < count) {
      const bool offer = next < count;
      model_->in_valid_i = offer;
      if (offer) model_->in_x_i = input(next);
      model_->clk_i = 0;
      model_->eval();
      dump();
      if (offer && model_->in_ready_o) {
        ring[head++ & 63] = model_->in_x_i;
        ++next;
      }
      if (model_->out_valid_o) {
        const uint32_t x = ring[tail++ & 63];
        const uint32_t expected = canonical_bits(interp_uniform(table_, bits_to_float(x)));
        if (model_->out_y_o != expected) log.add(x, model_->out_y_o, expected);
        if (progress != nullptr && ++done_since_report == 65536) {
          progress->fetch_add(done_since_report, std::memory_order_relaxed);
          done_since_report = 0;
        }
      }
      model_->clk_i = 1;
      model_->eval();
      dump();
      ++cycles_;
      if (head - tail > 32) throw std::runtime_error("RTL stopped producing results");
    }
    if (progress != nullptr) progress->fetch_add(done_since_report, std::memory_order_relaxed);
  }

  uint64_t cycles() const { return cycles_; }

 private:
  void tick() {
    model_->clk_i = 0;
    model_->eval();
    dump();
    model_->clk_i = 1;
    model_->eval();
    dump();
  }

  void dump() {
    if (vcd_ != nullptr) vcd_->dump(time_ps_);
    time_ps_ += 5000;  // 10 ns clock
  }

  void trace_model(Vinterp_unit_trace& model) { model.trace(vcd_, 99); }
  void trace_model(Vinterp_unit&) {
    throw std::logic_error("this RTL model was built without --trace");
  }

  const UniformTable& table_;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  VerilatedVcdC* vcd_;
  uint64_t time_ps_ = 0;
  uint64_t cycles_ = 0;
};

std::vector<uint32_t> random_inputs(const UniformTable& table, uint64_t count, uint64_t seed) {
  // One third uniform over all bit patterns (NaN, inf, subnormals...), two
  // thirds uniform around [a, b] (margin (b - a) / 8 each side).
  std::mt19937_64 rng(seed);
  const double lo = table.a, hi = table.upper(), margin = (hi - lo) / 8.0;
  std::uniform_real_distribution<double> around(lo - margin, hi + margin);
  std::vector<uint32_t> inputs(count);
  for (uint64_t i = 0; i < count; ++i) {
    inputs[i] = (i % 3 == 0) ? static_cast<uint32_t>(rng())
                             : float_to_bits(static_cast<float>(around(rng)));
  }
  return inputs;
}

std::vector<uint32_t> corner_inputs(const UniformTable& table) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::vector<uint32_t> inputs = {0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x007FFFFFu,
                                  0x807FFFFFu, 0x00800000u, 0x80800000u, 0x7F7FFFFFu, 0xFF7FFFFFu,
                                  0x7F800000u, 0xFF800000u, 0x7FC00000u, 0xFFC00000u, 0x7F800001u,
                                  0xFF800001u, 0x7FFFFFFFu, 0xFFFFFFFFu};
  auto with_neighbours = [&inputs](float t, int steps) {
    float below = t, above = t;
    inputs.push_back(float_to_bits(t));
    for (int i = 0; i < steps; ++i) {
      below = std::nextafter(below, -kInf);
      above = std::nextafter(above, kInf);
      inputs.push_back(float_to_bits(below));
      inputs.push_back(float_to_bits(above));
    }
  };
  // Every breakpoint a + i*w (a and b included) with its float neighbours.
  for (size_t i = 0; i <= table.segments(); ++i) {
    const bool end = i == 0 || i == table.segments();
    with_neighbours(static_cast<float>(table.a + static_cast<double>(i) * table.width()),
                    end ? 8 : 1);
  }
  return inputs;
}

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

// All 2^32 inputs in chunks handed out to `threads` workers, one model each.
uint64_t verify_exhaustive(const UniformTable& table, unsigned threads, MismatchLog& log) {
  constexpr uint64_t kTotal = uint64_t{1} << 32;
  constexpr uint64_t kChunk = uint64_t{1} << 22;
  std::atomic<uint64_t> next_chunk{0}, done{0}, cycles{0};
  std::atomic<bool> failed{false};
  std::string failure;
  std::mutex failure_mutex;
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      try {
        RtlChecker<Vinterp_unit> checker(table, nullptr);
        for (;;) {
          const uint64_t start = next_chunk.fetch_add(kChunk);
          if (start >= kTotal || failed) break;
          checker.run(
              kChunk, [start](uint64_t i) { return static_cast<uint32_t>(start + i); }, log, &done);
        }
        cycles += checker.cycles();
      } catch (const std::exception& error) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        failure = error.what();
        failed = true;
      }
    });
  }
  const auto begin = std::chrono::steady_clock::now();
  while (done.load() < kTotal && !failed) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    draw_progress(done.load(), kTotal,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
  }
  for (std::thread& worker : workers) worker.join();
  draw_progress(done.load(), kTotal,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
  std::fprintf(stderr, "\n");
  if (failed) throw std::runtime_error(failure);
  return cycles.load();
}

// A list of inputs in one model (the traced one when a VCD is asked for).
uint64_t verify_list(const UniformTable& table, const std::vector<uint32_t>& inputs,
                     const std::string& vcd_path, MismatchLog& log) {
  auto input = [&inputs](uint64_t i) { return inputs[i]; };
  if (vcd_path.empty()) {
    RtlChecker<Vinterp_unit> checker(table, nullptr);
    checker.run(inputs.size(), input, log, nullptr);
    return checker.cycles();
  }
  // Written under a temporary name and renamed when complete.
  const std::string partial = vcd_path + ".partial";
  VerilatedVcdC vcd;
  uint64_t cycles = 0;
  {
    RtlChecker<Vinterp_unit_trace> checker(table, &vcd);
    vcd.open(partial.c_str());
    if (!vcd.isOpen()) throw InputError("--vcd: cannot write " + vcd_path);
    checker.run(inputs.size(), input, log, nullptr);
    cycles = checker.cycles();
  }
  vcd.close();
  if (std::rename(partial.c_str(), vcd_path.c_str()) != 0) {
    throw InputError("--vcd: cannot write " + vcd_path);
  }
  return cycles;
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
  if (table.n > kRtlSegBitsMax) {
    throw InputError(table_path + ": n=" + std::to_string(table.n) +
                     " exceeds the RTL table (SegBitsMax=" + std::to_string(kRtlSegBitsMax) + ")");
  }
  if (table.m < -128 || table.m > 127) {
    throw InputError(table_path + ": m=" + std::to_string(table.m) +
                     " does not fit the RTL's 8-bit cfg_m_i");
  }

  MismatchLog log;
  uint64_t inputs_checked = 0, cycles = 0;
  std::string what;
  const auto begin = std::chrono::steady_clock::now();
  if (values.count("exhaustive")) {
    what = "all 2^32 inputs, " + std::to_string(threads) + " threads";
    cycles = verify_exhaustive(table, threads, log);
    inputs_checked = uint64_t{1} << 32;
  } else {
    std::vector<uint32_t> inputs;
    if (values.count("in")) {
      const NpyArray trace = read_npy(values["in"].as<std::string>());
      for (float x : trace.data) inputs.push_back(float_to_bits(x));
      what = values["in"].as<std::string>();
    } else if (values.count("random")) {
      inputs = random_inputs(table, values["random"].as<uint64_t>(), values["seed"].as<uint64_t>());
      what = "random inputs, seed " + std::to_string(values["seed"].as<uint64_t>());
    } else {
      inputs = corner_inputs(table);
      what = "corner cases and breakpoints";
    }
    const std::string vcd_path = values.count("vcd") ? values["vcd"].as<std::string>() : "";
    cycles = verify_list(table, inputs, vcd_path, log);
    inputs_checked = inputs.size();
    if (!vcd_path.empty()) std::cout << "wrote " << vcd_path << "\n";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  std::cout << "verify: " << describe_table(table) << "\n"
            << "inputs: " << inputs_checked << " (" << what << ")\n"
            << "rtl cycles: " << cycles << ", " << std::fixed << std::setprecision(1) << seconds
            << " s, " << std::setprecision(2) << inputs_checked / seconds / 1e6
            << " M elements/s\n";
  if (log.count() == 0) {
    std::cout << "PASS: every output bit-exact with the golden model\n";
    return 0;
  }
  std::cout << "FAIL: " << log.count() << " outputs differ from the golden model; first:\n";
  for (const Mismatch& m : log.first()) {
    std::cout << std::hex << std::setfill('0') << "  x=0x" << std::setw(8) << m.x << " rtl=0x"
              << std::setw(8) << m.rtl << " model=0x" << std::setw(8) << m.model << std::dec
              << std::setfill(' ') << "  (x=" << std::defaultfloat << std::setprecision(9)
              << bits_to_float(m.x) << ")\n";
  }
  return 1;
}

}  // namespace interpsim::cli
