// Reading and writing NumPy .npy float32 arrays (docs/design.md section 8).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace interpsim {

struct NpyArray {
  std::vector<size_t> shape;
  std::vector<float> data;  // C order, read flat
};

// Any array of a plain numeric dtype, its elements as raw little-endian bytes.
struct NpyRawArray {
  std::vector<size_t> shape;
  std::string dtype;           // NumPy's descr, e.g. "<f4", "<f2", "<u2", "|u1", "<i4"
  size_t item_bytes = 0;       // bytes per element
  std::vector<uint8_t> bytes;  // C order
  size_t size() const { return item_bytes == 0 ? 0 : bytes.size() / item_bytes; }
};

// Accepts format versions 1.0-3.0, C order, the dtypes '<f4', '<f2', '<u2',
// '|u1', '|i1', '<i2', '<i4' ('|' or '<' for one-byte types). Anything else
// (other dtypes, Fortran order, truncated data) throws InputError.
NpyRawArray read_npy_raw(const std::string& path);

// read_npy_raw, then requires dtype '<f4'.
NpyArray read_npy(const std::string& path);

// Writes `array` (its dtype) C-order; via a temporary name and rename.
void write_npy_raw(const std::string& path, const NpyRawArray& array);

// Writes '<f4' C-order; via a temporary name and rename.
void write_npy(const std::string& path, const std::vector<float>& data,
               const std::vector<size_t>& shape);
inline void write_npy(const std::string& path, const std::vector<float>& data) {
  write_npy(path, data, {data.size()});
}

}  // namespace interpsim
