// Compares a unit's results with independently computed expectations and
// formats the first mismatches for the test log.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "model/float_bits.hpp"
#include "testbench/fp/fp_case_generator.hpp"
#include "testbench/fp/pipe_driver.hpp"

namespace interpsim::fp_test {

inline std::string hex_word(uint32_t bits) {
  char text[16];
  std::snprintf(text, sizeof text, "%08X", bits);
  return text;
}

inline std::string describe(const AddOperands& ops) {
  return "a=" + hex_word(ops.a) + " b=" + hex_word(ops.b);
}

inline std::string describe(const FmaOperands& ops) {
  return "a=" + hex_word(ops.a) + " b=" + hex_word(ops.b) + " c=" + hex_word(ops.c);
}

// Expected values must already be canonical (every NaN as 0x7FC00000); the
// unit's NaN is required to be exactly that pattern.
template <typename Operands>
::testing::AssertionResult results_match(const DriveReport& report,
                                         const std::vector<Operands>& inputs,
                                         const std::vector<uint32_t>& expected) {
  std::string failures;
  for (const std::string& error : report.protocol_errors) {
    if (failures.size() < 2000) failures += "protocol: " + error + "\n";
  }
  if (report.results.size() != inputs.size()) {
    failures += "got " + std::to_string(report.results.size()) + " results for " +
                std::to_string(inputs.size()) + " inputs\n";
  }
  size_t mismatches = 0;
  for (size_t i = 0; i < report.results.size() && i < inputs.size(); ++i) {
    if (report.results[i] == expected[i]) continue;
    if (++mismatches <= 10) {
      failures += describe(inputs[i]) + " -> " + hex_word(report.results[i]) + ", expected " +
                  hex_word(expected[i]) + "\n";
    }
  }
  if (failures.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << mismatches << " mismatches of " << inputs.size() << "\n"
                                       << failures;
}

// Every magnitude with both signs, in order: +m, -m for each m.
inline std::vector<uint32_t> with_both_signs(const std::vector<uint32_t>& magnitudes) {
  std::vector<uint32_t> values;
  for (uint32_t m : magnitudes) {
    values.push_back(m);
    values.push_back(m | 0x80000000u);
  }
  return values;
}

// Runs `inputs` through the unit and compares each result with `reference`
// (a host computation returning canonical bits) of the same operands.
template <typename Driver, typename Operands, typename Reference>
::testing::AssertionResult matches_reference(Driver& driver, const std::vector<Operands>& inputs,
                                             const Traffic& traffic, Reference reference) {
  std::vector<uint32_t> expected;
  expected.reserve(inputs.size());
  for (const Operands& ops : inputs) expected.push_back(reference(ops));
  return results_match(driver.run(inputs, traffic), inputs, expected);
}

}  // namespace interpsim::fp_test
