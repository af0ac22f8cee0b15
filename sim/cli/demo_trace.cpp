#include "sim/cli/demo_trace.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "model/parallel_for.hpp"

namespace interpsim::cli {
namespace {

// A double in (0, 1): 53 random bits, never 0 so log() below is finite.
double open_unit(std::mt19937_64& engine) {
  return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53;
}

}  // namespace

std::vector<float> make_demo_trace(const DemoTraceSpec& spec) {
  std::mt19937_64 engine(spec.seed);
  std::vector<float> trace(spec.count);
  const double two_pi = 2.0 * std::acos(-1.0);
  // The three draws of each value come from the one engine in order (one
  // thread); the transform, most of the time (log, cos), runs on all cores.
  constexpr size_t kBlock = size_t{1} << 16;
  std::vector<double> draws(3 * std::min(kBlock, spec.count));
  for (size_t begin = 0; begin < spec.count; begin += kBlock) {
    const size_t count = std::min(kBlock, spec.count - begin);
    for (size_t j = 0; j < 3 * count; ++j) draws[j] = open_unit(engine);
    parallel_for(count, 4096, [&](size_t lo, size_t hi) {
      for (size_t j = lo; j < hi; ++j) {
        const double radius = std::sqrt(-2.0 * std::log(draws[3 * j]));
        const double standard_normal = radius * std::cos(two_pi * draws[3 * j + 1]);
        const double sigma = draws[3 * j + 2] < spec.tail_share ? spec.tail_sigma : spec.core_sigma;
        trace[begin + j] = static_cast<float>(spec.mean + sigma * standard_normal);
      }
    });
  }
  return trace;
}

}  // namespace interpsim::cli
