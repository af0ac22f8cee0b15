#include "model/lbfp_trace_io.hpp"

#include "model/input_error.hpp"
#include "model/npy_io.hpp"

namespace interpsim {

LbfpTrace read_lbfp8_trace(const std::string& path) {
  const NpyRawArray raw = read_npy_raw(path);
  if (raw.dtype != "|u1" && raw.dtype != "<u1") {
    throw InputError(path + ": dtype '" + raw.dtype +
                     "' is not an LBFP8 trace's '|u1' (rows: exponent byte, elements)");
  }
  if (raw.shape.size() != 2 || raw.shape[1] < 2) {
    throw InputError(path + ": an LBFP8 trace has shape (blocks, 1 + block size), block size >= 1");
  }
  LbfpTrace trace;
  trace.block = raw.shape[1] - 1;
  for (size_t row = 0; row < raw.shape[0]; ++row) {
    const uint8_t* bytes = raw.bytes.data() + row * raw.shape[1];
    trace.exponents.push_back(static_cast<int8_t>(bytes[0]));
    trace.elements.insert(trace.elements.end(), bytes + 1, bytes + raw.shape[1]);
  }
  return trace;
}

void write_lbfp8_trace(const std::string& path, const LbfpTrace& trace) {
  NpyRawArray raw;
  raw.dtype = "|u1";
  raw.item_bytes = 1;
  raw.shape = {trace.exponents.size(), 1 + trace.block};
  raw.bytes.reserve(raw.shape[0] * raw.shape[1]);
  for (size_t row = 0; row < trace.exponents.size(); ++row) {
    raw.bytes.push_back(static_cast<uint8_t>(trace.exponents[row]));
    for (size_t j = 0; j < trace.block; ++j) {
      const size_t i = row * trace.block + j;
      raw.bytes.push_back(i < trace.elements.size() ? trace.elements[i] : kLbfpZeroCode);
    }
  }
  write_npy_raw(path, raw);
}

}  // namespace interpsim
