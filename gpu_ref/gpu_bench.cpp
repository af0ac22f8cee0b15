// gpu_bench: times every gpu_ref kernel on CUDA device 0 (warm-up, CUDA
// events, median of >= 20 launches) at 5,000,000 elements (the paper) and
// 2^26, beside a device-to-device copy of the same bytes (the bandwidth
// ceiling), and prints the results in the layout of the paper's Tables 3, 11
// and 12 next to its V100 figures. Writes CSV and JSON on request.
// Without a GPU it prints "SKIPPED: ..." and exits 0; bad options exit 2.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "gpu_ref/device_api.hpp"
#include "gpu_ref/format_dispatch.hpp"
#include "gpu_ref/kernels.hpp"
#include "gpu_ref/lookup_table.hpp"
#include "gpu_ref/paper_figures.hpp"
#include "gpu_ref/tool_cli.hpp"
#include "model/atomic_file.hpp"
#include "model/input_error.hpp"

namespace po = boost::program_options;
using nlohmann::json;

namespace {

using gpu_ref::KernelId;

struct Options {
  std::vector<size_t> sizes = {5'000'000, size_t{1} << 26};
  std::vector<int> segments = {16, 64, 256, 1024, 4096};
  int launches = 25;
  int warmup = 5;
  size_t softmax_row = 1024;
  // docs/design.md section 12: the format kernels (natives, alg1_global,
  // alg1_shared with kb = fp32 and kb = io) per 8/16-bit format.
  std::vector<interpsim::NumberFormat> formats = gpu_ref::narrow_formats();
  std::vector<int> format_segments = {256};
  std::string csv_path;
  std::string json_path;
  // The harnesses of docs/results/paper-tables.md measured besides one_pass
  // (CUDA events around each full-grid launch, always run): `launches`
  // (host wall clock per launch with a synchronization after each: launch
  // overhead included) and `small_grid` (one block per SM).
  std::vector<std::string> harnesses;
};

const char* const kBenchHarnesses[] = {"one_pass", "launches", "small_grid"};

struct Measurement {
  std::string kernel;    // gpu_ref kernel name, or "device_copy"
  std::string function;  // exp, tanh, sigmoid, gelu ("" for the copy)
  int segments = 0;      // 0: no table
  size_t size = 0;
  std::string format = "fp32";       // io format of x and y
  std::string kb;                    // format kernels' alg1: "fp32" or "io"
  std::string harness = "one_pass";  // how it was launched and timed (Options::harnesses)
  size_t element_bytes = 4;
  std::vector<double> ms;
  double median_ms = 0, min_ms = 0, max_ms = 0;
  double copy_median_ms = 0;  // the copy of the same size, for the bandwidth fraction

  double gb_per_s() const {
    return 2.0 * static_cast<double>(element_bytes) * static_cast<double>(size) / (median_ms * 1e6);
  }
  double elements_per_s() const { return static_cast<double>(size) / (median_ms * 1e-3); }
  double copy_fraction() const { return copy_median_ms / median_ms; }
};

Measurement summarize(const std::string& kernel, const std::string& function, int segments,
                      size_t size, std::vector<double> ms) {
  Measurement m;
  m.kernel = kernel;
  m.function = function;
  m.segments = segments;
  m.size = size;
  m.ms = ms;
  std::sort(ms.begin(), ms.end());
  m.median_ms =
      ms.size() % 2 ? ms[ms.size() / 2] : 0.5 * (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]);
  m.min_ms = ms.front();
  m.max_ms = ms.back();
  return m;
}

const char* native_for(const std::string& func) {
  if (func == "exp") return "native_exp";
  if (func == "tanh") return "native_tanh";
  if (func == "sigmoid") return "native_sigmoid";
  return "native_gelu_normcdf";  // the paper's GELU baseline (::normcdf)
}

int log2_exact(int segments) {
  int n = 0;
  while ((1 << n) < segments) ++n;
  return n;
}

