#include "model/table_gen.hpp"

#include <cmath>
#include <stdexcept>

#include "model/float_format.hpp"

namespace interpsim {

void chord_entry(RealFunction f, double x0, double x1, float& slope, float& intercept,
                 NumberFormat entries) {
  const double y0 = f(x0);
  const double y1 = f(x1);
  const double run = x1 - x0;
  // eq. 5 with the intercept's sign corrected (the paper prints it negated).
  slope = round_value(entries, (y1 - y0) / run);
  intercept = round_value(entries, (x1 * y0 - x0 * y1) / run);
}

void fill_edge_rows(const std::string& func, bool derivative, EdgeMode edges, double lo, double hi,
                    std::vector<float>& k, std::vector<float>& b, NumberFormat entries) {
  const FunctionInfo& info = find_function(func);
  const RealFunction f = derivative ? info.derivative : info.value;
  const size_t segments = k.size();
  float below_k = k.front(), below_b = b.front();
  float above_k = k.back(), above_b = b.back();
  if (edges == EdgeMode::kSaturate) {
    below_k = 0.0f;
    below_b = round_value(entries, f(lo));
    above_k = 0.0f;
    above_b = round_value(entries, f(hi));
  } else if (edges == EdgeMode::kAsymptote) {
    const EdgeLine below = below_asymptote(info, derivative);
    const EdgeLine above = above_asymptote(info, derivative);
    if (below.present) {
      below_k = round_value(entries, below.k);
      below_b = round_value(entries, below.b);
    }
    if (above.present) {
      above_k = round_value(entries, above.k);
      above_b = round_value(entries, above.b);
    }
  }
  k.resize(segments + 2);
  b.resize(segments + 2);
  k[segments] = below_k;
  b[segments] = below_b;
  k[segments + 1] = above_k;
  b[segments + 1] = above_b;
}

UniformTable generate_table(const std::string& func, float a, int m, int n, EdgeMode edges,
                            bool derivative, NumberFormat format, KbFormat kb) {
  const RealFunction f = table_reference(func, derivative);  // throws for unknown names
  const std::string why = check_table_params(a, m, n, format);
  if (!why.empty()) throw std::invalid_argument("invalid table: " + why);
  UniformTable table;
  table.func = func;
  table.a = a;
  table.m = m;
  table.n = n;
  table.edges = edges;
  table.format = format;
  table.kb = kb;
  if (derivative) table.extra_header[kDerivativeKey] = "1";
  const size_t segments = table.segments();
  const double width = table.width();
  table.k.resize(segments);
  table.b.resize(segments);
  for (size_t i = 0; i < segments; ++i) {
    const double x0 = static_cast<double>(a) + static_cast<double>(i) * width;  // exact
    chord_entry(f, x0, x0 + width, table.k[i], table.b[i], table.entries());
  }
  fill_edge_rows(func, derivative, edges, a, static_cast<double>(a) + std::ldexp(1.0, m), table.k,
                 table.b, table.entries());
  return table;
}

bool is_derivative_table(const UniformTable& table) {
  const auto found = table.extra_header.find(kDerivativeKey);
  return found != table.extra_header.end() && found->second == "1";
}

RealFunction reference_of(const UniformTable& table) {
  return table_reference(table.func, is_derivative_table(table));
}

}  // namespace interpsim
