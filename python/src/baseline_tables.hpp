// Bindings of the binary-search and non-uniform baselines.
#pragma once

#include <pybind11/pybind11.h>

namespace interpsim::python {

void bind_baseline_tables(pybind11::module_& module);

}  // namespace interpsim::python
