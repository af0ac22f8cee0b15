// A uniform table as Python sees it (interpsim.Table): the model's
// UniformTable with its batch lookup built once, on first use.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>

#include "model/format_lookup.hpp"
#include "model/table.hpp"

namespace interpsim::python {

struct PyUniformTable {
  UniformTable table;
  // FormatLookup tabulates every input of an 8/16-bit format: built lazily.
  std::shared_ptr<const FormatLookup> lookup;

  const FormatLookup& batch();
};

void bind_uniform_table(pybind11::module_& module);

}  // namespace interpsim::python
