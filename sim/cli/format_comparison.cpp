#include "sim/cli/format_comparison.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "model/fixed_table_gen.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/cli/fixed_commands.hpp"
#include "sim/cli/report.hpp"

namespace interpsim::cli {

std::vector<FormatComparisonRow> compare_formats(const TableSpec& spec,
                                                 const std::vector<NumberFormat>& formats,
                                                 size_t samples,
                                                 std::vector<std::string>& skipped) {
  std::vector<FormatComparisonRow> rows;
  const RealFunction reference = table_reference(spec.func, spec.derivative);
  for (const NumberFormat format : formats) {
    const std::string name = number_format_names().name(format);
    for (const KbFormat kb : {KbFormat::kFp32, KbFormat::kIo}) {
      if (format == NumberFormat::kFp32 && kb == KbFormat::kIo) continue;  // the same table
      for (int n = kFormatComparisonMinBits; n <= kFormatComparisonMaxBits; ++n) {
        const std::string why = check_table_params(*spec.a, *spec.m, n, format);
        if (!why.empty()) {
          if (kb == KbFormat::kFp32)
            skipped.push_back(name + " n=" + std::to_string(n) + ": " + why);
          continue;
        }
        const UniformTable table = generate_table(spec.func, *spec.a, *spec.m, n, *spec.edges,
                                                  spec.derivative, format, kb);
        const auto [lo, hi] = segment_sample_range(table.a, table.upper());
        FormatComparisonRow row{name,
                                kb_format_names().name(kb),
                                n,
                                reachable_segments(table),
                                uniform_table_bytes(table),
                                {}};
        if (format == NumberFormat::kFp32) {
          row.error = measure_error([&](float x) { return interp_uniform(table, x); }, reference,
                                    lo, hi, samples);
        } else {
          const FormatLookup lookup(table);
          row.error = measure_error_every_value(
              format,
              [&](float x) { return decode_value(format, lookup(*encode_exact(format, x))); },
              reference, lo, hi);
        }
        rows.push_back(row);
      }
    }
  }
  return rows;
}

std::vector<FormatComparisonRow> compare_fixed_formats(const TableSpec& spec,
                                                       const std::vector<FixedFormat>& formats,
                                                       size_t samples,
                                                       std::vector<std::string>& skipped) {
  std::vector<FormatComparisonRow> rows;
  for (const FixedFormat format : formats) {
    const std::string name = fixed_format_names().name(format);
    for (int n = kFormatComparisonMinBits; n <= kFormatComparisonMaxBits; ++n) {
      FixedTable table;
      try {
        table = generate_fixed_table(spec.func, static_cast<double>(*spec.a), *spec.m, n,
                                     *spec.edges, format, std::nullopt, spec.derivative);
      } catch (const std::invalid_argument& error) {
        skipped.push_back(name + " n=" + std::to_string(n) + ": " + error.what());
        continue;
      }
      std::string method;
      rows.push_back({name, "io", n, table.segments(), fixed_table_bytes(table),
                      measure_fixed_table_error(table, samples, method)});
    }
  }
  return rows;
}

void print_format_table(std::ostream& out, const std::vector<FormatComparisonRow>& rows) {
  char line[200];
  const char* layout = "%-8s %-4s %8s %9s %10s %10s %10s %9s %10s\n";
  std::snprintf(line, sizeof line, layout, "format", "kb", "segments", "reachable", "L2", "Linf",
                "mean abs", "max ulp", "memory (B)");
  out << line;
  for (const FormatComparisonRow& row : rows) {
    char l2[24], linf[24], mean_abs[24], ulp[24];
    std::snprintf(l2, sizeof l2, "%.3e", row.error.l2);
    std::snprintf(linf, sizeof linf, "%.3e", row.error.linf);
    std::snprintf(mean_abs, sizeof mean_abs, "%.3e", row.error.mean_abs);
    std::snprintf(ulp, sizeof ulp, "%.3g", row.error.max_ulp);
    std::snprintf(line, sizeof line, layout, row.format.c_str(), row.kb.c_str(),
                  std::to_string(1 << row.n).c_str(), std::to_string(row.reachable).c_str(), l2,
                  linf, mean_abs, ulp, std::to_string(row.memory_bytes).c_str());
    out << line;
  }
}

std::string format_comparison_csv(const std::string& func,
                                  const std::vector<FormatComparisonRow>& rows) {
  std::ostringstream csv;
  csv << "function,format,kb,segments,reachable,samples,l2,linf,mean_abs,max_ulp,memory_bytes\n";
  char numbers[128];
  for (const FormatComparisonRow& row : rows) {
    std::snprintf(numbers, sizeof numbers, "%.9g,%.9g,%.9g,%.9g", row.error.l2, row.error.linf,
                  row.error.mean_abs, row.error.max_ulp);
    csv << func << "," << row.format << "," << row.kb << "," << (1 << row.n) << "," << row.reachable
        << "," << row.error.samples << "," << numbers << "," << row.memory_bytes << "\n";
  }
  return csv.str();
}

}  // namespace interpsim::cli
