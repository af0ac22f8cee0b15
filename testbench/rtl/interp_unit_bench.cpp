// Throughput of the verilated interp_unit driven by a plain C++ loop: one
// input per cycle, output always ready, two eval() calls per clock or one
// (sim/common/verilated_edge.hpp). Reports elements (= cycles at full rate)
// per second on one core.
//
//   build-rtl/testbench/rtl/interp_unit_bench [--benchmark_min_time=2]
#include <benchmark/benchmark.h>
#include <verilated.h>

#include <memory>
#include <vector>

#include "Vinterp_unit.h"
#include "Vinterp_unit___024root.h"
#include "model/float_bits.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/common/verilated_edge.hpp"
#include "testbench/rtl/input_sets.hpp"
#include "testbench/rtl/table_ports.hpp"

namespace {

using interpsim::float_to_bits;

struct LoadedUnit {
  std::unique_ptr<VerilatedContext> context = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vinterp_unit> unit = std::make_unique<Vinterp_unit>(context.get());

  void tick() {
    unit->clk_i = 0;
    unit->eval();
    unit->clk_i = 1;
    unit->eval();
  }

  explicit LoadedUnit(const interpsim::UniformTable& table) {
    unit->rst_ni = 0;
    unit->in_valid_i = 0;
    unit->out_ready_i = 1;
    unit->tbl_we_i = 0;
    tick();
    unit->rst_ni = 1;
    interpsim::rtl_test::apply_uniform_config(*unit, table);
    interpsim::rtl_test::write_table_rows(*unit, table.k, table.b, [this] { tick(); });
  }
};

const interpsim::UniformTable& gelu_table() {
  static const interpsim::UniformTable table =
      interpsim::generate_table("gelu", -5.0f, 3, 12, interpsim::EdgeMode::kAsymptote);
  return table;
}

// The RTL alone: outputs are summed so the loop cannot be optimized away.
void BM_InterpUnitRtlOnly(benchmark::State& state) {
  LoadedUnit rtl(gelu_table());
  const std::vector<uint32_t> inputs =
      interpsim::rtl_test::random_in_interval(-5.0f, 3.0f, 1 << 16, 1);
  uint64_t checksum = 0;
  size_t i = 0;
  rtl.unit->in_valid_i = 1;
  for (auto _ : state) {
    rtl.unit->in_x_i = inputs[i++ & 0xFFFF];
    rtl.tick();
    checksum += rtl.unit->out_y_o;
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InterpUnitRtlOnly);

// The same with the input applied together with the rising edge (Verilator
// settles input-driven logic before the edge), so the falling-edge eval has
// no input change to propagate.
void BM_InterpUnitRtlInputsAtEdge(benchmark::State& state) {
  LoadedUnit rtl(gelu_table());
  const std::vector<uint32_t> inputs =
      interpsim::rtl_test::random_in_interval(-5.0f, 3.0f, 1 << 16, 1);
  uint64_t checksum = 0;
  size_t i = 0;
  rtl.unit->in_valid_i = 1;
  for (auto _ : state) {
    rtl.unit->clk_i = 0;
    rtl.unit->eval();
    rtl.unit->in_x_i = inputs[i++ & 0xFFFF];
    rtl.unit->clk_i = 1;
    rtl.unit->eval();
    checksum += rtl.unit->out_y_o;
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InterpUnitRtlInputsAtEdge);

// One eval() per clock: the input and the rising edge that samples it
// together, as interpsim verify clocks the unit.
void BM_InterpUnitRtlOneEval(benchmark::State& state) {
  LoadedUnit rtl(gelu_table());
  const std::vector<uint32_t> inputs =
      interpsim::rtl_test::random_in_interval(-5.0f, 3.0f, 1 << 16, 1);
  uint64_t checksum = 0;
  size_t i = 0;
  rtl.unit->in_valid_i = 1;
  for (auto _ : state) {
    rtl.unit->in_x_i = inputs[i++ & 0xFFFF];
    interpsim::rising_edge_one_eval(*rtl.unit);
    checksum += rtl.unit->out_y_o;
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InterpUnitRtlOneEval);

// The RTL plus the golden-model comparison, as interpsim verify runs it (one
// eval() per clock, outputs of the last edge read before it).
void BM_InterpUnitRtlVsGolden(benchmark::State& state) {
  LoadedUnit rtl(gelu_table());
  const interpsim::UniformTable& table = gelu_table();
  const std::vector<uint32_t> inputs =
      interpsim::rtl_test::random_in_interval(-5.0f, 3.0f, 1 << 16, 2);
  std::vector<uint32_t> ring(64);
  uint64_t head = 0, tail = 0, mismatches = 0;
  rtl.unit->in_valid_i = 1;
  for (auto _ : state) {
    const uint32_t x = inputs[head & 0xFFFF];
    rtl.unit->in_x_i = x;
    ring[head++ & 63] = x;
    if (rtl.unit->out_valid_o) {
      const uint32_t sent = ring[tail++ & 63];
      mismatches += rtl.unit->out_y_o != interpsim::canonical_bits(interpsim::interp_uniform(
                                             table, interpsim::bits_to_float(sent)));
    }
    interpsim::rising_edge_one_eval(*rtl.unit);
  }
  if (mismatches != 0) state.SkipWithError("RTL and golden model disagree");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InterpUnitRtlVsGolden);

}  // namespace

BENCHMARK_MAIN();
