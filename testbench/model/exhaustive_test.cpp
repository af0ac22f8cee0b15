// Issue item 13 (label `long`): Algorithm 1, scalar and batch, against the
// floor-division reference on all 2^32 float32 inputs for one table (GELU,
// [-5, 3], 4096 segments, asymptote edges), split over two threads.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "model/float_bits.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "reference_model.hpp"

namespace interpsim::testing {
namespace {

TEST(Exhaustive, AllFloat32InputsMatchReference) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 12, EdgeMode::kAsymptote);
  constexpr uint64_t kInputs = uint64_t{1} << 32;
  constexpr uint64_t kChunk = uint64_t{1} << 16;
  constexpr unsigned kThreads = 2;
  std::atomic<uint64_t> mismatches{0};
  std::atomic<uint64_t> first_bad{kInputs};
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      std::vector<float> input(kChunk), batch(kChunk);
      for (uint64_t start = t * kChunk; start < kInputs; start += kThreads * kChunk) {
        for (uint64_t i = 0; i < kChunk; ++i) {
          input[i] = bits_to_float(static_cast<uint32_t>(start + i));
        }
        interp_uniform_batch(table, input.data(), batch.data(), kChunk);
        for (uint64_t i = 0; i < kChunk; ++i) {
          const float expected = reference_uniform(table, input[i]);
          if (!same_result(batch[i], expected) ||
              !same_result(interp_uniform(table, input[i]), expected)) {
            ++mismatches;
            uint64_t seen = first_bad.load();
            while (start + i < seen && !first_bad.compare_exchange_weak(seen, start + i)) {
            }
          }
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  EXPECT_EQ(mismatches.load(), 0u)
      << "first mismatch at input bits 0x" << std::hex << first_bad.load();
}

}  // namespace
}  // namespace interpsim::testing
