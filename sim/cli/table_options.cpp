#include "sim/cli/table_options.hpp"

#include <cstdio>
#include <stdexcept>

namespace interpsim::cli {

void add_function_options(po::options_description& options, const std::string& default_func) {
  auto func = po::value<std::string>()->value_name("NAME");
  if (default_func.empty()) {
    func->required();
  } else {
    func->default_value(default_func);
  }
  options.add_options()                                                                    //
      ("func", func, ("function: " + function_names()).c_str())                            //
      ("a", po::value<std::string>()->value_name("A"),                                     //
       "interval start, decimal or 0x float32 bits (default: the function's)")             //
      ("m", po::value<int>()->value_name("M"),                                             //
       "interval length 2^M, b = a + 2^M (default: the function's)")                       //
      ("edges", po::value<std::string>()->value_name("MODE"),                              //
       "edge rows: extrapolate (= paper), saturate, asymptote (default: the function's)")  //
      ("derivative", po::bool_switch(), "tabulate f' instead of f (backward pass)");
}

std::string function_defaults_text() {
  std::string text = "Functions (default interval [a, a + 2^m], default edges):\n";
  char line[200];
  for (const FunctionInfo& info : all_functions()) {
    std::snprintf(line, sizeof line, "  %-11s a=%-6g m=%-3d %-12s %s\n", info.name.c_str(),
                  static_cast<double>(info.default_a), info.default_m,
                  edge_mode_name(info.default_edges).c_str(), info.description.c_str());
    text += line;
  }
  text.pop_back();  // the caller adds the line breaks around it
  return text;
}

TableSpec resolve_function_options(const po::variables_map& values) {
  TableSpec spec;
  spec.func = values["func"].as<std::string>();
  const FunctionInfo* info = nullptr;
  try {
    info = &find_function(spec.func);
  } catch (const std::invalid_argument& error) {
    throw_bad_option("func", error.what());
  }
  spec.a = values.count("a") != 0 ? parse_float_option("a", values["a"].as<std::string>())
                                  : info->default_a;
  spec.m = values.count("m") != 0 ? values["m"].as<int>() : info->default_m;
  spec.edges = info->default_edges;
  if (values.count("edges") != 0) {
    try {
      spec.edges = parse_edge_mode(values["edges"].as<std::string>());
    } catch (const std::invalid_argument& error) {
      throw_bad_option("edges", error.what());
    }
  }
  spec.derivative = values["derivative"].as<bool>();
  return spec;
}

void add_format_options(po::options_description& options) {
  options.add_options()  //
      ("format", po::value<std::string>()->default_value("fp32")->value_name("F"),
       ("number format of x, a, b and y: " + number_format_names().choices()).c_str())  //
      ("kb", po::value<std::string>()->default_value("fp32")->value_name("KB"),
       "format of the entries K and B: fp32, or io (the --format itself)");
}

void resolve_format_options(const po::variables_map& values, TableSpec& spec) {
  const std::string format = values["format"].as<std::string>();
  const auto parsed = number_format_names().parse(format);
  if (!parsed) {
    throw_bad_option("format", "'" + format + "' is not one of " + number_format_names().choices());
  }
  spec.format = *parsed;
  const std::string kb = values["kb"].as<std::string>();
  const auto parsed_kb = kb_format_names().parse(kb);
  if (!parsed_kb)
    throw_bad_option("kb", "'" + kb + "' is not one of " + kb_format_names().choices());
  spec.kb = *parsed_kb;
}

void check_interval_options(float a, int m, int n, NumberFormat format) {
  if (n < 0 || n > kMaxSegmentBits) {
    throw_bad_option("n", std::to_string(n) + " is outside 0.." + std::to_string(kMaxSegmentBits));
  }
  // With a = 0 only the sizes 2^m and w = 2^(m-n) can be at fault.
  std::string why = check_table_params(0.0f, m, n, format);
  if (!why.empty()) throw_bad_option("m", why);
  why = check_table_params(a, m, n, format);
  if (!why.empty()) throw_bad_option("a", why);
}

}  // namespace interpsim::cli
