// Drives a verilated valid/ready unit (in_valid_i/in_ready_o/in_x_i,
// out_valid_o/out_ready_i/out_y_o: interp_unit, bsearch_*) one clock at a
// time, with optional random input bubbles and output backpressure, and
// records when every element went in and came out.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace interpsim::rtl_test {

struct Traffic {
  double bubble_probability = 0.0;  // the source idles in a cycle
  double stall_probability = 0.0;   // the sink refuses in a cycle
};

struct StreamRun {
  std::vector<uint32_t> outputs;        // in arrival order
  std::vector<uint64_t> accept_cycles;  // cycle of each input handshake
  std::vector<uint64_t> output_cycles;  // cycle of each output handshake
  uint64_t cycles = 0;
  // Cycles where an offered input was refused although the output was not
  // blocked (out_valid_o && !out_ready_i); 0 for a full-throughput II = 1 unit.
  uint64_t refusals_without_backpressure = 0;
  std::vector<std::string> protocol_errors;  // empty when every rule held
};

template <typename Model>
class StreamDriver {
 public:
  StreamDriver(Model& model, uint64_t seed) : model_(model), rng_(seed) {}

  // Two cycles of reset with idle handshakes.
  void reset() {
    model_.rst_ni = 0;
    model_.in_valid_i = 0;
    model_.out_ready_i = 0;
    tick();
    tick();
    model_.rst_ni = 1;
    model_.clk_i = 0;
    model_.eval();
  }

  // One rising edge; inputs set before the call are sampled by it.
  void tick() {
    model_.clk_i = 0;
    model_.eval();
    model_.clk_i = 1;
    model_.eval();
  }

  StreamRun run(const std::vector<uint32_t>& inputs, const Traffic& traffic) {
    StreamRun result;
    result.outputs.reserve(inputs.size());
    result.accept_cycles.reserve(inputs.size());
    result.output_cycles.reserve(inputs.size());
    std::bernoulli_distribution bubble(traffic.bubble_probability);
    std::bernoulli_distribution stall(traffic.stall_probability);
    size_t next = 0;
    bool held = false;  // the last cycle ended with a refused valid output
    uint32_t held_y = 0;
    const uint64_t budget = 1000 + inputs.size() * 64;
    for (uint64_t cycle = 0; result.outputs.size() < inputs.size(); ++cycle) {
      if (cycle > budget) {
        result.protocol_errors.push_back("unit stopped producing results at cycle " +
                                         std::to_string(cycle));
        break;
      }
      const bool offer = next < inputs.size() && !bubble(rng_);
      model_.in_valid_i = offer;
      model_.in_x_i = offer ? inputs[next] : 0xDEADBEEFu;  // junk when idle
      model_.out_ready_i = !stall(rng_);
      model_.clk_i = 0;
      model_.eval();

      if (held && (!model_.out_valid_o || model_.out_y_o != held_y)) {
        result.protocol_errors.push_back("output changed under backpressure at cycle " +
                                         std::to_string(cycle));
      }
      if (offer && !model_.in_ready_o && !(model_.out_valid_o && !model_.out_ready_i)) {
        ++result.refusals_without_backpressure;
      }
      if (offer && model_.in_ready_o) {
        result.accept_cycles.push_back(cycle);
        ++next;
      }
      if (model_.out_valid_o && model_.out_ready_i) {
        if (result.outputs.size() >= result.accept_cycles.size()) {
          result.protocol_errors.push_back("output without input at cycle " +
                                           std::to_string(cycle));
        }
        result.outputs.push_back(model_.out_y_o);
        result.output_cycles.push_back(cycle);
      }
      held = model_.out_valid_o && !model_.out_ready_i;
      held_y = model_.out_y_o;
      model_.clk_i = 1;
      model_.eval();
      result.cycles = cycle + 1;
    }
    // Nothing may come out after the last expected element.
    model_.in_valid_i = 0;
    model_.out_ready_i = 1;
    for (int i = 0; i < 64; ++i) {
      model_.clk_i = 0;
      model_.eval();
      if (model_.out_valid_o) {
        result.protocol_errors.push_back("extra output after the last element");
        break;
      }
      model_.clk_i = 1;
      model_.eval();
    }
    return result;
  }

 private:
  Model& model_;
  std::mt19937_64 rng_;
};

}  // namespace interpsim::rtl_test
