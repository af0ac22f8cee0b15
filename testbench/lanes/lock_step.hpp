// Lock-step driver of the lane equivalence tests: an RTL lane adapter
// (sim/lanes/rtl_lanes.hpp) and a C++ cycle model get the same port values
// every cycle, and every output port must agree in every cycle.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace interpsim::lane_test {

struct Pressure {
  double input_valid;  // probability an input is offered
  double out_ready;    // probability the consumer takes a result
  double grant;        // probability a table request is granted
};

// "valid70_ready60_grant50": percentages, for test names.
inline std::string pressure_name(const Pressure& p) {
  const auto percent = [](double value) {
    return std::to_string(static_cast<int>(value * 100 + 0.5));
  };
  return "valid" + percent(p.input_valid) + "_ready" + percent(p.out_ready) + "_grant" +
         percent(p.grant);
}

// Drives both lanes with the same port values; fails at the first cycle
// where any output differs. *outputs gets the outputs taken.
template <typename RtlLane, typename ModelLane>
void run_lock_step(RtlLane& rtl, ModelLane& model, const std::vector<uint32_t>& inputs,
                   Pressure pressure, uint64_t seed, uint64_t* cycles,
                   std::vector<uint32_t>* taken) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<uint32_t>& outputs = *taken;
  size_t next = 0;
  uint64_t cycle = 0;
  while (outputs.size() < inputs.size()) {
    ASSERT_LT(cycle, 50 * inputs.size() + 1000) << "no progress";
    const bool in_valid = next < inputs.size() && coin(random) < pressure.input_valid;
    const uint32_t x = in_valid ? inputs[next] : 0xDEADBEEFu;
    const bool out_ready = coin(random) < pressure.out_ready;
    rtl.begin_cycle(in_valid, x, out_ready);
    model.begin_cycle(in_valid, x, out_ready);
    uint32_t rtl_row = 0;
    uint32_t model_row = 0;
    const bool rtl_request = rtl.table_request(&rtl_row);
    const bool model_request = model.table_request(&model_row);
    ASSERT_EQ(rtl_request, model_request) << "tbl_req_o at cycle " << cycle;
    if (rtl_request) {
      ASSERT_EQ(rtl_row, model_row) << "tbl_idx_o at cycle " << cycle;
    }
    const bool grant = coin(random) < pressure.grant;
    rtl.set_grant(grant);
    model.set_grant(grant);
    ASSERT_EQ(rtl.in_ready(), model.in_ready()) << "in_ready_o at cycle " << cycle;
    ASSERT_EQ(rtl.out_valid(), model.out_valid()) << "out_valid_o at cycle " << cycle;
    if (rtl.out_valid()) {
      ASSERT_EQ(rtl.out_y(), model.out_y())
          << "out_y_o at cycle " << cycle << " for output " << outputs.size() << " (x = 0x"
          << std::hex << inputs[outputs.size()] << ")";
      if (out_ready) outputs.push_back(rtl.out_y());
    }
    if (in_valid && rtl.in_ready()) ++next;
    rtl.clock();
    model.clock();
    ++cycle;
  }
  *cycles = cycle;
}

}  // namespace interpsim::lane_test
