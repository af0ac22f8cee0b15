// A fixed-point table's error against its float64 function (docs/design.md
// section 12, "Fixed point"): what `interpsim table --format intW` reports and
// interpsim.FixedTable.error() returns.
#pragma once

#include <cstddef>
#include <string>

#include "model/error_metrics.hpp"
#include "model/fixed_point.hpp"

namespace interpsim {

// Every input in (a, b) for int8/int16, `samples` evenly spaced ones (the
// ends included) for int32 when there are more; `method` says which
// ("every-value" | "uniform-samples"); max_ulp in lsbs of y.
ErrorReport measure_fixed_table_error(const FixedTable& table, size_t samples, std::string& method);

}  // namespace interpsim
