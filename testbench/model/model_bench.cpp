// Issue item 14: throughput of the golden models on 1M-element arrays.
//   build-model/testbench/model/model_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "model/bsearch_lookup.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/igelu.hpp"
#include "model/nonuniform.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim {
namespace {

constexpr size_t kElements = 1 << 20;

// GELU activations: mostly inside [-5, 3], some outside, like a real trace.
const std::vector<float>& gelu_inputs() {
  static const std::vector<float> inputs = [] {
    std::mt19937 rng(1);
    std::normal_distribution<float> activation(-0.5f, 2.0f);
    std::vector<float> values(kElements);
    for (float& x : values) x = activation(rng);
    return values;
  }();
  return inputs;
}

int segment_bits(int64_t segments) {
  int bits = 0;
  while ((int64_t{1} << bits) < segments) ++bits;
  return bits;
}

void BM_UniformBatch(benchmark::State& state) {
  const UniformTable table =
      generate_table("gelu", -5.0f, 3, segment_bits(state.range(0)), EdgeMode::kExtrapolate);
  const std::vector<float>& input = gelu_inputs();
  std::vector<float> output(input.size());
  for (auto _ : state) {
    interp_uniform_batch(table, input.data(), output.data(), input.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(input.size()));
}

void BM_UniformPortable(benchmark::State& state) {
  const UniformTable table =
      generate_table("gelu", -5.0f, 3, segment_bits(state.range(0)), EdgeMode::kExtrapolate);
  const std::vector<float>& input = gelu_inputs();
  std::vector<float> output(input.size());
  for (auto _ : state) {
    interp_uniform_batch_portable(table, input.data(), output.data(), input.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(input.size()));
}

void BM_BsearchBatch(benchmark::State& state) {
  const BreakpointTable table = breakpoint_table_from_uniform(
      generate_table("gelu", -5.0f, 3, segment_bits(state.range(0)), EdgeMode::kExtrapolate));
  const std::vector<float>& input = gelu_inputs();
  std::vector<float> output(input.size());
  for (auto _ : state) {
    interp_bsearch_batch(table, input.data(), output.data(), input.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(input.size()));
}

void BM_BsearchPortable(benchmark::State& state) {
  const BreakpointTable table = breakpoint_table_from_uniform(
      generate_table("gelu", -5.0f, 3, segment_bits(state.range(0)), EdgeMode::kExtrapolate));
  const std::vector<float>& input = gelu_inputs();
  std::vector<float> output(input.size());
  for (auto _ : state) {
    interp_bsearch_batch_portable(table, input.data(), output.data(), input.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(input.size()));
}

void BM_NonuniformBatch(benchmark::State& state) {
  const NonuniformTable table = generate_nonuniform(
      "gelu", -5.0f, 3, static_cast<int>(state.range(0)), EdgeMode::kExtrapolate);
  const std::vector<float>& input = gelu_inputs();
  std::vector<float> output(input.size());
  for (auto _ : state) {
    interp_nonuniform_batch(table, input.data(), output.data(), input.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(input.size()));
  state.counters["parts"] = static_cast<double>(table.parts.size());
}

void BM_IgeluF32(benchmark::State& state) {
  const std::vector<float>& input = gelu_inputs();
  std::vector<float> output(input.size());
  for (auto _ : state) {
    igelu_f32_batch(input.data(), output.data(), input.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(input.size()));
}

void BM_IgeluI32(benchmark::State& state) {
  const IgeluIntParams params = igelu_int_params();
  const std::vector<float>& input = gelu_inputs();
  std::vector<float> output(input.size());
  for (auto _ : state) {
    igelu_i32_batch(params, input.data(), output.data(), input.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(input.size()));
}

// Issue 12 item 8: the golden model in a 16-bit (or 8-bit) format, batch, one
// core: the trace's values rounded to the format, FormatLookup::run. Args:
// segments, format (NumberFormat as int), kb (KbFormat as int).
template <typename Bits>
void format_batch(benchmark::State& state) {
  const auto format = static_cast<NumberFormat>(state.range(1));
  const auto kb = static_cast<KbFormat>(state.range(2));
  const UniformTable table = generate_table("gelu", -4.0f, 3, segment_bits(state.range(0)),
                                            EdgeMode::kExtrapolate, false, format, kb);
  const FormatLookup lookup(table);
  const std::vector<float>& values = gelu_inputs();
  std::vector<Bits> input(values.size()), output(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    input[i] = static_cast<Bits>(round_to_format(format, values[i]));
  }
  for (auto _ : state) {
    lookup.run(input.data(), output.data(), input.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(input.size()));
  state.SetLabel(number_format_names().name(format) + " kb=" + kb_format_names().name(kb));
}

void BM_Format16Batch(benchmark::State& state) {
  format_batch<uint16_t>(state);
}
void BM_Format8Batch(benchmark::State& state) {
  format_batch<uint8_t>(state);
}

BENCHMARK(BM_Format16Batch)
    ->Args({16, static_cast<int>(NumberFormat::kFp16), static_cast<int>(KbFormat::kFp32)})
    ->Args({4096, static_cast<int>(NumberFormat::kFp16), static_cast<int>(KbFormat::kFp32)})
    ->Args({4096, static_cast<int>(NumberFormat::kFp16), static_cast<int>(KbFormat::kIo)})
    ->Args({16, static_cast<int>(NumberFormat::kBf16), static_cast<int>(KbFormat::kFp32)})
    ->Args({4096, static_cast<int>(NumberFormat::kBf16), static_cast<int>(KbFormat::kIo)});
BENCHMARK(BM_Format8Batch)
    ->Args({16, static_cast<int>(NumberFormat::kFp8E4M3), static_cast<int>(KbFormat::kIo)})
    ->Args({256, static_cast<int>(NumberFormat::kFp8E5M2), static_cast<int>(KbFormat::kFp32)});

// Issue 13 item 8: the fixed-point golden model, batch, one core, rounding to
// nearest even: gelu's trace quantized to the table's fx. Args: segments, width.
template <typename Int>
void fixed_batch(benchmark::State& state) {
  const auto format = state.range(1) == 8 ? FixedFormat::kInt8 : FixedFormat::kInt16;
  const FixedLookup lookup(generate_fixed_table("gelu", -4.0, 3, segment_bits(state.range(0)),
                                                EdgeMode::kExtrapolate, format));
  const int fx = lookup.table().fx;
  const std::vector<float>& values = gelu_inputs();
  std::vector<Int> input(values.size()), output(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const double q = std::nearbyint(std::ldexp(static_cast<double>(values[i]), fx));
    input[i] = static_cast<Int>(std::clamp<double>(q, fixed_min(format), fixed_max(format)));
  }
  for (auto _ : state) {
    lookup.run(input.data(), output.data(), input.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(input.size()));
  state.SetLabel(fixed_format_names().name(format));
}

void BM_Fixed16Batch(benchmark::State& state) {
  fixed_batch<int16_t>(state);
}
void BM_Fixed8Batch(benchmark::State& state) {
  fixed_batch<int8_t>(state);
}

BENCHMARK(BM_Fixed16Batch)->Args({16, 16})->Args({256, 16})->Args({4096, 16});
BENCHMARK(BM_Fixed8Batch)->Args({16, 8})->Args({64, 8});

BENCHMARK(BM_UniformBatch)->Arg(16)->Arg(64)->Arg(256)->Arg(1024)->Arg(4096);
BENCHMARK(BM_BsearchBatch)->Arg(16)->Arg(64)->Arg(256)->Arg(1024)->Arg(4096);
BENCHMARK(BM_UniformPortable)->Arg(16)->Arg(4096);
BENCHMARK(BM_BsearchPortable)->Arg(16)->Arg(4096);
BENCHMARK(BM_NonuniformBatch)->Arg(48)->Arg(96);
BENCHMARK(BM_IgeluF32);
BENCHMARK(BM_IgeluI32);

}  // namespace
}  // namespace interpsim

BENCHMARK_MAIN();
