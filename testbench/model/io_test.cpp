// Issue item 12 (library side): .tbl and .npy round trips and every
// bad-input rule (InputError naming file and line; no file left on failure).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "model/atomic_file.hpp"
#include "model/float_bits.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"

namespace interpsim {
namespace {

namespace fs = std::filesystem;

class IoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("interpsim_io_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  std::string path(const std::string& name) const { return (folder_ / name).string(); }

  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }

  // Only the files a test created itself: no temporaries left behind.
  size_t file_count() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(folder_), {}));
  }

  fs::path folder_;
};

// The InputError of `load`, which must start with "<file>:<line>:".
template <typename Load>
void expect_error_at(Load load, const std::string& file, int line, const std::string& part) {
  try {
    load();
    ADD_FAILURE() << "no InputError for " << file << " (expected line " << line << ")";
  } catch (const InputError& error) {
    const std::string message = error.what();
    const std::string prefix = file + (line > 0 ? ":" + std::to_string(line) + ":" : ":");
    EXPECT_EQ(message.rfind(prefix, 0), 0u) << message;
    EXPECT_NE(message.find(part), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST_F(IoTest, TblRoundTrip) {
  UniformTable table = generate_table("gelu", -5.0f, 3, 6, EdgeMode::kAsymptote, true);
  table.k[3] = bits_to_float(0x7FC12345u);  // NaN payloads survive as bits
  table.b[5] = -0.0f;
  write_tbl(table, path("gelu.tbl"));
  const UniformTable back = read_tbl(path("gelu.tbl"));
  EXPECT_EQ(back.func, "gelu");
  EXPECT_EQ(back.a, -5.0f);
  EXPECT_EQ(back.m, 3);
  EXPECT_EQ(back.n, 6);
  EXPECT_EQ(back.edges, EdgeMode::kAsymptote);
  EXPECT_TRUE(is_derivative_table(back));
  ASSERT_EQ(back.k.size(), table.k.size());
  for (size_t i = 0; i < table.k.size(); ++i) {
    EXPECT_EQ(float_to_bits(back.k[i]), float_to_bits(table.k[i])) << i;
    EXPECT_EQ(float_to_bits(back.b[i]), float_to_bits(table.b[i])) << i;
  }
  EXPECT_EQ(format_tbl(back), format_tbl(table));
}

TEST_F(IoTest, TblBadInput) {
  const std::string header = "// interp-table v1\n// func=gelu a=-5 m=3 n=3 edges=extrapolate\n";
  std::string rows;
  for (int i = 0; i < 10; ++i) rows += "3f800000_00000000\n";
  const auto read = [](const std::string& file) { return [file] { read_tbl(file); }; };
  std::string file = write("magic.tbl", "// interp-table v2\n" + header.substr(19) + rows);
  expect_error_at(read(file), file, 1, "interp-table v1");
  file = write("field.tbl", "// interp-table v1\n// func=gelu a=-5 junk m=3 n=3\n" + rows);
  expect_error_at(read(file), file, 2, "junk");
  file = write("nokey.tbl", "// interp-table v1\n// func=gelu a=-5 m=3\n" + rows);
  expect_error_at(read(file), file, 2, "'n'");
  file = write("short.tbl", header + rows.substr(18));
  expect_error_at(read(file), file, 11, "found 9");
  file = write("long.tbl", header + rows + "3f800000_00000000\n");
  expect_error_at(read(file), file, 13, "more rows");
  file = write("hex.tbl", header + rows.substr(0, 36) + "3f80000g_00000000\n" + rows.substr(54));
  expect_error_at(read(file), file, 5, "bad row");
  file = write("sep.tbl", header + "3f800000-00000000\n" + rows.substr(18));
  expect_error_at(read(file), file, 3, "bad row");
  file = write("a.tbl", "// interp-table v1\n// func=gelu a=-5 m=3 n=0\n3f800000_00000000\n");
  expect_error_at(read(file), file, 2, "multiple");
  file = write("n.tbl", "// interp-table v1\n// func=gelu a=-5 m=3 n=21\n" + rows);
  expect_error_at(read(file), file, 2, "n=21");
  file = write("m.tbl", "// interp-table v1\n// func=gelu a=-5 m=x n=3\n" + rows);
  expect_error_at(read(file), file, 2, "m=x");
  file = write("edges.tbl", "// interp-table v1\n// func=gelu a=-5 m=3 n=3 edges=clip\n" + rows);
  expect_error_at(read(file), file, 2, "clip");
  file = write("nohdr.tbl", "// interp-table v1\n" + rows);
  expect_error_at(read(file), file, 2, "header");
  expect_error_at(read(path("missing.tbl")), path("missing.tbl"), 0, "cannot open");
}

TEST_F(IoTest, WritersLeaveNoFileOnFailure) {
  const UniformTable table = generate_table("tanh", -4.0f, 3, 4, EdgeMode::kExtrapolate);
  const std::string missing_folder = path("no/such/folder/t.tbl");
  EXPECT_THROW(write_tbl(table, missing_folder), InputError);
  EXPECT_FALSE(fs::exists(missing_folder));
  // The target is a folder: the rename fails after the temporary was written.
  fs::create_directory(path("taken.tbl"));
  fs::create_directory(path("taken.npy"));
  EXPECT_THROW(write_tbl(table, path("taken.tbl")), InputError);
  EXPECT_THROW(write_npy(path("taken.npy"), std::vector<float>{1, 2}), InputError);
  EXPECT_EQ(file_count(), 2u);  // just the two folders
}

// What exists and is not a regular file is written, not replaced by a
// rename (run as root, `--json /dev/null` once replaced /dev/null with a
// file): a FIFO stays a FIFO and its reader gets the contents; a symbolic
// link stays a link, its target holding the new contents.
TEST_F(IoTest, AtomicWriteKeepsFifosAndLinks) {
  const std::string fifo = path("stats.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // The reading end first, without blocking: the write then cannot block
  // (the contents fit the pipe's buffer), and a writer that replaced the
  // FIFO leaves it empty instead of hanging the test.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  write_file_atomically(fifo, "through the pipe");
  char buffer[64] = {};
  const ssize_t got = ::read(reader, buffer, sizeof buffer);
  ::close(reader);
  EXPECT_EQ(std::string(buffer, got > 0 ? static_cast<size_t>(got) : 0), "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fifo));

  const std::string target = write("target.json", "old");
  const std::string link = path("link.json");
  fs::create_symlink(target, link);
  write_file_atomically(link, "new");
  EXPECT_TRUE(fs::is_symlink(link));
  std::ifstream in(target, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "new");
  EXPECT_EQ(file_count(), 3u);  // no temporary left beside them
}

// move_into_place, for writers that make their own temporary (the VCD of
// `interpsim verify --vcd`): the same rules, and the temporary is gone.
TEST_F(IoTest, MoveIntoPlaceKeepsFifos) {
  const std::string fifo = path("trace.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  const std::string temporary = write("trace.partial", "$enddefinitions $end");
  move_into_place(temporary, fifo);
  char buffer[64] = {};
  const ssize_t got = ::read(reader, buffer, sizeof buffer);
  ::close(reader);
  EXPECT_EQ(std::string(buffer, got > 0 ? static_cast<size_t>(got) : 0), "$enddefinitions $end");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_FALSE(fs::exists(temporary));
  const std::string plain = path("trace.vcd");
  move_into_place(write("again.partial", "x"), plain);
  EXPECT_TRUE(fs::is_regular_file(plain));
  EXPECT_EQ(file_count(), 2u);
}

// A temporary larger than the copy's buffer (and the pipe's) reaches a FIFO
// whole and in order while a reader drains it.
TEST_F(IoTest, MoveIntoPlaceStreamsLargeFilesIntoFifos) {
  const std::string fifo = path("big.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  std::string contents(3 * (1 << 20) + 17, '\0');
  for (size_t i = 0; i < contents.size(); ++i) contents[i] = static_cast<char>((i * 131) >> 3);
  std::string received;
  std::atomic<bool> writer_done{false};
  std::thread drain([&] {
    // Non-blocking reads until the writer is done and the pipe is empty,
    // bounded so that a broken writer fails the test instead of hanging it.
    char buffer[1 << 15];
    for (int idle = 0; idle < 20000;) {
      const ssize_t got = ::read(reader, buffer, sizeof buffer);
      if (got > 0) {
        received.append(buffer, static_cast<size_t>(got));
        idle = 0;
      } else if (writer_done && received.size() >= contents.size()) {
        break;
      } else {
        ++idle;
        std::this_thread::sleep_for(std::chrono::microseconds(500));
      }
    }
  });
  move_into_place(write("big.partial", contents), fifo);
  writer_done = true;
  drain.join();
  ::close(reader);
  EXPECT_EQ(received.size(), contents.size());
  EXPECT_TRUE(received == contents);
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(file_count(), 1u);  // the FIFO alone: the temporary is gone
}

TEST_F(IoTest, NpyRoundTrip) {
  std::vector<float> data(24);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i) * -0.5f;
  data[7] = bits_to_float(0x7FA00001u);
  write_npy(path("x.npy"), data, {2, 3, 4});
  const NpyArray back = read_npy(path("x.npy"));
  EXPECT_EQ(back.shape, (std::vector<size_t>{2, 3, 4}));
  ASSERT_EQ(back.data.size(), data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    EXPECT_EQ(float_to_bits(back.data[i]), float_to_bits(data[i]));
  }
  write_npy(path("flat.npy"), data);
  EXPECT_EQ(read_npy(path("flat.npy")).shape, (std::vector<size_t>{24}));
}

std::string npy_bytes(const std::string& descr, const std::string& shape, size_t data_bytes) {
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header.size() & 0xFF);
  bytes += static_cast<char>(header.size() >> 8);
  return bytes + header + std::string(data_bytes, '\0');
}

TEST_F(IoTest, NpyBadInput) {
  const auto read = [](const std::string& file) { return [file] { read_npy(file); }; };
  std::string file = write("f8.npy", npy_bytes("<f8", "(4,)", 32));
  expect_error_at(read(file), file, 0, "float32");
  file = write("i4.npy", npy_bytes("<i4", "(4,)", 16));
  expect_error_at(read(file), file, 0, "float32");
  file = write("short.npy", npy_bytes("<f4", "(4,)", 15));
  expect_error_at(read(file), file, 0, "truncated");
  file = write("magic.npy", "NUMPY not really");
  expect_error_at(read(file), file, 0, "magic");
  std::string cut = npy_bytes("<f4", "(4,)", 16);
  file = write("header.npy", cut.substr(0, 30));
  expect_error_at(read(file), file, 0, "truncated");
}

}  // namespace
}  // namespace interpsim