// All measurements of one size.
class Results {
 public:
  void add(const Measurement& m) { all_.push_back(m); }
  const std::vector<Measurement>& all() const { return all_; }
  const Measurement* find(size_t size, const std::string& kernel, const std::string& func,
                          int segments) const {
    for (const Measurement& m : all_) {
      if (m.size == size && m.kernel == kernel && m.function == func && m.segments == segments &&
          m.format == "fp32" && m.harness == "one_pass") {
        return &m;
      }
    }
    return nullptr;
  }

 private:
  std::vector<Measurement> all_;
};

std::vector<float> bench_inputs(const std::string& func) {
  float a = 0.0f;
  int m = 0;
  gpu_ref::paper_interval(func, &a, &m);
  const float width = std::ldexp(1.0f, m);
  std::mt19937_64 engine(2023);
  std::uniform_real_distribution<float> uniform(a - width / 16, a + width + width / 16);
  std::vector<float> inputs(size_t{1} << 22);
  for (float& x : inputs) x = uniform(engine);
  return inputs;
}

void run_size(const Options& options, size_t size, Results& results) {
  double copy_ms = 0.0;
  for (const std::string& func : gpu_ref::chord_table_functions()) {
    gpu_ref::DeviceBench bench(bench_inputs(func), size);
    if (copy_ms == 0.0) {
      Measurement copy =
          summarize("device_copy", "", 0, size, bench.time_copy(options.warmup, options.launches));
      copy_ms = copy.median_ms;
      copy.copy_median_ms = copy_ms;
      results.add(copy);
    }
    const auto time = [&](const std::string& kernel, int segments,
                          const gpu_ref::LookupTable* table, size_t row_length = 0) {
      Measurement m = summarize(kernel, func, segments, size,
                                bench.time_kernel(gpu_ref::parse_kernel(kernel), table, row_length,
                                                  options.warmup, options.launches));
      m.copy_median_ms = copy_ms;
      results.add(m);
      std::cerr << "  " << std::setw(20) << std::left << kernel << std::setw(8) << func
                << std::right << std::setw(6) << segments << "  " << std::fixed
                << std::setprecision(4) << m.median_ms << " ms\n";
    };
    time(native_for(func), 0, nullptr);
    if (func == "gelu") {
      time("native_gelu_normcdf_f64", 0, nullptr);
      time("native_gelu_erf", 0, nullptr);
      time("igelu_f32", 0, nullptr);
      time("igelu_i32", 0, nullptr);
    }
    float a = 0.0f;
    int m = 0;
    gpu_ref::paper_interval(func, &a, &m);
    for (int segments : options.segments) {
      const gpu_ref::LookupTable table =
          gpu_ref::make_lookup_table(gpu_ref::chord_table(func, a, m, log2_exact(segments)));
      time("alg1_global", segments, &table);
      try {
        time("alg1_shared", segments, &table);
      } catch (const std::invalid_argument& error) {
        std::cerr << "  alg1_shared " << segments << ": skipped (" << error.what() << ")\n";
      }
      time("bsearch", segments, &table);
    }
    if (func == "exp" && size % options.softmax_row == 0) {
      const gpu_ref::LookupTable table =
          gpu_ref::make_lookup_table(gpu_ref::chord_table("exp", a, m, 12));
      time("softmax_alg1", 4096, &table, options.softmax_row);
    }
    // The paper's table kernels again under each other harness.
    for (const std::string& harness : options.harnesses) {
      const auto time_harness = [&](const std::string& kernel, int segments,
                                    const gpu_ref::LookupTable* table) {
        const gpu_ref::KernelId id = gpu_ref::parse_kernel(kernel);
        std::vector<double> ms =
            harness == "launches"
                ? bench.time_kernel_synchronized(id, table, 0, options.warmup, options.launches)
                : bench.time_kernel(id, table, 0, options.warmup, options.launches,
                                    gpu_ref::cuda_sm_count());
        Measurement measured = summarize(kernel, func, segments, size, ms);
        measured.harness = harness;
        measured.copy_median_ms = copy_ms;
        results.add(measured);
        std::cerr << "  " << std::setw(11) << std::left << harness << std::setw(24) << kernel
                  << std::setw(8) << func << std::right << std::setw(6) << segments << "  "
                  << std::fixed << std::setprecision(4) << measured.median_ms << " ms\n";
      };
      time_harness(native_for(func), 0, nullptr);
      if (func == "gelu") {
        time_harness("native_gelu_normcdf_f64", 0, nullptr);
        time_harness("igelu_f32", 0, nullptr);
        time_harness("igelu_i32", 0, nullptr);
      }
      for (int segments : options.segments) {
        const gpu_ref::LookupTable table =
            gpu_ref::make_lookup_table(gpu_ref::chord_table(func, a, m, log2_exact(segments)));
        time_harness("alg1_global", segments, &table);
        if (func == "gelu") time_harness("bsearch", segments, &table);
      }
    }
  }
}

