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

// One operand set offered per cycle, output always ready: the measured loop of
// both benchmarks. `generate` draws an operand set, `apply` drives the inputs.
template <typename Model, typename Operands, typename Generate, typename Apply>
void run_plain_loop(benchmark::State& state, uint32_t seed, Generate generate, Apply apply) {
  FpCaseGenerator generator(seed);
  std::vector<Operands> inputs(1 << 16);
  for (auto& ops : inputs) ops = generate(generator);
  auto model = std::make_unique<Model>();
  reset(*model);
  model->in_valid_i = 1;
  size_t index = 0;
  uint64_t checksum = 0;
  for (auto _ : state) {
    apply(*model, inputs[index++ & (inputs.size() - 1)]);
    model->clk_i = 1;
    model->eval();
    model->clk_i = 0;
    model->eval();
    checksum += model->y_o;
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations());
}

void BM_Fp32FmaPlainLoop(benchmark::State& state) {
  using interpsim::fp_test::FmaOperands;
  run_plain_loop<Vfp32_fma, FmaOperands>(
      state, 1, [](FpCaseGenerator& generator) { return generator.fma_operands(); },
      [](Vfp32_fma& model, const FmaOperands& ops) {
        model.a_i = ops.a;
        model.b_i = ops.b;
        model.c_i = ops.c;
      });
}
BENCHMARK(BM_Fp32FmaPlainLoop);

void BM_Fp32AddPlainLoop(benchmark::State& state) {
  using interpsim::fp_test::AddOperands;
  run_plain_loop<Vfp32_add, AddOperands>(
      state, 2, [](FpCaseGenerator& generator) { return generator.add_operands(); },
      [](Vfp32_add& model, const AddOperands& ops) {
        model.a_i = ops.a;
        model.b_i = ops.b;
      });
}
BENCHMARK(BM_Fp32AddPlainLoop);

}  // namespace

BENCHMARK_MAIN();
