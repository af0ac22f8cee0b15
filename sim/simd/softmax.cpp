#include "sim/simd/softmax.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "model/float_bits.hpp"
#include "model/input_error.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim::simd {

namespace {

int ceil_log2(uint64_t value) {
  int bits = 0;
  while ((uint64_t{1} << bits) < value) ++bits;
  return bits;
}

uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}

// Row maxima (NaN-free traces: a NaN compares false and is skipped).
std::vector<float> row_max(const std::vector<float>& input, size_t rows, size_t cols) {
  std::vector<float> max(rows, -INFINITY);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) max[r] = std::max(max[r], input[r * cols + c]);
  }
  return max;
}

std::vector<float> shifted_inputs(const std::vector<float>& input, const std::vector<float>& max,
                                  size_t cols) {
  std::vector<float> shifted(input.size());
  for (size_t i = 0; i < input.size(); ++i) shifted[i] = input[i] - max[i / cols];
  return shifted;
}

// s = f * 2^e with f in [1, 2): the reciprocal table sees f, 2^-e is exact.
void split_mantissa(float sum, float* mantissa, int* exponent) {
  int e = 0;
  const float f = std::frexp(sum, &e);  // f in [0.5, 1)
  *mantissa = f * 2.0f;
  *exponent = e - 1;
}

SimdConfig phase_config(const SimdConfig& config) {
  SimdConfig phase = config;
  phase.table.design = LookupDesign::kUniform;
  phase.operation = Operation::kMap;
  return phase;
}

LookupTables tables_for(const UniformTable& table) {
  LookupTables tables;
  tables.uniform = table;
  tables.memory_bytes = table.rows() * 8;
  return tables;
}

}  // namespace

SoftmaxTables build_softmax_tables(const SimdConfig& config) {
  if (config.table.format != NumberFormat::kFp32) {
    throw InputError("config: format: softmax runs in fp32 only (format = " +
                     number_format_names().name(config.table.format) + " takes operation = map)");
  }
  SoftmaxTables tables;
  // softmax_exp_a is -2^m (simd_params checks it): the table covers [a, 0].
  const float a = config.softmax_exp_a;
  const int m = std::ilogb(-a);
  int n = config.table.segment_bits();
  std::string problem = check_table_params(a, m, n);
  if (!problem.empty()) throw InputError("config: softmax exp table: " + problem);
  // Below a: the asymptote 0; at x - max = 0 the last chord gives exactly 1.
  tables.exp = generate_table("exp", a, m, n, EdgeMode::kAsymptote);
  n = ceil_log2(static_cast<uint64_t>(config.reciprocal_segments));
  problem = check_table_params(1.0f, 0, n);
  if (!problem.empty()) throw InputError("config: reciprocal_segments: " + problem);
  tables.reciprocal = generate_table("reciprocal", 1.0f, 0, n, EdgeMode::kSaturate);
  return tables;
}

std::vector<float> softmax_golden(const SimdConfig& config, const SoftmaxTables& tables,
                                  const std::vector<float>& input, size_t rows, size_t cols) {
  std::vector<float> output(input.size());
  const UniformTable* reciprocal =
      config.reciprocal == ReciprocalImpl::kUnit ? &tables.reciprocal : nullptr;
  softmax_rows(tables.exp, reciprocal, config.lanes, input.data(), output.data(), rows, cols);
  return output;
}

