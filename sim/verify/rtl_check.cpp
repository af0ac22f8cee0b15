#include "sim/verify/rtl_check.hpp"

#include <verilated.h>
#include <verilated_vcd_c.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

#include "Vinterp_unit.h"
#include "Vinterp_unit___024root.h"
#include "Vinterp_unit_trace.h"
#include "Vinterp_unit_trace___024root.h"
#include "interp_unit_rtl_models.hpp"
#include "model/atomic_file.hpp"
#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/input_error.hpp"
#include "model/number_format.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/common/verilated_edge.hpp"

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

// The golden model of one table, as bit patterns of its io format:
// interp_uniform for fp32 (canonical NaN 0x7FC00000), otherwise FormatLookup
// (every input's output tabulated once, then a gather).
class Golden {
 public:
  explicit Golden(const UniformTable& table) : table_(table) {
    if (table.format != NumberFormat::kFp32) lookup_.emplace(table);
  }
  uint32_t operator()(uint32_t x) const {
    if (!lookup_) return canonical_bits(interp_uniform(table_, bits_to_float(x)));
    return (*lookup_)(x);
  }

 private:
  const UniformTable& table_;
  std::optional<FormatLookup> lookup_;
};

// `value`'s bits in `format` (float32: its own bits); the value must be one of
// the format (rtl_table_problem checks that first).
uint32_t value_bits(NumberFormat format, float value) {
  if (format == NumberFormat::kFp32) return float_to_bits(value);
  const std::optional<uint32_t> bits = encode_exact(format, value);
  if (!bits) throw std::invalid_argument("rtl_check: value not in the format");
  return *bits;
}

// One verilated interp_unit (any format instance: the ports have the same
// names, io- and kb-wide) with `table` loaded, streaming at full rate (input
// every cycle, output always ready) and checking every output against
// `golden`.
template <typename Model>
class RtlChecker {
 public:
  // `trace`: the checker owns a VCD writer (vcd(), not yet open). It is made
  // after the context and the model: VerilatedVcdC's constructor reads the
  // time unit of the thread's current context, which before this model
  // existed may be a context already destroyed (found by AddressSanitizer).
  RtlChecker(const UniformTable& table, const Golden& golden, bool trace)
      : golden_(golden),
        context_(std::make_unique<VerilatedContext>()),
        model_(std::make_unique<Model>(context_.get())) {
    if (trace) {
      context_->traceEverOn(true);
      context_->timeprecision(-12);  // dump() times are in ps
      vcd_ = std::make_unique<VerilatedVcdC>(nullptr);
      trace_model(*model_);
    }
    model_->clk_i = 0;
    model_->rst_ni = 0;
    model_->in_valid_i = 0;
    model_->out_ready_i = 1;
    model_->tbl_we_i = 0;
    model_->cfg_a_i = value_bits(table.format, table.a);
    model_->cfg_b_i = value_bits(table.format, table.upper());
    model_->cfg_m_i = static_cast<uint8_t>(table.m);
    model_->cfg_n_i = static_cast<uint8_t>(table.n);
    tick();
    tick();
    model_->rst_ni = 1;
    // A row is {K, B} in the kb format: 64, 32 or 16 bits.
    const NumberFormat entries = table.entries();
    const int kb_width = format_bits(entries);
    for (size_t row = 0; row < table.rows(); ++row) {
      model_->tbl_we_i = 1;
      model_->tbl_addr_i = static_cast<uint32_t>(row);
      model_->tbl_wdata_i = (uint64_t{value_bits(entries, table.k[row])} << kb_width) |
                            value_bits(entries, table.b[row]);
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
      // Without a VCD there is no falling-edge eval(): in_ready_o does not
      // depend on in_valid_i or in_x_i, out_ready_i is constant, and the
      // outputs are registers, so what the last edge left is this cycle's.
      if (vcd_ != nullptr) {
        model_->clk_i = 0;
        model_->eval();
        dump();
      }
      if (offer && model_->in_ready_o) {
        ring[head++ & 63] = model_->in_x_i;
        ++next;
      }
      if (model_->out_valid_o) {
        const uint32_t x = ring[tail++ & 63];
        const uint32_t expected = golden_(x);
        if (model_->out_y_o != expected) log.add(x, model_->out_y_o, expected);
        if (progress != nullptr && ++done_since_report == 65536) {
          progress->fetch_add(done_since_report, std::memory_order_relaxed);
          done_since_report = 0;
        }
      }
      if (vcd_ != nullptr) {
        model_->clk_i = 1;
        model_->eval();
        dump();
      } else {
        rising_edge_one_eval(*model_);
      }
      ++cycles_;
      if (head - tail > 32) throw std::runtime_error("RTL stopped producing results");
    }
    if (progress != nullptr) progress->fetch_add(done_since_report, std::memory_order_relaxed);
  }

