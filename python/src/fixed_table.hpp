// interpsim.FixedTable and the LBFP8 codec: the fixed-point tables of
// docs/design.md section 12 (model/fixed_point.hpp) for Python.
#pragma once

#include <pybind11/pybind11.h>

namespace interpsim::python {

void bind_fixed_table(pybind11::module_& module);

}  // namespace interpsim::python
