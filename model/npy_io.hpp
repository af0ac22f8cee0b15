// Reading and writing NumPy .npy float32 arrays (docs/design.md section 8).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace interpsim {

struct NpyArray {
  std::vector<size_t> shape;
  std::vector<float> data;  // C order, read flat
};

// Accepts format versions 1.0-3.0, dtype '<f4' (or '|f4'-compatible), C order.
// Anything else (other dtypes, Fortran order, truncated data) throws InputError.
NpyArray read_npy(const std::string& path);

// Writes '<f4' C-order; via a temporary name and rename.
void write_npy(const std::string& path, const std::vector<float>& data,
               const std::vector<size_t>& shape);
inline void write_npy(const std::string& path, const std::vector<float>& data) {
  write_npy(path, data, {data.size()});
}

}  // namespace interpsim
