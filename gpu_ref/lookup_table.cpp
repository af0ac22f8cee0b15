#include "gpu_ref/lookup_table.hpp"

#include <cmath>
#include <functional>
#include <stdexcept>

#include "gpu_ref/format_dispatch.hpp"

namespace gpu_ref {

namespace {

// F's bits of a value that must be exact in F (throws otherwise).
template <typename F>
uint32_t exact_bits(double value, const char* what) {
  const uint32_t bits = round_to_format<F>(value, 0.0);
  if (static_cast<double>(format_to_float<F>(bits)) != value) {
    throw std::invalid_argument(std::string("table ") + what + " is not a value of format " +
                                interpsim::number_format_names().name(F::kFormatId));
  }
  return bits;
}

// Section 12's extra validity rules and the kb = io rows.
template <typename F>
void fill_format_rows(const interpsim::UniformTable& table, LookupTable& lookup) {
  exact_bits<F>(table.a, "a");
  exact_bits<F>(static_cast<double>(table.a) + std::ldexp(1.0, table.m), "b = a + 2^m");
  const double width = std::ldexp(1.0, table.m - table.n);
  const uint32_t width_bits = exact_bits<F>(width, "segment width 2^(m-n)");
  if ((width_bits & F::kExponentMask) == 0) {
    throw std::invalid_argument("table segment width 2^(m-n) is subnormal in its format");
  }
  // A format without infinities (e4m3): 2^m must be one of its values, or x - a
  // could saturate below 2^m (docs/design.md section 12).
  if (F::kFiniteOnly) exact_bits<F>(std::ldexp(1.0, table.m), "interval length 2^m");
  if (table.kb != interpsim::KbFormat::kIo) return;
  std::vector<FormatEntry<typename F::Storage>> rows(table.k.size());
  for (size_t row = 0; row < rows.size(); ++row) {
    rows[row].k = static_cast<typename F::Storage>(exact_bits<F>(table.k[row], "entry K"));
    rows[row].b = static_cast<typename F::Storage>(exact_bits<F>(table.b[row], "entry B"));
  }
  if constexpr (sizeof(typename F::Storage) == 2) {
    lookup.rows16 = std::move(rows);
  } else {
    lookup.rows8 = std::move(rows);
  }
}

}  // namespace

LookupTable make_lookup_table(const interpsim::UniformTable& table) {
  if (table.n < 0 || table.n > 20) throw std::invalid_argument("table n out of range 0..20");
  const size_t segments = size_t{1} << table.n;
  if (table.k.size() != segments + 2 || table.b.size() != segments + 2) {
    throw std::invalid_argument("table does not have N + 2 rows");
  }
  const double interval = std::ldexp(1.0, table.m);
  const double upper = static_cast<double>(table.a) + interval;
  const double width = std::ldexp(1.0, table.m - table.n);
  if (!std::isfinite(table.a) || static_cast<double>(static_cast<float>(upper)) != upper ||
      static_cast<double>(static_cast<float>(interval)) != interval) {
    throw std::invalid_argument("table a + 2^m is not an exact float32");
  }
  LookupTable lookup;
  lookup.alg1 = Alg1Params{table.a, static_cast<float>(upper), static_cast<float>(interval),
                           table.m, table.n};
  lookup.bsearch =
      BsearchParams{static_cast<int32_t>(segments), table.a, static_cast<float>(upper)};
  lookup.rows.resize(segments + 2);
  for (size_t row = 0; row < segments + 2; ++row) lookup.rows[row] = {table.k[row], table.b[row]};
  lookup.breakpoints.resize(segments + 1);
  for (size_t i = 0; i <= segments; ++i) {
    const double breakpoint = static_cast<double>(table.a) + static_cast<double>(i) * width;
    if (static_cast<double>(static_cast<float>(breakpoint)) != breakpoint) {
      throw std::invalid_argument("table breakpoint a + i*w is not an exact float32");
    }
    lookup.breakpoints[i] = static_cast<float>(breakpoint);
  }
  lookup.format = table.format;
  lookup.kb = table.kb;
  if (table.format != interpsim::NumberFormat::kFp32) {
    visit_format(table.format,
                 [&](auto tag) { fill_format_rows<typename decltype(tag)::type>(table, lookup); });
  } else if (table.kb != interpsim::KbFormat::kFp32) {
    throw std::invalid_argument("table kb=io with format fp32: use kb=fp32");
  }
  return lookup;
}

namespace {
std::function<double(double)> reference_function(const std::string& func) {
  if (func == "exp") return [](double x) { return std::exp(x); };
  if (func == "tanh") return [](double x) { return std::tanh(x); };
  if (func == "sigmoid") return [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  if (func == "gelu") {
    return [](double x) { return 0.5 * x * std::erfc(-x * 0.70710678118654752440); };
  }
  throw std::invalid_argument("no chord table for function '" + func +
                              "' (expected exp, tanh, sigmoid or gelu)");
}
}  // namespace

const std::vector<std::string>& chord_table_functions() {
  static const std::vector<std::string> names = {"exp", "tanh", "sigmoid", "gelu"};
  return names;
}

void paper_interval(const std::string& func, float* a, int* m) {
  if (func == "exp") {
    *a = -16.0f, *m = 4;
  } else if (func == "tanh") {
    *a = -4.0f, *m = 3;
  } else if (func == "sigmoid") {
    *a = -8.0f, *m = 4;
  } else if (func == "gelu") {
    *a = -5.0f, *m = 3;
  } else {
    throw std::invalid_argument("no paper interval for function '" + func + "'");
  }
}

interpsim::UniformTable chord_table(const std::string& func, float a, int m, int n) {
  return chord_table(func, a, m, n, interpsim::NumberFormat::kFp32, interpsim::KbFormat::kFp32);
}

interpsim::UniformTable chord_table(const std::string& func, float a, int m, int n,
                                    interpsim::NumberFormat format, interpsim::KbFormat kb) {
  // float64 -> the entry format, once.
  const auto round_entry = [&](double value) -> float {
    if (kb == interpsim::KbFormat::kFp32 || format == interpsim::NumberFormat::kFp32) {
      return static_cast<float>(value);
    }
    return visit_format(format, [&](auto tag) {
      using F = typename decltype(tag)::type;
      return format_to_float<F>(round_to_format<F>(value, 0.0));
    });
  };
  const std::function<double(double)> f = reference_function(func);
  interpsim::UniformTable table;
  table.func = func;
  table.a = a;
  table.m = m;
  table.n = n;
  table.edges = interpsim::EdgeMode::kExtrapolate;
  table.format = format;
  table.kb = kb;
  const size_t segments = size_t{1} << n;
  const double width = std::ldexp(1.0, m - n);
  for (size_t i = 0; i < segments; ++i) {
    const double x0 = static_cast<double>(a) + static_cast<double>(i) * width;
    const double x1 = x0 + width;
    const double f0 = f(x0), f1 = f(x1);
    table.k.push_back(round_entry((f1 - f0) / (x1 - x0)));
    table.b.push_back(round_entry((x1 * f0 - x0 * f1) / (x1 - x0)));
  }
  // The paper's rule: below a continue segment 0, above b the last segment.
  table.k.push_back(table.k.front());
  table.b.push_back(table.b.front());
  table.k.push_back(table.k[segments - 1]);
  table.b.push_back(table.b[segments - 1]);
  make_lookup_table(table);  // validates a, m, n (and the format rules)
  return table;
}

}  // namespace gpu_ref
