#include "sim/verify/rtl_check.hpp"

#include <verilated.h>
#include <verilated_vcd_c.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

#include "Vinterp_unit.h"
#include "Vinterp_unit_trace.h"
#include "model/float_bits.hpp"
#include "model/input_error.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim::verify {
namespace {

// Mismatches found by any thread: a count and the first few, in the order
// they were seen.
class MismatchLog {
 public:
  void add(uint32_t x, uint32_t rtl, uint32_t model) {
    count_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(mutex_);
    if (first_.size() < kMismatchesKept) first_.push_back({x, rtl, model});
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

// One verilated interp_unit with `table` loaded, streaming at full rate
// (input every cycle, output always ready) and checking every output against
// the golden model on `golden`.
template <typename Model>
class RtlChecker {
 public:
  RtlChecker(const UniformTable& table, const UniformTable& golden, VerilatedVcdC* vcd)
      : golden_(golden),
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
        const uint32_t expected = canonical_bits(interp_uniform(golden_, bits_to_float(x)));
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

  const UniformTable& golden_;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  VerilatedVcdC* vcd_;
  uint64_t time_ps_ = 0;
  uint64_t cycles_ = 0;
};

void require_rtl_table(const UniformTable& table) {
  const std::string problem = rtl_table_problem(table);
  if (!problem.empty()) throw InputError(problem);
}

RtlCheckResult result_of(uint64_t inputs, uint64_t cycles, const MismatchLog& log) {
  RtlCheckResult result;
  result.inputs = inputs;
  result.cycles = cycles;
  result.mismatches = log.count();
  result.first = log.first();
  return result;
}

}  // namespace

std::string rtl_table_problem(const UniformTable& table) {
  if (table.n > kRtlSegBitsMax) {
    return "n=" + std::to_string(table.n) +
           " exceeds the RTL table (SegBitsMax=" + std::to_string(kRtlSegBitsMax) + ")";
  }
  if (table.m < -128 || table.m > 127) {
    return "m=" + std::to_string(table.m) + " does not fit the RTL's 8-bit cfg_m_i";
  }
  return "";
}

std::vector<uint32_t> random_inputs(const UniformTable& table, uint64_t count, uint64_t seed) {
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

RtlCheckResult check_rtl_inputs(const UniformTable& table, const std::vector<uint32_t>& inputs,
                                const RtlCheckOptions& options) {
  require_rtl_table(table);
  const UniformTable& golden = options.golden != nullptr ? *options.golden : table;
  MismatchLog log;
  auto input = [&inputs](uint64_t i) { return inputs[i]; };
  if (options.vcd_path.empty()) {
    RtlChecker<Vinterp_unit> checker(table, golden, nullptr);
    checker.run(inputs.size(), input, log, nullptr);
    return result_of(inputs.size(), checker.cycles(), log);
  }
  // Written under a temporary name and renamed when complete.
  const std::string& vcd_path = options.vcd_path;
  const std::string partial = vcd_path + ".partial";
  VerilatedVcdC vcd;
  uint64_t cycles = 0;
  {
    RtlChecker<Vinterp_unit_trace> checker(table, golden, &vcd);
    vcd.open(partial.c_str());
    if (!vcd.isOpen()) throw InputError("--vcd: cannot write " + vcd_path);
    checker.run(inputs.size(), input, log, nullptr);
    cycles = checker.cycles();
  }
  vcd.close();
  if (std::rename(partial.c_str(), vcd_path.c_str()) != 0) {
    throw InputError("--vcd: cannot write " + vcd_path);
  }
  return result_of(inputs.size(), cycles, log);
}

RtlCheckResult check_rtl_range(const UniformTable& table, uint32_t first, uint64_t count,
                               const RtlRangeOptions& options) {
  require_rtl_table(table);
  if (count > (uint64_t{1} << 32)) throw std::invalid_argument("check_rtl_range: count > 2^32");
  if (options.threads == 0 || options.threads > 1024) {
    throw std::invalid_argument("check_rtl_range: threads must be 1 .. 1024");
  }
  if (options.chunk == 0) throw std::invalid_argument("check_rtl_range: chunk must be > 0");
  if (!options.check.vcd_path.empty()) {
    throw std::invalid_argument("check_rtl_range: no VCD (use check_rtl_inputs)");
  }
  const UniformTable& golden = options.check.golden != nullptr ? *options.check.golden : table;
  const uint64_t chunk = options.chunk;
  MismatchLog log;
  std::atomic<uint64_t> next_chunk{0}, done{0}, cycles{0};
  std::atomic<bool> failed{false};
  std::string failure;
  std::mutex failure_mutex;
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < options.threads; ++t) {
    workers.emplace_back([&] {
      try {
        RtlChecker<Vinterp_unit> checker(table, golden, nullptr);
        for (;;) {
          const uint64_t start = next_chunk.fetch_add(chunk);
          if (start >= count || failed) break;
          const uint64_t base = uint64_t{first} + start;
          checker.run(
              std::min(chunk, count - start),
              [base](uint64_t i) { return static_cast<uint32_t>(base + i); }, log, &done);
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
  const auto seconds = [&begin] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  while (done.load() < count && !failed) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options.progress_ms));
    if (options.progress) options.progress(done.load(), count, seconds());
  }
  for (std::thread& worker : workers) worker.join();
  if (options.progress) options.progress(done.load(), count, seconds());
  if (failed) throw std::runtime_error(failure);
  return result_of(count, cycles.load(), log);
}

RtlCheckResult check_rtl_exhaustive(const UniformTable& table, const RtlRangeOptions& options) {
  return check_rtl_range(table, 0, uint64_t{1} << 32, options);
}

}  // namespace interpsim::verify