// The format kernels at one size: per format and function the native (float
// function rounded to the format), alg1_global and alg1_shared with kb = fp32
// and kb = io at each --format-segments count the format's table rules allow,
// and a device copy of the same bytes. Inputs: bench_inputs rounded to the format.
void run_formats(const Options& options, size_t size, Results& results) {
  for (interpsim::NumberFormat format : options.formats) {
    const std::string format_name = interpsim::number_format_names().name(format);
    double copy_ms = 0.0;
    for (const std::string& func : gpu_ref::chord_table_functions()) {
      std::vector<uint16_t> bits;
      for (float x : bench_inputs(func)) {
        bits.push_back(static_cast<uint16_t>(gpu_ref::visit_format(format, [&](auto tag) {
          return gpu_ref::round_float_to_format<typename decltype(tag)::type>(x);
        })));
      }
      gpu_ref::FormatDeviceBench bench(format, bits, size);
      const auto record = [&](Measurement m) {
        m.format = format_name;
        m.element_bytes = bench.element_bytes();
        m.copy_median_ms = copy_ms == 0.0 ? m.median_ms : copy_ms;
        results.add(m);
        std::cerr << "  " << std::setw(8) << std::left << format_name << std::setw(20) << m.kernel
                  << std::setw(8) << m.function << std::setw(4) << m.kb << std::right
                  << std::setw(6) << m.segments << "  " << std::fixed << std::setprecision(4)
                  << m.median_ms << " ms\n";
        return m;
      };
      if (copy_ms == 0.0) {
        copy_ms = record(summarize("device_copy", "", 0, size,
                                   bench.time_copy(options.warmup, options.launches)))
                      .median_ms;
      }
      record(summarize(native_for(func), func, 0, size,
                       bench.time_kernel(gpu_ref::parse_kernel(native_for(func)), nullptr,
                                         options.warmup, options.launches)));
      float a = 0.0f;
      int m = 0;
      gpu_ref::paper_interval(func, &a, &m);
      for (int segments : options.format_segments) {
        for (interpsim::KbFormat kb : {interpsim::KbFormat::kFp32, interpsim::KbFormat::kIo}) {
          gpu_ref::LookupTable table;
          try {
            table = gpu_ref::make_lookup_table(
                gpu_ref::chord_table(func, a, m, log2_exact(segments), format, kb));
          } catch (const std::invalid_argument& error) {
            std::cerr << "  " << format_name << " " << func << " " << segments
                      << " segments: skipped (" << error.what() << ")\n";
            continue;
          }
          for (const char* kernel : {"alg1_global", "alg1_shared"}) {
            try {
              Measurement measured = summarize(
                  kernel, func, segments, size,
                  bench.time_kernel(gpu_ref::parse_kernel(kernel), &table, options.warmup,
                                    options.launches));
              measured.kb = interpsim::kb_format_names().name(kb);
              record(measured);
            } catch (const std::invalid_argument& error) {
              std::cerr << "  " << kernel << " " << segments << ": skipped (" << error.what()
                        << ")\n";
            }
          }
        }
      }
    }
  }
}

std::string fixed(double value, int digits) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(digits) << value;
  return text.str();
}

