#include "model/fixed_trace.hpp"

#include <cstring>

#include "model/input_error.hpp"
#include "model/npy_io.hpp"

namespace interpsim {

std::string fixed_dtype(FixedFormat format) {
  return format == FixedFormat::kInt8 ? "|i1" : format == FixedFormat::kInt16 ? "<i2" : "<i4";
}

void require_fixed_dtype(const std::string& source, const std::string& dtype, FixedFormat format) {
  const std::string expected = fixed_dtype(format);
  const bool one_byte_alias = format == FixedFormat::kInt8 && dtype == "<i1";
  if (dtype != expected && !one_byte_alias) {
    throw InputError(source + ": dtype '" + dtype + "' does not hold the table's format " +
                     fixed_format_names().name(format) + " (expected '" + expected + "')");
  }
}

FixedTrace read_fixed_trace(const std::string& path, FixedFormat format) {
  const NpyRawArray raw = read_npy_raw(path);
  require_fixed_dtype(path, raw.dtype, format);
  FixedTrace trace;
  trace.format = format;
  trace.shape = raw.shape;
  trace.values.resize(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const uint8_t* item = raw.bytes.data() + i * raw.item_bytes;
    if (raw.item_bytes == 1) {
      trace.values[i] = static_cast<int8_t>(item[0]);
    } else if (raw.item_bytes == 2) {
      trace.values[i] = static_cast<int16_t>(static_cast<uint16_t>(item[0] | (item[1] << 8)));
    } else {
      uint32_t word = 0;
      for (int b = 3; b >= 0; --b) word = (word << 8) | item[b];
      trace.values[i] = static_cast<int32_t>(word);
    }
  }
  return trace;
}

void write_fixed_trace(const std::string& path, const FixedTrace& trace) {
  NpyRawArray raw;
  raw.shape = trace.shape;
  raw.dtype = fixed_dtype(trace.format);
  raw.item_bytes = static_cast<size_t>(fixed_width(trace.format) / 8);
  raw.bytes.resize(trace.values.size() * raw.item_bytes);
  for (size_t i = 0; i < trace.values.size(); ++i) {
    const uint32_t word = static_cast<uint32_t>(trace.values[i]);
    for (size_t b = 0; b < raw.item_bytes; ++b) {
      raw.bytes[i * raw.item_bytes + b] = static_cast<uint8_t>(word >> (8 * b));
    }
  }
  write_npy_raw(path, raw);
}

}  // namespace interpsim
