// Shared checks of the RTL suites: bit-exact outputs against a golden model
// (NaN compared as the canonical pattern, which the RTL must emit itself) and
// the cycle contract (constant latency, initiation interval).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "model/float_bits.hpp"
#include "testbench/rtl/stream_driver.hpp"

namespace interpsim::rtl_test {

// golden(x) -> y; counts mismatches and reports the first few.
inline ::testing::AssertionResult outputs_match(const std::vector<uint32_t>& inputs,
                                                const StreamRun& run,
                                                const std::function<float(float)>& golden) {
  if (!run.protocol_errors.empty()) {
    return ::testing::AssertionFailure() << "protocol: " << run.protocol_errors.front() << " ("
                                         << run.protocol_errors.size() << " errors)";
  }
  if (run.outputs.size() != inputs.size()) {
    return ::testing::AssertionFailure()
           << run.outputs.size() << " outputs for " << inputs.size() << " inputs";
  }
  size_t mismatches = 0;
  std::ostringstream first;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const uint32_t expected = canonical_bits(golden(bits_to_float(inputs[i])));
    if (run.outputs[i] != expected) {
      if (mismatches < 5) {
        first << std::hex << "\n  x=0x" << inputs[i] << " (" << bits_to_float(inputs[i])
              << ") rtl=0x" << run.outputs[i] << " model=0x" << expected << std::dec;
      }
      ++mismatches;
    }
  }
  if (mismatches != 0) {
    return ::testing::AssertionFailure()
           << mismatches << " of " << inputs.size() << " outputs differ:" << first.str();
  }
  return ::testing::AssertionSuccess();
}

// Without backpressure: element i enters at cycle i * ii (no bubbles) and
// leaves exactly `latency` cycles after it entered.
inline ::testing::AssertionResult timing_matches(const StreamRun& run, uint64_t latency,
                                                 uint64_t ii) {
  for (size_t i = 0; i < run.output_cycles.size(); ++i) {
    if (run.accept_cycles[i] != i * ii) {
      return ::testing::AssertionFailure() << "element " << i << " accepted at cycle "
                                           << run.accept_cycles[i] << ", expected " << i * ii;
    }
    if (run.output_cycles[i] - run.accept_cycles[i] != latency) {
      return ::testing::AssertionFailure()
             << "element " << i << " latency " << run.output_cycles[i] - run.accept_cycles[i]
             << ", expected " << latency;
    }
  }
  return ::testing::AssertionSuccess();
}

// With input bubbles but no backpressure the latency stays constant.
inline ::testing::AssertionResult latency_constant(const StreamRun& run, uint64_t latency) {
  for (size_t i = 0; i < run.output_cycles.size(); ++i) {
    if (run.output_cycles[i] - run.accept_cycles[i] != latency) {
      return ::testing::AssertionFailure()
             << "element " << i << " latency " << run.output_cycles[i] - run.accept_cycles[i]
             << ", expected " << latency;
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace interpsim::rtl_test
