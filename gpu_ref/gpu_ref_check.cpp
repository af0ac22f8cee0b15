// gpu_ref_check: runs every kernel on CUDA device 0 and compares the device
// results with (1) the host path of the same source, bit for bit, and
// (2) the golden model in model/ (Algorithm 1, binary search, i-GELU), bit
// for bit; native kernels are checked against float64 within CUDA's
// documented ulp bounds. Without a GPU it prints "SKIPPED: ..." and exits 0.
// Exit 0 all pass (or skipped), 1 a mismatch or CUDA error, 2 bad options.
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iomanip>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gpu_ref/device_api.hpp"
#include "gpu_ref/format_dispatch.hpp"
#include "gpu_ref/host_eval.hpp"
#include "gpu_ref/lookup_table.hpp"
#include "gpu_ref/tool_cli.hpp"
#include "model/bsearch_lookup.hpp"
#include "model/float_bits.hpp"
#include "model/format_lookup.hpp"
#include "model/igelu.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace po = boost::program_options;

namespace {

using gpu_ref::KernelId;

std::vector<float> corner_values(const std::vector<float>& breakpoints) {
  std::vector<float> values;
  for (uint32_t bits :
       {0x00000000u, 0x80000000u, 0x00000001u, 0x807FFFFFu, 0x00800000u, 0x7F800000u, 0xFF800000u,
        0x7FC00000u, 0xFF800001u, 0x7F7FFFFFu, 0xFF7FFFFFu}) {
    values.push_back(interpsim::bits_to_float(bits));
  }
  const float inf = std::numeric_limits<float>::infinity();
  for (float t : breakpoints) {
    values.insert(values.end(), {t, std::nextafter(t, -inf), std::nextafter(t, inf)});
  }
  return values;
}

// Corners, random bit patterns, and uniform values around [lo, hi]; the count
// is odd so the kernels' scalar tail runs too.
std::vector<float> check_inputs(size_t count, float lo, float hi, uint64_t seed,
                                const std::vector<float>& breakpoints = {}) {
  std::vector<float> values = corner_values(breakpoints);
  std::mt19937_64 engine(seed);
  const float margin = (hi - lo) / 8.0f;
  std::uniform_real_distribution<float> uniform(lo - margin, hi + margin);
  for (size_t i = 0; i < count / 8; ++i) {
    values.push_back(interpsim::bits_to_float(static_cast<uint32_t>(engine())));
  }
  while (values.size() < count) values.push_back(uniform(engine));
  if (values.size() % 4 == 0) values.push_back(uniform(engine));
  return values;
}

size_t count_mismatches(const std::vector<float>& actual, const std::vector<float>& expected) {
  size_t mismatches = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    mismatches += !interpsim::same_result(actual[i], expected[i]);
  }
  return mismatches;
}

double ulp_error(float result, double reference) {
  if (std::isnan(reference) || std::isnan(result)) {
    return std::isnan(reference) && std::isnan(result) ? 0.0
                                                       : std::numeric_limits<double>::infinity();
  }
  if (std::isinf(reference) || std::isinf(result)) {
    return static_cast<double>(result) == reference ? 0.0 : std::numeric_limits<double>::infinity();
  }
  const double magnitude = std::fabs(reference);
  const int exponent = magnitude < 0x1p-126 ? -126 : std::ilogb(magnitude);
  return std::fabs(static_cast<double>(result) - reference) / std::ldexp(1.0, exponent - 23);
}

class Report {
 public:
  void line(const std::string& kernel, const std::string& what, size_t inputs, size_t vs_host,
            size_t vs_model) {
    const bool ok = vs_host == 0 && vs_model == 0;
    failures_ += !ok;
    std::cout << std::left << std::setw(20) << kernel << std::setw(24) << what << std::right
              << std::setw(10) << inputs << std::setw(12) << vs_host << std::setw(12) << vs_model
              << "  " << (ok ? "ok" : "MISMATCH") << "\n";
  }
  void ulp_line(const std::string& kernel, const std::string& what, size_t inputs, double worst,
                double bound, double host_difference) {
    const bool ok = worst <= bound;
    failures_ += !ok;
    std::cout << std::left << std::setw(20) << kernel << std::setw(24) << what << std::right
              << std::setw(10) << inputs << "  max " << std::setprecision(3) << worst
              << " ulp (bound " << bound << "), device vs host max " << host_difference << " ulp  "
              << (ok ? "ok" : "OVER BOUND") << "\n";
  }
  int failures() const { return failures_; }

 private:
  int failures_ = 0;
};

