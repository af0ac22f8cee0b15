// Traces in a table's number format (docs/design.md section 12, "Files"):
// fp32 as '<f4'; fp16 as '<f2'; bf16 and fp8 as raw bit patterns ('<u2',
// '|u1') or as '<f4' values exactly representable in the format (fp16 takes
// '<u2' and exact '<f4' as well). Outputs use the input's dtype.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/number_format.hpp"

namespace interpsim {

struct FormatTrace {
  NumberFormat format = NumberFormat::kFp32;
  std::vector<size_t> shape;
  std::string dtype;           // the file's dtype, e.g. "<f2"
  std::vector<uint32_t> bits;  // every element's bit pattern in `format`
};

// "'<f2', '<u2' or '<f4'": the dtypes a trace in `format` may have.
std::string trace_dtypes(NumberFormat format);

// Reads a .npy trace for a table in `format`. Throws InputError naming the
// file for a dtype that does not hold the format, and the first element
// (flat index and value) of a '<f4' trace that is not a value of the format.
FormatTrace read_format_trace(const std::string& path, NumberFormat format);

// The bit patterns of float32 values that must be exact values of `format`;
// InputError "SOURCE: element I (V) is not a value of F (...)" naming the
// first one that is not. read_format_trace uses it for '<f4' traces.
void exact_format_bits(NumberFormat format, const float* values, size_t count, uint32_t* bits,
                       const std::string& source);

// "SOURCE: dtype 'D' does not hold the table's format F (expected ...)".
std::string dtype_mismatch_message(const std::string& source, const std::string& dtype,
                                   NumberFormat format);

// Writes `bits` (patterns in like.format) with like's dtype and shape.
void write_format_trace(const std::string& path, const FormatTrace& like,
                        const std::vector<uint32_t>& bits);

// The values of a trace's elements (NaN patterns as the quiet float NaN).
std::vector<float> trace_values(NumberFormat format, const std::vector<uint32_t>& bits);

}  // namespace interpsim
