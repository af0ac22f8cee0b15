// Running the interpsim binary from tests, and a minimal .npy codec written
// independently of model/npy_io so the tests do not check the model with itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace interpsim::cli_test {

struct RunResult {
  int status = -1;  // exit status; -1 when the process did not exit normally
  std::string out;
  std::string err;
};

// Runs `interpsim <arguments>` (a shell-quoted argument string) in `work_dir`.
RunResult run_interpsim(const std::string& work_dir, const std::string& arguments);

// A fresh empty directory under the test temporary directory.
std::string make_temp_dir();

void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);
bool file_exists(const std::string& path);
// Names of the entries of `dir` (no "." or "..").
std::vector<std::string> list_dir(const std::string& dir);

// A version 1.0 .npy with the given dtype descriptor and raw data bytes.
std::string npy_bytes(const std::string& descr, const std::vector<size_t>& shape,
                      const std::string& data);
std::string npy_f32(const std::vector<size_t>& shape, const std::vector<float>& data);

struct SimpleNpy {
  std::string descr;
  std::vector<size_t> shape;
  std::vector<uint32_t> bits;  // each element's bits (1, 2 or 4 bytes, little-endian)
};
// Parses a version 1.0 little-endian .npy; fails the current test on anything unexpected.
SimpleNpy parse_npy(const std::string& bytes);

}  // namespace interpsim::cli_test
