// interpsim.Table: generate, load, save, inspect and evaluate uniform tables
// (docs/design.md sections 3 and 12) on NumPy arrays without copies.
#include "python/src/uniform_table.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <vector>

#include "model/error_metrics.hpp"
#include "model/float_format.hpp"
#include "model/format_trace.hpp"
#include "model/functions.hpp"
#include "model/input_error.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"
#include "model/uniform_lookup.hpp"
#include "python/src/array_args.hpp"

namespace interpsim::python {

namespace py = pybind11;

const FormatLookup& PyUniformTable::batch() {
  if (!lookup) lookup = std::make_shared<const FormatLookup>(table);
  return *lookup;
}

namespace {

template <typename Enum>
Enum parse_name(const EnumNames<Enum>& names, const std::string& key, const std::string& text) {
  const auto parsed = names.parse(text);
  if (!parsed) throw InputError(key + ": '" + text + "' is not one of " + names.choices());
  return *parsed;
}

// The keys and messages of `interpsim table` (sim/cli/table_options.cpp):
// the same reason after "KEY: ".
PyUniformTable generate(const std::string& func, long long segments, std::optional<float> a,
                        std::optional<int> m, std::optional<std::string> edges, bool derivative,
                        const std::string& format, const std::string& kb) {
  const FunctionInfo* info = nullptr;
  try {
    info = &find_function(func);
  } catch (const std::invalid_argument& error) {
    throw InputError(std::string("func: ") + error.what());
  }
  const NumberFormat io = parse_name(number_format_names(), "format", format);
  const KbFormat entries = parse_name(kb_format_names(), "kb", kb);
  EdgeMode mode = info->default_edges;
  if (edges) {
    try {
      mode = parse_edge_mode(*edges);
    } catch (const std::invalid_argument& error) {
      throw InputError(std::string("edges: ") + error.what());
    }
  }
  const int n = require_segment_bits(segments);
  const float start = a.value_or(info->default_a);
  const int length = m.value_or(info->default_m);
  std::string why = check_table_params(0.0f, length, n, io);
  if (!why.empty()) throw InputError("m: " + why);
  why = check_table_params(start, length, n, io);
  if (!why.empty()) throw InputError("a: " + why);
  PyUniformTable result;
  result.table = generate_table(func, start, length, n, mode, derivative, io, entries);
  return result;
}

// Evaluates x (a trace array of the table's format) into `out`.
py::array eval(PyUniformTable& self, const py::array& x, const py::object& out) {
  const UniformTable& table = self.table;
  require_trace_array(x, table.format);
  py::array y = output_like(x, out);
  const size_t count = static_cast<size_t>(x.size());
  const FormatLookup& lookup = self.batch();
  const std::string dtype = dtype_text(x);
  if (table.format == NumberFormat::kFp32) {
    const float* in = static_cast<const float*>(x.data());
    float* result = static_cast<float*>(y.mutable_data());
    py::gil_scoped_release release;
    lookup.run(in, result, count);
  } else if (dtype == "<f4") {
    // Exact values of the format: their bits, the lookup, the values again.
    std::vector<uint32_t> bits(count);
    exact_format_bits(table.format, static_cast<const float*>(x.data()), count, bits.data(),
                      "array");
    float* result = static_cast<float*>(y.mutable_data());
    py::gil_scoped_release release;
    for (size_t i = 0; i < count; ++i) result[i] = decode_value(table.format, lookup(bits[i]));
  } else if (dtype == "|u1") {
    const auto* in = static_cast<const uint8_t*>(x.data());
    auto* result = static_cast<uint8_t*>(y.mutable_data());
    py::gil_scoped_release release;
    lookup.run(in, result, count);
  } else {  // '<f2' (fp16) or '<u2': 16-bit patterns
    const auto* in = static_cast<const uint16_t*>(x.data());
    auto* result = static_cast<uint16_t*>(y.mutable_data());
    py::gil_scoped_release release;
    lookup.run(in, result, count);
  }
  return y;
}

// The row Algorithm 1 reads for each element (0..N+1; -1 for NaN).
py::array_t<int64_t> rows(const PyUniformTable& self, const py::array& x) {
  const UniformTable& table = self.table;
  require_trace_array(x, table.format);
  const size_t count = static_cast<size_t>(x.size());
  py::array_t<int64_t> result(std::vector<py::ssize_t>(x.shape(), x.shape() + x.ndim()));
  int64_t* row = result.mutable_data();
  const std::string dtype = dtype_text(x);
  if (table.format == NumberFormat::kFp32) {
    const float* in = static_cast<const float*>(x.data());
    py::gil_scoped_release release;
    for (size_t i = 0; i < count; ++i) row[i] = uniform_row(table, in[i]);
    return result;
  }
  std::vector<uint32_t> bits(count);
  if (dtype == "<f4") {
    exact_format_bits(table.format, static_cast<const float*>(x.data()), count, bits.data(),
                      "array");
  } else if (dtype == "|u1") {
    const auto* in = static_cast<const uint8_t*>(x.data());
    for (size_t i = 0; i < count; ++i) bits[i] = in[i];
  } else {
    const auto* in = static_cast<const uint16_t*>(x.data());
    for (size_t i = 0; i < count; ++i) bits[i] = in[i];
  }
  py::gil_scoped_release release;
  for (size_t i = 0; i < count; ++i)
    row[i] = format_row(table, decode_value(table.format, bits[i]));
  return result;
}

py::dict error_dict(const ErrorReport& report) {
  py::dict d = error_report_dict(report);
  d["ulp_format"] = number_format_names().name(report.ulp_format);
  return d;
}

// Error against the float64 function on (a, b): `samples` evenly spaced
// float32 points in fp32, every value of the format otherwise.
py::dict error(PyUniformTable& self, size_t samples) {
  const UniformTable& table = self.table;
  const RealFunction reference = reference_of(table);
  const FormatLookup& lookup = self.batch();
  // The open interval (a, b), as `interpsim table` samples it.
  const float lo = std::nextafter(table.a, INFINITY);
  const float hi = std::nextafter(table.upper(), -INFINITY);
  ErrorReport report;
  {
    py::gil_scoped_release release;
    if (table.format == NumberFormat::kFp32) {
      const auto approx = [&](float x) { return interp_uniform(table, x); };
      report = measure_error(approx, reference, lo, hi, samples);
    } else {
      const auto approx = [&](float x) {
        return decode_value(table.format, lookup(*encode_exact(table.format, x)));
      };
      report = measure_error_every_value(table.format, approx, reference, lo, hi);
    }
  }
  py::dict result = error_dict(report);
  result["reachable_segments"] = reachable_segments(table);
  return result;
}

}  // namespace

void bind_uniform_table(py::module_& module) {
  py::class_<PyUniformTable>(module, "Table",
                             "A uniform table of Algorithm 1 (docs/design.md sections 3, 12).")
      .def_static("generate", &generate, py::arg("func"), py::arg("segments") = 4096,
                  py::arg("a") = py::none(), py::arg("m") = py::none(),
                  py::arg("edges") = py::none(), py::arg("derivative") = false,
                  py::arg("format") = "fp32", py::arg("kb") = "fp32",
                  "The chord table of func (or f') on [a, a + 2^m]; a, m and edges default to "
                  "the function's registry defaults.")
      .def_static(
          "load",
          [](const std::string& path) {
            PyUniformTable result;
            result.table = read_tbl(path);
            return result;
          },
          py::arg("path"), "Reads a .tbl file.")
      .def(
          "save",
          [](const PyUniformTable& self, const std::string& path) { write_tbl(self.table, path); },
          py::arg("path"), "Writes a .tbl file (atomically).")
      .def("text", [](const PyUniformTable& self) { return format_tbl(self.table); })
      .def("eval", &eval, py::arg("x"), py::arg("out") = py::none(),
           "y = interp(T, x) for every element, bit-exact with the golden model; x is a "
           "C-contiguous array of a dtype a trace of the table's format may have, y has "
           "x's dtype and shape.")
      .def("rows", &rows, py::arg("x"), "The row read for each element (N, N+1: edges; -1: NaN).")
      .def("error", &error, py::arg("samples") = 1000001,
           "Error against the float64 function on (a, b) (paper eqs. 7-8).")
      .def_property_readonly("func", [](const PyUniformTable& s) { return s.table.func; })
      .def_property_readonly("a", [](const PyUniformTable& s) { return s.table.a; })
      .def_property_readonly("b", [](const PyUniformTable& s) { return s.table.upper(); })
      .def_property_readonly("m", [](const PyUniformTable& s) { return s.table.m; })
      .def_property_readonly("n", [](const PyUniformTable& s) { return s.table.n; })
      .def_property_readonly("segments", [](const PyUniformTable& s) { return s.table.segments(); })
      .def_property_readonly("edges",
                             [](const PyUniformTable& s) { return edge_mode_name(s.table.edges); })
      .def_property_readonly(
          "format",
          [](const PyUniformTable& s) { return number_format_names().name(s.table.format); })
      .def_property_readonly(
          "kb", [](const PyUniformTable& s) { return kb_format_names().name(s.table.kb); })
      .def_property_readonly("derivative",
                             [](const PyUniformTable& s) { return is_derivative_table(s.table); })
      .def_property_readonly(
          "K", [](const PyUniformTable& s) { return read_only_array_of<float>(s.table.k); },
          "K[0..N+1] (read-only copy; rows N, N+1 are the edges)")
      .def_property_readonly(
          "B", [](const PyUniformTable& s) { return read_only_array_of<float>(s.table.b); },
          "B[0..N+1] (read-only copy)")
      .def("__repr__", [](const PyUniformTable& s) {
        const UniformTable& t = s.table;
        return "<interpsim.Table " + t.func + (is_derivative_table(t) ? "'" : "") +
               " a=" + py::str(py::float_(t.a)).cast<std::string>() + " m=" + std::to_string(t.m) +
               " n=" + std::to_string(t.n) + " edges=" + edge_mode_name(t.edges) +
               " format=" + number_format_names().name(t.format) + ">";
      });
}

}  // namespace interpsim::python
