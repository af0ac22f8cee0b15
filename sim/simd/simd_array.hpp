// The SIMD array's elementwise map (docs/design.md section 6): lanes from the
// lane factory (sim/lanes/), the cycle engine (simd_engine.hpp) clocked by
// simd_clock, every output checked against the golden model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/fixed_point.hpp"
#include "sim/common/array_stats.hpp"
#include "sim/common/table_spec.hpp"
#include "sim/simd/simd_config.hpp"
#include "sim/simd/simd_engine.hpp"

namespace interpsim::simd {

struct MapResult {
  EngineStats stats;
  std::vector<float> output;          // the outputs' values
  std::vector<uint32_t> output_bits;  // their bit patterns in the table's io format
  uint64_t mismatches = 0;            // outputs whose bits differ from the golden model
  CheckKind checked = CheckKind::kNone;
  double sim_seconds = 0;       // wall time of the clocked simulation
  uint64_t skipped_cycles = 0;  // of stats.cycles, those the steady-state skip jumped over
};

// Streams `input` through the array, the lookup design of config.table over
// `tables` (build_lookup_tables(config.table)). `vcd_path` non-empty:
// waveforms of the first config.vcd_lanes RTL lanes (lane k > 0 in
// "<path-without-.vcd>.lane<k>.vcd").
MapResult run_map(const SimdConfig& config, const LookupTables& tables,
                  const std::vector<float>& input, const std::string& vcd_path = "");

// The same over bit patterns of the table's io format (tables.uniform.format:
// fp32, fp16, bf16, fp8e5m2, fp8e4m3): the elements occupy that format's
// bytes in memory (EngineParams::element_bytes), RTL lanes are interp_lane's
// instance of (format, kb), model lanes carry FormatLookup's outputs, and
// the golden check compares bits in the format. run_map above is this with
// the inputs' float32 bits (fp32) or their exact encoding in the format
// (InputError for a value not in it).
MapResult run_map_bits(const SimdConfig& config, const LookupTables& tables,
                       const std::vector<uint32_t>& x_bits, const std::string& vcd_path = "");

// A fixed-point table's map (docs/design.md section 6, "Decision (fixed-point
// tables in the SIMD array)"): x_bits are the W-bit two's-complement patterns
// of the table's width W (int8/16/32), which must equal config.subword; each
// element occupies W/8 bytes in memory; RTL lanes are subword_interp_lane
// (sim/lanes/fixed_lanes.hpp), model lanes IntLaneCycleModel; rounding to
// nearest even; the golden check compares bits with FixedLookup. output_bits
// are y's W-bit patterns, output their values q * 2^-fy. InputError for a
// subword other than W, a design other than uniform, or a table the RTL
// cannot index.
MapResult run_map_fixed(const SimdConfig& config, const FixedTable& table,
                        const std::vector<uint32_t>& x_bits);

// Bytes of one element in memory for a table in `format`.
int element_bytes(NumberFormat format);

}  // namespace interpsim::simd
