// interp_lane in every format instance of rtl/formats.cmake
// (Vinterp_lane_<io>_<kb>, listed by the generated interp_lane_rtl_models.hpp)
// against the C++ cycle model, port by port, every cycle, under random input
// bubbles, table-grant denials and output backpressure: the lane timing does
// not depend on the format, so the fp32 cycle model (model/lane_cycle_model.hpp)
// must agree with every instance in in_ready, the table request and index,
// out_valid and out_y. The model carries the format's golden outputs and rows
// (interp_format_bits, format_row of model/format_lookup.hpp, tabulated over
// every input pattern); every input pattern of the io format goes through, in
// random order, so the RTL's outputs are checked bit for bit exhaustively.
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "interp_lane_rtl_models.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/lane_cycle_model.hpp"
#include "model/number_format.hpp"
#include "model/table_gen.hpp"
#include "sim/lanes/rtl_lanes.hpp"

namespace interpsim {
namespace {

struct Pressure {
  double input_valid;
  double out_ready;
  double grant;
};

struct TableCase {
  const char* func;
  float a;
  int m;
  int n;
  EdgeMode edges;
  Pressure pressure;
};

// Valid in every io format (a, b values of it, w = 2^(m-n) normal, fp8e4m3:
// m <= 8): gelu with its asymptotes at full speed, sigmoid with more index
// bits than fp8 has fraction bits under every kind of stall, tanh with
// saturated edges (K = 0 rows) and heavy backpressure.
const std::vector<TableCase>& table_cases() {
  static const std::vector<TableCase> cases = {
      {"gelu", -5.0f, 3, 6, EdgeMode::kAsymptote, {1.0, 1.0, 1.0}},
      {"sigmoid", -8.0f, 4, 9, EdgeMode::kExtrapolate, {0.7, 0.6, 0.5}},
      {"tanh", -4.0f, 3, 4, EdgeMode::kSaturate, {0.9, 0.3, 0.8}},
  };
  return cases;
}

// Drives both lanes with the same port values (x: an io-format pattern,
// which the model in precomputed mode uses as the index of its tabulated
// outputs and rows); fails at the first cycle where any port differs.
template <typename RtlLane>
void run_lock_step(RtlLane& rtl, InterpLaneCycleModel& model, const std::vector<uint32_t>& inputs,
                   Pressure pressure, uint64_t seed, std::vector<uint32_t>* outputs) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  size_t next = 0;
  uint64_t cycle = 0;
  while (outputs->size() < inputs.size()) {
    ASSERT_LT(cycle, 50 * inputs.size() + 1000) << "no progress";
    const bool in_valid = next < inputs.size() && coin(random) < pressure.input_valid;
    const uint32_t x = in_valid ? inputs[next] : 0;
    const bool out_ready = coin(random) < pressure.out_ready;
    rtl.begin_cycle(in_valid, x, out_ready);
    model.begin_cycle(in_valid, x, out_ready);
    uint32_t rtl_row = 0;
    uint32_t model_row = 0;
    const bool rtl_request = rtl.table_request(&rtl_row);
    ASSERT_EQ(rtl_request, model.table_request(&model_row)) << "tbl_req_o at cycle " << cycle;
    if (rtl_request) {
      ASSERT_EQ(rtl_row, model_row) << "tbl_idx_o at cycle " << cycle << " (x = 0x" << std::hex
                                    << inputs[outputs->size()] << ")";
    }
    const bool grant = coin(random) < pressure.grant;
    rtl.set_grant(grant);
    model.set_grant(grant);
    ASSERT_EQ(rtl.in_ready(), model.in_ready()) << "in_ready_o at cycle " << cycle;
    ASSERT_EQ(rtl.out_valid(), model.out_valid()) << "out_valid_o at cycle " << cycle;
    if (rtl.out_valid()) {
      ASSERT_EQ(rtl.out_y(), model.out_y())
          << "out_y_o at cycle " << cycle << " for output " << outputs->size() << " (x = 0x"
          << std::hex << inputs[outputs->size()] << ")";
      if (out_ready) outputs->push_back(rtl.out_y());
    }
    if (in_valid && rtl.in_ready()) ++next;
    rtl.clock();
    model.clock();
    ++cycle;
  }
}

template <typename Top>
void check_format(NumberFormat io, KbFormat kb) {
  const int width = format_bits(io);
  const size_t patterns = size_t{1} << width;
  int tables = 0;
  for (const TableCase& c : table_cases()) {
    ASSERT_EQ(check_table_params(c.a, c.m, c.n, io), "") << c.func;
    const UniformTable table = generate_table(c.func, c.a, c.m, c.n, c.edges, false, io, kb);
    ASSERT_EQ(table.format, io);
    // The golden outputs and rows of every pattern (NaN reads row N).
    std::vector<uint32_t> values(patterns);
    std::vector<uint32_t> rows(patterns);
    for (uint32_t p = 0; p < patterns; ++p) {
      values[p] = interp_format_bits(table, p);
      const int64_t row = format_row(table, decode_value(io, p));
      rows[p] = row < 0 ? static_cast<uint32_t>(table.segments()) : static_cast<uint32_t>(row);
    }
    const std::vector<uint64_t> packed = lanes::packed_rows(table);
    VerilatedContext context;
    lanes::RtlInterpLane<Top> rtl(&context, "lane", table, &packed, false);
    InterpLaneCycleModel model(table);
    model.use_precomputed(values.data(), rows.data());
    ASSERT_EQ(model.latency(), kInterpLaneLatency);

    std::vector<uint32_t> inputs(patterns);
    for (uint32_t p = 0; p < patterns; ++p) inputs[p] = p;
    std::shuffle(inputs.begin(), inputs.end(), std::mt19937_64(11 + c.n));
    std::vector<uint32_t> outputs;
    const std::string what = std::string(c.func) + " n=" + std::to_string(c.n);
    run_lock_step(rtl, model, inputs, c.pressure, 5 + c.n, &outputs);
    if (::testing::Test::HasFatalFailure()) {
      ADD_FAILURE() << what;
      return;
    }
    ASSERT_EQ(outputs.size(), inputs.size()) << what;
    for (size_t i = 0; i < inputs.size(); ++i) {
      ASSERT_EQ(outputs[i], values[inputs[i]]) << what << ": x = 0x" << std::hex << inputs[i];
    }
    ++tables;
  }
  EXPECT_EQ(tables, 3);
}

#define INTERPSIM_LANE_FORMAT_TEST(IO, KB)                                        \
  TEST(InterpLaneFormatEquivalence, IO##_##KB##_SameOutputsEveryCycle) {          \
    check_format<Vinterp_lane_##IO##_##KB>(*number_format_names().parse(#IO),     \
                                           *kb_format_names().parse(#KB));        \
  }
INTERPSIM_FOR_EACH_INTERP_LANE_RTL_FORMAT(INTERPSIM_LANE_FORMAT_TEST)
#undef INTERPSIM_LANE_FORMAT_TEST

// The header lists the documented instances: 4 io formats x 2 kb formats.
TEST(InterpLaneFormatEquivalence, EveryFormatInstanceIsListed) {
  int count = 0;
#define INTERPSIM_COUNT(IO, KB) ++count;
  INTERPSIM_FOR_EACH_INTERP_LANE_RTL_FORMAT(INTERPSIM_COUNT)
#undef INTERPSIM_COUNT
  EXPECT_EQ(count, 8);
}

// A narrow lane's latency: one input at full speed leaves after exactly the
// fp32 lane's kInterpLaneLatency cycles.
TEST(InterpLaneFormatEquivalence, LatencyIsTheFp32Lanes) {
  const UniformTable table = generate_table("gelu", -5.0f, 3, 6, EdgeMode::kAsymptote, false,
                                            NumberFormat::kFp8E4M3, KbFormat::kIo);
  const std::vector<uint64_t> rows = lanes::packed_rows(table);
  VerilatedContext context;
  lanes::RtlInterpLane<Vinterp_lane_fp8e4m3_io> rtl(&context, "lane", table, &rows, true);
  const uint32_t x = *encode_exact(NumberFormat::kFp8E4M3, 0.5f);
  int cycles = 0;
  rtl.begin_cycle(true, x, true);
  rtl.clock();
  while (true) {
    rtl.begin_cycle(false, 0, true);
    ++cycles;
    if (rtl.out_valid() || cycles > 100) break;
    rtl.clock();
  }
  EXPECT_EQ(cycles, kInterpLaneLatency);
  EXPECT_EQ(rtl.out_y(), interp_format_bits(table, x));
}

}  // namespace
}  // namespace interpsim
