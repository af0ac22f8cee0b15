#include "sim/simd/simd_array.hpp"

#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "model/fixed_point.hpp"
#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/input_error.hpp"
#include "sim/common/golden.hpp"
#include "sim/lanes/fixed_lanes.hpp"
#include "sim/lanes/lane_factory.hpp"
#include "sim/simd/simd_clock.hpp"

namespace interpsim::simd {

namespace {

EngineParams engine_params(const SimdConfig& config, int bytes_per_element) {
  EngineParams params;
  // Each sub-word slot is a lane of the engine with its own table port and
  // queues; element e goes to slot e mod (L * S), so S consecutive elements
  // share one 32-bit lane (a packed word).
  params.lanes = config.lanes * subword_slots(config);
  params.table_org = config.table_org;
  params.banks = config.banks;
  params.read_ports = config.read_ports;
  params.arbitration = config.arbitration;
  params.bytes_per_cycle = config.memory_bytes_per_cycle;
  params.latency = config.memory_latency;
  params.fifo_depth = config.lane_fifo_depth;
  params.lanes_have_table_port = config.table.design != LookupDesign::kBsearch;
  params.element_bytes = bytes_per_element;
  params.skip_steady_state = config.engine == EngineMode::kFast;
  return params;
}

// `payload[i]` is what element i carries through the lanes: the bits of x
// (RTL lanes) or the index i (model lanes with precomputed outputs).
template <typename Lane>
MapResult run_engine(const SimdConfig& config, int bytes_per_element, std::vector<Lane> lanes,
                     const std::vector<uint32_t>& payload, bool payload_is_index) {
  EngineParams params = engine_params(config, bytes_per_element);
  params.input_is_element_index = payload_is_index;
  ArrayEngine<Lane> engine(params, std::move(lanes), payload.data(), payload.size());
  const auto start = std::chrono::steady_clock::now();
  if (!payload.empty()) {
    run_clocked([&engine] {
      const uint64_t clocks = engine.advance();
      return ClockedSpan{clocks, engine.done() || engine.stuck()};
    });
    if (!engine.done()) {
      throw std::logic_error(
          "SIMD array: no element read or written for over 2^22 cycles (a lane or table-port "
          "deadlock); stopped at cycle " +
          std::to_string(engine.stats().cycles));
    }
  }
  MapResult result;
  result.sim_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.stats = engine.stats();
  result.skipped_cycles = engine.skipped_cycles();
  result.output_bits = engine.output();
  return result;
}

}  // namespace

int element_bytes(NumberFormat format) {
  return format_bits(format) / 8;
}

MapResult run_map(const SimdConfig& config, const LookupTables& tables,
                  const std::vector<float>& input, const std::string& vcd_path) {
  const NumberFormat format = tables.uniform.format;
  std::vector<uint32_t> x_bits(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    if (format == NumberFormat::kFp32) {
      x_bits[i] = float_to_bits(input[i]);
      continue;
    }
    const std::optional<uint32_t> bits = encode_exact(format, input[i]);
    if (!bits) {
      throw InputError("input element " + std::to_string(i) + " (" + std::to_string(input[i]) +
                       ") is not a value of " + number_format_names().name(format));
    }
    x_bits[i] = *bits;
  }
  return run_map_bits(config, tables, x_bits, vcd_path);
}

MapResult run_map_bits(const SimdConfig& config, const LookupTables& tables,
                       const std::vector<uint32_t>& x_bits, const std::string& vcd_path) {
  const NumberFormat format = tables.uniform.format;
  const LookupDesign design = config.table.design;
  if (!vcd_path.empty() && config.lane_impl != LaneImpl::kRtl) {
    throw InputError("--vcd: waveforms trace RTL lanes (set lane_impl = rtl)");
  }
  if (design == LookupDesign::kBsearch && config.table_org != TableOrg::kPrivate) {
    throw InputError(
        "config: table_org: the binary-search lanes keep their table inside (use private)");
  }
  if (format_bits(format) > config.subword) {
    throw InputError("config: subword: " + std::to_string(config.subword) +
                     "-bit slots cannot hold " + number_format_names().name(format) + " elements");
  }
  lanes::LaneRequest request;
  request.impl = config.lane_impl;
  request.design = design;
  request.bsearch_variant = config.table.bsearch_variant;
  request.tables = &tables;
  request.count = config.lanes * subword_slots(config);
  request.shared_table = config.table_org != TableOrg::kPrivate;
  request.vcd_path = vcd_path;
  request.vcd_lanes = config.vcd_lanes;
  request.lane_array = config.rtl_lane_array;
  request.lane_array_threads = config.rtl_lane_threads;
  // Model lanes carry element indices; their outputs come from the batch
  // golden model (lanes/model_lanes.hpp), RTL lanes carry the bits of x.
  lanes::PrecomputedElements precomputed;
  if (config.lane_impl == LaneImpl::kModel) {
    precomputed = lanes::precompute_elements(design, tables, x_bits, request.shared_table);
    request.precomputed = &precomputed;
  }
  const std::vector<uint32_t>& payload = request.precomputed ? precomputed.payload : x_bits;
  MapResult result;
  lanes::with_lanes(request, [&](auto&& set) {
    result = run_engine(config, element_bytes(format), std::move(set.lanes), payload,
                        request.precomputed != nullptr);
  });
  result.output.resize(result.output_bits.size());
  for (size_t i = 0; i < result.output.size(); ++i) {
    result.output[i] = format == NumberFormat::kFp32 ? bits_to_float(result.output_bits[i])
                                                     : decode_value(format, result.output_bits[i]);
  }
  if (config.check) {
    const std::vector<uint32_t> golden =
        request.precomputed ? precomputed.values : golden_output_bits(design, tables, x_bits);
    result.mismatches = count_mismatches(format, golden, result.output_bits);
    result.checked = config.lane_impl == LaneImpl::kRtl ? CheckKind::kRtl : CheckKind::kRouting;
  }
  return result;
}

namespace {

// The golden model's outputs for the W-bit patterns x_bits, as W-bit patterns.
template <typename Int>
std::vector<uint32_t> fixed_golden_bits(const FixedTable& table,
                                        const std::vector<uint32_t>& x_bits) {
  std::vector<Int> x(x_bits.size());
  std::vector<Int> y(x_bits.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<Int>(x_bits[i]);
  FixedLookup(table).run(x.data(), y.data(), x.size());
  std::vector<uint32_t> bits(y.size());
  for (size_t i = 0; i < y.size(); ++i) {
    bits[i] = SubwordLaneCycleModel::place(y[i], fixed_width(table.format), 0);
  }
  return bits;
}

}  // namespace

MapResult run_map_fixed(const SimdConfig& config, const FixedTable& table,
                        const std::vector<uint32_t>& x_bits) {
  const int width = fixed_width(table.format);
  const std::string name = fixed_format_names().name(table.format);
  if (config.subword != width) {
    throw InputError("config: subword: an " + name + " table runs in " + std::to_string(width) +
                     "-bit slots (subword = " + std::to_string(width) + "), not " +
                     std::to_string(config.subword));
  }
  if (config.table.design != LookupDesign::kUniform) {
    throw InputError("config: design: a fixed-point table runs with design = uniform only");
  }
  MapResult result;
  lanes::with_fixed_lanes(config.lane_impl, table, config.lanes,
                          config.table_org != TableOrg::kPrivate, [&](auto&& set) {
                            result =
                                run_engine(config, width / 8, std::move(set.lanes), x_bits, false);
                          });
  result.output.resize(result.output_bits.size());
  for (size_t i = 0; i < result.output.size(); ++i) {
    result.output[i] = static_cast<float>(std::ldexp(
        static_cast<double>(SubwordLaneCycleModel::field(result.output_bits[i], width, 0)),
        -table.fy));
  }
  if (config.check) {
    const std::vector<uint32_t> golden = width == 8    ? fixed_golden_bits<int8_t>(table, x_bits)
                                         : width == 16 ? fixed_golden_bits<int16_t>(table, x_bits)
                                                       : fixed_golden_bits<int32_t>(table, x_bits);
    for (size_t i = 0; i < golden.size(); ++i) {
      result.mismatches += golden[i] != result.output_bits[i];
    }
    // Model slots compute with fixed_eval, the golden model itself: their
    // check proves routing; RTL slots computed their outputs.
    result.checked = config.lane_impl == LaneImpl::kRtl ? CheckKind::kRtl : CheckKind::kRouting;
  }
  return result;
}

}  // namespace interpsim::simd
