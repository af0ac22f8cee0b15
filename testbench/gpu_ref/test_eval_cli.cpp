// gpu_ref_eval end to end: its output equals the golden model, and bad input
// gets exit status 2, a one-line message, and no output file.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gpu_ref/device_api.hpp"
#include "model/float_bits.hpp"
#include "model/npy_io.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"
#include "model/uniform_lookup.hpp"

namespace {

namespace fs = std::filesystem;

class EvalCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gpu_ref_eval_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    table_ = interpsim::generate_table("gelu", -5.0f, 3, 8, interpsim::EdgeMode::kExtrapolate);
    interpsim::write_tbl(table_, path("gelu.tbl"));
    input_ = {-6.0f, -5.0f, -1.25f, 0.0f, 0.5f, 2.9f, 3.0f, 7.0f, NAN, -INFINITY};
    interpsim::write_npy(path("x.npy"), input_, {2, 5});
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Runs `tool` (gpu_ref_eval by default) with `arguments`; returns its exit
  // status, stderr in *message.
  int run(const std::string& arguments, std::string* message = nullptr,
          const std::string& tool = GPU_REF_EVAL_PATH) const {
    const std::string errors = path("stderr.txt");
    const std::string command = tool + " " + arguments + " 2> " + errors + " > /dev/null";
    const int status = std::system(command.c_str());
    if (message) {
      std::ifstream in(errors);
      *message = std::string(std::istreambuf_iterator<char>(in), {});
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path dir_;
  interpsim::UniformTable table_;
  std::vector<float> input_;
};

TEST_F(EvalCliTest, Alg1OutputMatchesGoldenModelAndKeepsShape) {
  for (const char* kernel : {"alg1_global", "alg1_shared"}) {
    ASSERT_EQ(run(std::string("--kernel ") + kernel + " --table " + path("gelu.tbl") + " --in " +
                  path("x.npy") + " --out " + path("y.npy")),
              0);
    const interpsim::NpyArray output = interpsim::read_npy(path("y.npy"));
    EXPECT_EQ(output.shape, (std::vector<size_t>{2, 5}));
    ASSERT_EQ(output.data.size(), input_.size());
    for (size_t i = 0; i < input_.size(); ++i) {
      EXPECT_TRUE(
          interpsim::same_result(output.data[i], interpsim::interp_uniform(table_, input_[i])))
          << kernel << " x = " << input_[i];
    }
  }
}

// Each bad input: exit 2, one line naming the culprit, no output file.
TEST_F(EvalCliTest, BadInputExitsWithStatus2AndWritesNothing) {
  std::ofstream(path("garbage.npy")) << "not a numpy file";
  std::ofstream(path("bad.tbl")) << "// interp-table v1\n// func=gelu a=-5 m=3 n=2\nzz\n";
  {
    // float64 trace: wrong dtype.
    std::ofstream f64(path("f64.npy"), std::ios::binary);
    const std::string header =
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }         \n";
    f64 << "\x93NUMPY" << '\x01' << '\x00' << static_cast<char>(header.size()) << '\x00' << header
        << std::string(8, '\0');
  }
  const std::string x = " --in " + path("x.npy");
  const std::string y = " --out " + path("y.npy");
  const std::string tbl = " --table " + path("gelu.tbl");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--kernel no_such_kernel" + x + y, "--kernel"},
      {"--kernel alg1_global" + x + y, "--table"},
      {"--kernel bsearch --table " + path("missing.tbl") + x + y, "missing.tbl"},
      {"--kernel alg1_global --table " + path("bad.tbl") + x + y, "bad.tbl"},
      {"--kernel native_exp --in " + path("missing.npy") + y, "missing.npy"},
      {"--kernel native_exp --in " + path("garbage.npy") + y, "garbage.npy"},
      {"--kernel native_exp --in " + path("f64.npy") + y, "f64.npy"},
      {"--kernel native_exp" + y, "in"},
      {"--kernel native_exp" + x, "out"},
      {"--kernel native_exp --bogus 1" + x + y, "bogus"},
      {"--kernel igelu_i32 --igelu-scale -1" + x + y, "--igelu-scale"},
  };
  for (const auto& [arguments, culprit] : cases) {
    std::string message;
    EXPECT_EQ(run(arguments, &message), 2) << arguments;
    EXPECT_NE(message.find(culprit), std::string::npos) << arguments << " -> " << message;
    EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1) << message;
    EXPECT_FALSE(fs::exists(path("y.npy"))) << arguments;
  }
}

TEST_F(EvalCliTest, NativeKernelsIgnoreTable) {
  EXPECT_EQ(run("--kernel native_tanh" + std::string(" --table ") + path("bad.tbl") + " --in " +
                path("x.npy") + " --out " + path("y.npy")),
            0);
  EXPECT_EQ(interpsim::read_npy(path("y.npy")).data.size(), input_.size());
}

// --device: on a GPU the output is the golden model's; without one, exit 1
// with a message naming --device and no output file.
TEST_F(EvalCliTest, DeviceFlagRunsOnGpuOrFailsCleanly) {
  const std::string unavailable = gpu_ref::cuda_unavailable_reason();
  std::string message;
  const int status = run("--kernel alg1_global --device --table " + path("gelu.tbl") + " --in " +
                             path("x.npy") + " --out " + path("y.npy"),
                         &message);
  if (!unavailable.empty()) {
    EXPECT_EQ(status, 1);
    EXPECT_NE(message.find("--device: no CUDA device"), std::string::npos) << message;
    EXPECT_FALSE(fs::exists(path("y.npy")));
    return;
  }
  ASSERT_EQ(status, 0) << message;
  const interpsim::NpyArray output = interpsim::read_npy(path("y.npy"));
  for (size_t i = 0; i < input_.size(); ++i) {
    EXPECT_TRUE(
        interpsim::same_result(output.data[i], interpsim::interp_uniform(table_, input_[i])));
  }
}

// gpu_ref_check and gpu_bench reject bad options with exit 2 before looking
// for a GPU.
TEST_F(EvalCliTest, CheckAndBenchRejectBadOptions) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {GPU_REF_CHECK_PATH, "--count 3"},    {GPU_REF_CHECK_PATH, "--bogus"},
      {GPU_BENCH_PATH, "--segments 16,48"}, {GPU_BENCH_PATH, "--launches 5"},
      {GPU_BENCH_PATH, "--sizes 100,x"},    {GPU_BENCH_PATH, "--warmup 0"},
      {GPU_BENCH_PATH, "--formats fp32"},   {GPU_BENCH_PATH, "--formats fp16,int8"},
      {GPU_BENCH_PATH, "--format-segments 3"},
  };
  for (const auto& [tool, arguments] : cases) {
    std::string message;
    EXPECT_EQ(run(arguments, &message, tool), 2) << tool << " " << arguments;
    EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1) << message;
  }
}

}  // namespace
