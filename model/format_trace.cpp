#include "model/format_trace.hpp"

#include <cstring>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/float_text.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"

namespace interpsim {
namespace {

// The raw bit-pattern dtype of a format: '<f2' for fp16 (NumPy's float16),
// '<u2' for bf16, '|u1' for fp8, '<f4' for fp32.
std::vector<std::string> accepted(NumberFormat format) {
  switch (format_bits(format)) {
    case 32:
      return {"<f4"};
    case 16:
      if (format == NumberFormat::kFp16) return {"<f2", "<u2", "<f4"};
      return {"<u2", "<f4"};
    default:
      return {"|u1", "<f4"};
  }
}

}  // namespace

std::string trace_dtypes(NumberFormat format) {
  const std::vector<std::string> dtypes = accepted(format);
  std::string text;
  for (size_t i = 0; i < dtypes.size(); ++i) {
    if (i != 0) text += i + 1 == dtypes.size() ? " or " : ", ";
    text += "'" + dtypes[i] + "'";
  }
  return text;
}

std::string dtype_mismatch_message(const std::string& source, const std::string& dtype,
                                   NumberFormat format) {
  return source + ": dtype '" + dtype + "' does not hold the table's format " +
         number_format_names().name(format) + " (expected " + trace_dtypes(format) + ")";
}

void exact_format_bits(NumberFormat format, const float* values, size_t count, uint32_t* bits,
                       const std::string& source) {
  for (size_t i = 0; i < count; ++i) {
    const std::optional<uint32_t> exact = encode_exact(format, values[i]);
    if (!exact) {
      throw InputError(source + ": element " + std::to_string(i) + " (" +
                       shortest_decimal(values[i]) + ") is not a value of " +
                       number_format_names().name(format) +
                       " (a float32 trace must hold exact values of the table's format)");
    }
    bits[i] = *exact;
  }
}

FormatTrace read_format_trace(const std::string& path, NumberFormat format) {
  const NpyRawArray raw = read_npy_raw(path);
  bool known = false;
  for (const std::string& dtype : accepted(format)) known = known || dtype == raw.dtype;
  if (!known) {
    throw InputError(dtype_mismatch_message(path, raw.dtype, format));
  }
  FormatTrace trace;
  trace.format = format;
  trace.shape = raw.shape;
  trace.dtype = raw.dtype;
  const size_t count = raw.size();
  trace.bits.resize(count);
  const uint8_t* data = raw.bytes.data();
  if (raw.dtype == "<f4" && format != NumberFormat::kFp32) {
    std::vector<float> values(count);
    std::memcpy(values.data(), data, 4 * count);
    exact_format_bits(format, values.data(), count, trace.bits.data(), path);
  } else {
    for (size_t i = 0; i < count; ++i) {
      uint32_t bits = 0;
      std::memcpy(&bits, data + raw.item_bytes * i, raw.item_bytes);  // little-endian host
      trace.bits[i] = bits;
    }
  }
  return trace;
}

void write_format_trace(const std::string& path, const FormatTrace& like,
                        const std::vector<uint32_t>& bits) {
  NpyRawArray array;
  array.shape = like.shape;
  array.dtype = like.dtype;
  array.item_bytes = like.dtype == "|u1" ? 1 : (like.dtype == "<f4" ? 4 : 2);
  array.bytes.resize(bits.size() * array.item_bytes);
  const bool widen = like.dtype == "<f4" && like.format != NumberFormat::kFp32;
  for (size_t i = 0; i < bits.size(); ++i) {
    const uint32_t word = widen ? float_to_bits(decode_value(like.format, bits[i])) : bits[i];
    std::memcpy(array.bytes.data() + array.item_bytes * i, &word, array.item_bytes);
  }
  write_npy_raw(path, array);
}

std::vector<float> trace_values(NumberFormat format, const std::vector<uint32_t>& bits) {
  std::vector<float> values(bits.size());
  for (size_t i = 0; i < bits.size(); ++i) values[i] = decode_value(format, bits[i]);
  return values;
}

}  // namespace interpsim
