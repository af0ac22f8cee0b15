// Configuration of the SIMD array simulation (docs/simulator.md lists every
// key). Each key is declared once, in simd_params() (sim/common/params.hpp):
// the INI keys, the --KEY VALUE options and the stats' `config` object all
// come from there; the defaults are the member initializers below.
#pragma once

#include <string>

#include "model/enum_names.hpp"
#include "sim/common/params.hpp"
#include "sim/common/table_spec.hpp"
#include "sim/lanes/lane_impl.hpp"

namespace interpsim::simd {

using lanes::LaneImpl;

enum class TableOrg { kPrivate, kBanked, kMultiport };
enum class Arbitration { kRoundRobin, kFixed };
enum class Operation { kMap, kSoftmax };
enum class ReciprocalImpl { kUnit, kDivider };
// How the array is simulated: fast (the steady-state skip where it is exact,
// clock by clock elsewhere) or cycle (clock by clock always); both give the
// same cycles, statistics and outputs.
enum class EngineMode { kFast, kCycle };

const EnumNames<TableOrg>& table_org_names();
const EnumNames<Operation>& operation_names();
const EnumNames<EngineMode>& engine_mode_names();

struct SimdConfig {
  int lanes = 64;
  // Bits of one sub-word slot of a 32-bit lane (docs/design.md section 6,
  // "Decision (sub-word lanes)"): 32 / subword elements per lane per cycle,
  // each slot with its own table port; the format's elements must fit.
  int subword = 32;
  LaneImpl lane_impl = LaneImpl::kRtl;
  // The table and its lookup design: a .tbl file, or generated from
  // func/a/m/segments/edges (a, m, edges: the function's defaults when unset).
  TableSpec table;
  TableOrg table_org = TableOrg::kPrivate;
  int banks = 16;
  int read_ports = 4;
  Arbitration arbitration = Arbitration::kRoundRobin;
  double memory_bytes_per_cycle = 512;
  int memory_latency = 20;
  int lane_fifo_depth = 64;
  Operation operation = Operation::kMap;
  // The input trace: a .npy file, or "builtin" (trace_count BERT-FFN-like
  // GELU pre-activations, the demo's trace).
  std::string trace = "builtin";
  long long trace_count = 1 << 20;
  // Softmax: row length for a 1-D trace (a 2-D trace's last dimension wins),
  // the exp table's interval start (x - max <= 0), the reciprocal's implementation.
  long long softmax_cols = 1024;
  float softmax_exp_a = -16;
  ReciprocalImpl reciprocal = ReciprocalImpl::kUnit;
  int reciprocal_segments = 256;
  int divider_latency = 16;
  // Waveforms: lanes traced by --vcd (RTL lanes only).
  int vcd_lanes = 1;
  bool check = true;  // compare every output with the golden model
  EngineMode engine = EngineMode::kFast;
  // fp32 uniform RTL lanes as slices of interp_lane_array models (false: one
  // verilated interp_lane per lane). Same cycles, statistics and outputs;
  // not a key of simd_params(): the tests set it to compare the two.
  bool rtl_lane_array = true;
  // Host threads evaluating those models' rising edges (1 or 2). Default 1:
  // two threads gained nothing on the shared 2-core build machine
  // (docs/results/sim-throughput.md, "RTL lanes in array models").
  int rtl_lane_threads = 1;
};

// Sub-word slots per 32-bit lane: 32 / subword.
inline int subword_slots(const SimdConfig& config) {
  return 32 / config.subword;
}

// Every key of the SIMD array, declared once.
const ParamTable<SimdConfig>& simd_params();

}  // namespace interpsim::simd
