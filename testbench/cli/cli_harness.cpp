#include "cli_harness.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <gtest/gtest.h>

#include "model/float_bits.hpp"

namespace interpsim::cli_test {

std::string make_temp_dir() {
  std::string pattern = ::testing::TempDir() + "interpsim_cli_XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed: " << std::strerror(errno);
    return ".";
  }
  return buffer.data();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool file_exists(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0;
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* handle = ::opendir(dir.c_str())) {
    while (const dirent* entry = ::readdir(handle)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(handle);
  }
  return names;
}

RunResult run_interpsim(const std::string& work_dir, const std::string& arguments) {
  const std::string out_path = work_dir + "/.stdout";
  const std::string err_path = work_dir + "/.stderr";
  const std::string command = "cd '" + work_dir + "' && '" + INTERPSIM_BINARY + "' " + arguments +
                              " >'" + out_path + "' 2>'" + err_path + "'";
  const int raw = std::system(command.c_str());
  RunResult result;
  result.status = (raw != -1 && WIFEXITED(raw)) ? WEXITSTATUS(raw) : -1;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  return result;
}

std::string npy_bytes(const std::string& descr, const std::vector<size_t>& shape,
                      const std::string& data) {
  std::string shape_text = "(";
  for (size_t dim : shape) shape_text += std::to_string(dim) + ",";
  shape_text += ")";
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape_text + ", }";
  while ((10 + header.size() + 1) % 16 != 0) header += ' ';
  header += '\n';
  std::string bytes = std::string("\x93NUMPY", 6) + '\x01' + '\x00';
  bytes += static_cast<char>(header.size() & 0xFF);
  bytes += static_cast<char>(header.size() >> 8);
  return bytes + header + data;
}

std::string npy_f32(const std::vector<size_t>& shape, const std::vector<float>& data) {
  std::string raw(data.size() * 4, '\0');
  for (size_t i = 0; i < data.size(); ++i) {
    const uint32_t bits = float_to_bits(data[i]);
    for (int byte = 0; byte < 4; ++byte) raw[4 * i + byte] = static_cast<char>(bits >> (8 * byte));
  }
  return npy_bytes("<f4", shape, raw);
}

SimpleNpy parse_npy(const std::string& bytes) {
  SimpleNpy result;
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0 || bytes[6] != 1) {
    ADD_FAILURE() << "not a version 1 .npy file";
    return result;
  }
  const size_t header_length =
      static_cast<uint8_t>(bytes[8]) | (static_cast<size_t>(static_cast<uint8_t>(bytes[9])) << 8);
  const std::string header = bytes.substr(10, header_length);
  EXPECT_EQ((10 + header_length) % 16, 0u) << "data not aligned";
  const size_t descr_at = header.find("'descr': '");
  EXPECT_NE(descr_at, std::string::npos) << header;
  if (descr_at != std::string::npos) {
    result.descr = header.substr(descr_at + 10, header.find('\'', descr_at + 10) - descr_at - 10);
  }
  EXPECT_NE(header.find("'fortran_order': False"), std::string::npos) << header;
  const size_t open = header.find("'shape': (");
  const size_t close = header.find(')', open);
  EXPECT_TRUE(open != std::string::npos && close != std::string::npos) << header;
  if (open == std::string::npos || close == std::string::npos) return result;
  std::istringstream dims(header.substr(open + 10, close - open - 10));
  std::string dim;
  size_t count = 1;
  while (std::getline(dims, dim, ',')) {
    if (dim.find_first_not_of(' ') == std::string::npos) continue;
    result.shape.push_back(std::stoul(dim));
    count *= result.shape.back();
  }
  const size_t data_start = 10 + header_length;
  // Element size from the dtype's last digit ('<f4', '<f2', '<u2', '|u1').
  const size_t item = result.descr.empty() ? 4 : static_cast<size_t>(result.descr.back() - '0');
  EXPECT_TRUE(item == 1 || item == 2 || item == 4) << result.descr;
  EXPECT_EQ(bytes.size() - data_start, count * item) << "data size";
  for (size_t i = 0; i < count && data_start + item * (i + 1) <= bytes.size(); ++i) {
    uint32_t bits = 0;
    for (size_t byte = item; byte-- > 0;) {
      bits = (bits << 8) | static_cast<uint8_t>(bytes[data_start + item * i + byte]);
    }
    result.bits.push_back(bits);
  }
  return result;
}

void CliFixture::expect_rejected(const RunResult& result, const std::string& place,
                                 std::vector<std::string> expected_files) const {
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find(place), std::string::npos)
      << "stderr should name '" << place << "': " << result.err;
  std::vector<std::string> files = list_dir(dir_);
  std::sort(files.begin(), files.end());
  std::sort(expected_files.begin(), expected_files.end());
  EXPECT_EQ(files, expected_files);
}

}  // namespace interpsim::cli_test
