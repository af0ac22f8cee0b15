// The RTL checker behind `interpsim verify`: the verilated interp_unit
// (rtl/interp_unit.sv, table loaded through its write port) streams inputs at
// one per cycle and every output is compared with the golden model
// (interp_uniform, model/uniform_lookup.hpp) bit for bit, NaN as 0x7FC00000.
// No Verilator headers here: callers (the command, the tests) see plain types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/table.hpp"

namespace interpsim::verify {

// interp_unit's default SegBitsMax (the vl_interp_unit build).
constexpr int kRtlSegBitsMax = 16;
// How many mismatches a result keeps (the count covers all of them).
constexpr size_t kMismatchesKept = 10;

struct Mismatch {
  uint32_t x, rtl, model;  // input, RTL output, golden output (canonical NaN)
};

struct RtlCheckResult {
  uint64_t inputs = 0;      // inputs streamed and compared
  uint64_t cycles = 0;      // RTL clock cycles streaming (not the table load), all models
  uint64_t mismatches = 0;  // outputs that differ
  // The first mismatches seen, at most kMismatchesKept (with several threads:
  // in the order the threads found them).
  std::vector<Mismatch> first;
};

struct RtlCheckOptions {
  // The table the golden model evaluates; null: the table loaded into the
  // RTL (what `interpsim verify` does). Tests give a different one to see
  // that differences are reported.
  const UniformTable* golden = nullptr;
  // check_rtl_inputs only: write a waveform (VCD) of the run, under
  // "<path>.partial" renamed to <path> when complete. Empty: none.
  std::string vcd_path;
};

// Why interp_unit cannot hold `table` ("n=17 exceeds the RTL table
// (SegBitsMax=16)", "m=200 does not fit the RTL's 8-bit cfg_m_i"), or "".
std::string rtl_table_problem(const UniformTable& table);

// COUNT inputs from `seed`: one third uniform over all bit patterns (NaN,
// inf, subnormals...), two thirds uniform around [a, b] (margin (b - a) / 8
// each side).
std::vector<uint32_t> random_inputs(const UniformTable& table, uint64_t count, uint64_t seed);

// IEEE corner cases (zeros, subnormals, extremes, infinities, NaNs) and every
// breakpoint a + i*w with its float neighbours (8 each side of a and b, 1
// elsewhere).
std::vector<uint32_t> corner_inputs(const UniformTable& table);

// Streams `inputs` (float32 bit patterns) through one model. Throws
// InputError for a table the RTL cannot hold or a VCD file that cannot be
// written, std::runtime_error if the RTL stops producing results.
RtlCheckResult check_rtl_inputs(const UniformTable& table, const std::vector<uint32_t>& inputs,
                                const RtlCheckOptions& options = {});

// Progress of check_rtl_range: inputs done, inputs in all, seconds since the
// workers started. Called from the calling thread.
using RtlCheckProgress = std::function<void(uint64_t done, uint64_t total, double seconds)>;

struct RtlRangeOptions {
  RtlCheckOptions check;               // vcd_path must be empty
  unsigned threads = 1;                // workers, one model each (1 .. 1024)
  uint64_t chunk = uint64_t{1} << 22;  // inputs a worker takes at a time
  RtlCheckProgress progress;           // may be empty
  unsigned progress_ms = 500;          // how often progress is called while running
};

// Every bit pattern in [first, first + count) (count <= 2^32, wrapping past
// 0xFFFFFFFF), in chunks handed out to `threads` workers. `progress` is
// called every progress_ms while the workers run and once after they stopped
// (also when one failed; the error is then rethrown as std::runtime_error).
RtlCheckResult check_rtl_range(const UniformTable& table, uint32_t first, uint64_t count,
                               const RtlRangeOptions& options);

// All 2^32 inputs: check_rtl_range(table, 0, 2^32, options).
RtlCheckResult check_rtl_exhaustive(const UniformTable& table, const RtlRangeOptions& options);

}  // namespace interpsim::verify