void check_lookups(size_t count, Report& report) {
  for (const std::string& func : gpu_ref::chord_table_functions()) {
    float a = 0.0f;
    int m = 0;
    gpu_ref::paper_interval(func, &a, &m);
    for (int n : {4, 6, 12, 16}) {
      const interpsim::UniformTable table =
          interpsim::generate_table(func, a, m, n, interpsim::find_function(func).default_edges);
      const gpu_ref::LookupTable lookup = gpu_ref::make_lookup_table(table);
      const std::vector<float> inputs = check_inputs(
          count, a, table.upper(), 100 + n, n <= 12 ? lookup.breakpoints : std::vector<float>{});
      const std::string what = func + " n=" + std::to_string(n);

      std::vector<float> golden(inputs.size());
      interpsim::interp_uniform_batch(table, inputs.data(), golden.data(), inputs.size());
      const std::vector<float> host =
          gpu_ref::evaluate_on_host(KernelId::kAlg1Global, &lookup, inputs, 0);
      std::vector<KernelId> alg1_kernels = {KernelId::kAlg1Global};
      if (n <= 12) alg1_kernels.push_back(KernelId::kAlg1Shared);  // 2^16 rows exceed shared memory
      for (KernelId id : alg1_kernels) {
        const std::vector<float> device = gpu_ref::evaluate_on_device(id, &lookup, inputs, 0);
        report.line(gpu_ref::kernel_name(id), what, inputs.size(), count_mismatches(device, host),
                    count_mismatches(device, golden));
        // The scalar loop, taken for buffers that are not 16-byte aligned.
        const std::vector<float> scalar = gpu_ref::evaluate_on_device(
            id, &lookup, inputs, 0, gpu_ref::kIgeluDefaultInputScale, true);
        report.line(gpu_ref::kernel_name(id), what + " unaligned", inputs.size(),
                    count_mismatches(scalar, host), count_mismatches(scalar, golden));
      }

      const interpsim::BreakpointTable breakpoints =
          interpsim::breakpoint_table_from_uniform(table);
      interpsim::interp_bsearch_batch(breakpoints, inputs.data(), golden.data(), inputs.size());
      const std::vector<float> bsearch_host =
          gpu_ref::evaluate_on_host(KernelId::kBsearch, &lookup, inputs, 0);
      const std::vector<float> bsearch_device =
          gpu_ref::evaluate_on_device(KernelId::kBsearch, &lookup, inputs, 0);
      report.line("bsearch", what, inputs.size(), count_mismatches(bsearch_device, bsearch_host),
                  count_mismatches(bsearch_device, golden));
    }
  }
}

void check_igelu(size_t count, Report& report) {
  const std::vector<float> inputs = check_inputs(count, -8.0f, 8.0f, 7);
  std::vector<float> golden(inputs.size());
  interpsim::igelu_f32_batch(inputs.data(), golden.data(), inputs.size());
  const std::vector<float> device =
      gpu_ref::evaluate_on_device(KernelId::kIgeluF32, nullptr, inputs, 0);
  report.line(
      "igelu_f32", "x in [-10, 10] + bits", inputs.size(),
      count_mismatches(device, gpu_ref::evaluate_on_host(KernelId::kIgeluF32, nullptr, inputs, 0)),
      count_mismatches(device, golden));
  for (double scale : {1.0 / 1024.0, 0.01}) {
    const interpsim::IgeluIntParams params = interpsim::igelu_int_params(scale);
    interpsim::igelu_i32_batch(params, inputs.data(), golden.data(), inputs.size());
    const std::vector<float> device =
        gpu_ref::evaluate_on_device(KernelId::kIgeluI32, nullptr, inputs, 0, scale);
    const std::vector<float> host =
        gpu_ref::evaluate_on_host(KernelId::kIgeluI32, nullptr, inputs, 0, scale);
    report.line("igelu_i32", "scale " + std::to_string(scale), inputs.size(),
                count_mismatches(device, host), count_mismatches(device, golden));
  }
}

void check_softmax(Report& report) {
  const interpsim::UniformTable table =
      interpsim::generate_table("exp", -16.0f, 4, 12, interpsim::EdgeMode::kAsymptote);
  const gpu_ref::LookupTable lookup = gpu_ref::make_lookup_table(table);
  std::mt19937_64 engine(11);
  std::normal_distribution<float> logit(0.0f, 4.0f);
  for (size_t length : {1u, 100u, 256u, 1000u, 4096u, 30000u}) {
    std::vector<float> rows(length * 64);
    for (float& x : rows) x = logit(engine);
    rows[length / 2] = std::numeric_limits<float>::infinity();
    rows[length + 1] = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> device =
        gpu_ref::evaluate_on_device(KernelId::kSoftmaxAlg1, &lookup, rows, length);
    const std::vector<float> host =
        gpu_ref::evaluate_on_host(KernelId::kSoftmaxAlg1, &lookup, rows, length);
    // model/ has no softmax: the golden side is the host path, itself tested
    // against model/'s Algorithm 1 in testbench/gpu_ref.
    report.line("softmax_alg1", "64 rows of " + std::to_string(length), rows.size(),
                count_mismatches(device, host), 0);
  }
}

