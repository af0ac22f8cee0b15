// The one lane factory both arrays use: `count` lanes of a lookup design,
// verilated RTL or C++ cycle model (`lane_impl`), handed to a visitor as a
// LaneSet of one concrete type, so an array's cycle loop is compiled for that
// lane type (no virtual call per lane and clock).
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <verilated.h>

#include "Vinterp_lane.h"
#include "Vinterp_lane_trace.h"
#include "Vnonuniform_lane.h"
#include "Vvalue_lut_lane.h"
#include "bsearch_rtl_models.hpp"      // generated: the verilated bsearch widths, declared once
#include "interp_lane_rtl_models.hpp"  // generated: interp_lane's format instances
#include "model/input_error.hpp"
#include "sim/lanes/lane_impl.hpp"
#include "sim/lanes/model_lanes.hpp"
#include "sim/lanes/rtl_lane_array.hpp"
#include "sim/lanes/rtl_lanes.hpp"

namespace interpsim::lanes {

struct LaneRequest {
  LaneImpl impl = LaneImpl::kModel;
  LookupDesign design = LookupDesign::kUniform;
  BsearchVariant bsearch_variant = BsearchVariant::kPipelined;
  const LookupTables* tables = nullptr;  // must outlive the lanes
  int count = 1;
  // The array arbitrates the table port (banked, multiport); false: a private
  // table whose every read is granted.
  bool shared_table = false;
  // Model lanes only: fast mode (see model_lanes.hpp); null: compute from x.
  const PrecomputedElements* precomputed = nullptr;
  // RTL uniform lanes only: VCD of the first vcd_lanes lanes; lane k > 0 in
  // "<path without .vcd>.lane<k>.vcd".
  std::string vcd_path;
  int vcd_lanes = 0;
  // fp32 uniform RTL lanes without a VCD as RtlArrayLane slices of
  // interp_lane_array models (rtl_lane_array.hpp); only for a driver that
  // calls the array phases (the SIMD engine).
  bool lane_array = false;
  int lane_array_threads = 1;  // RtlLaneArray's threads
};

inline std::string lane_trace_path(const std::string& path, int lane) {
  if (lane == 0) return path;
  std::string stem = path;
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".vcd") == 0)
    stem.resize(stem.size() - 4);
  return stem + ".lane" + std::to_string(lane) + ".vcd";
}

// Whether this build has RTL lanes for `design` at 2^seg_bits segments
// (interp_lane indexes up to 2^16; binary search at the verilated widths;
// nonuniform_lane parts up to 2^16 segments, and with_lanes refuses a table
// of more than 2^kNonuniformLanePartBits parts).
inline bool has_rtl_lanes(LookupDesign design, int seg_bits) {
  switch (design) {
    case LookupDesign::kUniform:
      return seg_bits <= 16;
    case LookupDesign::kBsearch:
#define INTERPSIM_BSEARCH_WIDTH(S) \
  if (seg_bits == (S)) return true;
      INTERPSIM_FOR_EACH_BSEARCH_RTL_SEG_BITS(INTERPSIM_BSEARCH_WIDTH)
#undef INTERPSIM_BSEARCH_WIDTH
      return false;
    case LookupDesign::kNonuniform:
      return seg_bits <= 16;
    case LookupDesign::kValue:  // value_lut_lane, SegBitsMax 16
      return seg_bits <= 16;
  }
  return false;
}

