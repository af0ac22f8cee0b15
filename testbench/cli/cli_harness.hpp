// Running the interpsim binary from tests, and a minimal .npy codec written
// independently of model/npy_io so the tests do not check the model with itself.
#pragma once

#include <gtest/gtest.h>

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

// A test with its own empty folder, running the binary there.
class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir(); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  RunResult run(const std::string& arguments) const { return run_interpsim(dir_, arguments); }

  // The rule of docs/design.md section 10 for a failed run: status 2, one line on
  // stderr naming `place`, and nothing but `expected_files` in the folder
  // (no output, no temporary).
  void expect_rejected(const RunResult& result, const std::string& place,
                       std::vector<std::string> expected_files) const;

  std::string dir_;
};

}  // namespace interpsim::cli_test
