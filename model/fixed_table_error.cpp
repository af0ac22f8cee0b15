#include "model/fixed_table_error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "model/fixed_table_gen.hpp"

namespace interpsim {

ErrorReport measure_fixed_table_error(const FixedTable& table, size_t samples,
                                      std::string& method) {
  const int64_t lo = std::max(table.qa + 1, fixed_min(table.format));
  const int64_t hi =
      std::min(table.qa + (int64_t{1} << (table.m + table.fx)) - 1, fixed_max(table.format));
  const double lsb = std::ldexp(1.0, -table.fy);
  const auto approx = [&](int64_t q) { return static_cast<double>(fixed_eval(table, q)) * lsb; };
  if (lo > hi) {
    method = "every-value";
    return ErrorReport{};
  }
  int64_t step = 1;
  method = "every-value";
  if (table.format == FixedFormat::kInt32 && static_cast<uint64_t>(hi - lo) + 1 > samples) {
    step = std::max<int64_t>(1, (hi - lo) / static_cast<int64_t>(samples - 1));
    method = "uniform-samples";
  }
  return measure_fixed_error(approx, reference_of(table), table.fx, lsb, lo, hi, step);
}

}  // namespace interpsim