namespace detail {

struct RtlOwner {
  VerilatedContext context;
  std::vector<uint64_t> rows;  // what the interp lanes' table port reads
  std::unique_ptr<RtlLaneArray> array;
};

// fp32 interp_lanes as slices of interp_lane_array models.
template <typename Visitor>
void visit_rtl_lane_array(const LaneRequest& request, Visitor&& visit) {
  auto owner = std::make_shared<RtlOwner>();
  const UniformTable& table = request.tables->uniform;
  owner->rows = packed_rows(table);
  owner->array =
      std::make_unique<RtlLaneArray>(&owner->context, table, &owner->rows, !request.shared_table,
                                     request.count, request.lane_array_threads);
  LaneSet<RtlArrayLane> set;
  set.lanes.reserve(static_cast<size_t>(request.count));
  for (int k = 0; k < request.count; ++k) set.lanes.emplace_back(owner->array.get(), k);
  set.owner = owner;
  visit(std::move(set));
}

template <typename Top, typename Visitor>
void visit_rtl_bsearch(const LaneRequest& request, Visitor&& visit) {
  auto owner = std::make_shared<RtlOwner>();
  LaneSet<RtlBsearchLane<Top>> set;
  set.lanes.reserve(static_cast<size_t>(request.count));
  for (int k = 0; k < request.count; ++k) {
    set.lanes.emplace_back(&owner->context, "lane" + std::to_string(k), request.tables->bsearch);
  }
  set.owner = owner;
  visit(std::move(set));
}

template <typename Top, typename Visitor>
void visit_rtl_interp(const LaneRequest& request, Visitor&& visit) {
  auto owner = std::make_shared<RtlOwner>();
  const UniformTable& table = request.tables->uniform;
  owner->rows = packed_rows(table);
  if (!request.vcd_path.empty()) owner->context.traceEverOn(true);
  LaneSet<RtlInterpLane<Top>> set;
  set.lanes.reserve(static_cast<size_t>(request.count));
  for (int k = 0; k < request.count; ++k) {
    set.lanes.emplace_back(&owner->context, "lane" + std::to_string(k), table, &owner->rows,
                           !request.shared_table);
  }
  if constexpr (std::is_same_v<Top, Vinterp_lane_trace>) {
    for (int k = 0; k < std::min(request.vcd_lanes, request.count); ++k) {
      set.lanes[static_cast<size_t>(k)].open_trace(lane_trace_path(request.vcd_path, k));
    }
  }
  set.owner = owner;
  visit(std::move(set));
}

// rtl/value_lut_lane.sv: the table port reads value_lut_rtl_row's rows.
template <typename Visitor>
void visit_rtl_value(const LaneRequest& request, Visitor&& visit) {
  auto owner = std::make_shared<RtlOwner>();
  const ValueLutTable& table = request.tables->value;
  owner->rows.resize(table.intervals() + 2);
  for (size_t r = 0; r < owner->rows.size(); ++r) owner->rows[r] = value_lut_rtl_row(table, r);
  LaneSet<RtlInterpLane<Vvalue_lut_lane>> set;
  set.lanes.reserve(static_cast<size_t>(request.count));
  for (int k = 0; k < request.count; ++k) {
    set.lanes.emplace_back(&owner->context, "lane" + std::to_string(k), table, &owner->rows,
                           !request.shared_table);
  }
  set.owner = owner;
  visit(std::move(set));
}

// rtl/nonuniform_lane.sv lanes reading one table memory of all parts' rows.
template <typename Visitor>
void visit_rtl_nonuniform(const LaneRequest& request, Visitor&& visit) {
  const NonuniformTable& table = request.tables->nonuniform;
  if (!request.vcd_path.empty()) throw InputError("--vcd: waveforms need design = uniform");
  if (table.parts.size() > (size_t{1} << kNonuniformLanePartBits)) {
    throw InputError("config: nonuniform table: " + std::to_string(table.parts.size()) +
                     " parts, nonuniform_lane is verilated for at most " +
                     std::to_string(1 << kNonuniformLanePartBits) + " (use lane_impl = model)");
  }
  for (const UniformTable& part : table.parts) {
    if (part.n > 16) throw InputError("config: segments: nonuniform_lane parts index at most 2^16");
  }
  auto owner = std::make_shared<RtlOwner>();
  std::vector<uint32_t> row_bases;
  owner->rows = packed_rows(table, &row_bases);
  LaneSet<RtlNonuniformLane<Vnonuniform_lane>> set;
  set.lanes.reserve(static_cast<size_t>(request.count));
  for (int k = 0; k < request.count; ++k) {
    set.lanes.emplace_back(&owner->context, "lane" + std::to_string(k), table, &owner->rows,
                           !request.shared_table);
  }
  set.owner = owner;
  visit(std::move(set));
}

template <typename Visitor>
void with_rtl_lanes(const LaneRequest& request, Visitor&& visit) {
  if (request.design == LookupDesign::kValue) {
    if (!request.vcd_path.empty()) throw InputError("--vcd: waveforms need design = uniform");
    if (request.tables->value.n > 16) {
      throw InputError("config: segments: value_lut_lane indexes at most 2^16 intervals");
    }
    return visit_rtl_value(request, visit);
  }
  if (request.design == LookupDesign::kNonuniform) return visit_rtl_nonuniform(request, visit);
  if (request.design == LookupDesign::kBsearch) {
    if (!request.vcd_path.empty()) throw InputError("--vcd: waveforms need design = uniform");
    const bool iterative = request.bsearch_variant == BsearchVariant::kIterative;
    switch (request.tables->uniform.n) {
#define INTERPSIM_BSEARCH_LANES(S)                                               \
  case S:                                                                        \
    return iterative ? visit_rtl_bsearch<Vbsearch_iterative_##S>(request, visit) \
                     : visit_rtl_bsearch<Vbsearch_pipelined_##S>(request, visit);
      INTERPSIM_FOR_EACH_BSEARCH_RTL_SEG_BITS(INTERPSIM_BSEARCH_LANES)
#undef INTERPSIM_BSEARCH_LANES
      default:
        break;
    }
    std::string counts;
#define INTERPSIM_BSEARCH_COUNT(S) \
  counts += (counts.empty() ? "" : ", ") + std::to_string(1 << (S));
    INTERPSIM_FOR_EACH_BSEARCH_RTL_SEG_BITS(INTERPSIM_BSEARCH_COUNT)
#undef INTERPSIM_BSEARCH_COUNT
    throw InputError("config: segments: the binary-search RTL is verilated for " + counts +
                     " segments (use lane_impl = model for " +
                     std::to_string(request.tables->bsearch.segments()) + ")");
  }
  if (request.tables->uniform.n > 16) {
    throw InputError("config: segments: interp_lane indexes at most 2^16 segments");
  }
  const UniformTable& table = request.tables->uniform;
  const NumberFormat io = table.format;
  const NumberFormat entries = table.entries();
  if (io != NumberFormat::kFp32) {
    if (!request.vcd_path.empty()) {
      throw InputError("--vcd: waveforms are built for the fp32 lane (format = fp32)");
    }
    // The instance of interp_lane for (io, kb) (rtl/formats.cmake).
#define INTERPSIM_FORMAT_LANES(IO, KB)                                 \
  if (io == *number_format_names().parse(#IO) &&                       \
      entries == entry_format(io, *kb_format_names().parse(#KB))) {    \
    return visit_rtl_interp<Vinterp_lane_##IO##_##KB>(request, visit); \
  }
    INTERPSIM_FOR_EACH_INTERP_LANE_RTL_FORMAT(INTERPSIM_FORMAT_LANES)
#undef INTERPSIM_FORMAT_LANES
    throw InputError("config: format: interp_lane is not verilated for format " +
                     number_format_names().name(io) + " with kb " +
                     number_format_names().name(entries) + " (rtl/formats.cmake)");
  }
  if (request.vcd_path.empty()) {
    if (request.lane_array) return visit_rtl_lane_array(request, visit);
    return visit_rtl_interp<Vinterp_lane>(request, visit);
  }
  visit_rtl_interp<Vinterp_lane_trace>(request, visit);
}

}  // namespace detail

// Calls visit(LaneSet<Lane>&&) once, with the lanes `request` describes.
// InputError for a combination the build cannot provide (no RTL for the
// design, a segment count the RTL was not verilated for, --vcd on model lanes).
template <typename Visitor>
void with_lanes(const LaneRequest& request, Visitor&& visit) {
  if (request.impl == LaneImpl::kRtl) return detail::with_rtl_lanes(request, visit);
  if (!request.vcd_path.empty()) {
    throw InputError("--vcd: waveforms trace RTL lanes (set lane_impl = rtl)");
  }
  // The cycle models compute outputs in fp32 only; in another format their
  // outputs come from FormatLookup through precompute_elements.
  if (request.tables->uniform.format != NumberFormat::kFp32 && request.precomputed == nullptr) {
    throw InputError("lane_impl = model: lanes in format " +
                     number_format_names().name(request.tables->uniform.format) +
                     " need precomputed outputs (precompute_elements)");
  }
  with_model_lanes(request.design, request.bsearch_variant, *request.tables, request.count,
                   request.precomputed, visit);
}

}  // namespace interpsim::lanes
