// Bindings of the function registry (float64 references), i-GELU and the
// softmax golden model.
#pragma once

#include <pybind11/pybind11.h>

namespace interpsim::python {

void bind_functions(pybind11::module_& module);

}  // namespace interpsim::python
