// Drives a verilated LBFP-input lane (in_x_i/in_e_i, the one-cycle table
// port tbl_req_o/tbl_idx_o/tbl_gnt_i/tbl_rdata_i, out_y_o:
// lbfp_interp_lane, lbfp8_int_interp_lane) that the caller has configured
// and reset. The table's row words and the expected outputs come from the
// caller, so each test keeps its own reference (the model), independent of
// this driver and of the lane.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

namespace interpsim::rtl_test {

struct LbfpElement {
  uint8_t x;
  int8_t e;
};

// Streams `inputs` with random input bubbles, table-grant denials and output
// stalls (each one cycle in five, from `seed`); the table answers a grant
// with row_word(tbl_idx_o) the next cycle and with junk otherwise. Every
// output, as value_of(out_y_o), is compared in order with
// expected_of(element); returns the number that differ (the first five
// reported, named by `what`), more when the lane stops or makes up outputs.
template <typename Lane, typename RowWord, typename ExpectedOf, typename ValueOf>
int stream_lbfp_lane(Lane& lane, const std::vector<LbfpElement>& inputs, uint32_t seed,
                     RowWord row_word, ExpectedOf expected_of, ValueOf value_of,
                     const std::string& what) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution often(0.8);
  std::deque<int64_t> expected;
  size_t next = 0;
  size_t received = 0;
  int mismatches = 0;
  uint64_t row_data = 0;
  for (uint64_t cycle = 0; received < inputs.size(); ++cycle) {
    if (cycle > 8 * inputs.size() + 1000) {
      ADD_FAILURE() << "the lane stopped: " << received << " of " << inputs.size() << " outputs";
      return mismatches + 1;
    }
    // Drive this cycle's inputs (the table answers last cycle's grant).
    const bool offer = next < inputs.size() && often(rng);
    lane.in_valid_i = offer;
    // Junk when nothing is offered: the lane must not take it.
    lane.in_x_i = offer ? inputs[next].x : 0x5A;
    lane.in_e_i = offer ? static_cast<uint8_t>(inputs[next].e) : 0x33;
    lane.out_ready_i = often(rng);
    lane.tbl_gnt_i = often(rng);
    lane.tbl_rdata_i = row_data;
    lane.clk_i = 0;
    lane.eval();
    // Sample the handshakes before the edge.
    const bool input_taken = lane.in_valid_i && lane.in_ready_o;
    const bool output_taken = lane.out_valid_o && lane.out_ready_i;
    const bool granted = lane.tbl_req_o && lane.tbl_gnt_i;
    if (output_taken) {
      if (expected.empty()) {
        ADD_FAILURE() << "an output with no input";
        return mismatches + 1;
      }
      const LbfpElement& in = inputs[received];
      const int64_t got = value_of(lane.out_y_o);
      if (got != expected.front() && ++mismatches <= 5) {
        ADD_FAILURE() << what << " x=0x" << std::hex << int{in.x} << std::dec << " E=" << int{in.e}
                      << ": rtl " << got << ", model " << expected.front();
      }
      expected.pop_front();
      ++received;
    }
    if (input_taken) {
      expected.push_back(expected_of(inputs[next]));
      ++next;
    }
    // Nothing read: garbage the lane must not use.
    row_data = granted ? row_word(static_cast<size_t>(lane.tbl_idx_o)) : 0xDEADBEEFu;
    lane.clk_i = 1;
    lane.eval();
  }
  return mismatches;
}

// No stalls: `count` elements {x = 5 i, E = e}, one a cycle, every table
// request granted; checks in_ready_o in every input cycle and returns the
// cycle of each output.
template <typename Lane, typename RowWord>
std::vector<uint64_t> full_rate_output_cycles(Lane& lane, int count, int8_t e, RowWord row_word) {
  lane.tbl_gnt_i = 1;
  lane.out_ready_i = 1;
  std::vector<uint64_t> output_cycles;
  uint64_t row_data = 0;
  for (int cycle = 0; cycle < count + 20; ++cycle) {
    lane.in_valid_i = cycle < count;
    lane.in_x_i = static_cast<uint8_t>(cycle * 5);
    lane.in_e_i = static_cast<uint8_t>(e);
    lane.tbl_rdata_i = row_data;
    lane.clk_i = 0;
    lane.eval();
    if (cycle < count) {
      EXPECT_TRUE(lane.in_ready_o) << "cycle " << cycle;
    }
    if (lane.out_valid_o) output_cycles.push_back(static_cast<uint64_t>(cycle));
    if (lane.tbl_req_o) row_data = row_word(static_cast<size_t>(lane.tbl_idx_o));
    lane.clk_i = 1;
    lane.eval();
  }
  return output_cycles;
}

}  // namespace interpsim::rtl_test