json print_table3(const Results& results, size_t size, const std::string& alg1_kernel) {
  json rows = json::array();
  std::cout << "\nTable 3 (" << alg1_kernel << ", " << size
            << " elements): kernel time in ms, measured | paper V100 (5,000,000 elements)\n";
  std::cout << std::left << std::setw(9) << "function" << std::right << std::setw(20) << "native";
  for (int s : gpu_ref::kPaperTable3Segments)
    std::cout << std::setw(20) << (std::to_string(s) + " seg");
  std::cout << std::setw(18) << "speedup"
            << "\n";
  double speedup_sum = 0.0;
  int speedup_count = 0;
  for (const gpu_ref::PaperTable3Row& paper : gpu_ref::kPaperTable3) {
    const Measurement* native = results.find(size, native_for(paper.function), paper.function, 0);
    if (native == nullptr) continue;
    std::cout << std::left << std::setw(9) << paper.function << std::right << std::setw(20)
              << (fixed(native->median_ms, 4) + " | " + fixed(paper.native_ms, 2));
    double alg1_sum = 0.0;
    int alg1_count = 0;
    json row = {{"function", paper.function},
                {"size", size},
                {"kernel", alg1_kernel},
                {"native_ms", native->median_ms},
                {"paper_native_ms", paper.native_ms},
                {"paper_speedup", paper.speedup}};
    for (size_t i = 0; i < gpu_ref::kPaperTable3Segments.size(); ++i) {
      const int segments = gpu_ref::kPaperTable3Segments[i];
      const Measurement* alg1 = results.find(size, alg1_kernel, paper.function, segments);
      const std::string measured = alg1 ? fixed(alg1->median_ms, 4) : "-";
      std::cout << std::setw(20) << (measured + " | " + fixed(paper.alg1_ms[i], 2));
      if (alg1) {
        alg1_sum += alg1->median_ms, ++alg1_count;
        row["alg1_ms"][std::to_string(segments)] = alg1->median_ms;
      }
      row["paper_alg1_ms"][std::to_string(segments)] = paper.alg1_ms[i];
    }
    const double speedup = alg1_count ? native->median_ms / (alg1_sum / alg1_count) : 0.0;
    speedup_sum += speedup, ++speedup_count;
    row["measured_speedup"] = speedup;
    std::cout << std::setw(18) << (fixed(speedup, 2) + "x | " + fixed(paper.speedup, 2) + "x")
              << "\n";
    rows.push_back(row);
  }
  if (speedup_count) {
    std::cout << "average speedup " << fixed(speedup_sum / speedup_count, 2) << "x | paper "
              << fixed(gpu_ref::kPaperTable3AverageSpeedup, 2) << "x\n";
  }
  return rows;
}

json print_table11(const Results& results, size_t size) {
  json rows = json::array();
  const Measurement* native = results.find(size, "native_gelu_normcdf", "gelu", 0);
  if (native == nullptr) return rows;
  std::cout << "\nTable 11 (" << size
            << " elements): GELU kernel time in ms and speedup over native, measured | paper\n";
  for (const gpu_ref::PaperTable11Row& paper : gpu_ref::kPaperTable11) {
    const std::string method = paper.method;
    const int segments = method == "alg1_global" ? 4096 : 0;
    const Measurement* m = results.find(size, method, "gelu", segments);
    if (m == nullptr) continue;
    const double speedup = native->median_ms / m->median_ms;
    const std::string label = segments ? method + " (4096 seg)" : method;
    std::cout << std::left << std::setw(26) << label << std::right << std::setw(22)
              << (fixed(m->median_ms, 4) + " | " + fixed(paper.ms, 2)) << std::setw(18)
              << (fixed(speedup, 2) + "x | " + fixed(paper.speedup, 2) + "x") << "\n";
    rows.push_back({{"method", method},
                    {"size", size},
                    {"ms", m->median_ms},
                    {"paper_ms", paper.ms},
                    {"measured_speedup", speedup},
                    {"paper_speedup", paper.speedup}});
  }
  return rows;
}

