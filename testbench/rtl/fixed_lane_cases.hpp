// Fixed-point test cases shared by the verilated fixed-point lane tests
// (int_interp_unit_test, subword_interp_lane_test): the RTL configuration
// encoding of a table, the paper functions' tables, tables with random
// parameters, every input of a width, random and corner int32 inputs.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "model/fixed_point.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/functions.hpp"

namespace interpsim::rtl_test {

// The configuration encoding (model/fixed_point.hpp, fixed_lane_config).
using LaneConfig = FixedLaneConfig;

inline LaneConfig lane_config(const FixedTable& table) {
  return fixed_lane_config(table);
}

inline int64_t sign_extend(uint32_t bits, int width) {
  const uint64_t mask = (uint64_t{1} << width) - 1;
  const uint64_t value = bits & mask;
  return static_cast<int64_t>(value ^ (uint64_t{1} << (width - 1))) - (int64_t{1} << (width - 1));
}

inline std::vector<int64_t> every_input(int width) {
  std::vector<int64_t> inputs;
  for (int64_t q = -(int64_t{1} << (width - 1)); q < (int64_t{1} << (width - 1)); ++q) {
    inputs.push_back(q);
  }
  return inputs;
}

// The paper functions' tables at `width`: default interval for 16 segments,
// and for 256 segments an interval the width can index that finely
// (int8: a = -2^(m-1), so fx = 8 - m and m + fx = n).
inline std::vector<FixedTable> paper_tables(FixedFormat format) {
  std::vector<FixedTable> tables;
  for (const char* func : {"exp", "sigmoid", "tanh", "gelu"}) {
    const FunctionInfo& info = find_function(func);
    for (const int n : {4, 8}) {
      double a = info.default_a;
      if (format == FixedFormat::kInt8 && n == 8) a = -std::ldexp(1.0, info.default_m - 1);
      tables.push_back(
          generate_fixed_table(func, a, info.default_m, n, info.default_edges, format));
    }
  }
  return tables;
}

// A table with random parameters anywhere inside the model's bounds (so also
// drop <= 0, the widest alignments and drops) and random entries.
inline FixedTable random_table(FixedFormat format, int seg_bits_max, std::mt19937_64& rng) {
  const int width = fixed_width(format);
  auto uniform = [&rng](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (;;) {
    FixedTable table;
    table.func = "random";
    table.format = format;
    table.n = static_cast<int>(uniform(0, std::min(seg_bits_max, width)));
    table.fx = static_cast<int>(uniform(0, width));
    table.m = static_cast<int>(uniform(table.n, width)) - table.fx;
    table.fk = static_cast<int>(uniform(kMinFracBits, kMaxFracBits));
    table.fb = table.fx + table.fk + static_cast<int>(uniform(-kMaxAlignBits, kMaxAlignBits));
    // A third of the tables drop anything in the bounds (mostly saturating or
    // 0), a third about as many bits as keep the result inside the width, a
    // third none (drop <= 0: exact left shifts) with small entries and no
    // alignment, so many results stay inside the width.
    const int kind = static_cast<int>(uniform(0, 2));
    if (kind == 2) table.fb = table.fx + table.fk;
    const int s = std::max(table.fx + table.fk, table.fb);
    const int sum_bits = std::max(2 * width + s - table.fx - table.fk, width + s - table.fb);
    int drop = static_cast<int>(uniform(-kMaxDropBits, kMaxDropBits));
    if (kind == 1) {
      drop = std::clamp(sum_bits - width + static_cast<int>(uniform(-4, 2)), -kMaxDropBits,
                        kMaxDropBits);
    } else if (kind == 2) {
      drop = -static_cast<int>(uniform(0, uniform(0, 1) != 0 ? 3 : width + 2));
    }
    table.fy = s - drop;
    table.qa = uniform(fixed_min(format), fixed_max(format));
    // drop <= 0 shifts qx*K left: K in -1..1 keeps a share of the inputs
    // inside the width.
    const int64_t k_hi = kind == 2 ? 1 : fixed_max(format);
    const int64_t b_hi = kind == 2 ? int64_t{1} << (width / 2) : fixed_max(format);
    for (size_t row = 0; row < table.rows(); ++row) {
      table.k.push_back(uniform(kind == 2 ? -k_hi : fixed_min(format), k_hi));
      table.b.push_back(uniform(kind == 2 ? -b_hi : fixed_min(format), b_hi));
    }
    if (check_fixed_table(table).empty()) return table;
  }
}

// Random inputs and the corners: the extremes, 0, +-1, qa and its neighbours,
// each breakpoint qa + i * 2^(m+fx-n) and b with their neighbours.
inline std::vector<int64_t> int32_inputs(const FixedTable& table, size_t count,
                                         std::mt19937_64& rng) {
  std::vector<int64_t> inputs;
  const int64_t lo = fixed_min(table.format), hi = fixed_max(table.format);
  const auto add = [&](int64_t q) {
    for (const int64_t d : {-1, 0, 1}) {
      if (q + d >= lo && q + d <= hi) inputs.push_back(q + d);
    }
  };
  add(lo);
  add(hi);
  add(0);
  for (size_t i = 0; i <= table.segments(); ++i) {
    add(table.qa + static_cast<int64_t>(i) * (int64_t{1} << table.index_shift()));
  }
  std::uniform_int_distribution<int64_t> any(lo, hi);
  const int64_t span = int64_t{1} << (table.m + table.fx);
  std::uniform_int_distribution<int64_t> inside(table.qa, table.qa + span);
  while (inputs.size() < count) {
    const int64_t q = inputs.size() % 2 == 0 ? any(rng) : inside(rng);
    if (q >= lo && q <= hi) inputs.push_back(q);
  }
  inputs.resize(std::min(inputs.size(), std::max<size_t>(count, 1)));
  return inputs;
}

}  // namespace interpsim::rtl_test
