#include "python/src/array_args.hpp"

#include <algorithm>
#include <vector>

#include "model/format_trace.hpp"
#include "model/input_error.hpp"

namespace interpsim::python {

std::string dtype_text(const py::array& array) {
  return py::str(array.dtype().attr("str"));
}

void require_contiguous(const py::array& array, const std::string& name) {
  if ((array.flags() & py::array::c_style) == 0) {
    throw InputError(name +
                     ": not C-contiguous (pass np.ascontiguousarray(x) or, for a torch "
                     "tensor, x.contiguous())");
  }
}

void require_trace_array(const py::array& array, NumberFormat format) {
  const std::string dtype = dtype_text(array);
  // trace_dtypes lists them quoted: "'<f2', '<u2' or '<f4'".
  if (trace_dtypes(format).find("'" + dtype + "'") == std::string::npos) {
    throw InputError(dtype_mismatch_message("array", dtype, format));
  }
  require_contiguous(array, "array");
}

void require_float32(const py::array& array, const std::string& what) {
  if (dtype_text(array) != "<f4") {
    throw InputError("array: dtype '" + dtype_text(array) + "' is not float32 ('<f4'), which " +
                     what + " takes");
  }
  require_contiguous(array, "array");
}

py::array output_like(const py::array& input, const py::object& out) {
  std::vector<py::ssize_t> shape(input.shape(), input.shape() + input.ndim());
  if (out.is_none()) return py::array(input.dtype(), shape);
  py::array given = py::reinterpret_borrow<py::array>(out);
  if (!py::isinstance<py::array>(out)) throw InputError("out: not a NumPy array");
  if (dtype_text(given) != dtype_text(input) || given.ndim() != input.ndim() ||
      !std::equal(shape.begin(), shape.end(), given.shape())) {
    throw InputError("out: dtype '" + dtype_text(given) +
                     "' and shape must equal the input's (dtype '" + dtype_text(input) + "')");
  }
  require_contiguous(given, "out");
  if (!given.writeable()) throw InputError("out: array is read-only");
  return given;
}

py::dict error_report_dict(const ErrorReport& report) {
  py::dict d;
  d["samples"] = report.samples;
  d["l2"] = report.l2;
  d["linf"] = report.linf;
  d["mean_abs"] = report.mean_abs;
  d["max_ulp"] = report.max_ulp;
  d["worst_x"] = report.worst_x;
  return d;
}

}  // namespace interpsim::python
