#include "model/npy_io.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "model/atomic_file.hpp"
#include "model/input_error.hpp"

namespace interpsim {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

std::string dict_value(const std::string& header, const std::string& key) {
  const std::regex pattern("'" + key + "'\\s*:\\s*('[^']*'|True|False|\\([^)]*\\))");
  std::smatch match;
  if (!std::regex_search(header, match, pattern)) return "";
  return match[1];
}

// The element sizes of the dtypes read and written (one-byte types with '|').
size_t dtype_item_bytes(const std::string& dtype) {
  static const std::pair<const char*, size_t> known[] = {{"<f4", 4}, {"<f2", 2}, {"<u2", 2},
                                                         {"|u1", 1}, {"<u1", 1}, {"|i1", 1},
                                                         {"<i1", 1}, {"<i2", 2}, {"<i4", 4}};
  for (const auto& [name, bytes] : known) {
    if (dtype == name) return bytes;
  }
  return 0;
}

}  // namespace

NpyRawArray read_npy_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open .npy file");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0) {
    throw InputError(path + ": not a .npy file (bad magic)");
  }
  const auto major = static_cast<uint8_t>(bytes[6]);
  size_t header_length = 0;
  size_t header_start = 0;
  if (major == 1) {
    header_length = static_cast<uint8_t>(bytes[8]) | (static_cast<uint8_t>(bytes[9]) << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw InputError(path + ": truncated .npy header");
    for (int i = 3; i >= 0; --i)
      header_length = (header_length << 8) | static_cast<uint8_t>(bytes[8 + i]);
    header_start = 12;
  } else {
    throw InputError(path + ": unsupported .npy version " + std::to_string(major));
  }
  if (bytes.size() < header_start + header_length) {
    throw InputError(path + ": truncated .npy header");
  }
  const std::string header = bytes.substr(header_start, header_length);
  const std::string descr = dict_value(header, "descr");
  NpyRawArray array;
  array.dtype = descr.size() > 2 ? descr.substr(1, descr.size() - 2) : "";
  if (array.dtype.size() == 3 && array.dtype[0] == '<' && array.dtype[2] == '1') {
    array.dtype[0] = '|';  // one-byte types have no byte order
  }
  array.item_bytes = dtype_item_bytes(array.dtype);
  if (array.item_bytes == 0) {
    throw InputError(path + ": dtype " + (descr.empty() ? "?" : descr) +
                     " is not supported (expected '<f4', '<f2', '<u2', '|u1', '|i1', '<i2' or "
                     "'<i4'; e.g. arr.astype(np.float32))");
  }
  if (dict_value(header, "fortran_order") != "False") {
    throw InputError(path + ": Fortran-ordered array (expected C order)");
  }
  const std::string shape_text = dict_value(header, "shape");
  if (shape_text.empty()) throw InputError(path + ": .npy header has no shape");
  size_t count = 1;
  std::istringstream dims(shape_text.substr(1, shape_text.size() - 2));
  std::string dim;
  while (std::getline(dims, dim, ',')) {
    const size_t first = dim.find_first_not_of(" ");
    if (first == std::string::npos) continue;
    char* end = nullptr;
    const unsigned long long value = std::strtoull(dim.c_str() + first, &end, 10);
    if (end == dim.c_str() + first || (*end != '\0' && *end != ' ' && *end != 'L')) {
      throw InputError(path + ": bad shape " + shape_text);
    }
    array.shape.push_back(static_cast<size_t>(value));
    count *= static_cast<size_t>(value);
  }
  const size_t data_start = header_start + header_length;
  const size_t data_bytes = bytes.size() - data_start;
  const size_t expected = count * array.item_bytes;
  if (data_bytes != expected) {
    throw InputError(path + ": expected " + std::to_string(expected) + " data bytes for shape " +
                     shape_text + ", found " + std::to_string(data_bytes) +
                     (data_bytes < expected ? " (truncated)" : ""));
  }
  array.bytes.assign(bytes.begin() + static_cast<std::ptrdiff_t>(data_start), bytes.end());
  return array;
}

NpyArray read_npy(const std::string& path) {
  NpyRawArray raw = read_npy_raw(path);
  if (raw.dtype != "<f4") {
    throw InputError(path + ": dtype '" + raw.dtype +
                     "' is not float32 (expected '<f4'; use arr.astype(np.float32))");
  }
  NpyArray array;
  array.shape = std::move(raw.shape);
  array.data.resize(raw.size());
  if (!raw.bytes.empty()) std::memcpy(array.data.data(), raw.bytes.data(), raw.bytes.size());
  return array;
}

void write_npy_raw(const std::string& path, const NpyRawArray& array) {
  const std::vector<size_t>& shape = array.shape;
  std::string shape_text = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    shape_text += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) shape_text += ",";
    if (i + 1 < shape.size()) shape_text += " ";
  }
  shape_text += ")";
  std::string header =
      "{'descr': '" + array.dtype + "', 'fortran_order': False, 'shape': " + shape_text + ", }";
  // Pad with spaces so the data starts on a 64-byte boundary; the header ends in '\n'.
  const size_t unpadded = kMagicSize + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string bytes(kMagic, kMagicSize);
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header.size() & 0xFF);
  bytes += static_cast<char>((header.size() >> 8) & 0xFF);
  bytes += header;
  bytes.append(reinterpret_cast<const char*>(array.bytes.data()), array.bytes.size());
  write_file_atomically(path, bytes);
}

void write_npy(const std::string& path, const std::vector<float>& data,
               const std::vector<size_t>& shape) {
  NpyRawArray array;
  array.shape = shape;
  array.dtype = "<f4";
  array.item_bytes = sizeof(float);
  array.bytes.resize(data.size() * sizeof(float));
  if (!data.empty()) std::memcpy(array.bytes.data(), data.data(), array.bytes.size());
  write_npy_raw(path, array);
}

}  // namespace interpsim
