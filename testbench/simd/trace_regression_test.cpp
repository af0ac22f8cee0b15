// Golden-trace regressions: the SIMD array with RTL lanes over the committed
// sample traces must reproduce the committed outputs (traces/README.md says
// how each golden file was made) bit for bit.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/float_bits.hpp"
#include "model/npy_io.hpp"
#include "sim/simd/simd_array.hpp"
#include "sim/simd/softmax.hpp"

namespace interpsim::simd {
namespace {

const std::string kTraces = INTERPSIM_TRACES_DIR;

void expect_bits_equal(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  size_t differences = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    differences += canonical_bits(actual[i]) != canonical_bits(expected[i]);
  }
  EXPECT_EQ(differences, 0u);
}

void check_map(const std::string& table, const std::string& trace, const std::string& golden,
               TableOrg org) {
  SimdConfig config;
  config.lane_impl = LaneImpl::kRtl;
  config.lanes = 64;
  config.table_org = org;
  config.table.file = kTraces + "/golden/" + table;
  const LookupTables tables = build_lookup_tables(config.table);
  const NpyArray input = read_npy(kTraces + "/" + trace);
  const MapResult result = run_map(config, tables, input.data);
  EXPECT_EQ(result.mismatches, 0u);
  expect_bits_equal(result.output, read_npy(kTraces + "/golden/" + golden).data);
}

TEST(TraceRegression, GeluBertFfnPrivateTables) {
  check_map("gelu_n12.tbl", "gelu_bert_ffn.npy", "gelu_bert_ffn.gelu_n12.npy", TableOrg::kPrivate);
}

TEST(TraceRegression, TanhNormalBankedTable) {
  check_map("tanh_n8.tbl", "normal_0_1.npy", "normal_0_1.tanh_n8.npy", TableOrg::kBanked);
}

TEST(TraceRegression, SoftmaxLogits) {
  SimdConfig config;
  config.lane_impl = LaneImpl::kRtl;
  config.lanes = 16;
  config.operation = Operation::kSoftmax;
  const NpyArray input = read_npy(kTraces + "/softmax_logits.npy");
  const size_t cols = input.shape.back();
  const SoftmaxResult result =
      run_softmax(config, build_softmax_tables(config), input.data, input.data.size() / cols, cols);
  EXPECT_EQ(result.mismatches, 0u);
  expect_bits_equal(result.output, read_npy(kTraces + "/golden/softmax_logits.simd16.npy").data);
}

}  // namespace
}  // namespace interpsim::simd