SoftmaxResult run_softmax(const SimdConfig& config, const SoftmaxTables& tables,
                          const std::vector<float>& input, size_t rows, size_t cols) {
  SoftmaxResult result;
  const uint64_t total = input.size();
  const uint64_t lanes = static_cast<uint64_t>(config.lanes);
  const int tree = ceil_log2(lanes);
  const double bpc = config.memory_bytes_per_cycle;
  const uint64_t latency = static_cast<uint64_t>(config.memory_latency);

  // 1. max: read every input once; each lane compares one element per cycle
  //    (ceil(cols / L) cycles per row), then a pipelined comparator tree over
  //    the lanes: its log2 L cycles overlap the next row, only the last shows.
  const std::vector<float> max = row_max(input, rows, cols);
  const uint64_t max_cycles =
      std::max<uint64_t>(static_cast<uint64_t>(std::ceil(4.0 * total / bpc)),
                         rows * ceil_div(cols, lanes)) +
      latency + tree;

  // 2. exp(x - max) on the array (the subtract is one more stage in front of
  //    the lanes, which the memory latency already covers).
  const SimdConfig phase = phase_config(config);
  const std::vector<float> shifted = shifted_inputs(input, max, cols);
  const MapResult exp_run = run_map(phase, tables_for(tables.exp), shifted);

  // 3. sum: lane accumulators take the exp outputs as they leave the lanes;
  //    the adder tree over the lanes is pipelined like the max tree, so only
  //    the last row's log2 L cycles add to the exp phase.
  std::vector<float> sums(rows);
  for (size_t r = 0; r < rows; ++r)
    sums[r] = lane_tree_sum(&exp_run.output[r * cols], cols, config.lanes);
  const uint64_t sum_cycles = tree;

  // 4. reciprocal of each row's sum.
  std::vector<float> reciprocals(rows);
  uint64_t reciprocal_cycles = 0;
  EngineStats reciprocal_stats;
  double reciprocal_seconds = 0;
  uint64_t reciprocal_mismatches = 0;
  if (config.reciprocal == ReciprocalImpl::kUnit) {
    std::vector<float> mantissas(rows);
    std::vector<int> exponents(rows);
    for (size_t r = 0; r < rows; ++r) split_mantissa(sums[r], &mantissas[r], &exponents[r]);
    const MapResult run = run_map(phase, tables_for(tables.reciprocal), mantissas);
    for (size_t r = 0; r < rows; ++r) reciprocals[r] = std::ldexp(run.output[r], -exponents[r]);
    reciprocal_cycles = run.stats.cycles;
    reciprocal_stats = run.stats;
    reciprocal_seconds = run.sim_seconds;
    reciprocal_mismatches = run.mismatches;
  } else {
    for (size_t r = 0; r < rows; ++r) reciprocals[r] = 1.0f / sums[r];
    reciprocal_cycles = static_cast<uint64_t>(config.divider_latency) + rows - 1;
  }

  // 5. scale: read e, multiply by the row's reciprocal, write y.
  result.output.resize(total);
  for (size_t i = 0; i < total; ++i) result.output[i] = exp_run.output[i] * reciprocals[i / cols];
  const uint64_t scale_cycles =
      std::max<uint64_t>(static_cast<uint64_t>(std::ceil(8.0 * total / bpc)),
                         ceil_div(total, lanes)) +
      latency;

  result.stats = exp_run.stats;
  result.stats.cycles =
      max_cycles + exp_run.stats.cycles + sum_cycles + reciprocal_cycles + scale_cycles;
  result.stats.table_reads += reciprocal_stats.table_reads;
  result.stats.bank_conflict_cycles += reciprocal_stats.bank_conflict_cycles;
  result.stats.stalls.memory += reciprocal_stats.stalls.memory;
  result.stats.stalls.table_conflict += reciprocal_stats.stalls.table_conflict;
  result.stats.stalls.output += reciprocal_stats.stalls.output;
  result.stats.stalls.idle += reciprocal_stats.stalls.idle;
  result.stats.memory_bytes += reciprocal_stats.memory_bytes + 4 * total + 8 * total;
  result.mismatches = exp_run.mismatches + reciprocal_mismatches;
  result.checked = exp_run.checked;
  result.sim_seconds = exp_run.sim_seconds + reciprocal_seconds;

  // Accuracy against float64 softmax.
  double max_abs = 0;
  double max_rel = 0;
  for (size_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (size_t c = 0; c < cols; ++c) sum += std::exp(double{input[r * cols + c]} - max[r]);
    for (size_t c = 0; c < cols; ++c) {
      const double exact = std::exp(double{input[r * cols + c]} - max[r]) / sum;
      const double error = std::fabs(result.output[r * cols + c] - exact);
      max_abs = std::max(max_abs, error);
      // Relative error where the exp table applies (x - max >= a; below it
      // the asymptote gives 0 and only the absolute error is meaningful).
      if (input[r * cols + c] - max[r] >= tables.exp.a) {
        max_rel = std::max(max_rel, error / exact);
      }
    }
  }
  result.phases = {{"rows", rows},
                   {"cols", cols},
                   {"max_cycles", max_cycles},
                   {"exp_cycles", exp_run.stats.cycles},
                   {"sum_cycles", sum_cycles},
                   {"reciprocal_cycles", reciprocal_cycles},
                   {"scale_cycles", scale_cycles},
                   {"max_abs_error", max_abs},
                   {"max_rel_error", max_rel}};
  return result;
}

}  // namespace interpsim::simd
