// interpsim calibrate: a fixed-point input format for a trace (docs/design.md
// section 12): the clipping threshold by KL divergence or the largest
// magnitude, the fractional bits it implies and, for a function, the table.
#include <cmath>
#include <iostream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "model/atomic_file.hpp"
#include "model/calibrate.hpp"
#include "model/fixed_table_gen.hpp"
#include "model/fixed_tbl_io.hpp"
#include "model/functions.hpp"
#include "model/input_error.hpp"
#include "model/lbfp.hpp"
#include "model/lbfp_trace_io.hpp"
#include "model/npy_io.hpp"
#include "sim/cli/options.hpp"
#include "sim/common/json_text.hpp"

namespace interpsim::cli {

namespace {

// The function's interval when the width holds it at fx, else the whole
// range of the width at fx: [-2^(W-1-fx), 2^(W-1-fx)).
std::pair<double, int> table_interval(const FunctionInfo& info, FixedFormat format, int fx) {
  if (fixed_interval_fits(format, info.default_a, info.default_m, fx)) {
    return {info.default_a, info.default_m};
  }
  const int width = fixed_width(format);
  return {-std::ldexp(1.0, width - 1 - fx), width - fx};
}

CalibrationMethod method_option(const po::variables_map& values) {
  const std::string name = values["method"].as<std::string>();
  const auto method = calibration_method_names().parse(name);
  if (!method) {
    throw_bad_option("method",
                     "'" + name + "' is not one of " + calibration_method_names().choices());
  }
  return *method;
}

// calibrate --format lbfp8: the block exponent offset and what it does.
int run_lbfp8(const po::variables_map& values) {
  const std::string input_path = values["in"].as<std::string>();
  const CalibrationMethod method = method_option(values);
  for (const char* option : {"func", "out"}) {
    if (values.count(option) != 0) throw_bad_option(option, "not with --format lbfp8");
  }
  const size_t block = values["block"].as<size_t>();
  if (block < 1 || block > 65536) throw_bad_option("block", "expected 1 .. 65536");
  const NpyArray trace = read_npy(input_path);
  const LbfpCalibration result =
      lbfp8_calibrate(trace.data, block, method == CalibrationMethod::kKl, input_path);
  std::vector<float> decoded_values;
  LbfpTrace encoded;
  if (values.count("decoded") != 0 || values.count("codes") != 0) {
    encoded = lbfp8_encode_trace(trace.data, block, result.offset, input_path);
  }
  if (values.count("decoded") != 0) {
    const std::vector<double> decoded = lbfp8_decode_trace(encoded);
    decoded_values.assign(decoded.begin(), decoded.end());
  }
  std::cout << "calibrate: " << trace.data.size() << " elements from " << input_path
            << ", lbfp8 blocks of " << block << "\n"
            << "method " << calibration_method_names().name(method)
            << ": block exponent = block max exponent - " << result.offset;
  if (method == CalibrationMethod::kKl) std::cout << " (KL " << result.kl << ")";
  std::cout << "\nmean relative error " << result.mean_relative_error << ", " << result.flushed
            << " nonzero inputs flushed to zero, " << result.saturated << " saturated\n";
  if (!decoded_values.empty()) {
    write_npy(values["decoded"].as<std::string>(), decoded_values, trace.shape);
    std::cout << "wrote " << values["decoded"].as<std::string>() << "\n";
  }
  if (values.count("codes") != 0) {
    write_lbfp8_trace(values["codes"].as<std::string>(), encoded);
    std::cout << "wrote " << values["codes"].as<std::string>() << "\n";
  }
  if (values.count("json") != 0) {
    nlohmann::ordered_json out;
    out["command"] = "calibrate";
    out["input"] = input_path;
    out["format"] = "lbfp8";
    out["method"] = calibration_method_names().name(method);
    out["block"] = block;
    out["offset"] = result.offset;
    out["kl"] = result.kl;
    out["kl_by_offset"] = result.kl_by_offset;
    out["mean_relative_error"] = result.mean_relative_error;
    out["flushed"] = result.flushed;
    out["saturated"] = result.saturated;
    write_file_atomically(values["json"].as<std::string>(), json_text(out, 2) + "\n");
  }
  return 0;
}

}  // namespace

int run_calibrate(int argc, char** argv) {
  po::options_description options;
  options.add_options()  //
      ("in", po::value<std::string>()->required()->value_name("X.npy"),
       "the calibration trace (float32 '<f4', e.g. a layer's captured inputs)")  //
      ("format", po::value<std::string>()->required()->value_name("F"),
       "int8 | int16 | int32 (int32: --method max) | lbfp8 (the block exponents' offset)")  //
      ("method", po::value<std::string>()->default_value("kl"),
       "kl (KL divergence, TensorRT's entropy calibration) | max (the largest |x|)")  //
      ("func", po::value<std::string>()->value_name("NAME"),
       "also make this function's table at the calibrated fx")  //
      ("segments", po::value<int>()->default_value(256)->value_name("N"),
       "with --func: segments, a power of two")                                                //
      ("out", po::value<std::string>()->value_name("T.tbl"), "with --func: write the table")   //
      ("json", po::value<std::string>()->value_name("FILE"), "write the calibration as JSON")  //
      ("block", po::value<size_t>()->default_value(16)->value_name("B"),
       "lbfp8: elements per block (one shared exponent each)")  //
      ("decoded", po::value<std::string>()->value_name("Y.npy"),
       "lbfp8: write the trace encoded and decoded back ('<f4')")  //
      ("codes", po::value<std::string>()->value_name("C.npy"),
       "lbfp8: write the encoded trace ('|u1', a row per block: exponent byte, elements)");
  const CommandHelp help{
      "interpsim calibrate --in X.npy --format int8|int16|int32 [--method kl|max]\n"
      "                    [--func NAME [--segments N] [--out T.tbl]] [--json FILE]\n"
      "interpsim calibrate --in X.npy --format lbfp8 [--block B] [--method kl|max]\n"
      "                    [--decoded Y.npy] [--codes C.npy] [--json FILE]",
      "Chooses the clipping threshold T of a trace's values for a fixed-point format:\n"
      "max takes the largest |x|; kl takes the threshold whose quantized histogram is\n"
      "closest (KL divergence) to the float one (docs/design.md section 12 says how).\n"
      "Prints T, the share of values it clips and fx, the most fractional bits that hold\n"
      "T; with --func, the table at that fx (the function's interval when the width\n"
      "holds it, else the width's whole range) and its header.\n"
      "lbfp8 (logarithmic block floating point, docs/design.md section 12): each block's\n"
      "shared exponent is its max exponent minus an offset, 0 (max) or the one in 0..8 whose\n"
      "decoded histogram is closest to the input's (kl)."};
  po::variables_map values;
  if (!parse_options(argc, argv, help, options, values)) return 0;
  const std::string input_path = values["in"].as<std::string>();
  if (values["format"].as<std::string>() == "lbfp8") return run_lbfp8(values);
  if (values.count("decoded") != 0 || values.count("codes") != 0 || !values["block"].defaulted()) {
    throw_bad_option(values.count("decoded") != 0 ? "decoded"
                     : values.count("codes") != 0 ? "codes"
                                                  : "block",
                     "only with --format lbfp8");
  }
  const auto format = fixed_format_names().parse(values["format"].as<std::string>());
  if (!format) {
    throw_bad_option("format", "'" + values["format"].as<std::string>() + "' is not one of " +
                                   fixed_format_names().choices());
  }
  const CalibrationMethod method = method_option(values);
  if (values.count("out") != 0 && values.count("func") == 0) {
    throw_bad_option("out", "needs --func (the table to write)");
  }
  const FunctionInfo* info = nullptr;
  if (values.count("func") != 0) {
    try {
      info = &find_function(values["func"].as<std::string>());
    } catch (const std::exception& error) {
      throw_bad_option("func", error.what());
    }
  }
  const int segments = values["segments"].as<int>();
  const std::optional<int> segment_count_bits = segment_bits(segments);
  if (!segment_count_bits) throw_bad_option("segments", segments_refusal(segments));
  const int n = *segment_count_bits;

  const NpyArray trace = read_npy(input_path);
  Calibration result;
  try {
    result = calibrate(trace.data, *format, method, input_path);
  } catch (const std::invalid_argument& error) {
    throw_bad_option("method", error.what());
  }
  std::optional<FixedTable> table;
  if (info != nullptr) {
    const auto [a, m] = table_interval(*info, *format, result.fx);
    try {
      table = generate_fixed_table(info->name, a, m, n, info->default_edges, *format, result.fx);
    } catch (const std::invalid_argument& error) {
      throw_bad_option("segments", error.what());
    }
  }
  const std::string name = fixed_format_names().name(*format);
  std::cout << "calibrate: " << trace.data.size() << " elements from " << input_path << ", "
            << result.finite << " finite, max |x| " << result.max_abs << "\n";
  std::cout << "method " << calibration_method_names().name(method);
  if (method == CalibrationMethod::kKl) {
    std::cout << " (" << result.bins << " bins, " << result.candidates << " thresholds, KL "
              << result.kl << ")";
  }
  std::cout << ": threshold " << result.threshold << ", clips " << result.clipped << " ("
            << 100.0 * static_cast<double>(result.clipped) / static_cast<double>(result.finite)
            << "%)\n"
            << name << " fx = " << result.fx << ": x in ["
            << std::ldexp(-1.0, fixed_width(*format) - 1 - result.fx) << ", "
            << std::ldexp(1.0, fixed_width(*format) - 1 - result.fx) << "), step "
            << std::ldexp(1.0, -result.fx) << "\n";
  if (table) {
    std::cout << "table header: " << fixed_tbl_header(*table) << "\n";
    if (values.count("out") != 0) {
      write_fixed_tbl(*table, values["out"].as<std::string>());
      std::cout << "wrote " << values["out"].as<std::string>() << "\n";
    }
  }
  if (values.count("json") != 0) {
    nlohmann::ordered_json out;
    out["command"] = "calibrate";
    out["input"] = input_path;
    out["format"] = name;
    out["method"] = calibration_method_names().name(method);
    out["elements"] = trace.data.size();
    out["finite"] = result.finite;
    out["max_abs"] = result.max_abs;
    out["threshold"] = result.threshold;
    out["clipped"] = result.clipped;
    out["kl"] = result.kl;
    out["bins"] = result.bins;
    out["candidates"] = result.candidates;
    out["fx"] = result.fx;
    if (table) {
      out["table"] = {{"func", table->func}, {"a", table->a()}, {"m", table->m},
                      {"n", table->n},       {"fx", table->fx}, {"fy", table->fy},
                      {"fk", table->fk},     {"fb", table->fb}};
    }
    write_file_atomically(values["json"].as<std::string>(), json_text(out, 2) + "\n");
  }
  return 0;
}

}  // namespace interpsim::cli
