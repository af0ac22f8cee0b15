// interpsim eval: run a table over a .npy trace with the Algorithm 1 golden model.
#include <iostream>
#include <string>
#include <vector>

#include "model/fixed_tbl_io.hpp"
#include "model/float_bits.hpp"
#include "model/format_lookup.hpp"
#include "model/format_trace.hpp"
#include "model/tbl_io.hpp"
#include "model/tbl_text.hpp"
#include "sim/cli/fixed_commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"

namespace interpsim::cli {

int run_eval(int argc, char** argv) {
  po::options_description options;
  options.add_options()                                                     //
      ("table", po::value<std::string>()->required(), "table file (.tbl)")  //
      ("in", po::value<std::string>()->required(),
       "input trace (.npy in the table's format: '<f4' for fp32, '<f2' for fp16, raw '<u2' or "
       "'|u1' bits, or '<f4' values exact in the format)")  //
      ("out", po::value<std::string>()->required(),
       "output file (.npy, the input's dtype and shape)")  //
      ("rounding", po::value<std::string>()->default_value("rne"),
       "fixed-point tables: rne (to nearest even) or stochastic (docs/design.md section 12)")  //
      ("seed", po::value<uint32_t>()->default_value(1),
       "fixed-point tables, --rounding stochastic: the xorshift32 stream's seed")  //
      ("in-format", po::value<std::string>()->value_name("F"),
       "lbfp8: the trace is LBFP8 ('|u1', a row per block: exponent byte, elements; see\n"
       "calibrate --codes), decoded into an int8/int16 table's x (docs/design.md section 12)");
  const CommandHelp help{
      "interpsim eval --table T.tbl --in X.npy --out Y.npy",
      "Evaluates y = interp(T, x) (Algorithm 1, bit-exact golden model) for every element\n"
      "of the trace in the table's number format (the .tbl header's format=, default fp32),\n"
      "writes the outputs with the input's dtype and shape, and prints their error against\n"
      "the table's function in float64 over the finite inputs (max ulp in the format's ulps).\n"
      "A fixed-point table (format=int8|int16|int32) takes the integers of its width\n"
      "('|i1', '<i2', '<i4'; x = q * 2^-fx) and writes y's integers (y = q * 2^-fy).\n"
      "With --in-format lbfp8 an int8/int16 table takes an LBFP8 trace, each element\n"
      "decoded to x = q * 2^-fx by the unit's antilog step, and writes y's integers in a\n"
      "(blocks, block size) array; the error is against f at the exact LBFP8 value."};
  po::variables_map values;
  if (!parse_options(argc, argv, help, options, values)) return 0;

  // Read and check both inputs before writing anything.
  const std::string table_path = values["table"].as<std::string>();
  const std::string input_path = values["in"].as<std::string>();
  const std::string output_path = values["out"].as<std::string>();
  if (values.count("in-format") != 0) {
    if (values["in-format"].as<std::string>() != "lbfp8") {
      throw_bad_option("in-format", "'" + values["in-format"].as<std::string>() + "' is not lbfp8");
    }
    if (!is_fixed_format_name(tbl_format_key(table_path))) {
      throw_bad_option("in-format", "lbfp8 needs a fixed-point table (format=int8|int16)");
    }
    if (!values["rounding"].defaulted() || !values["seed"].defaulted()) {
      throw_bad_option(values["rounding"].defaulted() ? "seed" : "rounding",
                       "not with --in-format lbfp8 (rne only)");
    }
    return run_fixed_eval_lbfp8(table_path, input_path, output_path);
  }
  if (is_fixed_format_name(tbl_format_key(table_path))) {
    return run_fixed_eval(table_path, input_path, output_path, values["rounding"].as<std::string>(),
                          values["seed"].as<uint32_t>());
  }
  if (!values["rounding"].defaulted() || !values["seed"].defaulted()) {
    throw_bad_option(values["rounding"].defaulted() ? "seed" : "rounding",
                     "only for a fixed-point table (format=int8|int16|int32)");
  }
  const UniformTable table = read_tbl(table_path);
  const FormatTrace input = read_format_trace(input_path, table.format);
  const std::vector<float> input_values = trace_values(table.format, input.bits);

  const FormatLookup lookup(table);
  std::vector<uint32_t> output(input.bits.size());
  if (table.format == NumberFormat::kFp32) {
    std::vector<float> values(output.size());
    lookup.run(input_values.data(), values.data(), values.size());
    for (size_t i = 0; i < values.size(); ++i) output[i] = float_to_bits(values[i]);
  } else {
    for (size_t i = 0; i < output.size(); ++i) output[i] = lookup(input.bits[i]);
  }
  write_format_trace(output_path, input, output);

  std::cout << "eval: " << input.bits.size() << " elements " << shape_text(input.shape) << " ("
            << input.dtype << ") from " << input_path << "\n"
            << "table: " << describe_table(table) << "\n"
            << "wrote " << output_path << "\n";
  print_trace_error(std::cout, table, input_values, trace_values(table.format, output));
  return 0;
}

}  // namespace interpsim::cli
