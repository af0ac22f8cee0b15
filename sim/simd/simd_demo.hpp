// The SIMD-array part of `interpsim demo`: GELU at 4096 segments on a 64-lane
// array with RTL lanes over a trace, its error against float64, throughput,
// stall breakdown, and the binary-search designs beside it.
#pragma once

#include <ostream>
#include <vector>

namespace interpsim::simd {

// Returns the number of outputs that differ from the golden models (0 when
// every array run reproduced them bit for bit).
uint64_t print_simd_demo(std::ostream& out, const std::vector<float>& trace);

}  // namespace interpsim::simd
