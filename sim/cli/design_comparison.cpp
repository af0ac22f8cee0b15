#include "sim/cli/design_comparison.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "model/bsearch_lookup.hpp"
#include "model/igelu.hpp"
#include "model/nonuniform.hpp"
#include "model/uniform_lookup.hpp"
#include "model/value_lut.hpp"
#include "sim/cli/table_options.hpp"

namespace interpsim::cli {
namespace {

int ceil_log2(size_t count) {
  int bits = 0;
  while ((size_t{1} << bits) < count) ++bits;
  return bits;
}

}  // namespace

std::vector<Design> table_designs(const TableSpec& spec, int n) {
  check_interval_options(*spec.a, *spec.m, n);
  // One TableSpec per design; the evaluate functions share their tables.
  const auto build = [&spec, n](LookupDesign design) {
    TableSpec design_spec = spec;
    design_spec.segments = 1 << n;
    design_spec.design = design;
    return std::make_shared<const LookupTables>(build_lookup_tables(design_spec));
  };
  const auto uniform = build(LookupDesign::kUniform);
  const auto bsearch = build(LookupDesign::kBsearch);
  const auto nonuniform = build(LookupDesign::kNonuniform);
  const size_t segments = uniform->uniform.segments();
  std::vector<Design> designs;
  designs.push_back({"uniform", segments, uniform->memory_bytes, 0,
                     [uniform](float x) { return interp_uniform(uniform->uniform, x); }});
  // memory_bytes (build_lookup_tables): the K/B rows; bsearch adds the N + 1
  // breakpoints t_0..t_N as float32, nonuniform counts its parts' rows and descriptors.
  designs.push_back({"bsearch", segments, bsearch->memory_bytes, ceil_log2(segments),
                     [bsearch](float x) { return interp_bsearch(bsearch->bsearch, x); }});
  designs.push_back({"nonuniform", nonuniform->nonuniform.segments(), nonuniform->memory_bytes,
                     ceil_log2(nonuniform->nonuniform.parts.size()), [nonuniform](float x) {
                       return interp_nonuniform(nonuniform->nonuniform, x);
                     }});
  // The value LUT on the same breakpoints: N + 1 values and two edge lines,
  // 4 bytes each, so about half the memory of the uniform row of the same N
  // (the value row of 2N intervals is the one of equal memory).
  const auto value = std::make_shared<const ValueLutTable>(generate_value_lut(
      spec.func, ValueLutMode::kLinear, *spec.a, *spec.m, 0, n, *spec.edges, spec.derivative));
  designs.push_back({"value", value->intervals(), value->memory_bytes(), 0,
                     [value](float x) { return interp_value_lut(*value, x); }});
  return designs;
}

std::vector<Design> igelu_designs(const TableSpec& spec) {
  if (spec.func != "gelu" || spec.derivative) return {};
  const IgeluIntParams params = igelu_int_params();
  return {{"igelu_f32", 0, 0, 0, [](float x) { return igelu_f32(x); }},
          {"igelu_i32", 0, 0, 0, [params](float x) { return igelu_i32_dequantized(params, x); }}};
}

void print_design_table(std::ostream& out, const std::vector<DesignResult>& results) {
  char line[200];
  const char* format = "%-11s %8s %10s %10s %10s %10s %12s %7s\n";
  std::snprintf(line, sizeof line, format, "design", "segments", "L2", "Linf", "mean abs",
                "max ulp", "memory (B)", "search");
  out << line;
  for (const DesignResult& result : results) {
    const Design& design = *result.design;
    char l2[24], linf[24], mean_abs[24], ulp[24];
    std::snprintf(l2, sizeof l2, "%.3e", result.error.l2);
    std::snprintf(linf, sizeof linf, "%.3e", result.error.linf);
    std::snprintf(mean_abs, sizeof mean_abs, "%.3e", result.error.mean_abs);
    std::snprintf(ulp, sizeof ulp, "%.3g", result.error.max_ulp);
    const std::string segments = design.segments != 0 ? std::to_string(design.segments) : "-";
    std::snprintf(line, sizeof line, format, design.name.c_str(), segments.c_str(), l2, linf,
                  mean_abs, ulp, std::to_string(design.memory_bytes).c_str(),
                  std::to_string(design.search_steps).c_str());
    out << line;
  }
}

std::string design_csv(const std::string& func, const std::vector<DesignResult>& results) {
  std::ostringstream csv;
  csv << "function,design,segments,samples,l2,linf,mean_abs,max_ulp,memory_bytes,search_steps\n";
  char numbers[128];
  for (const DesignResult& result : results) {
    std::snprintf(numbers, sizeof numbers, "%.9g,%.9g,%.9g,%.9g", result.error.l2,
                  result.error.linf, result.error.mean_abs, result.error.max_ulp);
    csv << func << "," << result.design->name << "," << result.design->segments << ","
        << result.error.samples << "," << numbers << "," << result.design->memory_bytes << ","
        << result.design->search_steps << "\n";
  }
  return csv.str();
}

}  // namespace interpsim::cli
