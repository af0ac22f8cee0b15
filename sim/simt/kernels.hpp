// The SIMT model's kernels as per-thread programs (docs/simt.md, "Kernels"):
// natives and i-GELU from gpu_ref's measured instruction mixes, software
// Algorithm 1 (global and shared table), software binary search, hardware
// INTERP, and a copy micro-kernel.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "sim/common/table_spec.hpp"
#include "sim/simt/isa.hpp"
#include "sim/simt/simt_config.hpp"

namespace interpsim::simt {

// Per-element instruction counts by execution unit, from gpu_ref's
// instruction_mix.json (classes folded onto units, docs/simt.md).
using UnitMix = std::array<int, kUnitCount>;

struct KernelMix {
  UnitMix per_element{};  // one element, one search step for bsearch
  UnitMix loop_body{};    // bsearch: each further search step
};

// Reads mixes[set][kernel] of the instruction-mix JSON. Throws InputError
// naming the file when the file, the set or the kernel is missing.
KernelMix read_kernel_mix(const std::string& path, const std::string& set,
                          const std::string& kernel);

// What a kernel computes, so the simulator can set up buffers and check it:
// a lookup over a table (checked against its design's golden model), a
// native function (the C library's value, ORACLE; nothing to check), or a copy.
enum class KernelKind { kTable, kNative, kCopy };

struct KernelInfo {
  std::string name;
  std::string default_func;  // "" when the kernel takes the configured function
  KernelKind kind;
  LookupDesign design;  // kTable: how the kernel finds the segment
  const char* description;
  bool uses_table() const { return kind == KernelKind::kTable; }
};

const std::vector<KernelInfo>& all_kernels();
// Throws InputError naming `where` for an unknown kernel.
const KernelInfo& find_kernel(const std::string& name, const std::string& where);
std::string kernel_names();

// The paper's interval for a function (Sec. 4.2): exp [-16, 0], tanh [-4, 4],
// sigmoid [-8, 8], gelu [-5, 3]; other functions: the registry's default.
void paper_interval(const std::string& func, float& a, int& m);

struct TableShape {
  float a = 0;
  float b = 0;
  int m = 0;
  int n = 0;  // log2 segments
};

// Throws InputError (one line, naming the format) when `kernel` cannot run
// in config.table's format: the natives and bsearch are fp32 only; software
// Algorithm 1 runs in fp16/bf16 with kb = io (HADD/HFMA in the format), not
// in fp8 (no fp8 ALU) nor with kb = fp32 (no single-rounded mixed FMA);
// interp and copy take every format.
void check_kernel_format(const KernelInfo& kernel, const SimtConfig& config);

// Builds the program of `kernel` for a table of `shape` (ignored by kernels
// without a table); real instructions first, then mix filler so that each
// unit's count per element equals the measured mix where one exists. The
// data are in config.table's format (element and entry widths in
// Program::buffer_bytes); check_kernel_format's errors.
Program build_program(const KernelInfo& kernel, const TableShape& shape, const SimtConfig& config);

// The search steps of the software binary search over N segments (gpu_ref's loop).
int bsearch_steps(int segments);

}  // namespace interpsim::simt
