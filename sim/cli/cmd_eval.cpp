// interpsim eval: run a table over a .npy trace with the Algorithm 1 golden model.
#include <iostream>
#include <string>
#include <vector>

#include "model/float_bits.hpp"
#include "model/format_lookup.hpp"
#include "model/format_trace.hpp"
#include "model/tbl_io.hpp"
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
       "output file (.npy, the input's dtype and shape)");
  const CommandHelp help{
      "interpsim eval --table T.tbl --in X.npy --out Y.npy",
      "Evaluates y = interp(T, x) (Algorithm 1, bit-exact golden model) for every element\n"
      "of the trace in the table's number format (the .tbl header's format=, default fp32),\n"
      "writes the outputs with the input's dtype and shape, and prints their error against\n"
      "the table's function in float64 over the finite inputs (max ulp in the format's ulps)."};
  po::variables_map values;
  if (!parse_options(argc, argv, help, options, values)) return 0;

  // Read and check both inputs before writing anything.
  const std::string table_path = values["table"].as<std::string>();
  const std::string input_path = values["in"].as<std::string>();
  const std::string output_path = values["out"].as<std::string>();
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
