// The built-in activation trace of `interpsim demo` (docs/decisions.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace interpsim::cli {

struct DemoTraceSpec {
  size_t count = size_t{1} << 20;
  uint64_t seed = 20230306;
  double mean = -0.6;        // BERT FFN pre-activations sit slightly below zero
  double core_sigma = 1.0;   // most values
  double tail_sigma = 3.0;   // a heavier tail, so some inputs leave [-5, 3]
  double tail_share = 0.05;  // share of values drawn from the tail component
};

// GELU pre-activations shaped like a BERT-base FFN layer: a mixture of two
// normals with a common mean. Deterministic on every platform: std::mt19937_64
// (fully specified by the standard) and our own Box-Muller transform (the
// standard distributions are implementation-defined).
std::vector<float> make_demo_trace(const DemoTraceSpec& spec = DemoTraceSpec{});

}  // namespace interpsim::cli
