// Not a test: the error of interpolation whose K * x is the LBFP8 multiplier
// (model/lbfp_multiply), against float64 (issue 13 item 7; the table in
// docs/results/lbfp-multiplier.md). Usage: lbfp_interp_error [SAMPLES]
//
// Per function (default interval) and segment count: the float32 chord table
// of model/table_gen; SAMPLES evenly spaced x in (a, b) (float32, exact), in a
// shuffled order (fixed seed: a block holds unrelated activations), encoded
// to LBFP8 in blocks of 16 with each block's max exponent (offset 0); the K
// column encoded the same way in blocks of 16 consecutive rows. Then
// K * x = lbfp8_mul(x, K) * 2^(Ex + EK - 14) and
//   exact B:  y = K * x + B in float64 (the multiplier's error alone);
//   int16 y:  y = round(K * x * 2^fy) + round(B * 2^fy) as int16 (the fixed
//             point accumulator, fy the most fractional bits with
//             max|f| <= 32767 * 2^-fy, saturated), rounding to nearest even.
// Columns: Linf and mean |error| against f(x) in float64, beside the float64
// evaluation of the same float32 chords (the interpolation error alone) and
// the product of the decoded LBFP8 values in float64 (the encoding's error
// without the multiplier's rounding). Both in shuffled and in ascending order
// (blocks of neighbouring x).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "model/functions.hpp"
#include "model/lbfp.hpp"
#include "model/lbfp_multiply.hpp"
#include "model/table_gen.hpp"

namespace {

using namespace interpsim;

struct ErrorSum {
  double max = 0;
  double sum = 0;
  void add(double e) {
    max = std::max(max, std::fabs(e));
    sum += std::fabs(e);
  }
};

int output_frac_bits(double largest) {
  int fy = 15;
  while (fy > -16 && std::nearbyint(largest * std::ldexp(1.0, fy)) > 32767) --fy;
  return fy;
}

void row(const FunctionInfo& info, int seg_bits, size_t samples, bool shuffled) {
  const UniformTable table =
      generate_table(info.name, info.default_a, info.default_m, seg_bits, info.default_edges);
  const double a = table.a;
  const double w = table.width();
  const size_t segments = table.segments();
  std::vector<float> xs(samples);
  const double step = std::ldexp(1.0, info.default_m) / static_cast<double>(samples);
  for (size_t j = 0; j < samples; ++j) {
    xs[j] = static_cast<float>(a + (static_cast<double>(j) + 0.5) * step);
  }
  if (shuffled) {
    std::mt19937 rng(1);
    std::shuffle(xs.begin(), xs.end(), rng);
  }
  const LbfpTrace x_lbfp = lbfp8_encode_trace(xs, 16, 0, "x");
  const std::vector<float> ks(table.k.begin(), table.k.begin() + static_cast<long>(segments));
  const LbfpTrace k_lbfp = lbfp8_encode_trace(ks, 16, 0, "K");

  double largest = 0;
  for (size_t i = 0; i <= segments; ++i) {
    largest = std::max(largest, std::fabs(info.value(a + static_cast<double>(i) * w)));
  }
  const int fy = output_frac_bits(largest);
  const double scale = std::ldexp(1.0, fy);

  ErrorSum chord, decoded, exact_b, fixed_y;
  for (size_t j = 0; j < samples; ++j) {
    const double x = xs[j];
    const auto idx = std::min(segments - 1, static_cast<size_t>((x - a) / w));
    const double k = table.k[idx];
    const double b = table.b[idx];
    const double f = info.value(x);
    chord.add(k * x + b - f);
    const int exponent = x_lbfp.exponents[j / 16] + k_lbfp.exponents[idx / 16];
    const double kx = std::ldexp(lbfp8_mul(x_lbfp.elements[j], k_lbfp.elements[idx]),
                                 exponent - kLbfpMulOutFracBits);
    exact_b.add(kx + b - f);
    decoded.add(lbfp8_decode(x_lbfp.elements[j], x_lbfp.exponents[j / 16]) *
                    lbfp8_decode(k_lbfp.elements[idx], k_lbfp.exponents[idx / 16]) +
                b - f);
    const double q = std::nearbyint(kx * scale) + std::nearbyint(b * scale);
    const double y = std::clamp(q, -32768.0, 32767.0) / scale;
    fixed_y.add(y - f);
  }
  const double n = static_cast<double>(samples);
  std::printf("| %s | %zu | %.3e | %.3e | %.3e | %.3e | %.3e | %.3e | %d | %.3e | %.3e |\n",
              info.name.c_str(), segments, chord.max, chord.sum / n, decoded.max, decoded.sum / n,
              exact_b.max, exact_b.sum / n, fy, fixed_y.max, fixed_y.sum / n);
}

}  // namespace

int main(int argc, char** argv) {
  const size_t samples = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 65536;
  if (samples == 0 || samples % 16 != 0) {
    std::fprintf(stderr, "usage: lbfp_interp_error [SAMPLES, a positive multiple of 16]\n");
    return 2;
  }
  for (const bool shuffled : {true, false}) {
    std::printf("\nx in %s order:\n\n", shuffled ? "shuffled" : "ascending");
    std::printf(
        "| function | segments | float chords Linf | mean | decoded x * decoded K: Linf | mean "
        "| lbfp8_mul, exact B: Linf | mean | fy | lbfp8_mul + B in int16: Linf | mean |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const char* name : {"gelu", "exp"}) {
      for (const int seg_bits : {4, 6, 8, 10}) {
        row(find_function(name), seg_bits, samples, shuffled);
      }
    }
  }
  return 0;
}
