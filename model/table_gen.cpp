#include "model/table_gen.hpp"

#include <cmath>
#include <stdexcept>

#include "model/float_format.hpp"

namespace interpsim {

ChordLine chord_line(RealFunction f, double x0, double x1) {
  const double y0 = f(x0);
  const double y1 = f(x1);
  const double run = x1 - x0;
  // eq. 5 with the intercept's sign corrected (the paper prints it negated).
  return {(y1 - y0) / run, (x1 * y0 - x0 * y1) / run};
}

void chord_entry(RealFunction f, double x0, double x1, float& slope, float& intercept,
                 NumberFormat entries) {
  const ChordLine line = chord_line(f, x0, x1);
  slope = round_value(entries, line.k);
  intercept = round_value(entries, line.b);
}

std::pair<ChordLine, ChordLine> edge_lines(const std::string& func, bool derivative, EdgeMode edges,
                                           double lo, double hi, ChordLine first, ChordLine last) {
  const FunctionInfo& info = find_function(func);
  const RealFunction f = derivative ? info.derivative : info.value;
  ChordLine below = first;
  ChordLine above = last;
  if (edges == EdgeMode::kSaturate) {
    below = {0.0, f(lo)};
    above = {0.0, f(hi)};
  } else if (edges == EdgeMode::kAsymptote) {
    const EdgeLine below_line = below_asymptote(info, derivative);
    const EdgeLine above_line = above_asymptote(info, derivative);
    if (below_line.present) below = {below_line.k, below_line.b};
    if (above_line.present) above = {above_line.k, above_line.b};
  }
  return {below, above};
}

void fill_edge_rows(const std::string& func, bool derivative, EdgeMode edges, double lo, double hi,
                    std::vector<float>& k, std::vector<float>& b, NumberFormat entries) {
  const size_t segments = k.size();
  // Extrapolation repeats the rounded end segments (rounding them again is exact).
  const auto [below, above] =
      edge_lines(func, derivative, edges, lo, hi, {k.front(), b.front()}, {k.back(), b.back()});
  k.resize(segments + 2);
  b.resize(segments + 2);
  k[segments] = round_value(entries, below.k);
  b[segments] = round_value(entries, below.b);
  k[segments + 1] = round_value(entries, above.k);
  b[segments + 1] = round_value(entries, above.b);
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