json print_table12(const Results& results, size_t size) {
  json rows = json::array();
  const Measurement* native = results.find(size, "native_gelu_normcdf", "gelu", 0);
  if (native == nullptr) return rows;
  std::cout << "\nTable 12 (" << size << " elements): GELU speedup over native, measured | paper\n"
            << std::left << std::setw(10) << "segments" << std::right << std::setw(22) << "bsearch"
            << std::setw(22) << "alg1_global" << std::setw(22) << "alg1 / bsearch"
            << "\n";
  for (const gpu_ref::PaperTable12Row& paper : gpu_ref::kPaperTable12) {
    const Measurement* bsearch = results.find(size, "bsearch", "gelu", paper.segments);
    const Measurement* alg1 = results.find(size, "alg1_global", "gelu", paper.segments);
    if (bsearch == nullptr || alg1 == nullptr) continue;
    const double bsearch_speedup = native->median_ms / bsearch->median_ms;
    const double alg1_speedup = native->median_ms / alg1->median_ms;
    std::cout << std::left << std::setw(10) << paper.segments << std::right << std::setw(22)
              << (fixed(bsearch_speedup, 3) + " | " + fixed(paper.bsearch_speedup, 3))
              << std::setw(22) << (fixed(alg1_speedup, 3) + " | " + fixed(paper.alg1_speedup, 3))
              << std::setw(22)
              << (fixed(alg1_speedup / bsearch_speedup, 3) + " | " +
                  fixed(paper.alg1_over_bsearch, 3))
              << "\n";
    rows.push_back({{"segments", paper.segments},
                    {"size", size},
                    {"measured_bsearch_speedup", bsearch_speedup},
                    {"paper_bsearch_speedup", paper.bsearch_speedup},
                    {"measured_alg1_speedup", alg1_speedup},
                    {"paper_alg1_speedup", paper.alg1_speedup},
                    {"measured_alg1_over_bsearch", alg1_speedup / bsearch_speedup},
                    {"paper_alg1_over_bsearch", paper.alg1_over_bsearch}});
  }
  return rows;
}

// The design target: Algorithm 1 at >= 90% of the device copy bandwidth.
json print_bandwidth(const Results& results, size_t size) {
  json rows = json::array();
  const Measurement* copy = results.find(size, "device_copy", "", 0);
  if (copy == nullptr) return rows;
  std::cout << "\nBandwidth (" << size << " elements): device copy " << fixed(copy->median_ms, 4)
            << " ms = " << fixed(copy->gb_per_s(), 1)
            << " GB/s (read + write); Algorithm 1 as a fraction of it (target >= 0.90 for 64..4096 "
               "segments)\n";
  for (const char* kernel : {"alg1_global", "alg1_shared", "bsearch"}) {
    for (const std::string& func : gpu_ref::chord_table_functions()) {
      std::cout << std::left << std::setw(13) << kernel << std::setw(8) << func << std::right;
      for (const Measurement& m : results.all()) {
        if (m.size != size || m.kernel != kernel || m.function != func || m.format != "fp32") {
          continue;
        }
        std::cout << std::setw(7) << m.segments << ":" << fixed(m.copy_fraction(), 3);
        rows.push_back({{"kernel", kernel},
                        {"function", func},
                        {"segments", m.segments},
                        {"size", size},
                        {"gb_per_s", m.gb_per_s()},
                        {"copy_fraction", m.copy_fraction()},
                        {"meets_90_percent", m.copy_fraction() >= 0.9}});
      }
      std::cout << "\n";
    }
  }
  return rows;
}

