// A .tbl table laid out for the kernels: interleaved {K, B} rows and the
// breakpoints t_0..t_N for the binary search. Built from model/'s table
// struct (I/O only); the lookup itself is gpu_ref's own (alg1.cuh, bsearch.cuh).
#pragma once

#include <string>
#include <vector>

#include "gpu_ref/alg1.cuh"
#include "gpu_ref/bsearch.cuh"
#include "model/table.hpp"

namespace gpu_ref {

struct LookupTable {
  Alg1Params alg1{};
  BsearchParams bsearch{};
  std::vector<TableEntry> rows;    // N + 2: segments, then the edges below a and above b
  std::vector<float> breakpoints;  // N + 1: t_i = a + i * 2^(m-n), exact by the validity rules
};

// Throws std::invalid_argument if the table's a, m, n or row count are unusable.
LookupTable make_lookup_table(const interpsim::UniformTable& table);

// Functions gpu_ref can build chord tables for: exp, tanh, sigmoid, gelu.
const std::vector<std::string>& chord_table_functions();
// The paper's interval for a function (Sec. 4.2): exp [-16, 0], tanh [-4, 4],
// sigmoid [-8, 8], gelu [-5, 3] as (a, m); gelu's [-5, 3] is the length-8
// interval starting at -5.
void paper_interval(const std::string& func, float* a, int* m);

// An extrapolate-edged chord table (eq. 5 with the sign erratum fixed,
// float64 then one rounding), written here so gpu_bench needs nothing from
// model/ beyond the table struct. Throws std::invalid_argument.
interpsim::UniformTable chord_table(const std::string& func, float a, int m, int n);

}  // namespace gpu_ref