double gelu_reference(double x) {
  return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
}

// Every bit pattern of a format, repeated to at least `count` elements, plus
// one (odd length: the scalar tail runs after the 16-byte vector loop).
template <typename Storage>
std::vector<Storage> every_pattern(size_t count) {
  const size_t patterns = size_t{1} << (8 * sizeof(Storage));
  std::vector<Storage> inputs;
  while (inputs.size() < count || inputs.size() < patterns) {
    for (size_t i = 0; i < patterns; ++i) inputs.push_back(static_cast<Storage>(i));
  }
  inputs.push_back(static_cast<Storage>(patterns / 3));
  return inputs;
}

template <typename Storage>
size_t count_bit_mismatches(const std::vector<Storage>& actual,
                            const std::vector<Storage>& expected) {
  size_t mismatches = 0;
  for (size_t i = 0; i < actual.size(); ++i) mismatches += actual[i] != expected[i];
  return mismatches;
}

// docs/design.md section 12: alg1_global / alg1_shared in every 8/16-bit
// format with kb = fp32 and kb = io, every input pattern, device vs the host
// path and vs model/'s interp_format_bits; aligned and unaligned buffers.
template <typename Storage>
void check_format_lookups(interpsim::NumberFormat format, size_t count, Report& report) {
  const std::vector<Storage> inputs = every_pattern<Storage>(count);
  const std::string format_name = interpsim::number_format_names().name(format);
  for (interpsim::KbFormat kb : {interpsim::KbFormat::kFp32, interpsim::KbFormat::kIo}) {
    for (const std::string& func : gpu_ref::chord_table_functions()) {
      float a = 0.0f;
      int m = 0;
      gpu_ref::paper_interval(func, &a, &m);
      for (int n : {4, 8}) {
        const interpsim::UniformTable table = interpsim::generate_table(
            func, a, m, n, interpsim::find_function(func).default_edges, false, format, kb);
        const gpu_ref::LookupTable lookup = gpu_ref::make_lookup_table(table);
        const interpsim::FormatLookup golden_lookup(table);
        std::vector<Storage> golden(inputs.size());
        for (size_t i = 0; i < inputs.size(); ++i) {
          golden[i] = static_cast<Storage>(golden_lookup(inputs[i]));
        }
        const std::vector<Storage> host =
            gpu_ref::evaluate_bits_on_host(KernelId::kAlg1Global, format, &lookup, inputs);
        const std::string what = format_name + " kb=" + interpsim::kb_format_names().name(kb) +
                                 " " + func + " n=" + std::to_string(n);
        for (KernelId id : {KernelId::kAlg1Global, KernelId::kAlg1Shared}) {
          for (bool misaligned : {false, true}) {
            const std::vector<Storage> device =
                gpu_ref::evaluate_bits_on_device(id, format, &lookup, inputs, misaligned);
            report.line(gpu_ref::kernel_name(id), what + (misaligned ? " unal." : ""),
                        inputs.size(), count_bit_mismatches(device, host),
                        count_bit_mismatches(device, golden));
          }
        }
      }
    }
  }
}

// The natives in a format: device within one step of the float64 function
// rounded once to the format (on the domains where the float formula holds,
// as testbench/gpu_ref's host test), and the largest device-vs-host distance.
template <typename F>
void check_format_natives(size_t count, Report& report) {
  using Storage = typename F::Storage;
  struct Native {
    KernelId id;
    double (*reference)(double);
    double lo, hi;
  };
  const std::vector<Native> natives = {
      {KernelId::kNativeExp, [](double x) { return std::exp(x); }, -1e30, 1e30},
      {KernelId::kNativeTanh, [](double x) { return std::tanh(x); }, -1e30, 1e30},
      {KernelId::kNativeSigmoid, [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, -87.0, 1e30},
      {KernelId::kNativeGeluNormcdf, gelu_reference, -13.0, 1e30},
      {KernelId::kNativeGeluErf, gelu_reference, -1.0, 1e30},
  };
  const auto steps = [](uint32_t x, uint32_t y) {
    const auto ordinal = [](uint32_t bits) -> int64_t {
      const int64_t magnitude = bits & F::kMagnitudeMask;
      return (bits & F::kSignMask) ? -magnitude : magnitude;
    };
    return static_cast<double>(std::llabs(ordinal(x) - ordinal(y)));
  };
  const std::vector<Storage> inputs = every_pattern<Storage>(count);
  const std::string format_name = interpsim::number_format_names().name(F::kFormatId);
  for (const Native& native : natives) {
    const std::vector<Storage> device =
        gpu_ref::evaluate_bits_on_device(native.id, F::kFormatId, nullptr, inputs);
    const std::vector<Storage> host =
        gpu_ref::evaluate_bits_on_host(native.id, F::kFormatId, nullptr, inputs);
    double worst = 0.0, host_difference = 0.0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (gpu_ref::format_is_nan<F>(inputs[i])) {
        worst = std::fmax(worst, device[i] == F::kCanonicalNan ? 0.0 : 1e9);
        continue;
      }
      host_difference = std::fmax(host_difference, steps(device[i], host[i]));
      const double x = gpu_ref::format_to_float<F>(inputs[i]);
      if (x < native.lo || x > native.hi) continue;
      worst = std::fmax(worst,
                        steps(device[i], gpu_ref::round_to_format<F>(native.reference(x), 0.0)));
    }
    report.ulp_line(gpu_ref::kernel_name(native.id), format_name + " every input", inputs.size(),
                    worst, 1.0, host_difference);
  }
}

