// The extension module interpsim._core: the C++ golden models for Python.
#include <pybind11/pybind11.h>

#include "model/input_error.hpp"
#include "python/src/baseline_tables.hpp"
#include "python/src/fixed_table.hpp"
#include "python/src/functions.hpp"
#include "python/src/uniform_table.hpp"

PYBIND11_MODULE(_core, module) {
  module.doc() = "interpsim golden models (docs/design.md section 13)";
  // Bad input carries the CLI's one-line message; a ValueError, so callers
  // can catch either.
  pybind11::register_exception<interpsim::InputError>(module, "InputError", PyExc_ValueError);
  interpsim::python::bind_uniform_table(module);
  interpsim::python::bind_baseline_tables(module);
  interpsim::python::bind_fixed_table(module);
  interpsim::python::bind_functions(module);
}
