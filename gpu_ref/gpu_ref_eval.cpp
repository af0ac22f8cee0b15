// gpu_ref_eval --kernel NAME [--table T.tbl] --in X.npy --out Y.npy [--device]
// Runs one gpu_ref kernel's per-element function over a trace: on the host by
// default, on the GPU with --device. Exit 0 ok, 2 bad input, 1 other failure
// (e.g. --device without a usable GPU).
#include <boost/program_options.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

#include "gpu_ref/device_api.hpp"
#include "gpu_ref/host_eval.hpp"
#include "gpu_ref/kernels.hpp"
#include "gpu_ref/lookup_table.hpp"
#include "gpu_ref/tool_cli.hpp"
#include "model/input_error.hpp"
#include "model/npy_io.hpp"
#include "model/number_format.hpp"
#include "model/tbl_io.hpp"

namespace po = boost::program_options;

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitFailure = 1;

struct Options {
  std::string kernel;
  std::string table;
  std::string input;
  std::string output;
  bool device = false;
  double igelu_scale = gpu_ref::kIgeluDefaultInputScale;
};

Options parse_options(int argc, char** argv, bool* help) {
  Options options;
  po::options_description description(
      "gpu_ref_eval: run a gpu_ref kernel over a .npy trace (host path unless --device)");
  description.add_options()("help,h", "show this help")(
      "kernel", po::value<std::string>(&options.kernel)->required(),
      "native_exp, native_tanh, native_sigmoid, native_gelu_normcdf, native_gelu_normcdf_f64, "
      "native_gelu_erf, alg1_global, alg1_shared, bsearch, igelu_f32, igelu_i32, softmax_alg1")(
      "table", po::value<std::string>(&options.table),
      ".tbl table (alg1_*, bsearch; softmax_alg1 takes an exp table); ignored by the others")(
      "in", po::value<std::string>(&options.input)->required(),
      "input trace, .npy <f4 (softmax_alg1: rows along the last axis)")(
      "out", po::value<std::string>(&options.output)->required(), "output .npy, same shape")(
      "device", po::bool_switch(&options.device), "run on CUDA device 0 instead of the host")(
      "igelu-scale", po::value<double>(&options.igelu_scale)->default_value(options.igelu_scale),
      "igelu_i32 input quantization scale S (x = q * S), 0 < S <= 0.25");
  if (!gpu_ref::parse_command_line_unless_help(argc, argv, description)) {
    *help = true;
    return options;
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  gpu_ref::KernelId kernel{};
  interpsim::NpyArray input;
  gpu_ref::LookupTable table;
  try {
    bool help = false;
    options = parse_options(argc, argv, &help);
    if (help) return 0;
    try {
      kernel = gpu_ref::parse_kernel(options.kernel);
    } catch (const std::invalid_argument& error) {
      throw interpsim::InputError(std::string("--kernel: ") + error.what());
    }
    if (gpu_ref::kernel_uses_table(kernel)) {
      if (options.table.empty()) {
        throw interpsim::InputError("--table: kernel " + options.kernel + " needs a .tbl table");
      }
      try {
        const interpsim::UniformTable uniform = interpsim::read_tbl(options.table);
        // The float kernels take fp32 tables; the formats have their own
        // entry points (gpu_ref/host_eval.hpp), not this tool's float traces.
        if (uniform.format != interpsim::NumberFormat::kFp32) {
          throw interpsim::InputError(
              options.table + ": format=" + interpsim::number_format_names().name(uniform.format) +
              ": gpu_ref_eval runs fp32 tables only");
        }
        table = gpu_ref::make_lookup_table(uniform);
      } catch (const std::invalid_argument& error) {
        throw interpsim::InputError(options.table + ": " + error.what());
      }
    }
    if (!(options.igelu_scale > 0.0 && options.igelu_scale <= 0.25)) {
      throw interpsim::InputError("--igelu-scale: expected 0 < S <= 0.25");
    }
    input = interpsim::read_npy(options.input);
    if (kernel == gpu_ref::KernelId::kSoftmaxAlg1 &&
        (input.shape.empty() || input.shape.back() == 0)) {
      throw interpsim::InputError(options.input +
                                  ": softmax_alg1 needs an array with a non-empty last axis");
    }
  } catch (const po::error& error) {
    std::cerr << "gpu_ref_eval: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const interpsim::InputError& error) {
    std::cerr << "gpu_ref_eval: " << error.what() << "\n";
    return kExitBadInput;
  }

  try {
    const size_t row_length = input.shape.empty() ? input.data.size() : input.shape.back();
    const gpu_ref::LookupTable* table_or_null =
        gpu_ref::kernel_uses_table(kernel) ? &table : nullptr;
    const std::vector<float> output =
        options.device ? gpu_ref::evaluate_on_device(kernel, table_or_null, input.data, row_length,
                                                     options.igelu_scale)
                       : gpu_ref::evaluate_on_host(kernel, table_or_null, input.data, row_length,
                                                   options.igelu_scale);
    interpsim::write_npy(options.output, output, input.shape);
  } catch (const interpsim::InputError& error) {
    std::cerr << "gpu_ref_eval: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& error) {
    std::cerr << "gpu_ref_eval: " << (options.device ? "--device: " : "") << error.what() << "\n";
    return kExitFailure;
  }
  return 0;
}
