// NumPy arrays in and out of the golden models without copies: the checks
// (dtype, C order, writability) whose messages follow the CLI's trace
// messages with "array" in place of the file name (model/format_trace.hpp).
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <string>

#include "model/error_metrics.hpp"
#include "model/number_format.hpp"

namespace interpsim::python {

namespace py = pybind11;

// The dtype of an array as NumPy spells it: '<f4', '<f2', '<u2', '|u1', ...
std::string dtype_text(const py::array& array);

// InputError unless the array is C-contiguous (the batch models read it flat).
void require_contiguous(const py::array& array, const std::string& name);

// InputError unless the array's dtype is one a trace in `format` may have
// (fp32 '<f4'; fp16 '<f2', '<u2' or exact '<f4'; bf16 '<u2' or '<f4'; fp8
// '|u1' or '<f4'), and it is C-contiguous.
void require_trace_array(const py::array& array, NumberFormat format);

// An output array like `input` (dtype and shape), or `out` checked to be one.
py::array output_like(const py::array& input, const py::object& out);

// InputError unless the array holds float32 ('<f4') and is C-contiguous.
void require_float32(const py::array& array, const std::string& what);

// A new 1-D NumPy array of T holding `values` (a copy).
template <typename T, typename Source>
py::array_t<T> array_of(const Source& values) {
  py::array_t<T> result(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), result.mutable_data());
  return result;
}

// array_of, marked read-only (a table's K or B column).
template <typename T, typename Source>
py::array_t<T> read_only_array_of(const Source& values) {
  py::array_t<T> result = array_of<T>(values);
  result.attr("setflags")(py::arg("write") = false);
  return result;
}

// The figures of an error report every table type's error() returns
// (samples, l2, linf, mean_abs, max_ulp, worst_x); the caller adds its unit.
py::dict error_report_dict(const ErrorReport& report);

}  // namespace interpsim::python
