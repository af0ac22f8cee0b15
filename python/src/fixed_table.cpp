// interpsim.FixedTable: generate, load, save, inspect and evaluate
// fixed-point tables (docs/design.md section 12, "Fixed point") on int8,
// int16 and int32 NumPy arrays without copies; LBFP8 encode and decode.
#include "python/src/fixed_table.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/fixed_point.hpp"
#include "model/fixed_table_error.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/fixed_tbl_io.hpp"
#include "model/fixed_trace.hpp"
#include "model/functions.hpp"
#include "model/input_error.hpp"
#include "model/lbfp.hpp"
#include "model/lbfp_lane.hpp"
#include "python/src/array_args.hpp"

namespace interpsim::python {

namespace py = pybind11;

namespace {

// The table with its batch model (an 8/16-bit one tabulates its 2^W outputs
// at construction, so it is built once).
struct PyFixedTable {
  std::shared_ptr<const FixedLookup> lookup;

  const FixedTable& table() const { return lookup->table(); }
};

PyFixedTable wrap(FixedTable table) {
  return PyFixedTable{std::make_shared<const FixedLookup>(std::move(table))};
}

// `interpsim table --format intW` (sim/cli/fixed_commands.cpp): the same
// defaults and the same reason after "KEY: ".
PyFixedTable generate(const std::string& func, long long segments, std::optional<float> a,
                      std::optional<int> m, std::optional<std::string> edges, bool derivative,
                      const std::string& format, std::optional<int> fx) {
  const FunctionInfo* info = nullptr;
  try {
    info = &find_function(func);
  } catch (const std::invalid_argument& error) {
    throw InputError(std::string("func: ") + error.what());
  }
  const auto width = fixed_format_names().parse(format);
  if (!width) {
    throw InputError("format: '" + format + "' is not one of " + fixed_format_names().choices());
  }
  EdgeMode mode = info->default_edges;
  if (edges) {
    try {
      mode = parse_edge_mode(*edges);
    } catch (const std::invalid_argument& error) {
      throw InputError(std::string("edges: ") + error.what());
    }
  }
  const int n = require_segment_bits(segments);
  // As the CLI: a is read as a float32, then widened.
  const double start = static_cast<double>(a.value_or(info->default_a));
  try {
    return wrap(generate_fixed_table(func, start, m.value_or(info->default_m), n, mode, *width, fx,
                                     derivative));
  } catch (const std::invalid_argument& error) {
    throw InputError(std::string(fx ? "fx" : "format") + ": " + error.what());
  }
}

// InputError unless x holds the table's integers (its dtype, C order).
void require_fixed_array(const py::array& x, FixedFormat format) {
  require_fixed_dtype("array", dtype_text(x), format);
  require_contiguous(x, "array");
}

template <typename Int>
void run_typed(const FixedLookup& lookup, const py::array& x, py::array& y, FixedRounding rounding,
               uint32_t seed) {
  const auto* in = static_cast<const Int*>(x.data());
  auto* result = static_cast<Int*>(y.mutable_data());
  const size_t count = static_cast<size_t>(x.size());
  py::gil_scoped_release release;
  lookup.run(in, result, count, rounding, seed);
}

// `interpsim eval` of a fixed-point table: y has x's dtype and shape.
py::array eval(const PyFixedTable& self, const py::array& x, const py::object& out,
               const std::string& rounding_name, uint32_t seed) {
  const auto rounding = fixed_rounding_names().parse(rounding_name);
  if (!rounding) {
    throw InputError("rounding: '" + rounding_name + "' is not one of " +
                     fixed_rounding_names().choices());
  }
  require_fixed_array(x, self.table().format);
  py::array y = output_like(x, out);
  switch (self.table().format) {
    case FixedFormat::kInt8:
      run_typed<int8_t>(*self.lookup, x, y, *rounding, seed);
      break;
    case FixedFormat::kInt16:
      run_typed<int16_t>(*self.lookup, x, y, *rounding, seed);
      break;
    case FixedFormat::kInt32:
      run_typed<int32_t>(*self.lookup, x, y, *rounding, seed);
      break;
  }
  return y;
}

// LBFP8 elements and block exponents from arrays (checked as the trace reader
// would: dtypes, C order, one exponent per block).
LbfpTrace lbfp_trace_of(const py::array& elements, const py::array& exponents, size_t block) {
  if (dtype_text(elements) != "|u1") {
    throw InputError("elements: dtype '" + dtype_text(elements) + "' is not uint8 ('|u1')");
  }
  if (dtype_text(exponents) != "|i1") {
    throw InputError("exponents: dtype '" + dtype_text(exponents) + "' is not int8 ('|i1')");
  }
  require_contiguous(elements, "elements");
  require_contiguous(exponents, "exponents");
  if (block < 1) throw InputError("block: must be at least 1");
  LbfpTrace trace;
  trace.block = block;
  const auto* e = static_cast<const uint8_t*>(elements.data());
  const auto* x = static_cast<const int8_t*>(exponents.data());
  trace.elements.assign(e, e + elements.size());
  trace.exponents.assign(x, x + exponents.size());
  const size_t blocks = (trace.elements.size() + block - 1) / block;
  if (trace.exponents.size() != blocks) {
    throw InputError("exponents: " + std::to_string(trace.exponents.size()) + " given, but " +
                     std::to_string(trace.elements.size()) + " elements in blocks of " +
                     std::to_string(block) + " need " + std::to_string(blocks));
  }
  return trace;
}

py::tuple lbfp8_encode_array(const py::array& x, size_t block, int offset) {
  require_float32(x, "lbfp8_encode");
  if (block < 1) throw InputError("block: must be at least 1");
  if (offset < 0) throw InputError("offset: must be at least 0");
  const auto* in = static_cast<const float*>(x.data());
  const LbfpTrace trace =
      lbfp8_encode_trace(std::vector<float>(in, in + x.size()), block, offset, "array");
  return py::make_tuple(array_of<uint8_t>(trace.elements), array_of<int8_t>(trace.exponents));
}

py::array_t<double> lbfp8_decode_array(const py::array& elements, const py::array& exponents,
                                       size_t block) {
  return array_of<double>(lbfp8_decode_trace(lbfp_trace_of(elements, exponents, block)));
}

// `interpsim table --format intW`'s error report (max_ulp in lsbs of y).
py::dict error(const PyFixedTable& self, size_t samples) {
  if (samples < 2) throw InputError("samples: need at least 2 samples");
  std::string method;
  ErrorReport report;
  {
    py::gil_scoped_release release;
    report = measure_fixed_table_error(self.table(), samples, method);
  }
  py::dict d = error_report_dict(report);
  d["ulp_unit"] = "lsb";
  d["method"] = method;
  return d;
}

}  // namespace

void bind_fixed_table(py::module_& module) {
  py::class_<PyFixedTable>(module, "FixedTable",
                           "A fixed-point table of Algorithm 1 (docs/design.md section 12).")
      .def_static("generate", &generate, py::arg("func"), py::arg("segments") = 4096,
                  py::arg("a") = py::none(), py::arg("m") = py::none(),
                  py::arg("edges") = py::none(), py::arg("derivative") = false,
                  py::arg("format") = "int16", py::arg("fx") = py::none(),
                  "`interpsim table --format int8|int16|int32`: the chord table of func (or f') "
                  "on [a, a + 2^m]; a, m and edges default to the function's registry "
                  "defaults, fx to the most fractional bits the interval allows.")
      .def_static(
          "load", [](const std::string& path) { return wrap(read_fixed_tbl(path)); },
          py::arg("path"), "Reads a fixed-point .tbl file.")
      .def(
          "save",
          [](const PyFixedTable& self, const std::string& path) {
            write_fixed_tbl(self.table(), path);
          },
          py::arg("path"), "Writes a .tbl file (atomically).")
      .def("text", [](const PyFixedTable& self) { return format_fixed_tbl(self.table()); })
      .def("eval", &eval, py::arg("x"), py::arg("out") = py::none(), py::arg("rounding") = "rne",
           py::arg("seed") = 1,
           "`interpsim eval`: y = interp(T, x) for every element, bit-exact with the golden "
           "model; x holds the integers q (value q * 2^-fx) in the table's width ('|i1', "
           "'<i2', '<i4'), C-contiguous; y (value y * 2^-fy) has x's dtype and shape. "
           "rounding 'rne' or 'stochastic' (xorshift32 from seed, advanced per element).")
      .def(
          "eval_lbfp8",
          [](const PyFixedTable& self, const py::array& elements, const py::array& exponents,
             size_t block) {
            if (self.table().format == FixedFormat::kInt32) {
              throw InputError("format=int32; an LBFP8 input needs an int8 or int16 table");
            }
            return array_of<int64_t>(
                fixed_eval_lbfp8(self.table(), lbfp_trace_of(elements, exponents, block)));
          },
          py::arg("elements"), py::arg("exponents"), py::arg("block") = 16,
          "`interpsim eval --in-format lbfp8`: each element decoded into x at fx, then the "
          "golden model to nearest even; y's integers (int64).")
      .def("error", &error, py::arg("samples") = 1000001,
           "Error against the float64 function on (a, b): every input for int8/int16, "
           "`samples` evenly spaced ones for int32; max_ulp in lsbs of y (2^-fy).")
      .def_property_readonly("func", [](const PyFixedTable& s) { return s.table().func; })
      .def_property_readonly("derivative",
                             [](const PyFixedTable& s) { return s.table().derivative; })
      .def_property_readonly(
          "format",
          [](const PyFixedTable& s) { return fixed_format_names().name(s.table().format); })
      .def_property_readonly("dtype",
                             [](const PyFixedTable& s) { return fixed_dtype(s.table().format); })
      .def_property_readonly(
          "fx", [](const PyFixedTable& s) { return s.table().fx; }, "fractional bits of x and a")
      .def_property_readonly(
          "fy", [](const PyFixedTable& s) { return s.table().fy; }, "fractional bits of y")
      .def_property_readonly(
          "fk", [](const PyFixedTable& s) { return s.table().fk; }, "fractional bits of K")
      .def_property_readonly(
          "fb", [](const PyFixedTable& s) { return s.table().fb; }, "fractional bits of B")
      .def_property_readonly(
          "qa", [](const PyFixedTable& s) { return s.table().qa; }, "a = qa * 2^-fx")
      .def_property_readonly("a", [](const PyFixedTable& s) { return s.table().a(); })
      .def_property_readonly("b", [](const PyFixedTable& s) { return s.table().upper(); })
      .def_property_readonly("m", [](const PyFixedTable& s) { return s.table().m; })
      .def_property_readonly("n", [](const PyFixedTable& s) { return s.table().n; })
      .def_property_readonly("segments", [](const PyFixedTable& s) { return s.table().segments(); })
      .def_property_readonly("edges",
                             [](const PyFixedTable& s) { return edge_mode_name(s.table().edges); })
      .def_property_readonly(
          "K", [](const PyFixedTable& s) { return read_only_array_of<int64_t>(s.table().k); },
          "K[0..N+1] as integers (read-only copy; rows N, N+1 are the edges)")
      .def_property_readonly(
          "B", [](const PyFixedTable& s) { return read_only_array_of<int64_t>(s.table().b); },
          "B[0..N+1] as integers (read-only copy)")
      .def("__repr__", [](const PyFixedTable& s) {
        const FixedTable& t = s.table();
        return "<interpsim.FixedTable " + t.func + (t.derivative ? "'" : "") +
               " a=" + py::str(py::float_(t.a())).cast<std::string>() +
               " m=" + std::to_string(t.m) + " n=" + std::to_string(t.n) +
               " edges=" + edge_mode_name(t.edges) +
               " format=" + fixed_format_names().name(t.format) + " fx=" + std::to_string(t.fx) +
               " fy=" + std::to_string(t.fy) + ">";
      });

  module.def("lbfp8_encode", &lbfp8_encode_array, py::arg("x"), py::arg("block") = 16,
             py::arg("offset") = 0,
             "LBFP8 of a float32 array (flattened): (elements uint8, exponents int8), blocks "
             "of `block` consecutive elements, E = the block's max exponent - offset.");
  module.def("lbfp8_decode", &lbfp8_decode_array, py::arg("elements"), py::arg("exponents"),
             py::arg("block") = 16, "The float64 values of LBFP8 elements and block exponents.");
}

}  // namespace interpsim::python
