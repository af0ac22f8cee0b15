// The fixed-point paths of `interpsim table` and `interpsim eval`
// (docs/design.md section 12, "Fixed point"; docs/cli.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "model/error_metrics.hpp"
#include "model/fixed_point.hpp"
#include "model/fixed_table_error.hpp"  // measure_fixed_table_error
#include "sim/cli/options.hpp"
#include "sim/common/table_spec.hpp"

namespace interpsim::cli {

// An int8/int16 table's error against its float64 function over every LBFP8
// input (element, block exponent) whose exact value lies in (a, b), each
// decoded into x as the unit does (lbfp8_decode_fixed); max_ulp in lsbs of y.
ErrorReport measure_fixed_table_error_lbfp8(const FixedTable& table);

// N + 2 rows of K and B in the table's width.
size_t fixed_table_bytes(const FixedTable& table);

// True when --format names a fixed-point format (int8, int16, int32).
bool is_fixed_format_option(const po::variables_map& values);

// `table --format intW`: generates the table (fx from --fx or the default),
// measures its error (every input in (a, b) for int8/int16; `samples` evenly
// spaced inputs for int32), prints it, then writes the .tbl and the JSON.
int run_fixed_table(const po::variables_map& values, const TableSpec& spec, int n,
                    const std::string& out_path, const std::string& json_path, size_t samples);

// `eval` with a fixed-point .tbl: the trace's integers through the golden
// model (rne, or stochastic from `seed`), written with the input's dtype.
int run_fixed_eval(const std::string& table_path, const std::string& input_path,
                   const std::string& output_path, const std::string& rounding, uint32_t seed);

// `eval --in-format lbfp8` with an int8/int16 .tbl: the LBFP8 trace's
// elements decoded into x (model/lbfp_lane), then the golden model to
// nearest even; y's integers written as a (blocks, block size) array.
int run_fixed_eval_lbfp8(const std::string& table_path, const std::string& input_path,
                         const std::string& output_path);

}  // namespace interpsim::cli
