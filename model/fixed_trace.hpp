// Traces of fixed-point tables (docs/design.md section 12, "Files"): the raw
// integers q of the table's width ('|i1', '<i2', '<i4'); a value is q * 2^-fx.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/fixed_point.hpp"

namespace interpsim {

struct FixedTrace {
  FixedFormat format = FixedFormat::kInt16;
  std::vector<size_t> shape;
  std::vector<int64_t> values;  // the integers q
};

// The NumPy dtype of a width: '|i1', '<i2', '<i4'.
std::string fixed_dtype(FixedFormat format);

// Throws InputError naming `source` unless `dtype` holds the width's
// integers (int8 also as '<i1').
void require_fixed_dtype(const std::string& source, const std::string& dtype, FixedFormat format);

// Reads a trace of `format`'s integers; throws InputError naming the file and
// the dtype it holds when that is not the width's.
FixedTrace read_fixed_trace(const std::string& path, FixedFormat format);

// Writes `trace` with its format's dtype, via a temporary name.
void write_fixed_trace(const std::string& path, const FixedTrace& trace);

}  // namespace interpsim
