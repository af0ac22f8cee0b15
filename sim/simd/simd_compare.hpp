// Cycle comparison of the lookup designs on the SIMD array (interpsim compare
// --cycles): uniform (Algorithm 1) vs binary search (pipelined, iterative) vs
// non-uniform, at 16..4096 segments and for the table organizations, on one
// trace: elements per cycle, stalls, error, table memory.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/simd/simd_config.hpp"

namespace interpsim::simd {

struct CycleComparisonRow {
  std::string design;     // uniform, bsearch_pipelined, bsearch_iterative, nonuniform
  std::string table_org;  // private, banked16, multiport4
  int segments = 0;
  int lanes = 0;
  int latency = 0;  // cycles from input to output of one lane, no stalls
  unsigned long long cycles = 0;
  double elements_per_cycle = 0;
  double conflict_share = 0;  // share of lane-cycles in table_conflict stalls
  double search_share = 0;    // ... in search stalls (iterative II)
  double other_share = 0;     // ... memory, output and idle
  double linf = 0;            // max |y - f(x)| over the trace's finite inputs inside (a, b)
  double rms = 0;
  size_t memory_bytes = 0;  // table memory of the whole array (private: L copies)
  unsigned long long mismatches = 0;
};

// `base` gives func/a/m/edges, lanes, lane_impl and the memory; every row is
// one array run over `trace`.
std::vector<CycleComparisonRow> compare_cycles(const SimdConfig& base,
                                               const std::vector<float>& trace);

std::string cycle_comparison_text(const std::vector<CycleComparisonRow>& rows);
std::string cycle_comparison_csv(const std::vector<CycleComparisonRow>& rows);

}  // namespace interpsim::simd
