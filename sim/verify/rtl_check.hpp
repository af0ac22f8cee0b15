// The RTL checker behind `interpsim verify`: the verilated interp_unit
// (rtl/interp_unit.sv, table loaded through its write port) streams inputs at
// one per cycle and every output is compared with the golden model bit for
// bit, NaN as the canonical NaN of the table's io format.
//
// The table's format and kb (docs/design.md section 12) pick the model:
// fp32 (kb fp32 or io, the same entries) is Vinterp_unit against
// interp_uniform (model/uniform_lookup.hpp); every other io format is the
// format instance Vinterp_unit_<io>_<kb> (rtl/formats.cmake, listed by the
// generated interp_unit_rtl_models.hpp) against FormatLookup
// (model/format_lookup.hpp: interp_format_bits tabulated over the 2^8 or 2^16
// inputs). Inputs and outputs are bit patterns of the io format (the low 8,
// 16 or 32 bits of a uint32_t).
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
  uint32_t x, rtl, model;  // input, RTL output, golden output (canonical NaN), io-format bits
};

struct RtlCheckResult {
  uint64_t inputs = 0;      // inputs streamed and compared
  uint64_t cycles = 0;      // RTL clock cycles streaming (not the table load), all models
  uint64_t mismatches = 0;  // outputs that differ
  unsigned models = 1;      // RTL models (worker threads) that ran: check_rtl_range may use
                            // fewer than RtlRangeOptions::threads (no more than chunks)
  // The first mismatches seen, at most kMismatchesKept (with several threads:
  // in the order the threads found them).
  std::vector<Mismatch> first;
};

struct RtlCheckOptions {
  // The table the golden model evaluates (same io format as the table in
  // the RTL); null: the table loaded into the RTL (what `interpsim verify`
  // does). Tests give a different one to see that differences are reported.
  const UniformTable* golden = nullptr;
  // check_rtl_inputs only: write a waveform (VCD) of the run, under
  // "<path>.partial" renamed to <path> when complete. Empty: none.
  std::string vcd_path;
};

// Why interp_unit cannot hold `table` ("n=17 exceeds the RTL table
// (SegBitsMax=16)", "m=200 does not fit the RTL's 8-bit cfg_m_i", an entry
// that is not a value of the kb format), or "".
std::string rtl_table_problem(const UniformTable& table);

// Whether a model with VCD tracing is built for the table's format (fp32
// only: vl_interp_unit_trace).
bool rtl_trace_available(const UniformTable& table);

// How many input patterns the table's io format has: 2^32, 2^16 or 2^8.
uint64_t input_pattern_count(const UniformTable& table);

// COUNT inputs from `seed`, bit patterns of the table's io format: one third
// uniform over all bit patterns (NaN, inf, subnormals...), two thirds uniform
// around [a, b] (margin (b - a) / 8 each side; rounded to nearest in the io
// format).
std::vector<uint32_t> random_inputs(const UniformTable& table, uint64_t count, uint64_t seed);

// Corner cases of the io format and every breakpoint a + i*w with its
// neighbours. fp32: zeros, subnormals, extremes, infinities, NaNs, and each
// breakpoint with its float neighbours (8 each side of a and b, 1 elsewhere).
// Other formats: +-0, the smallest and largest subnormal, the smallest and
// largest normal, +-inf where the format has them, NaNs; then each
// breakpoint's neighbours among the format's values (the breakpoint itself
// when it is one, 8 each side for a and b, 1 elsewhere); every pattern once.
std::vector<uint32_t> corner_inputs(const UniformTable& table);

// Streams `inputs` (bit patterns of the io format) through one model. Throws
// InputError for a table the RTL cannot hold, a VCD for a format without a
// traced model or a VCD file that cannot be written, std::invalid_argument
// for a pattern wider than the format or a golden table in another format,
// std::runtime_error if the RTL stops producing results.
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

// Every bit pattern in [first, first + count) of the io format (count <=
// input_pattern_count, wrapping past the last pattern: 0xFFFFFFFF, 0xFFFF or
// 0xFF), in chunks handed out to `threads` workers (no more workers than
// chunks: each builds a model and loads the table). `progress` is
// called every progress_ms while the workers run and once after they stopped
// (also when one failed; the error is then rethrown as std::runtime_error).
RtlCheckResult check_rtl_range(const UniformTable& table, uint32_t first, uint64_t count,
                               const RtlRangeOptions& options);

// Every input of the io format: check_rtl_range(table, 0,
// input_pattern_count(table), options) (2^32 for fp32, 2^16 or 2^8 else).
RtlCheckResult check_rtl_exhaustive(const UniformTable& table, const RtlRangeOptions& options);

}  // namespace interpsim::verify