// Elements per second of the format kernels (and of the copy), one line per
// format, function and kernel.
json print_formats(const Results& results, size_t size) {
  json rows = json::array();
  bool header = false;
  for (const Measurement& m : results.all()) {
    if (m.size != size || m.format == "fp32") continue;
    if (!header) {
      std::cout << "\nFormats (" << size
                << " elements): G elements/s, ms, fraction of the format's device copy\n"
                << std::left << std::setw(9) << "format" << std::setw(9) << "function"
                << std::setw(21) << "kernel" << std::setw(5) << "kb" << std::right
                << std::setw(9) << "segments" << std::setw(12) << "Gelem/s" << std::setw(10)
                << "ms" << std::setw(8) << "copy"
                << "\n";
      header = true;
    }
    std::cout << std::left << std::setw(9) << m.format << std::setw(9) << m.function
              << std::setw(21) << m.kernel << std::setw(5) << (m.kb.empty() ? "-" : m.kb)
              << std::right << std::setw(9) << m.segments << std::setw(12)
              << fixed(m.elements_per_s() * 1e-9, 2) << std::setw(10) << fixed(m.median_ms, 4)
              << std::setw(8) << fixed(m.copy_fraction(), 3) << "\n";
    rows.push_back({{"format", m.format},
                    {"function", m.function},
                    {"kernel", m.kernel},
                    {"kb", m.kb},
                    {"segments", m.segments},
                    {"size", size},
                    {"median_ms", m.median_ms},
                    {"elements_per_s", m.elements_per_s()},
                    {"gb_per_s", m.gb_per_s()},
                    {"copy_fraction", m.copy_fraction()}});
  }
  return rows;
}

// Under each harness: the Table 3, 11 and 12 speedups over that harness's
// natives (GELU: normcdff and the double ::normcdf), one line per ratio.
json print_harnesses(const Results& results, size_t size) {
  json rows = json::array();
  const auto find = [&](const std::string& harness, const std::string& kernel,
                        const std::string& func, int segments) -> const Measurement* {
    for (const Measurement& m : results.all()) {
      if (m.size == size && m.harness == harness && m.kernel == kernel && m.function == func &&
          m.segments == segments && m.format == "fp32") {
        return &m;
      }
    }
    return nullptr;
  };
  for (const char* harness : kBenchHarnesses) {
    bool header = false;
    for (const char* native_gelu : {"native_gelu_normcdf", "native_gelu_normcdf_f64"}) {
      for (const std::string& func : gpu_ref::chord_table_functions()) {
        const std::string native_kernel = func == "gelu" ? native_gelu : native_for(func);
        if (func != "gelu" && std::string(native_gelu) != "native_gelu_normcdf") continue;
        const Measurement* native = find(harness, native_kernel, func, 0);
        if (native == nullptr) continue;
        if (!header) {
          std::cout << "\nHarness " << harness << " (" << size
                    << " elements): speedup = native ms / method ms\n";
          header = true;
        }
        std::vector<std::pair<std::string, const Measurement*>> methods;
        for (int segments : {16, 64, 256, 1024, 4096}) {
          methods.emplace_back("alg1_global " + std::to_string(segments),
                               find(harness, "alg1_global", func, segments));
          methods.emplace_back("bsearch " + std::to_string(segments),
                               find(harness, "bsearch", func, segments));
        }
        methods.emplace_back("igelu_f32", find(harness, "igelu_f32", func, 0));
        methods.emplace_back("igelu_i32", find(harness, "igelu_i32", func, 0));
        std::cout << "  " << std::left << std::setw(24) << native_kernel << std::right
                  << fixed(native->median_ms, 4) << " ms:";
        for (const auto& [label, m] : methods) {
          if (m == nullptr) continue;
          const double speedup = native->median_ms / m->median_ms;
          std::cout << "  " << label << " " << fixed(speedup, 3);
          rows.push_back({{"harness", harness},
                          {"size", size},
                          {"native", native_kernel},
                          {"native_ms", native->median_ms},
                          {"function", func},
                          {"method", label},
                          {"method_ms", m->median_ms},
                          {"speedup", speedup}});
        }
        std::cout << "\n";
      }
    }
  }
  return rows;
}

std::string to_csv(const Results& results) {
  std::ostringstream csv;
  csv << "size,format,kb,kernel,function,segments,launches,median_ms,min_ms,max_ms,gb_per_s,"
         "elements_per_s,copy_fraction,harness\n";
  csv << std::setprecision(9);
  for (const Measurement& m : results.all()) {
    csv << m.size << "," << m.format << "," << m.kb << "," << m.kernel << "," << m.function << ","
        << m.segments << "," << m.ms.size() << "," << m.median_ms << "," << m.min_ms << ","
        << m.max_ms << "," << m.gb_per_s() << "," << m.elements_per_s() << "," << m.copy_fraction()
        << "," << m.harness << "\n";
  }
  return csv.str();
}

