// interpsim.reference (f and f' in float64, the `exact` backward), i-GELU,
// and interpsim.softmax_rows (model/softmax_rows.hpp).
#include "python/src/functions.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <vector>

#include "model/functions.hpp"
#include "model/igelu.hpp"
#include "model/input_error.hpp"
#include "model/softmax_rows.hpp"
#include "python/src/array_args.hpp"
#include "python/src/uniform_table.hpp"

namespace interpsim::python {

namespace py = pybind11;

namespace {

std::vector<py::ssize_t> shape_of(const py::array& x) {
  return std::vector<py::ssize_t>(x.shape(), x.shape() + x.ndim());
}

py::array_t<double> reference(const std::string& func, const py::array& x, bool derivative) {
  if (dtype_text(x) != "<f8") {
    throw InputError("array: dtype '" + dtype_text(x) + "' is not float64 ('<f8'), which " +
                     "reference takes");
  }
  require_contiguous(x, "array");
  RealFunction f = nullptr;
  try {
    f = table_reference(func, derivative);
  } catch (const std::invalid_argument& error) {
    throw InputError(std::string("func: ") + error.what());
  }
  py::array_t<double> y(shape_of(x));
  const double* in = static_cast<const double*>(x.data());
  double* out = y.mutable_data();
  const size_t count = static_cast<size_t>(x.size());
  py::gil_scoped_release release;
  for (size_t i = 0; i < count; ++i) out[i] = f(in[i]);
  return y;
}

// Softmax over the last axis; returns (y, exp values, 1/sum per row).
py::tuple softmax(const py::array& x, const PyUniformTable& exp, const PyUniformTable* reciprocal,
                  int lanes) {
  require_float32(x, "softmax");
  if (x.ndim() < 1) throw InputError("array: softmax needs at least one axis");
  if (lanes < 1) throw InputError("lanes: " + std::to_string(lanes) + " is not positive");
  if (exp.table.format != NumberFormat::kFp32 ||
      (reciprocal != nullptr && reciprocal->table.format != NumberFormat::kFp32)) {
    throw InputError("format: softmax runs in fp32 only");
  }
  const size_t cols = static_cast<size_t>(x.shape(x.ndim() - 1));
  const size_t rows = cols == 0 ? 0 : static_cast<size_t>(x.size()) / cols;
  py::array_t<float> y(shape_of(x));
  py::array_t<float> e(shape_of(x));
  std::vector<py::ssize_t> row_shape(x.shape(), x.shape() + x.ndim() - 1);
  py::array_t<float> inverse(row_shape);
  const float* in = static_cast<const float*>(x.data());
  float* out = y.mutable_data();
  float* exp_out = e.mutable_data();
  float* inverse_out = inverse.mutable_data();
  const UniformTable* unit = reciprocal != nullptr ? &reciprocal->table : nullptr;
  {
    py::gil_scoped_release release;
    softmax_rows(exp.table, unit, lanes, in, out, rows, cols, exp_out, inverse_out);
  }
  return py::make_tuple(y, e, inverse);
}

template <typename Batch>
py::array float32_map(const py::array& x, Batch batch) {
  require_float32(x, "i-GELU");
  py::array y(x.dtype(), shape_of(x));
  const float* in = static_cast<const float*>(x.data());
  float* out = static_cast<float*>(y.mutable_data());
  const size_t count = static_cast<size_t>(x.size());
  py::gil_scoped_release release;
  batch(in, out, count);
  return y;
}

}  // namespace

void bind_functions(py::module_& module) {
  module.def(
      "functions",
      [] {
        std::vector<std::string> names;
        for (const FunctionInfo& info : all_functions()) names.push_back(info.name);
        return names;
      },
      "The names of the registered functions.");
  module.def(
      "defaults",
      [](const std::string& func) {
        const FunctionInfo& info = find_function(func);
        py::dict d;
        d["a"] = info.default_a;
        d["m"] = info.default_m;
        d["edges"] = edge_mode_name(info.default_edges);
        d["description"] = info.description;
        return d;
      },
      py::arg("func"), "The registry's default interval and edge mode of a function.");
  module.def("reference", &reference, py::arg("func"), py::arg("x"), py::arg("derivative") = false,
             "f(x) (or f'(x)) in float64 for a float64 array.");
  module.def("softmax_rows", &softmax, py::arg("x"), py::arg("exp"), py::arg("reciprocal"),
             py::arg("lanes") = 64,
             "The SIMD array's softmax over the last axis of a float32 array: (y, exp(x - max), "
             "1/sum per row); reciprocal None divides.");
  module.def(
      "igelu_f32", [](const py::array& x) { return float32_map(x, igelu_f32_batch); }, py::arg("x"),
      "I-BERT's i-GELU, float32 form.");
  module.def(
      "igelu_i32",
      [](const py::array& x, double scale) {
        const IgeluIntParams params = igelu_int_params(scale);
        return float32_map(x, [&](const float* in, float* out, size_t count) {
          igelu_i32_batch(params, in, out, count);
        });
      },
      py::arg("x"), py::arg("input_scale") = kIgeluDefaultScale,
      "I-BERT's i-GELU, INT32 form (quantized, evaluated, dequantized).");
}

}  // namespace interpsim::python
