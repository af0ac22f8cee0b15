// Prints the error tables of docs/results/errors.md (markdown) and, with
// --curves DIR, writes the 8- and 32-segment fits that docs/plot_errors.py draws.
//   build-model/testbench/model/error_table --curves build-model/curves > docs/results/errors.md
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "model/atomic_file.hpp"
#include "model/error_metrics.hpp"
#include "model/functions.hpp"
#include "model/igelu.hpp"
#include "model/input_error.hpp"
#include "model/nonuniform.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim {
namespace {

constexpr size_t kSamples = 1'000'001;
const char* const kPaperFunctions[] = {"exp", "tanh", "sigmoid", "gelu"};

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

std::string row(const std::string& label, const ErrorReport& report) {
  return label + " | " + number(report.l2) + " | " +
         number(report.l2 / std::sqrt(static_cast<double>(report.samples))) + " | " +
         number(report.linf) + " | " + number(report.mean_abs) + " | " + number(report.max_ulp) +
         " |";
}

ErrorReport uniform_error(const std::string& func, int n) {
  const FunctionInfo& info = find_function(func);
  const UniformTable table =
      generate_table(func, info.default_a, info.default_m, n, EdgeMode::kExtrapolate);
  return measure_error([&](float x) { return interp_uniform(table, x); }, info.value, table.a,
                       table.upper(), kSamples);
}

void print_uniform_tables() {
  std::cout << "## Uniform tables on the paper's intervals\n\n"
            << "Samples: " << kSamples << " evenly spaced float32 points on [a, b] (both ends "
            << "included). L2 = sqrt(sum of squared errors) over those samples (paper eq. 7, so it "
            << "grows with the sample count); RMS = L2 / sqrt(samples); Linf, mean |error| and "
            << "max ulp (ulp of the float32 nearest the float64 reference) over the same points. "
            << "Edge mode extrapolate (the paper's), so the sample at x = b uses the last "
               "segment's line like the paper's tables.\n\n"
            << "| function | interval | segments | L2 | RMS | Linf | mean abs | max ulp | "
               "Linf ratio to 4x fewer segments |\n"
            << "|---|---|---|---|---|---|---|---|---|\n";
  for (const char* func : kPaperFunctions) {
    const FunctionInfo& info = find_function(func);
    const std::string interval = "[" + number(info.default_a) + ", " +
                                 number(info.default_a + std::ldexp(1.0, info.default_m)) + "]";
    double previous = 0;
    for (int n = 4; n <= 12; n += 2) {
      const ErrorReport report = uniform_error(func, n);
      std::cout << "| " << func << " | " << interval << " | " << row(std::to_string(1 << n), report)
                << " " << (previous > 0 ? number(previous / report.linf) : std::string("-"))
                << " |\n";
      previous = report.linf;
    }
  }
  std::cout << "\n";
}

void print_nonuniform_tables() {
  std::cout << "## Non-uniform GELU tables on [-5, 3] (paper Table 13)\n\n"
            << "Same samples and metrics. Memory: K, B rows of the segments (8 bytes each, as "
               "the paper counts) and, in brackets, the full memory_bytes() with edge rows "
               "and part descriptors.\n\n"
            << "| table | L2 | RMS | Linf | mean abs | max ulp | parts | memory (bytes) | "
               "paper L2 / Linf / bytes |\n"
            << "|---|---|---|---|---|---|---|---|---|\n";
  const FunctionInfo& gelu = find_function("gelu");
  const struct {
    int segments;
    const char* paper;
  } rows[] = {{48, "0.0051 / 0.0069 / 384"}, {96, "1.4e-6 / 1.9e-6 / 768"}};
  for (const auto& r : rows) {
    const NonuniformTable table =
        generate_nonuniform("gelu", -5.0f, 3, r.segments, EdgeMode::kExtrapolate);
    const ErrorReport report = measure_error([&](float x) { return interp_nonuniform(table, x); },
                                             gelu.value, -5.0f, 3.0f, kSamples);
    std::cout << "| " << row("non-uniform " + std::to_string(r.segments), report) << " "
              << table.parts.size() << " | " << table.segment_memory_bytes() << " ("
              << table.memory_bytes() << ") | " << r.paper << " |\n";
  }
  for (int n : {6, 12}) {
    std::cout << "| " << row("uniform " + std::to_string(1 << n), uniform_error("gelu", n))
              << " 1 | " << (8 << n) << " (" << (8 << n) + 16 << ") | - |\n";
  }
  std::cout << "\n";
}

void print_igelu_tables() {
  std::cout << "## i-GELU (I-BERT) against GELU on [-5, 3] (paper Tables 10-11)\n\n"
            << "Same samples and metrics; the INT32 form quantizes x with scale 2^-10.\n\n"
            << "| method | L2 | RMS | Linf | mean abs | max ulp |\n|---|---|---|---|---|---|\n";
  const FunctionInfo& gelu = find_function("gelu");
  std::cout << "| " << row("i-GELU float32", measure_error(igelu_f32, gelu.value, -5, 3, kSamples))
            << "\n";
  const IgeluIntParams params = igelu_int_params();
  std::cout << "| "
            << row("i-GELU INT32",
                   measure_error([&](float x) { return igelu_i32_dequantized(params, x); },
                                 gelu.value, -5, 3, kSamples))
            << "\n";
  std::cout << "| " << row("Algorithm 1, 4096 segments", uniform_error("gelu", 12)) << "\n\n";
}

// Every float32 in [a, b] through the 4096-segment tables (minutes of CPU).
void print_all_float_tables() {
  std::cout << "## Every float32 input, 4096 segments\n\n"
            << "All float32 values in [a, b] (both zeros included), extrapolate edges, "
               "measure_error_all_floats on 2 threads (`error_table --all-floats`). L2 over "
               "this many points is not comparable with the sampled tables; RMS is.\n\n"
            << "| function | inputs | L2 | RMS | Linf | mean abs | max ulp | worst x |\n"
            << "|---|---|---|---|---|---|---|---|\n";
  for (const char* func : kPaperFunctions) {
    const FunctionInfo& info = find_function(func);
    const UniformTable table =
        generate_table(func, info.default_a, info.default_m, 12, EdgeMode::kExtrapolate);
    const ErrorReport report = measure_error_all_floats(
        [&](float x) { return interp_uniform(table, x); }, info.value, table.a, table.upper(), 2);
    char worst[32];
    std::snprintf(worst, sizeof worst, "%.9g", report.worst_x);
    std::cout << "| " << row(std::string(func) + " | " + std::to_string(report.samples), report)
              << " " << worst << " |\n";
  }
  std::cout << "\n";
}

// x, f(x), the 8- and 32-segment fits (the golden model's float32 outputs).
void write_curves(const std::string& folder) {
  std::error_code ignored;
  std::filesystem::create_directories(folder, ignored);  // a failure shows up at the write
  for (const char* func : kPaperFunctions) {
    const FunctionInfo& info = find_function(func);
    const UniformTable coarse =
        generate_table(func, info.default_a, info.default_m, 3, EdgeMode::kExtrapolate);
    const UniformTable fine =
        generate_table(func, info.default_a, info.default_m, 5, EdgeMode::kExtrapolate);
    std::string csv = "x,f,fit8,fit32\n";
    const int points = 2001;
    for (int i = 0; i < points; ++i) {
      const float x = static_cast<float>(coarse.a + (coarse.upper() - coarse.a) * i /
                                                        static_cast<double>(points - 1));
      char line[128];
      std::snprintf(line, sizeof line, "%.9g,%.17g,%.9g,%.9g\n", x, info.value(x),
                    interp_uniform(coarse, x), interp_uniform(fine, x));
      csv += line;
    }
    write_file_atomically(folder + "/" + func + "_curves.csv", csv);
  }
}

}  // namespace
}  // namespace interpsim

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description options("error_table [--curves DIR]");
  options.add_options()("help", "this text")(
      "curves", po::value<std::string>(),
      "also write DIR/<func>_curves.csv (x, f, 8- and 32-segment fits) for docs/plot_errors.py")(
      "all-floats", "also measure the 4096-segment tables on every float32 in [a, b] (minutes)");
  po::variables_map args;
  try {
    po::store(po::parse_command_line(argc, argv, options), args);
    po::notify(args);
  } catch (const po::error& error) {
    std::cerr << "error_table: " << error.what() << "\n";
    return 2;
  }
  if (args.count("help")) {
    std::cout << options;
    return 0;
  }
  try {
    if (args.count("curves")) interpsim::write_curves(args["curves"].as<std::string>());
    interpsim::print_uniform_tables();
    interpsim::print_nonuniform_tables();
    interpsim::print_igelu_tables();
    if (args.count("all-floats")) interpsim::print_all_float_tables();
  } catch (const interpsim::InputError& error) {
    std::cerr << "error_table: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
