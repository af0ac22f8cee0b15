#include "sim/cli/demo_trace.hpp"

#include <cmath>
#include <random>

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
  for (float& value : trace) {
    const double radius = std::sqrt(-2.0 * std::log(open_unit(engine)));
    const double standard_normal = radius * std::cos(two_pi * open_unit(engine));
    const double sigma = open_unit(engine) < spec.tail_share ? spec.tail_sigma : spec.core_sigma;
    value = static_cast<float>(spec.mean + sigma * standard_normal);
  }
  return trace;
}

}  // namespace interpsim::cli
