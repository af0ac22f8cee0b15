// interpsim demo: the main job on built-in defaults: the GELU 4096-segment
// table's error, the lookup designs compared on a built-in BERT-FFN-like
// activation trace (golden models), then the SIMD array with RTL lanes over the
// same trace (sim/simd/simd_demo.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "model/error_metrics.hpp"
#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/cli/demo_trace.hpp"
#include "sim/cli/design_comparison.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"
#include "sim/common/table_spec.hpp"
#include "sim/simd/simd_demo.hpp"

namespace interpsim::cli {
namespace {

constexpr int kDemoSegmentBits = 12;  // 4096 segments, the paper's main configuration
constexpr size_t kDemoSamples = 1000001;

void print_trace_summary(const DemoTraceSpec& spec, const std::vector<float>& trace, float lo,
                         float hi) {
  double sum = 0;
  double sum_squares = 0;
  size_t below = 0;
  size_t above = 0;
  for (const float x : trace) {
    sum += x;
    sum_squares += static_cast<double>(x) * x;
    below += x <= lo;
    above += x >= hi;
  }
  const double count = static_cast<double>(trace.size());
  const double mean = sum / count;
  const auto [min_it, max_it] = std::minmax_element(trace.begin(), trace.end());
  std::printf(
      "built-in trace: %zu GELU pre-activations shaped like a BERT-base FFN layer\n"
      "  %.0f%% N(%.2g, %.2g^2) + %.0f%% N(%.2g, %.2g^2), seed %llu (docs/decisions.md)\n"
      "  mean %.4f, std %.4f, min %.4f, max %.4f; %zu <= a and %zu >= b use the edge rows\n",
      trace.size(), 100 * (1 - spec.tail_share), spec.mean, spec.core_sigma, 100 * spec.tail_share,
      spec.mean, spec.tail_sigma, static_cast<unsigned long long>(spec.seed), mean,
      std::sqrt(std::max(0.0, sum_squares / count - mean * mean)), static_cast<double>(*min_it),
      static_cast<double>(*max_it), below, above);
}

}  // namespace

int run_demo(int argc, char** argv) {
  po::options_description options;
  const CommandHelp help{
      "interpsim demo",
      "The main job on built-in defaults: generates the GELU 4096-segment table (the\n"
      "registry's interval and edge rule), prints its error against float64, then runs\n"
      "the uniform (Algorithm 1), binary-search and non-uniform designs and i-GELU over a\n"
      "built-in BERT-FFN-like activation trace and compares error, memory and lookup cost."};
  po::variables_map values;
  if (!parse_options(argc, argv, help, options, values)) return 0;

  // GELU with the registry's interval and edge rule.
  TableSpec spec;
  spec.func = "gelu";
  resolve_table_spec(spec);

  // 1. The table and its error over the interval.
  TableSpec table_spec = spec;
  table_spec.segments = 1 << kDemoSegmentBits;
  const UniformTable table = build_lookup_tables(table_spec).uniform;
  std::cout << "interpsim demo: GELU by 4096-segment interpolation (golden models, then the\n"
               "SIMD array with RTL lanes)\n\n"
            << "table: " << describe_table(table) << ", " << uniform_table_bytes(table)
            << " bytes\n";
  const auto [lo, hi] = segment_sample_range(table.a, table.upper());
  print_error_report(std::cout,
                     measure_error([&table](float x) { return interp_uniform(table, x); },
                                   reference_of(table), lo, hi, kDemoSamples),
                     "error against float64 gelu at " + std::to_string(kDemoSamples) +
                         " uniformly spaced samples in (a, b)");

  // 2. The designs over the built-in trace.
  const DemoTraceSpec trace_spec;
  const std::vector<float> trace = make_demo_trace(trace_spec);
  std::cout << "\n";
  print_trace_summary(trace_spec, trace, lo, hi);

  std::vector<Design> designs = table_designs(spec, kDemoSegmentBits);
  for (Design& design : table_designs(spec, 8)) {
    if (design.name != "bsearch") designs.push_back(std::move(design));
  }
  for (Design& design : igelu_designs(spec)) designs.push_back(std::move(design));

  // Errors over the inputs inside (a, b), where the designs differ; the edge
  // rows are the same lines in every table design and reported once below.
  const RealFunction reference = find_function(spec.func).value;
  const auto inside = [lo = table.a, hi = table.upper()](float x) { return x > lo && x < hi; };
  std::vector<float> uniform_output(trace.size());
  interp_uniform_batch(table, trace.data(), uniform_output.data(), trace.size());
  std::vector<DesignResult> results;
  size_t bsearch_differences = 0;
  for (const Design& design : designs) {
    std::vector<float> output(trace.size());
    std::transform(trace.begin(), trace.end(), output.begin(), design.evaluate);
    results.push_back({&design, measure_trace_error(trace, output, reference, inside)});
    if (design.name == "bsearch" && design.segments == table.segments()) {
      for (size_t i = 0; i < trace.size(); ++i) {
        bsearch_differences += canonical_bits(output[i]) != canonical_bits(uniform_output[i]);
      }
    }
  }
  const ErrorReport edge_error = measure_trace_error(trace, uniform_output, reference,
                                                     [&inside](float x) { return !inside(x); });
  std::printf(
      "\nlookup designs on the trace, error against float64 gelu over the %zu inputs inside\n"
      "(a, b) (search = comparisons before the table read):\n",
      results.empty() ? size_t{0} : results.front().error.samples);
  print_design_table(std::cout, results);
  std::printf(
      "\nedge rows (%s), the same in every table design: %zu inputs outside (a, b),\n"
      "  max error %.3e at x = %.9g\n",
      edge_mode_name(table.edges).c_str(), edge_error.samples, edge_error.linf,
      static_cast<double>(edge_error.worst_x));
  std::printf(
      "binary search over the same %zu segments gives other bits than Algorithm 1 on %zu of\n"
      "  %zu inputs: x just below a breakpoint, where x - a rounds up to it (docs/design.md sec. "
      "3)\n"
      "lookup cost: Algorithm 1 takes one subtract and a shift whatever the segment count;\n"
      "  binary search takes log2 N = %d comparisons: %d pipeline stages, or an initiation\n"
      "  interval of %d cycles with one comparator\n",
      table.segments(), bsearch_differences, trace.size(), kDemoSegmentBits, kDemoSegmentBits,
      kDemoSegmentBits);
  // 3. The SIMD array with RTL lanes over the same trace (sim/simd/).
  return simd::print_simd_demo(std::cout, trace) == 0 ? 0 : 1;
}

}  // namespace interpsim::cli
