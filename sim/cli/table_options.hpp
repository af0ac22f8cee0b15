// The function/interval options shared by `table` and `compare`; they fill a
// TableSpec (sim/common/table_spec.hpp), the one typed path to the tables.
#pragma once

#include <string>

#include "model/functions.hpp"
#include "model/table.hpp"
#include "sim/cli/options.hpp"
#include "sim/common/table_spec.hpp"

namespace interpsim::cli {

// Adds --func (required unless `default_func` is given), --a, --m, --edges and
// --derivative; a, m and edges default to the function's registry entry.
void add_function_options(po::options_description& options, const std::string& default_func = "");

// One line per registered function: name, default interval [a, a + 2^m],
// default edge mode, description; for --help texts.
std::string function_defaults_text();

// Resolves the options added above into a TableSpec with func (a registered
// function), a, m, edges (the user's or the function's defaults) and
// derivative set; segments, design and format keep their defaults. Throws
// UsageError naming the option.
TableSpec resolve_function_options(const po::variables_map& values);

// Adds --format F and --kb KB (docs/design.md section 12), default fp32.
void add_format_options(po::options_description& options);

// Reads --format and --kb into spec.format and spec.kb; throws UsageError
// naming the option for an unknown name.
void resolve_format_options(const po::variables_map& values, TableSpec& spec);

// Checks a, m, n of docs/design.md sections 3 and 12 and names the option at
// fault: --n outside 0..20, --m when w = 2^(m-n) or 2^m is out of float32
// range or w is not a normal number of the format, --a when a is not a
// multiple of w, a breakpoint is not representable, or a or b is not a value
// of the format.
void check_interval_options(float a, int m, int n, NumberFormat format = NumberFormat::kFp32);

}  // namespace interpsim::cli