  uint64_t cycles() const { return cycles_; }
  // The VCD writer of a checker made with trace = true.
  VerilatedVcdC& vcd() { return *vcd_; }

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

  void trace_model(Vinterp_unit_trace& model) { model.trace(vcd_.get(), 99); }
  template <typename Other>
  void trace_model(Other&) {
    throw std::logic_error("this RTL model was built without --trace");
  }

  const Golden& golden_;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  // Declared after the model: destroyed (and closed) before it.
  std::unique_ptr<VerilatedVcdC> vcd_;
  uint64_t time_ps_ = 0;
  uint64_t cycles_ = 0;
};

void require_rtl_table(const UniformTable& table) {
  const std::string problem = rtl_table_problem(table);
  if (!problem.empty()) throw InputError(problem);
}

std::string format_and_kb(const UniformTable& table) {
  return "format=" + number_format_names().name(table.format) +
         " kb=" + kb_format_names().name(table.kb);
}

template <typename Model>
struct ModelTag {
  using type = Model;
};

// Calls visit(ModelTag<M>{}) with M the verilated interp_unit of the table's
// io and kb format: Vinterp_unit (or Vinterp_unit_trace when `trace`) for
// fp32, whose entries are float32 with either kb; otherwise
// Vinterp_unit_<io>_<kb>, one case per line of the generated list.
template <typename Visitor>
RtlCheckResult with_rtl_model(const UniformTable& table, bool trace, Visitor&& visit) {
  if (table.format == NumberFormat::kFp32) {
    if (trace) return visit(ModelTag<Vinterp_unit_trace>{});
    return visit(ModelTag<Vinterp_unit>{});
  }
  if (trace) throw std::logic_error("rtl_check: no traced model for " + format_and_kb(table));
  const std::string io = number_format_names().name(table.format);
  const std::string kb = kb_format_names().name(table.kb);
#define INTERPSIM_VERIFY_MODEL_CASE(IO, KB) \
  if (io == #IO && kb == #KB) return visit(ModelTag<Vinterp_unit_##IO##_##KB>{});
  INTERPSIM_FOR_EACH_INTERP_UNIT_RTL_FORMAT(INTERPSIM_VERIFY_MODEL_CASE)
#undef INTERPSIM_VERIFY_MODEL_CASE
  throw InputError("no verilated interp_unit for " + format_and_kb(table));
}

bool has_rtl_model(const UniformTable& table) {
  if (table.format == NumberFormat::kFp32) return true;
  const std::string io = number_format_names().name(table.format);
  const std::string kb = kb_format_names().name(table.kb);
#define INTERPSIM_VERIFY_MODEL_CASE(IO, KB) \
  if (io == #IO && kb == #KB) return true;
  INTERPSIM_FOR_EACH_INTERP_UNIT_RTL_FORMAT(INTERPSIM_VERIFY_MODEL_CASE)
#undef INTERPSIM_VERIFY_MODEL_CASE
  return false;
}

// The golden table of a check: options.golden or the table itself, in the same format.
const UniformTable& golden_table(const UniformTable& table, const RtlCheckOptions& options) {
  if (options.golden == nullptr) return table;
  if (options.golden->format != table.format) {
    throw std::invalid_argument("rtl_check: the golden table is in another io format");
  }
  return *options.golden;
}

// Bits of the io format's values, sorted by value (NaNs left out; -0 before +0).
std::vector<uint32_t> values_in_order(NumberFormat format) {
  const uint32_t count = uint32_t{1} << format_bits(format);
  std::vector<uint32_t> bits;
  for (uint32_t pattern = 0; pattern < count; ++pattern) {
    if (!is_nan_in(format, pattern)) bits.push_back(pattern);
  }
  std::stable_sort(bits.begin(), bits.end(), [format](uint32_t lhs, uint32_t rhs) {
    return decode_value(format, lhs) < decode_value(format, rhs);
  });
  return bits;
}

// corner_inputs for an io format other than fp32.
std::vector<uint32_t> format_corner_inputs(const UniformTable& table) {
  const NumberFormat format = table.format;
  const FloatLayout layout = float_layout(format);
  const uint32_t sign = layout.sign_mask();
  std::vector<uint32_t> inputs;
  std::vector<bool> seen(size_t{1} << layout.width());
  auto add = [&](uint32_t bits) {
    if (!seen[bits]) inputs.push_back(bits);
    seen[bits] = true;
  };
  const uint32_t min_normal = uint32_t{1} << layout.mantissa_bits;
  for (uint32_t magnitude :
       {uint32_t{0}, uint32_t{1}, layout.mantissa_mask(), min_normal, layout.max_finite_bits()}) {
    add(magnitude);
    add(sign | magnitude);
  }
  if (!layout.finite_only) {
    add(layout.infinity_bits());
    add(sign | layout.infinity_bits());
    add(layout.infinity_bits() | 1);  // a signalling NaN's pattern
  }
  add(layout.canonical_nan);
  add(sign | layout.canonical_nan);
  add(layout.magnitude_mask());  // all ones: NaN in every format
  add(sign | layout.magnitude_mask());
  // Each breakpoint's neighbours among the format's values: the values at
  // positions p - steps .. p + steps, p the first value >= the breakpoint.
  const std::vector<uint32_t> sorted = values_in_order(format);
  std::vector<float> sorted_values(sorted.size());
  for (size_t i = 0; i < sorted.size(); ++i) sorted_values[i] = decode_value(format, sorted[i]);
  const auto count = static_cast<std::ptrdiff_t>(sorted.size());
  for (size_t i = 0; i <= table.segments(); ++i) {
    const bool end = i == 0 || i == table.segments();
    const std::ptrdiff_t steps = end ? 8 : 1;
    const double t = table.a + static_cast<double>(i) * table.width();
    const std::ptrdiff_t p = std::lower_bound(sorted_values.begin(), sorted_values.end(), t,
                                              [](float value, double key) { return value < key; }) -
                             sorted_values.begin();
    for (std::ptrdiff_t j = std::max<std::ptrdiff_t>(0, p - steps);
         j <= std::min(count - 1, p + steps); ++j) {
      add(sorted[static_cast<size_t>(j)]);
    }
  }
  return inputs;
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
  if (!has_rtl_model(table)) return "no verilated interp_unit for " + format_and_kb(table);
  if (table.k.size() != table.rows() || table.b.size() != table.rows()) {
    return "the table has " + std::to_string(std::min(table.k.size(), table.b.size())) +
           " rows, not 2^n + 2 = " + std::to_string(table.rows());
  }
  if (table.format == NumberFormat::kFp32) return "";
  const std::string io = number_format_names().name(table.format);
  if (!encode_exact(table.format, table.a) || !encode_exact(table.format, table.upper())) {
    return "a or b is not a value of " + io;
  }
  const NumberFormat entries = table.entries();
  for (size_t row = 0; row < table.rows(); ++row) {
    if (!encode_exact(entries, table.k[row]) || !encode_exact(entries, table.b[row])) {
      return "row " + std::to_string(row) + " is not in the kb format " +
             number_format_names().name(entries);
    }
  }
  return "";
}

bool rtl_trace_available(const UniformTable& table) {
  return table.format == NumberFormat::kFp32;
}

uint64_t input_pattern_count(const UniformTable& table) {
  return uint64_t{1} << format_bits(table.format);
}

std::vector<uint32_t> random_inputs(const UniformTable& table, uint64_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const double lo = table.a, hi = table.upper(), margin = (hi - lo) / 8.0;
  std::uniform_real_distribution<double> around(lo - margin, hi + margin);
  std::vector<uint32_t> inputs(count);
  if (table.format == NumberFormat::kFp32) {
    for (uint64_t i = 0; i < count; ++i) {
      inputs[i] = (i % 3 == 0) ? static_cast<uint32_t>(rng())
                               : float_to_bits(static_cast<float>(around(rng)));
    }
    return inputs;
  }
  const auto mask = static_cast<uint32_t>(input_pattern_count(table) - 1);
  for (uint64_t i = 0; i < count; ++i) {
    inputs[i] = (i % 3 == 0) ? static_cast<uint32_t>(rng()) & mask
                             : round_to_format(table.format, around(rng));
  }
  return inputs;
}

std::vector<uint32_t> corner_inputs(const UniformTable& table) {
  if (table.format != NumberFormat::kFp32) return format_corner_inputs(table);
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
  const Golden golden(golden_table(table, options));
  const uint64_t patterns = input_pattern_count(table);
  for (uint32_t x : inputs) {
    if (x >= patterns) throw std::invalid_argument("check_rtl_inputs: input wider than the format");
  }
  MismatchLog log;
  auto input = [&inputs](uint64_t i) { return inputs[i]; };
  if (options.vcd_path.empty()) {
    return with_rtl_model(table, false, [&](auto tag) {
      RtlChecker<typename decltype(tag)::type> checker(table, golden, false);
      checker.run(inputs.size(), input, log, nullptr);
      return result_of(inputs.size(), checker.cycles(), log);
    });
  }
  const std::string& vcd_path = options.vcd_path;
  if (!rtl_trace_available(table)) {
    throw InputError("--vcd: no traced RTL model for " + format_and_kb(table) +
                     " (only fp32 is built with tracing)");
  }
  // Written under a temporary name and renamed when complete.
  const std::string partial = vcd_path + ".partial";
  uint64_t cycles = 0;
  with_rtl_model(table, true, [&](auto tag) {
    RtlChecker<typename decltype(tag)::type> checker(table, golden, true);
    checker.vcd().open(partial.c_str());
    if (!checker.vcd().isOpen()) throw InputError("--vcd: cannot write " + vcd_path);
    checker.run(inputs.size(), input, log, nullptr);
    cycles = checker.cycles();
    checker.vcd().close();
    return RtlCheckResult{};
  });
  move_into_place(partial, vcd_path);
  return result_of(inputs.size(), cycles, log);
}

RtlCheckResult check_rtl_range(const UniformTable& table, uint32_t first, uint64_t count,
                               const RtlRangeOptions& options) {
  require_rtl_table(table);
  const uint64_t patterns = input_pattern_count(table);
  if (count > patterns) {
    throw std::invalid_argument("check_rtl_range: count > the format's input patterns");
  }
  if (first >= patterns)
    throw std::invalid_argument("check_rtl_range: first wider than the format");
  if (options.threads == 0 || options.threads > 1024) {
    throw std::invalid_argument("check_rtl_range: threads must be 1 .. 1024");
  }
  if (options.chunk == 0) throw std::invalid_argument("check_rtl_range: chunk must be > 0");
  if (!options.check.vcd_path.empty()) {
    throw std::invalid_argument("check_rtl_range: no VCD (use check_rtl_inputs)");
  }
  const Golden golden(golden_table(table, options.check));
  const uint64_t chunk = options.chunk;
  const uint64_t mask = patterns - 1;
  // No more workers than chunks: each one builds a model and loads the table.
  const auto workers_wanted = static_cast<unsigned>(
      std::max<uint64_t>(1, std::min<uint64_t>(options.threads, (count + chunk - 1) / chunk)));
  MismatchLog log;
  std::atomic<uint64_t> next_chunk{0}, done{0}, cycles{0};
  std::atomic<bool> failed{false};
  std::string failure;
  std::mutex failure_mutex;
  // Workers still running; the calling thread wakes when the last one stops
  // (runs over 8- and 16-bit formats take milliseconds) or every progress_ms.
  unsigned running = workers_wanted;
  std::mutex running_mutex;
  std::condition_variable stopped;
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < workers_wanted; ++t) {
    workers.emplace_back([&] {
      try {
        with_rtl_model(table, false, [&](auto tag) {
          RtlChecker<typename decltype(tag)::type> checker(table, golden, false);
          for (;;) {
            const uint64_t start = next_chunk.fetch_add(chunk);
            if (start >= count || failed) break;
            const uint64_t base = uint64_t{first} + start;
            checker.run(
                std::min(chunk, count - start),
                [base, mask](uint64_t i) { return static_cast<uint32_t>((base + i) & mask); }, log,
                &done);
          }
          cycles += checker.cycles();
          return RtlCheckResult{};
        });
      } catch (const std::exception& error) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        failure = error.what();
        failed = true;
      }
      {
        std::lock_guard<std::mutex> lock(running_mutex);
        --running;
      }
      stopped.notify_all();
    });
  }
  const auto begin = std::chrono::steady_clock::now();
  const auto seconds = [&begin] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  {
    std::unique_lock<std::mutex> lock(running_mutex);
    while (!stopped.wait_for(lock, std::chrono::milliseconds(options.progress_ms),
                             [&running] { return running == 0; })) {
      lock.unlock();
      if (options.progress) options.progress(done.load(), count, seconds());
      lock.lock();
    }
  }
  for (std::thread& worker : workers) worker.join();
  if (options.progress) options.progress(done.load(), count, seconds());
  if (failed) throw std::runtime_error(failure);
  RtlCheckResult result = result_of(count, cycles.load(), log);
  result.models = workers_wanted;
  return result;
}

RtlCheckResult check_rtl_exhaustive(const UniformTable& table, const RtlRangeOptions& options) {
  return check_rtl_range(table, 0, input_pattern_count(table), options);
}

}  // namespace interpsim::verify
