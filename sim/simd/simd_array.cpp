#include "sim/simd/simd_array.hpp"

#include <chrono>

#include "model/float_bits.hpp"
#include "model/input_error.hpp"
#include "sim/common/golden.hpp"
#include "sim/lanes/lane_factory.hpp"
#include "sim/simd/simd_clock.hpp"

namespace interpsim::simd {

namespace {

EngineParams engine_params(const SimdConfig& config) {
  EngineParams params;
  params.lanes = config.lanes;
  params.table_org = config.table_org;
  params.banks = config.banks;
  params.read_ports = config.read_ports;
  params.arbitration = config.arbitration;
  params.bytes_per_cycle = config.memory_bytes_per_cycle;
  params.latency = config.memory_latency;
  params.fifo_depth = config.lane_fifo_depth;
  params.lanes_have_table_port = config.table.design != LookupDesign::kBsearch;
  return params;
}

// `payload[i]` is what element i carries through the lanes: the bits of x
// (RTL lanes) or the index i (model lanes with precomputed outputs).
template <typename Lane>
MapResult run_engine(const SimdConfig& config, std::vector<Lane> lanes,
                     const std::vector<uint32_t>& payload) {
  ArrayEngine<Lane> engine(engine_params(config), std::move(lanes), payload.data(), payload.size());
  const auto start = std::chrono::steady_clock::now();
  if (!payload.empty()) {
    run_clocked([&engine] {
      engine.step();
      return engine.done();
    });
  }
  MapResult result;
  result.sim_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.stats = engine.stats();
  result.output.resize(payload.size());
  for (size_t i = 0; i < payload.size(); ++i) result.output[i] = bits_to_float(engine.output()[i]);
  return result;
}

}  // namespace

MapResult run_map(const SimdConfig& config, const LookupTables& tables,
                  const std::vector<float>& input, const std::string& vcd_path) {
  const LookupDesign design = config.table.design;
  if (!vcd_path.empty() && config.lane_impl != LaneImpl::kRtl) {
    throw InputError("--vcd: waveforms trace RTL lanes (set lane_impl = rtl)");
  }
  if (design == LookupDesign::kBsearch && config.table_org != TableOrg::kPrivate) {
    throw InputError(
        "config: table_org: the binary-search lanes keep their table inside (use private)");
  }
  lanes::LaneRequest request;
  request.impl = config.lane_impl;
  request.design = design;
  request.bsearch_variant = config.table.bsearch_variant;
  request.tables = &tables;
  request.count = config.lanes;
  request.shared_table = config.table_org != TableOrg::kPrivate;
  request.vcd_path = vcd_path;
  request.vcd_lanes = config.vcd_lanes;
  // Model lanes carry element indices; their outputs come from the batch
  // golden model (lanes/model_lanes.hpp), RTL lanes carry the bits of x.
  lanes::PrecomputedElements precomputed;
  std::vector<uint32_t> x_bits;
  if (config.lane_impl == LaneImpl::kModel) {
    precomputed = lanes::precompute_elements(design, tables, input, request.shared_table);
    request.precomputed = &precomputed;
  } else {
    x_bits.resize(input.size());
    for (size_t i = 0; i < input.size(); ++i) x_bits[i] = float_to_bits(input[i]);
  }
  const std::vector<uint32_t>& payload = request.precomputed ? precomputed.payload : x_bits;
  MapResult result;
  lanes::with_lanes(
      request, [&](auto&& set) { result = run_engine(config, std::move(set.lanes), payload); });
  if (config.check) {
    result.mismatches = count_mismatches(golden_outputs(design, tables, input), result.output);
    result.checked = config.lane_impl == LaneImpl::kRtl ? CheckKind::kRtl : CheckKind::kRouting;
  }
  return result;
}

}  // namespace interpsim::simd
