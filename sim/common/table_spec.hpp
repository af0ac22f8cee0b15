// The one typed path from a configuration to its tables and lookup design
// (docs/design.md sections 3, 4 and 12): which function, interval, segment
// count, edge rows, design and number format. Parsed once (the parameters
// below), resolved once (the function's defaults filled in), built once
// (build_lookup_tables). Used by `simd`, `simt`, `compare`, `demo` and `table`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "model/bsearch_lookup.hpp"
#include "model/enum_names.hpp"
#include "model/nonuniform.hpp"
#include "model/number_format.hpp"
#include "model/table.hpp"
#include "model/value_lut.hpp"
#include "sim/common/params.hpp"

namespace interpsim {

// How a segment is found: Algorithm 1's O(1) index (uniform), binary search
// over the breakpoints (bsearch), or search over sub-intervals, then
// Algorithm 1 inside (nonuniform), or the NVDLA-style value LUT on the same
// breakpoints, linear mode (value, model/value_lut.hpp).
enum class LookupDesign { kUniform, kBsearch, kNonuniform, kValue };
// Binary-search hardware: one comparison level per stage (II 1) or one
// comparator used log2 N times.
enum class BsearchVariant { kPipelined, kIterative };

const EnumNames<LookupDesign>& lookup_design_names();
const EnumNames<BsearchVariant>& bsearch_variant_names();

struct TableSpec {
  std::string file;  // a .tbl file; when set it gives func, a, m, segments and edges
  std::string func = "gelu";
  std::optional<float> a;         // interval start; unset: the function's default
  std::optional<int> m;           // interval length 2^m; unset: the function's default
  int segments = 4096;            // N, a power of two
  std::optional<EdgeMode> edges;  // unset: the function's default
  LookupDesign design = LookupDesign::kUniform;
  BsearchVariant bsearch_variant = BsearchVariant::kPipelined;
  NumberFormat format = NumberFormat::kFp32;
  KbFormat kb = KbFormat::kFp32;  // format of K and B: fp32 or the io format
  // Tabulate f' instead of f (the backward pass). A property of the table, not
  // a configuration key: set by the CLI's --derivative, or read from a .tbl
  // file's derivative=1 header.
  bool derivative = false;

  int segment_bits() const;  // n = log2(segments)
};

// The keys of the table itself: func, a, m, segments, edges, format, kb
// (not derivative).
const ParamTable<TableSpec>& table_shape_params();
// The shape keys plus where the table comes from and how it is searched:
// table (a .tbl file), design, bsearch_variant.
const ParamTable<TableSpec>& table_design_params();

// Every table a design needs, built once.
struct LookupTables {
  UniformTable uniform;        // always (the segments; bsearch and nonuniform start from it)
  BreakpointTable bsearch;     // design = bsearch
  NonuniformTable nonuniform;  // design = nonuniform
  ValueLutTable value;         // design = value: linear mode, the uniform table's breakpoints
  std::string description;     // one line: function, interval, segments, edges, design
  size_t memory_bytes = 0;     // table memory of the design (one copy)
};

// Fills the unset fields of `spec` with their effective values (from the
// .tbl file, derivative included, or the function's registry defaults), so
// that a configuration printed afterwards repeats the run. InputError "config: KEY: reason".
void resolve_table_spec(TableSpec& spec);

// resolve_table_spec, then the tables of spec.design. InputError naming the
// key for an invalid interval or segment count.
LookupTables build_lookup_tables(TableSpec& spec);

}  // namespace interpsim
