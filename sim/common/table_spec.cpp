#include "sim/common/table_spec.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "model/float_text.hpp"
#include "model/functions.hpp"
#include "model/input_error.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"

namespace interpsim {

namespace {

void add_shape_params(ParamTable<TableSpec>& params) {
  params.text("func", &TableSpec::func, "function of the generated table")
      .add(
          "a", "interval start, decimal or 0x float32 bits (empty: the function's default)",
          [](const TableSpec& s) { return nlohmann::json(s.a ? shortest_decimal(*s.a) : ""); },
          [](TableSpec& s, const std::string& text, const std::string& where) {
            if (text.empty()) {
              s.a.reset();
              return;
            }
            const std::optional<float> a = parse_float32(text);
            if (!a || !std::isfinite(*a)) {
              throw_bad_param(where, "a", "'" + text + "' is not a finite float32");
            }
            s.a = *a;
          })
      .add(
          "m", "interval length 2^m, b = a + 2^m (empty: the function's default)",
          [](const TableSpec& s) { return nlohmann::json(s.m ? std::to_string(*s.m) : ""); },
          [](TableSpec& s, const std::string& text, const std::string& where) {
            if (text.empty()) {
              s.m.reset();
              return;
            }
            const std::optional<long long> m = parse_integer(text);
            if (!m || *m < -126 || *m > 127) {
              throw_bad_param(where, "m", "'" + text + "' is not an integer in -126..127");
            }
            s.m = static_cast<int>(*m);
          })
      .integer("segments", &TableSpec::segments, 1, 1 << kMaxSegmentBits,
               "segments N, a power of two", true)
      .add(
          "edges",
          "edge rows: extrapolate (= paper) | saturate | asymptote (empty: the function's "
          "default)",
          [](const TableSpec& s) {
            return nlohmann::json(s.edges ? edge_mode_name(*s.edges) : "");
          },
          [](TableSpec& s, const std::string& text, const std::string& where) {
            if (text.empty()) {
              s.edges.reset();
              return;
            }
            try {
              s.edges = parse_edge_mode(text);
            } catch (const std::invalid_argument& error) {
              throw_bad_param(where, "edges", error.what());
            }
          })
      .choice("format", &TableSpec::format, number_format_names(), "number format of x and y")
      .choice("kb", &TableSpec::kb, kb_format_names(),
              "format of the entries K and B: fp32, or io (the format key's)");
}

}  // namespace

const EnumNames<LookupDesign>& lookup_design_names() {
  static const EnumNames<LookupDesign> names{{LookupDesign::kUniform, "uniform"},
                                             {LookupDesign::kBsearch, "bsearch"},
                                             {LookupDesign::kNonuniform, "nonuniform"},
                                             {LookupDesign::kValue, "value"}};
  return names;
}

const EnumNames<BsearchVariant>& bsearch_variant_names() {
  static const EnumNames<BsearchVariant> names{{BsearchVariant::kPipelined, "pipelined"},
                                               {BsearchVariant::kIterative, "iterative"}};
  return names;
}

int TableSpec::segment_bits() const {
  int bits = 0;
  while ((1 << bits) < segments) ++bits;
  return bits;
}

const ParamTable<TableSpec>& table_shape_params() {
  static const ParamTable<TableSpec> params = [] {
    ParamTable<TableSpec> p;
    add_shape_params(p);
    return p;
  }();
  return params;
}

const ParamTable<TableSpec>& table_design_params() {
  static const ParamTable<TableSpec> params = [] {
    ParamTable<TableSpec> p;
    p.choice("design", &TableSpec::design, lookup_design_names(), "lookup design")
        .choice("bsearch_variant", &TableSpec::bsearch_variant, bsearch_variant_names(),
                "binary-search hardware")
        .text("table", &TableSpec::file, "a .tbl file (overrides func/a/m/segments/edges)");
    add_shape_params(p);
    return p;
  }();
  return params;
}

void resolve_table_spec(TableSpec& spec) {
  if (!spec.file.empty()) {
    const UniformTable table = read_tbl(spec.file);
    spec.func = table.func;
    spec.a = table.a;
    spec.m = table.m;
    spec.segments = static_cast<int>(table.segments());
    spec.edges = table.edges;
    spec.format = table.format;
    spec.kb = table.kb;
    spec.derivative = is_derivative_table(table);
    return;
  }
  const FunctionInfo* info = nullptr;
  try {
    info = &find_function(spec.func);
  } catch (const std::invalid_argument& error) {
    throw InputError(std::string("config: func: ") + error.what());
  }
  if (!spec.a) spec.a = info->default_a;
  if (!spec.m) spec.m = info->default_m;
  if (!spec.edges) spec.edges = info->default_edges;
}

LookupTables build_lookup_tables(TableSpec& spec) {
  resolve_table_spec(spec);
  LookupTables tables;
  if (!spec.file.empty()) {
    tables.uniform = read_tbl(spec.file);
  } else {
    const std::string problem =
        check_table_params(*spec.a, *spec.m, spec.segment_bits(), spec.format);
    if (!problem.empty()) throw InputError("config: a/m/segments: " + problem);
    tables.uniform = generate_table(spec.func, *spec.a, *spec.m, spec.segment_bits(), *spec.edges,
                                    spec.derivative, spec.format, spec.kb);
  }
  const UniformTable& u = tables.uniform;
  if (u.format != NumberFormat::kFp32 && spec.design != LookupDesign::kUniform) {
    throw InputError("config: design: " + lookup_design_names().name(spec.design) +
                     " is built for fp32 only (format=" + number_format_names().name(u.format) +
                     " takes design=uniform)");
  }
  std::ostringstream description;
  description << u.func << " on [" << shortest_decimal(u.a) << ", " << shortest_decimal(u.upper())
              << "), " << u.segments() << " segments, edges " << edge_mode_name(u.edges) << ", "
              << lookup_design_names().name(spec.design);
  if (u.format != NumberFormat::kFp32 || u.kb != KbFormat::kFp32) {
    description << ", " << number_format_names().name(u.format) << " (kb "
                << kb_format_names().name(u.kb) << ")";
  }
  tables.memory_bytes = u.rows() * 2 * static_cast<size_t>(format_bits(u.entries()) / 8);
  if (spec.design == LookupDesign::kBsearch) {
    tables.bsearch = breakpoint_table_from_uniform(u);
    tables.memory_bytes += tables.bsearch.breakpoints.size() * 4;
    description << " (" << bsearch_variant_names().name(spec.bsearch_variant) << ")";
  } else if (spec.design == LookupDesign::kNonuniform) {
    try {
      tables.nonuniform = generate_nonuniform(u.func, u.a, u.m, static_cast<int>(u.segments()),
                                              u.edges, spec.derivative);
    } catch (const std::invalid_argument& error) {
      throw InputError(std::string("config: nonuniform table: ") + error.what());
    }
    tables.memory_bytes = tables.nonuniform.memory_bytes();
    description << " (" << tables.nonuniform.parts.size() << " parts)";
  } else if (spec.design == LookupDesign::kValue) {
    try {
      tables.value = generate_value_lut(u.func, ValueLutMode::kLinear, u.a, u.m, 0, u.n, u.edges,
                                        spec.derivative);
    } catch (const std::invalid_argument& error) {
      throw InputError(std::string("config: value table: ") + error.what());
    }
    tables.memory_bytes = tables.value.memory_bytes();
    description << " (linear, " << tables.value.entries() << " entries)";
  }
  tables.description = description.str();
  return tables;
}

}  // namespace interpsim
