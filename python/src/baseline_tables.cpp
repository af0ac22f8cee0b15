// interpsim.BreakpointTable (binary search) and interpsim.NonuniformTable
// (docs/design.md section 4): float32 only, as the golden models are.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <vector>

#include "model/bsearch_lookup.hpp"
#include "model/nonuniform.hpp"
#include "model/table.hpp"
#include "python/src/array_args.hpp"
#include "python/src/baseline_tables.hpp"
#include "python/src/uniform_table.hpp"

namespace interpsim::python {

namespace py = pybind11;

namespace {

EdgeMode edge_mode(const std::string& text) {
  return parse_edge_mode(text);  // std::invalid_argument -> ValueError
}

// y = batch(table, x) on a float32 array, into a new array or `out`.
template <typename Table, typename Batch>
py::array eval_float32(const Table& table, const py::array& x, const py::object& out, Batch batch) {
  require_float32(x, "this design");
  py::array y = output_like(x, out);
  const float* in = static_cast<const float*>(x.data());
  float* result = static_cast<float*>(y.mutable_data());
  const size_t count = static_cast<size_t>(x.size());
  py::gil_scoped_release release;
  batch(table, in, result, count);
  return y;
}

template <typename Table, typename Row>
py::array_t<int64_t> rows_float32(const Table& table, const py::array& x, Row row) {
  require_float32(x, "this design");
  py::array_t<int64_t> result(std::vector<py::ssize_t>(x.shape(), x.shape() + x.ndim()));
  const float* in = static_cast<const float*>(x.data());
  int64_t* out = result.mutable_data();
  for (py::ssize_t i = 0; i < x.size(); ++i) out[i] = row(table, in[i]);
  return result;
}

}  // namespace

void bind_baseline_tables(py::module_& module) {
  py::class_<BreakpointTable>(module, "BreakpointTable",
                              "Binary-search LUT: sorted breakpoints, the same entries and "
                              "edge rules as Algorithm 1 (float32).")
      .def_static(
          "generate",
          [](const std::string& func, const std::vector<float>& breakpoints,
             const std::string& edges, bool derivative) {
            return generate_breakpoint_table(func, breakpoints, edge_mode(edges), derivative);
          },
          py::arg("func"), py::arg("breakpoints"), py::arg("edges") = "extrapolate",
          py::arg("derivative") = false)
      .def_static(
          "from_uniform",
          [](const PyUniformTable& table) { return breakpoint_table_from_uniform(table.table); },
          py::arg("table"), "The same segments as a uniform table, searched by comparisons.")
      .def(
          "eval",
          [](const BreakpointTable& self, const py::array& x, const py::object& out) {
            return eval_float32(self, x, out, interp_bsearch_batch);
          },
          py::arg("x"), py::arg("out") = py::none())
      .def(
          "rows",
          [](const BreakpointTable& self, const py::array& x) {
            return rows_float32(self, x, bsearch_row);
          },
          py::arg("x"))
      .def_property_readonly("func", [](const BreakpointTable& s) { return s.func; })
      .def_property_readonly("segments", &BreakpointTable::segments)
      .def_property_readonly(
          "breakpoints", [](const BreakpointTable& s) { return array_of<float>(s.breakpoints); })
      .def_property_readonly("K", [](const BreakpointTable& s) { return array_of<float>(s.k); })
      .def_property_readonly("B", [](const BreakpointTable& s) { return array_of<float>(s.b); });

  py::class_<NonuniformTable>(module, "NonuniformTable",
                              "Power-of-two sub-intervals, each a uniform table (paper Sec. 4.5; "
                              "float32).")
      .def_static(
          "generate",
          [](const std::string& func, float a, int m, int total_segments, const std::string& edges,
             bool derivative) {
            return generate_nonuniform(func, a, m, total_segments, edge_mode(edges), derivative);
          },
          py::arg("func"), py::arg("a"), py::arg("m"), py::arg("segments"),
          py::arg("edges") = "extrapolate", py::arg("derivative") = false)
      .def(
          "eval",
          [](const NonuniformTable& self, const py::array& x, const py::object& out) {
            return eval_float32(self, x, out, interp_nonuniform_batch);
          },
          py::arg("x"), py::arg("out") = py::none())
      .def(
          "parts_of",
          [](const NonuniformTable& self, const py::array& x) {
            return rows_float32(self, x, nonuniform_part);
          },
          py::arg("x"), "The sub-interval used for each element (-1: NaN).")
      .def_property_readonly("parts",
                             [](const NonuniformTable& s) {
                               std::vector<PyUniformTable> parts;
                               for (const UniformTable& part : s.parts) parts.push_back({part, {}});
                               return parts;
                             })
      .def_property_readonly("func", [](const NonuniformTable& s) { return s.func; })
      .def_property_readonly("segments", &NonuniformTable::segments)
      .def_property_readonly("memory_bytes", &NonuniformTable::memory_bytes);
}

}  // namespace interpsim::python
