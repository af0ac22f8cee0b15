#include "reference_model.hpp"

#include <cmath>
#include <limits>

#include "model/float_bits.hpp"

namespace interpsim::testing {
namespace {

float evaluate(const std::vector<float>& slopes, const std::vector<float>& intercepts, int64_t row,
               int64_t first_edge_row, float x) {
  if (row < 0) return bits_to_float(kCanonicalNanBits);
  float y;
  if (row >= first_edge_row && (float_to_bits(slopes[row]) & 0x7FFFFFFFu) == 0) {
    y = intercepts[row];  // flat edge line: K is +0 or -0
  } else {
    y = std::fmaf(x, slopes[row], intercepts[row]);
  }
  return y != y ? bits_to_float(kCanonicalNanBits) : y;
}

}  // namespace

int64_t reference_uniform_row(const UniformTable& table, float x) {
  if (x != x) return -1;
  const int64_t segments = int64_t{1} << table.n;
  const double upper = static_cast<double>(table.a) + std::ldexp(1.0, table.m);
  if (static_cast<double>(x) <= static_cast<double>(table.a)) return segments;
  if (static_cast<double>(x) >= upper) return segments + 1;
  const float xn = x - table.a;  // the float32 subtraction the hardware does
  const double quotient = std::floor(static_cast<double>(xn) / std::ldexp(1.0, table.m - table.n));
  if (quotient <= 0.0) return 0;
  if (quotient >= static_cast<double>(segments - 1)) return segments - 1;
  return static_cast<int64_t>(quotient);
}

float reference_uniform(const UniformTable& table, float x) {
  return evaluate(table.k, table.b, reference_uniform_row(table, x), int64_t{1} << table.n, x);
}

int64_t reference_bsearch_row(const BreakpointTable& table, float x) {
  if (x != x) return -1;
  const std::vector<float>& t = table.breakpoints;
  const int64_t segments = static_cast<int64_t>(t.size()) - 1;
  if (x <= t.front()) return segments;
  if (x >= t.back()) return segments + 1;
  int64_t row = 0;
  for (int64_t i = 0; i < segments; ++i) {
    if (t[i] <= x) row = i;
  }
  return row;
}

float reference_bsearch(const BreakpointTable& table, float x) {
  return evaluate(table.k, table.b, reference_bsearch_row(table, x),
                  static_cast<int64_t>(table.breakpoints.size()) - 1, x);
}

std::vector<float> corner_inputs(const std::vector<float>& points) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::vector<float> inputs = {0.0f,
                               -0.0f,
                               kInf,
                               -kInf,
                               std::numeric_limits<float>::max(),
                               -std::numeric_limits<float>::max(),
                               1e30f,
                               -1e30f,
                               1e20f,
                               -1e20f,
                               std::numeric_limits<float>::min(),
                               -std::numeric_limits<float>::min()};
  for (uint32_t bits : {0x7FC00000u, 0x7F800001u, 0x7FBFFFFFu, 0xFFC00000u, 0xFFFFFFFFu,
                        0x7FC12345u, 0xFF800001u, 0x00000001u, 0x80000001u, 0x007FFFFFu,
                        0x807FFFFFu, 0x00400000u, 0x80400000u, 0x00000123u}) {
    inputs.push_back(bits_to_float(bits));
  }
  for (const float t : points) {
    inputs.push_back(t);
    float up = t, down = t;
    for (int step = 0; step < 2; ++step) {
      up = std::nextafter(up, kInf);
      down = std::nextafter(down, -kInf);
      inputs.push_back(up);
      inputs.push_back(down);
    }
  }
  // Floats just below b: for the widest of them x - a rounds up to b.
  const float a = points.front();
  float x = points.back();
  for (int step = 0; step < 64; ++step) {
    x = std::nextafter(x, -kInf);
    inputs.push_back(x);
  }
  // Floats just above a, where xn is tiny or subnormal.
  x = a;
  for (int step = 0; step < 64; ++step) {
    x = std::nextafter(x, kInf);
    inputs.push_back(x);
  }
  return inputs;
}

std::vector<float> random_inputs(const std::vector<float>& points, size_t count,
                                 std::mt19937_64& rng) {
  const double a = points.front();
  const double b = points.back();
  const double margin = (b - a) / 8;
  std::uniform_real_distribution<double> in_range(a - margin, b + margin);
  std::uniform_int_distribution<uint32_t> any_bits;
  std::uniform_int_distribution<size_t> any_point(0, points.size() - 1);
  std::uniform_int_distribution<int> ulps(-4, 4);
  std::vector<float> inputs(count);
  for (size_t i = 0; i < count; ++i) {
    switch (i % 4) {
      case 0:
      case 1:
        inputs[i] = static_cast<float>(in_range(rng));
        break;
      case 2:
        inputs[i] = bits_to_float(any_bits(rng));
        break;
      default: {
        float x = points[any_point(rng)];
        const int steps = ulps(rng);
        for (int s = 0; s < std::abs(steps); ++s) {
          x = std::nextafter(x, steps > 0 ? std::numeric_limits<float>::infinity()
                                          : -std::numeric_limits<float>::infinity());
        }
        inputs[i] = x;
      }
    }
  }
  return inputs;
}

std::vector<float> uniform_breakpoints(const UniformTable& table) {
  const size_t segments = size_t{1} << table.n;
  std::vector<float> points(segments + 1);
  for (size_t i = 0; i <= segments; ++i) {
    points[i] = static_cast<float>(static_cast<double>(table.a) +
                                   static_cast<double>(i) * std::ldexp(1.0, table.m - table.n));
  }
  return points;
}

UniformTable random_entry_table(float a, int m, int n, bool flat_edges, std::mt19937_64& rng) {
  UniformTable table;
  table.func = "random";
  table.a = a;
  table.m = m;
  table.n = n;
  const size_t rows = (size_t{1} << n) + 2;
  std::uniform_real_distribution<float> entry(-4.0f, 4.0f);
  table.k.resize(rows);
  table.b.resize(rows);
  for (size_t i = 0; i < rows; ++i) {
    table.k[i] = entry(rng);
    table.b[i] = entry(rng);
  }
  if (flat_edges) {
    table.k[rows - 2] = -0.0f;
    table.k[rows - 1] = 0.0f;
    table.b[rows - 2] = -0.0f;  // a signed-zero intercept, returned as it is
  }
  return table;
}

}  // namespace interpsim::testing
