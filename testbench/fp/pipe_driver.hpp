// Pushes operand sets through a verilated valid/ready FP unit (fp32_add,
// fp32_fma), one per cycle, optionally with random input bubbles and random
// output backpressure, and checks the handshake rules on the way:
//  - every accepted input comes out exactly once, in order (count checked);
//  - without backpressure a result appears exactly `latency` cycles after its
//    input handshake and the unit accepts one input every cycle (II = 1);
//  - while out_valid_o is held by backpressure, y_o stays stable.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "testbench/fp/fp_case_generator.hpp"

namespace interpsim::fp_test {

struct Traffic {
  double bubble_probability = 0.0;  // chance the source idles in a cycle
  double stall_probability = 0.0;   // chance the sink refuses in a cycle
};

struct DriveReport {
  std::vector<uint32_t> results;
  uint64_t cycles = 0;
  std::vector<std::string> protocol_errors;  // empty when every rule held
};

// Model: a verilated fp32_add/fp32_fma. Apply: void(Model&, const Operands&).
template <typename Model, typename Operands, typename Apply>
class PipeDriver {
 public:
  PipeDriver(Model& model, unsigned latency, Apply apply, uint64_t seed)
      : model_(model), latency_(latency), apply_(apply), rng_(seed) {
    model_.clk_i = 0;
    model_.rst_ni = 0;
    model_.in_valid_i = 0;
    model_.out_ready_i = 0;
    model_.eval();
    tick();
    model_.rst_ni = 1;
    model_.eval();
  }

  DriveReport run(const std::vector<Operands>& inputs, const Traffic& traffic) {
    DriveReport report;
    report.results.reserve(inputs.size());
    std::deque<uint64_t> accept_cycles;
    size_t next = 0;
    bool held = false;  // previous cycle ended with a valid output refused
    uint32_t held_y = 0;
    const bool exact_timing = traffic.stall_probability == 0.0;
    const uint64_t budget =
        64 + (inputs.size() + latency_) * 4 +
        static_cast<uint64_t>(inputs.size() * 1000 *
                              (traffic.bubble_probability + traffic.stall_probability));
    for (uint64_t cycle = 0; report.results.size() < inputs.size(); ++cycle) {
      if (cycle > budget) {
        report.protocol_errors.push_back("pipeline stopped producing results");
        break;
      }
      const bool offer = next < inputs.size() && !rng_.chance(traffic.bubble_probability);
      model_.in_valid_i = offer;
      if (offer) apply_(model_, inputs[next]);
      model_.out_ready_i = !rng_.chance(traffic.stall_probability);
      model_.eval();

      if (held && (!model_.out_valid_o || model_.y_o != held_y)) {
        report.protocol_errors.push_back("output changed under backpressure at cycle " +
                                         std::to_string(cycle));
      }
      if (model_.out_valid_o && model_.out_ready_i) {
        if (accept_cycles.empty()) {
          report.protocol_errors.push_back("output without input at cycle " +
                                           std::to_string(cycle));
        } else {
          if (exact_timing && cycle - accept_cycles.front() != latency_) {
            report.protocol_errors.push_back("latency " +
                                             std::to_string(cycle - accept_cycles.front()) +
                                             " at cycle " + std::to_string(cycle));
          }
          accept_cycles.pop_front();
        }
        report.results.push_back(model_.y_o);
      }
      if (exact_timing && !model_.in_ready_o) {
        report.protocol_errors.push_back("in_ready_o low without backpressure at cycle " +
                                         std::to_string(cycle));
      }
      if (offer && model_.in_ready_o) {
        accept_cycles.push_back(cycle);
        ++next;
      }
      held = model_.out_valid_o && !model_.out_ready_i;
      held_y = model_.y_o;
      tick();
      ++report.cycles;
    }
    // A drained pipe must stay empty.
    model_.in_valid_i = 0;
    model_.out_ready_i = 1;
    for (unsigned i = 0; i < latency_ + 2; ++i) {
      model_.eval();
      if (model_.out_valid_o) report.protocol_errors.push_back("extra output after drain");
      tick();
    }
    return report;
  }

 private:
  void tick() {
    model_.clk_i = 1;
    model_.eval();
    model_.clk_i = 0;
  }

  Model& model_;
  unsigned latency_;
  Apply apply_;
  Rng rng_;
};

}  // namespace interpsim::fp_test
