// gpu_ref's i-GELU (float32 and INT32) against the golden model model/igelu,
// bit for bit, and the INT32 constants against model's derivation.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "gpu_ref/host_eval.hpp"
#include "gpu_ref/igelu.cuh"
#include "model/float_bits.hpp"
#include "model/igelu.hpp"
#include "test_inputs.hpp"

namespace {

std::vector<float> igelu_inputs() {
  std::vector<float> inputs = gpu_ref_test::special_values();
  const std::vector<float> bits = gpu_ref_test::random_bit_patterns(300'000, 21);
  const std::vector<float> wide = gpu_ref_test::random_uniform(500'000, -8.0f, 8.0f, 22);
  const std::vector<float> gelu = gpu_ref_test::trace_like("gelu", 300'000, 23);
  inputs.insert(inputs.end(), bits.begin(), bits.end());
  inputs.insert(inputs.end(), wide.begin(), wide.end());
  inputs.insert(inputs.end(), gelu.begin(), gelu.end());
  // The 1/1024 grid and its half-way points (quantization ties) around the clip.
  for (int q = -4096; q <= 4096; ++q) {
    inputs.push_back(static_cast<float>(q) / 1024.0f);
    inputs.push_back((static_cast<float>(q) + 0.5f) / 1024.0f);
  }
  return inputs;
}

size_t count_mismatches(const std::vector<float>& inputs, const std::vector<float>& actual,
                        float (*golden)(float)) {
  size_t mismatches = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (interpsim::same_result(actual[i], golden(inputs[i]))) continue;
    if (++mismatches <= 5) {
      ADD_FAILURE() << "x = " << inputs[i] << " (0x" << std::hex
                    << interpsim::float_to_bits(inputs[i]) << ") gpu_ref " << actual[i] << " model "
                    << golden(inputs[i]);
    }
  }
  return mismatches;
}

TEST(IgeluHost, Float32MatchesGoldenModelBitForBit) {
  const std::vector<float> inputs = igelu_inputs();
  const std::vector<float> actual =
      gpu_ref::evaluate_on_host(gpu_ref::KernelId::kIgeluF32, nullptr, inputs, 0);
  EXPECT_EQ(count_mismatches(inputs, actual, interpsim::igelu_f32), 0u);
}

TEST(IgeluHost, Int32ConstantsMatchGoldenModel) {
  for (double scale : {1.0 / 1024.0, 1.0 / 256.0, 0.01, 0.1}) {
    const gpu_ref::IgeluI32Params mine = gpu_ref::igelu_i32_params(scale);
    const interpsim::IgeluIntParams golden = interpsim::igelu_int_params(scale);
    EXPECT_EQ(mine.b_int, golden.b_int) << scale;
    EXPECT_EQ(mine.c_int, golden.c_int) << scale;
    EXPECT_EQ(mine.shift_int, golden.shift_int) << scale;
    EXPECT_EQ(mine.output_scale, golden.output_scale) << scale;
  }
}

TEST(IgeluHost, Int32MatchesGoldenModelBitForBit) {
  const std::vector<float> inputs = igelu_inputs();
  for (double scale : {1.0 / 1024.0, 0.01}) {
    static interpsim::IgeluIntParams golden_params;
    golden_params = interpsim::igelu_int_params(scale);
    const std::vector<float> actual =
        gpu_ref::evaluate_on_host(gpu_ref::KernelId::kIgeluI32, nullptr, inputs, 0, scale);
    const auto golden = [](float x) { return interpsim::igelu_i32_dequantized(golden_params, x); };
    EXPECT_EQ(count_mismatches(inputs, actual, +golden), 0u) << "scale " << scale;
  }
}

// The integer core on every q in a range wide enough to pass the clip.
TEST(IgeluHost, Int32CoreMatchesGoldenModelOnEveryQ) {
  const gpu_ref::IgeluI32Params mine = gpu_ref::igelu_i32_params();
  const interpsim::IgeluIntParams golden = interpsim::igelu_int_params();
  size_t mismatches = 0;
  for (int32_t q = -200'000; q <= 200'000; ++q) {
    mismatches += gpu_ref::igelu_i32_core(mine, q) != interpsim::igelu_i32(golden, q);
  }
  for (int32_t q : {INT32_MIN, INT32_MIN + 1, INT32_MAX, INT32_MAX - 1, 1 << 30, -(1 << 30)}) {
    mismatches += gpu_ref::igelu_i32_core(mine, q) != interpsim::igelu_i32(golden, q);
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
