// interpsim eval: run a table over a .npy trace with the Algorithm 1 golden model.
#include <iostream>
#include <string>
#include <vector>

#include "model/npy_io.hpp"
#include "model/tbl_io.hpp"
#include "model/uniform_lookup.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report.hpp"

namespace interpsim::cli {

int run_eval(int argc, char** argv) {
  po::options_description options;
  options.add_options()                                                            //
      ("table", po::value<std::string>()->required(), "table file (.tbl)")         //
      ("in", po::value<std::string>()->required(), "input trace (.npy, float32)")  //
      ("out", po::value<std::string>()->required(),
       "output file (.npy, float32, the input's shape)");
  const CommandHelp help{
      "interpsim eval --table T.tbl --in X.npy --out Y.npy",
      "Evaluates y = interp(T, x) (Algorithm 1, bit-exact golden model) for every element\n"
      "of the trace, writes the outputs with the input's shape, and prints their error\n"
      "against the table's function in float64 over the finite inputs."};
  po::variables_map values;
  if (!parse_options(argc, argv, help, options, values)) return 0;

  // Read and check both inputs before writing anything.
  const std::string table_path = values["table"].as<std::string>();
  const std::string input_path = values["in"].as<std::string>();
  const std::string output_path = values["out"].as<std::string>();
  const UniformTable table = read_tbl(table_path);
  const NpyArray input = read_npy(input_path);

  std::vector<float> output(input.data.size());
  interp_uniform_batch(table, input.data.data(), output.data(), output.size());
  write_npy(output_path, output, input.shape);

  std::cout << "eval: " << input.data.size() << " elements " << shape_text(input.shape) << " from "
            << input_path << "\n"
            << "table: " << describe_table(table) << "\n"
            << "wrote " << output_path << "\n";
  print_trace_error(std::cout, table, input.data, output);
  return 0;
}

}  // namespace interpsim::cli
