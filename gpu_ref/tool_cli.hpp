// Command-line steps shared by the gpu_ref tools (gpu_ref_eval,
// gpu_ref_check, gpu_bench): option parsing with --help, and the
// "SKIPPED: ..." exit of the tools that need a CUDA device.
#pragma once

#include <boost/program_options.hpp>
#include <iostream>
#include <string>

#include "gpu_ref/device_api.hpp"

namespace gpu_ref {

// Parses argv against `description`. With --help prints the description and
// returns false (the caller exits 0); otherwise runs the notifiers (required
// options, stored values) and returns true. Bad options throw po::error.
inline bool parse_command_line_unless_help(
    int argc, char** argv, const boost::program_options::options_description& description) {
  namespace po = boost::program_options;
  po::variables_map values;
  po::store(po::parse_command_line(argc, argv, description), values);
  if (values.count("help")) {
    std::cout << description << "\n";
    return false;
  }
  po::notify(values);
  return true;
}

// True, after printing "SKIPPED: <reason>", when no usable CUDA device is
// there; the tools then exit 0 so a machine without a GPU passes.
inline bool skipped_without_cuda() {
  const std::string unavailable = cuda_unavailable_reason();
  if (unavailable.empty()) return false;
  std::cout << "SKIPPED: " << unavailable << "\n";
  return true;
}

}  // namespace gpu_ref
