#include "model/fixed_table_gen.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "model/functions.hpp"
#include "model/table_gen.hpp"

namespace interpsim {

namespace {

int64_t to_fixed(double value, int frac_bits) {
  return static_cast<int64_t>(std::nearbyint(std::ldexp(value, frac_bits)));  // ties to even
}

}  // namespace

int most_fraction_bits(double magnitude, int width) {
  const double limit = std::ldexp(1.0, width - 1) - 1.0;
  if (!(magnitude > 0.0)) return kMaxFracBits;
  for (int f = kMaxFracBits; f > kMinFracBits; --f) {
    if (std::nearbyint(std::ldexp(magnitude, f)) <= limit) return f;
  }
  return kMinFracBits;
}

bool fixed_interval_fits(FixedFormat format, double a, int m, int fx) {
  const int width = fixed_width(format);
  const double qa = std::ldexp(a, fx);
  const double top = std::ldexp(1.0, width - 1);
  return m + fx <= width && qa == std::floor(qa) && qa >= -top &&
         std::ldexp(a + std::ldexp(1.0, m), fx) <= top;
}

int default_fx(FixedFormat format, double a, int m, int n) {
  const double b = a + std::ldexp(1.0, m);
  for (int fx = std::min(kMaxFracBits, fixed_width(format) - m); fx >= std::max(0, n - m); --fx) {
    if (fixed_interval_fits(format, a, m, fx)) return fx;
  }
  throw std::invalid_argument(
      "no fx puts a = " + std::to_string(a) + " and b = " + std::to_string(b) + " in " +
      fixed_format_names().name(format) + " with segments at least one step wide (m + fx >= n)");
}

FixedTable generate_fixed_table(const std::string& func, double a, int m, int n, EdgeMode edges,
                                FixedFormat format, std::optional<int> fx, bool derivative) {
  const RealFunction f = table_reference(func, derivative);  // throws for unknown names
  if (n < 0 || n > kMaxSegmentBits) {
    throw std::invalid_argument("invalid table: n=" + std::to_string(n) + " is outside 0.." +
                                std::to_string(kMaxSegmentBits));
  }
  FixedTable table;
  table.func = func;
  table.derivative = derivative;
  table.format = format;
  table.m = m;
  table.n = n;
  table.edges = edges;
  table.fx = fx ? *fx : default_fx(format, a, m, n);
  const double qa = std::ldexp(a, table.fx);
  if (qa != std::floor(qa)) {
    throw std::invalid_argument("invalid table: a = " + std::to_string(a) +
                                " is not a multiple of 2^-" + std::to_string(table.fx));
  }
  table.qa = static_cast<int64_t>(std::max(-1e18, std::min(1e18, qa)));
  const size_t segments = table.segments();
  const double width = std::ldexp(1.0, m - n);
  std::vector<ChordLine> lines(segments);
  double largest_y = 0.0;
  for (size_t i = 0; i < segments; ++i) {
    const double x0 = a + static_cast<double>(i) * width;
    lines[i] = chord_line(f, x0, x0 + width);
    largest_y = std::max({largest_y, std::fabs(f(x0)), std::fabs(f(x0 + width))});
  }
  const auto [below, above] =
      edge_lines(func, derivative, edges, a, a + std::ldexp(1.0, m), lines.front(), lines.back());
  lines.push_back(below);
  lines.push_back(above);
  double largest_k = 0.0;
  double largest_b = 0.0;
  for (const ChordLine& line : lines) {
    largest_k = std::max(largest_k, std::fabs(line.k));
    largest_b = std::max(largest_b, std::fabs(line.b));
  }
  const int bits = fixed_width(format);
  table.fy = most_fraction_bits(largest_y, bits);
  table.fk = most_fraction_bits(largest_k, bits);
  table.fb = most_fraction_bits(largest_b, bits);
  // Fewer fractional bits never overflow: pull fk or fb into the exactness
  // bounds (the finer one loses bits no product can show).
  if (table.fb > table.fx + table.fk + kMaxAlignBits)
    table.fb = table.fx + table.fk + kMaxAlignBits;
  if (table.fx + table.fk > table.fb + kMaxAlignBits)
    table.fk = table.fb + kMaxAlignBits - table.fx;
  const int drop = std::max(table.fx + table.fk, table.fb) - table.fy;
  if (drop > kMaxDropBits) {
    const int excess = drop - kMaxDropBits;
    table.fk -= excess;
    table.fb -= excess;
  }
  table.k.reserve(lines.size());
  table.b.reserve(lines.size());
  for (const ChordLine& line : lines) {
    table.k.push_back(to_fixed(line.k, table.fk));
    table.b.push_back(to_fixed(line.b, table.fb));
  }
  const std::string why = check_fixed_table(table);
  if (!why.empty()) throw std::invalid_argument("invalid table: " + why);
  return table;
}

RealFunction reference_of(const FixedTable& table) {
  return table_reference(table.func, table.derivative);
}

}  // namespace interpsim
