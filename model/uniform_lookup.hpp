// Algorithm 1: the O(1) segment lookup of the main paper, bit-exact golden model.
#pragma once

#include <cstddef>
#include <cstdint>

#include "model/table.hpp"

namespace interpsim {

// The segment or edge row Algorithm 1 reads for x (0..N+1); NaN returns -1.
int64_t uniform_row(const UniformTable& table, float x);

// y = interp(T, x) exactly as docs/design.md section 3 defines it.
float interp_uniform(const UniformTable& table, float x);

// The same over an array; output[i] = interp_uniform(table, input[i]).
// Uses an AVX2+FMA path when the CPU has one (bit-exact with the scalar
// definition), the scalar loop otherwise.
void interp_uniform_batch(const UniformTable& table, const float* input, float* output,
                          size_t count);

// Always the scalar loop (for tests and for benchmarking the fallback).
void interp_uniform_batch_portable(const UniformTable& table, const float* input, float* output,
                                   size_t count);

}  // namespace interpsim
