// A .tbl table laid out for the kernels: interleaved {K, B} rows and the
// breakpoints t_0..t_N for the binary search. Built from model/'s table
// struct (I/O only); the lookup itself is gpu_ref's own (alg1.cuh, bsearch.cuh).
#pragma once

#include <string>
#include <vector>

#include "gpu_ref/alg1.cuh"
#include "gpu_ref/bsearch.cuh"
#include "gpu_ref/format_elements.cuh"
#include "model/table.hpp"

namespace gpu_ref {

struct LookupTable {
  Alg1Params alg1{};
  BsearchParams bsearch{};
  std::vector<TableEntry> rows;    // N + 2: segments, then the edges below a and above b
  std::vector<float> breakpoints;  // N + 1: t_i = a + i * 2^(m-n), exact by the validity rules
  // docs/design.md section 12: the io format of x, a, b, y and the entries'
  // format. fp32/fp32 is the float kernels' table; another io format is for
  // the format kernels, which read `rows` (float32 K, B) for kb = fp32 and
  // rows16 / rows8 (K, B as the io format's bits) for kb = io.
  interpsim::NumberFormat format = interpsim::NumberFormat::kFp32;
  interpsim::KbFormat kb = interpsim::KbFormat::kFp32;
  std::vector<FormatEntry<uint16_t>> rows16;  // kb = io, fp16 / bf16: N + 2
  std::vector<FormatEntry<uint8_t>> rows8;    // kb = io, fp8: N + 2
};

// Throws std::invalid_argument if the table's a, m, n or row count are
// unusable; for another io format also if a or b is not a value of it, w is
// not a normal number of it, or (kb = io) an entry is not a value of it.
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
// The same in io format `format` with entries rounded once from float64 to
// the kb format (gpu_bench's format tables).
interpsim::UniformTable chord_table(const std::string& func, float a, int m, int n,
                                    interpsim::NumberFormat format, interpsim::KbFormat kb);

}  // namespace gpu_ref