template <typename T>
std::vector<T> parse_list(const std::string& text, const std::string& option) {
  std::vector<T> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    std::istringstream parse(item);
    T value{};
    if (!(parse >> value) || !parse.eof() || value <= 0) {
      throw interpsim::InputError(option + ": '" + item + "' is not a positive integer");
    }
    values.push_back(value);
  }
  if (values.empty()) throw interpsim::InputError(option + ": empty list");
  return values;
}

Options parse_options(int argc, char** argv, bool* help) {
  Options options;
  std::string sizes = "5000000,67108864", segments = "16,64,256,1024,4096";
  std::string formats = "fp16,bf16,fp8e5m2,fp8e4m3", format_segments = "256";
  std::string harnesses = "one_pass";
  po::options_description description("gpu_bench: time the gpu_ref kernels (needs a CUDA GPU)");
  description.add_options()("help,h", "show this help")(
      "sizes", po::value<std::string>(&sizes)->default_value(sizes),
      "element counts, comma-separated")("segments",
                                         po::value<std::string>(&segments)->default_value(segments),
                                         "segment counts (powers of two) for alg1_* and bsearch")(
      "launches", po::value<int>(&options.launches)->default_value(options.launches),
      "timed launches per kernel (>= 20; the median is reported)")(
      "warmup", po::value<int>(&options.warmup)->default_value(options.warmup),
      "untimed launches first")(
      "softmax-row", po::value<size_t>(&options.softmax_row)->default_value(options.softmax_row),
      "row length for softmax_alg1")(
      "formats", po::value<std::string>(&formats)->default_value(formats),
      "8/16-bit formats for the format kernels, comma-separated, or 'none'")(
      "format-segments", po::value<std::string>(&format_segments)->default_value(format_segments),
      "segment counts (powers of two) for the format kernels' alg1")(
      "csv", po::value<std::string>(&options.csv_path), "write every measurement as CSV")(
      "json", po::value<std::string>(&options.json_path),
      "write measurements and the paper tables as JSON")(
      "harness", po::value<std::string>(&harnesses)->default_value(harnesses),
      "one_pass | launches | small_grid | all, comma-separated: how the paper's table kernels are "
      "also launched and timed (docs/results/paper-tables.md); one_pass always runs");
  if (!gpu_ref::parse_command_line_unless_help(argc, argv, description)) {
    *help = true;
    return options;
  }
  options.sizes = parse_list<size_t>(sizes, "--sizes");
  options.segments = parse_list<int>(segments, "--segments");
  for (int s : options.segments) {
    if ((s & (s - 1)) != 0 || s > (1 << 20)) {
      throw interpsim::InputError("--segments: " + std::to_string(s) +
                                  " is not a power of two up to 2^20");
    }
  }
  options.format_segments = parse_list<int>(format_segments, "--format-segments");
  for (int s : options.format_segments) {
    if ((s & (s - 1)) != 0 || s > (1 << 20)) {
      throw interpsim::InputError("--format-segments: " + std::to_string(s) +
                                  " is not a power of two up to 2^20");
    }
  }
  options.formats.clear();
  if (formats != "none") {
    std::stringstream list(formats);
    std::string item;
    while (std::getline(list, item, ',')) {
      const auto format = interpsim::number_format_names().parse(item);
      if (!format || *format == interpsim::NumberFormat::kFp32) {
        throw interpsim::InputError("--formats: '" + item +
                                    "' is not one of fp16, bf16, fp8e5m2, fp8e4m3 (or 'none')");
      }
      options.formats.push_back(*format);
    }
  }
  {
    std::stringstream list(harnesses);
    std::string item;
    while (std::getline(list, item, ',')) {
      bool known = item == "all";
      for (const char* name : kBenchHarnesses) known = known || item == name;
      if (!known) {
        throw interpsim::InputError("--harness: '" + item +
                                    "' is not one of one_pass, launches, small_grid, all");
      }
      for (const char* name : kBenchHarnesses) {
        const bool wanted = item == "all" || item == name;
        if (wanted && std::string(name) != "one_pass" &&
            std::find(options.harnesses.begin(), options.harnesses.end(), name) ==
                options.harnesses.end()) {
          options.harnesses.push_back(name);
        }
      }
    }
  }
  if (options.launches < 20) throw interpsim::InputError("--launches: expected at least 20");
  if (options.warmup < 1) throw interpsim::InputError("--warmup: expected at least 1");
  if (options.softmax_row == 0) throw interpsim::InputError("--softmax-row: expected > 0");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    bool help = false;
    options = parse_options(argc, argv, &help);
    if (help) return 0;
  } catch (const po::error& error) {
    std::cerr << "gpu_bench: " << error.what() << "\n";
    return 2;
  } catch (const interpsim::InputError& error) {
    std::cerr << "gpu_bench: " << error.what() << "\n";
    return 2;
  }
  if (gpu_ref::skipped_without_cuda()) return 0;
  try {
    const std::string device = gpu_ref::cuda_device_description();
    std::cout << "device: " << device << "\n";
    Results results;
    for (size_t size : options.sizes) {
      std::cerr << "size " << size << "\n";
      run_size(options, size, results);
      run_formats(options, size, results);
    }
    json tables = {{"table3", json::array()},    {"table3_shared", json::array()},
                   {"table11", json::array()},   {"table12", json::array()},
                   {"bandwidth", json::array()}, {"formats", json::array()},
                   {"harnesses", json::array()}};
    for (size_t size : options.sizes) {
      for (const json& row : print_table3(results, size, "alg1_global"))
        tables["table3"].push_back(row);
      for (const json& row : print_table3(results, size, "alg1_shared")) {
        tables["table3_shared"].push_back(row);
      }
      for (const json& row : print_table11(results, size)) tables["table11"].push_back(row);
      for (const json& row : print_table12(results, size)) tables["table12"].push_back(row);
      for (const json& row : print_bandwidth(results, size)) tables["bandwidth"].push_back(row);
      for (const json& row : print_formats(results, size)) tables["formats"].push_back(row);
      for (const json& row : print_harnesses(results, size)) tables["harnesses"].push_back(row);
    }
    if (!options.csv_path.empty()) {
      interpsim::write_file_atomically(options.csv_path, to_csv(results));
    }
    if (!options.json_path.empty()) {
      json document = tables;
      document["device"] = device;
      document["config"] = {{"sizes", options.sizes},
                            {"segments", options.segments},
                            {"launches", options.launches},
                            {"warmup", options.warmup},
                            {"softmax_row", options.softmax_row},
                            {"statistic", "median of the timed launches, CUDA events"},
                            {"format_segments", options.format_segments},
                            {"harnesses", options.harnesses},
                            {"gb_per_s", "2 x element bytes (read + written) / median"}};
      document["paper"] = "V100, CUDA 10.2, 5,000,000 random inputs, nvprof total kernel time";
      json measurements = json::array();
      for (const Measurement& m : results.all()) {
        measurements.push_back({{"kernel", m.kernel},
                                {"harness", m.harness},
                                {"format", m.format},
                                {"kb", m.kb},
                                {"function", m.function},
                                {"segments", m.segments},
                                {"size", m.size},
                                {"median_ms", m.median_ms},
                                {"min_ms", m.min_ms},
                                {"max_ms", m.max_ms},
                                {"launch_ms", m.ms},
                                {"gb_per_s", m.gb_per_s()},
                                {"elements_per_s", m.elements_per_s()},
                                {"copy_fraction", m.copy_fraction()}});
      }
      document["measurements"] = measurements;
      interpsim::write_file_atomically(options.json_path, document.dump(2) + "\n");
    }
  } catch (const interpsim::InputError& error) {
    std::cerr << "gpu_bench: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "gpu_bench: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
