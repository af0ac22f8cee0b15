// Throughput of the verilated interp_unit format instances against the fp32
// unit, driven like interp_unit_bench: one input per cycle, output always
// ready, two eval() calls per clock; the io format's every input pattern in
// turn (fp16: 65,536). Items = inputs = cycles at full rate.
//
//   build/testbench/rtl/interp_unit_format_bench [--benchmark_min_time=2]
#include <benchmark/benchmark.h>
#include <verilated.h>

#include <memory>
#include <vector>

#include "Vinterp_unit.h"
#include "interp_unit_rtl_models.hpp"
#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/table_gen.hpp"
#include "testbench/rtl/input_sets.hpp"

namespace {

using namespace interpsim;

template <typename Model>
struct LoadedUnit {
  std::unique_ptr<VerilatedContext> context = std::make_unique<VerilatedContext>();
  std::unique_ptr<Model> unit = std::make_unique<Model>(context.get());

  void tick() {
    unit->clk_i = 0;
    unit->eval();
    unit->clk_i = 1;
    unit->eval();
  }

  explicit LoadedUnit(const UniformTable& table) {
    unit->rst_ni = 0;
    unit->in_valid_i = 0;
    unit->out_ready_i = 1;
    unit->tbl_we_i = 0;
    tick();
    unit->rst_ni = 1;
    const NumberFormat entries = table.entries();
    const int kb_width = format_bits(entries);
    unit->cfg_a_i = *encode_exact(table.format, table.a);
    unit->cfg_b_i = *encode_exact(table.format, table.upper());
    unit->cfg_m_i = static_cast<uint8_t>(table.m);
    unit->cfg_n_i = static_cast<uint8_t>(table.n);
    for (size_t row = 0; row < table.rows(); ++row) {
      unit->tbl_we_i = 1;
      unit->tbl_addr_i = static_cast<uint32_t>(row);
      unit->tbl_wdata_i = (uint64_t{*encode_exact(entries, table.k[row])} << kb_width) |
                          *encode_exact(entries, table.b[row]);
      tick();
    }
    unit->tbl_we_i = 0;
  }
};

template <typename Model>
void run(benchmark::State& state, const UniformTable& table, const std::vector<uint32_t>& inputs) {
  LoadedUnit<Model> rtl(table);
  uint64_t checksum = 0;
  size_t i = 0;
  const size_t mask = inputs.size() - 1;
  rtl.unit->in_valid_i = 1;
  for (auto _ : state) {
    rtl.unit->in_x_i = inputs[i++ & mask];
    rtl.tick();
    checksum += rtl.unit->out_y_o;
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations());
}

std::vector<uint32_t> every_pattern(NumberFormat format) {
  std::vector<uint32_t> inputs(size_t{1} << format_bits(format));
  for (size_t i = 0; i < inputs.size(); ++i) inputs[i] = static_cast<uint32_t>(i);
  return inputs;
}

// Baseline: the fp32 unit on 65,536 random fp32 patterns, gelu n = 6.
void BM_InterpUnitFp32(benchmark::State& state) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 6, EdgeMode::kAsymptote);
  run<Vinterp_unit>(state, table, rtl_test::random_bit_patterns(1 << 16, 3));
}
BENCHMARK(BM_InterpUnitFp32);

#define INTERPSIM_FORMAT_BENCH(IO, KB)                                                      \
  void BM_InterpUnit_##IO##_##KB(benchmark::State& state) {                                \
    const NumberFormat io = *number_format_names().parse(#IO);                              \
    const UniformTable table = generate_table("gelu", -5.0f, 3, 6, EdgeMode::kAsymptote,    \
                                              false, io, *kb_format_names().parse(#KB));    \
    run<Vinterp_unit_##IO##_##KB>(state, table, every_pattern(io));                         \
  }                                                                                         \
  BENCHMARK(BM_InterpUnit_##IO##_##KB);
INTERPSIM_FOR_EACH_INTERP_UNIT_RTL_FORMAT(INTERPSIM_FORMAT_BENCH)

}  // namespace

BENCHMARK_MAIN();
