// Simulation speed of the verilated FP units in a plain C++ loop: one vector
// offered per cycle, output always ready (II = 1, so vectors/s = cycles/s).
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "Vfp32_add.h"
#include "Vfp32_fma.h"
#include "testbench/fp/fp_case_generator.hpp"

namespace {

using interpsim::fp_test::FpCaseGenerator;

template <typename Model>
void reset(Model& model) {
  model.clk_i = 0;
  model.rst_ni = 0;
  model.in_valid_i = 0;
  model.out_ready_i = 1;
  model.eval();
  model.clk_i = 1;
  model.eval();
  model.clk_i = 0;
  model.rst_ni = 1;
  model.eval();
}

void BM_Fp32FmaPlainLoop(benchmark::State& state) {
  FpCaseGenerator generator(1);
  std::vector<interpsim::fp_test::FmaOperands> inputs(1 << 16);
  for (auto& ops : inputs) ops = generator.fma_operands();
  auto model = std::make_unique<Vfp32_fma>();
  reset(*model);
  model->in_valid_i = 1;
  size_t index = 0;
  uint64_t checksum = 0;
  for (auto _ : state) {
    const auto& ops = inputs[index++ & (inputs.size() - 1)];
    model->a_i = ops.a;
    model->b_i = ops.b;
    model->c_i = ops.c;
    model->clk_i = 1;
    model->eval();
    model->clk_i = 0;
    model->eval();
    checksum += model->y_o;
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Fp32FmaPlainLoop);

void BM_Fp32AddPlainLoop(benchmark::State& state) {
  FpCaseGenerator generator(2);
  std::vector<interpsim::fp_test::AddOperands> inputs(1 << 16);
  for (auto& ops : inputs) ops = generator.add_operands();
  auto model = std::make_unique<Vfp32_add>();
  reset(*model);
  model->in_valid_i = 1;
  size_t index = 0;
  uint64_t checksum = 0;
  for (auto _ : state) {
    const auto& ops = inputs[index++ & (inputs.size() - 1)];
    model->a_i = ops.a;
    model->b_i = ops.b;
    model->clk_i = 1;
    model->eval();
    model->clk_i = 0;
    model->eval();
    checksum += model->y_o;
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Fp32AddPlainLoop);

}  // namespace

BENCHMARK_MAIN();
