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

FormatTrace read_format_trace(const std::string& path, NumberFormat format) {
  const NpyRawArray raw = read_npy_raw(path);
  const std::string name = number_format_names().name(format);
  bool known = false;
  for (const std::string& dtype : accepted(format)) known = known || dtype == raw.dtype;
  if (!known) {
    throw InputError(path + ": dtype '" + raw.dtype + "' does not hold the table's format " + name +
                     " (expected " + trace_dtypes(format) + ")");
  }
  FormatTrace trace;
  trace.format = format;
  trace.shape = raw.shape;
  trace.dtype = raw.dtype;
  const size_t count = raw.size();
  trace.bits.resize(count);
  const uint8_t* data = raw.bytes.data();
  if (raw.dtype == "<f4" && format != NumberFormat::kFp32) {
    for (size_t i = 0; i < count; ++i) {
      float value;
      std::memcpy(&value, data + 4 * i, 4);
      const std::optional<uint32_t> bits = encode_exact(format, value);
      if (!bits) {
        throw InputError(path + ": element " + std::to_string(i) + " (" + shortest_decimal(value) +
                         ") is not a value of " + name +
                         " (a float32 trace must hold exact values of the table's format)");
      }
      trace.bits[i] = *bits;
    }
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