void check_formats(size_t count, Report& report) {
  for (interpsim::NumberFormat format : gpu_ref::narrow_formats()) {
    gpu_ref::visit_format(format, [&](auto tag) {
      using F = typename decltype(tag)::type;
      check_format_lookups<typename F::Storage>(format, count, report);
      check_format_natives<F>(count, report);
    });
  }
}

void check_natives(size_t count, Report& report) {
  struct Native {
    KernelId id;
    std::function<double(double)> reference;
    float lo, hi;
    double bound;  // CUDA Programming Guide ulp bound + 0.5 (we measure from the exact value)
  };
  const std::vector<Native> natives = {
      {KernelId::kNativeExp, [](double x) { return std::exp(x); }, -104.0f, 88.72f, 2.5},
      {KernelId::kNativeTanh, [](double x) { return std::tanh(x); }, -10.0f, 10.0f, 2.5},
      {KernelId::kNativeSigmoid, [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, -87.0f,
       104.0f, 4.0},
      {KernelId::kNativeGeluNormcdf, gelu_reference, -13.0f, 100.0f, 6.0},
      {KernelId::kNativeGeluErf, gelu_reference, -1.0f, 100.0f, 5.0},
      // Double normcdf (5 double ulps) rounded once to float: within 0.5 ulp
      // of the exact value but for ties; 1.0 leaves room for them.
      {KernelId::kNativeGeluNormcdfF64, gelu_reference, -13.0f, 100.0f, 1.0},
  };
  for (const Native& native : natives) {
    std::mt19937_64 engine(3);
    std::uniform_real_distribution<float> uniform(native.lo, native.hi);
    std::vector<float> inputs(count | 1);
    for (float& x : inputs) x = uniform(engine);
    const std::vector<float> device = gpu_ref::evaluate_on_device(native.id, nullptr, inputs, 0);
    const std::vector<float> host = gpu_ref::evaluate_on_host(native.id, nullptr, inputs, 0);
    double worst = 0.0, host_difference = 0.0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      worst = std::fmax(worst, ulp_error(device[i], native.reference(inputs[i])));
      host_difference = std::fmax(host_difference, ulp_error(device[i], host[i]));
    }
    std::ostringstream what;
    what << "x in [" << native.lo << ", " << native.hi << "]";
    report.ulp_line(gpu_ref::kernel_name(native.id), what.str(), inputs.size(), worst, native.bound,
                    host_difference);
  }
}

}  // namespace

int main(int argc, char** argv) {
  size_t count = 1'000'000;
  try {
    po::options_description description(
        "gpu_ref_check: device results vs the host path and the golden model");
    description.add_options()("help,h", "show this help")(
        "count", po::value<size_t>(&count)->default_value(count), "inputs per case");
    if (!gpu_ref::parse_command_line_unless_help(argc, argv, description)) return 0;
    if (count < 16) throw po::error("--count: expected at least 16");
  } catch (const po::error& error) {
    std::cerr << "gpu_ref_check: " << error.what() << "\n";
    return 2;
  }

  if (gpu_ref::skipped_without_cuda()) return 0;
  try {
    std::cout << "device: " << gpu_ref::cuda_device_description() << "\n";
    std::cout << std::left << std::setw(20) << "kernel" << std::setw(24) << "case" << std::right
              << std::setw(10) << "inputs" << std::setw(12) << "vs host" << std::setw(12)
              << "vs model"
              << "\n";
    Report report;
    check_lookups(count, report);
    check_igelu(count, report);
    check_softmax(report);
    check_natives(count, report);
    check_formats(count, report);
    std::cout << (report.failures() == 0 ? "PASS" : "FAIL") << ": " << report.failures()
              << " failing case(s)\n";
    return report.failures() == 0 ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "gpu_ref_check: " << error.what() << "\n";
    return 1;
  }
}
