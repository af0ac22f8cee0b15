// The device path, callable from plain C++ (the tools are compiled by g++ and
// link this CUDA library and cudart). Every function reports a missing GPU
// through cuda_unavailable_reason() instead of failing at start-up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gpu_ref/igelu.cuh"
#include "gpu_ref/kernels.hpp"
#include "gpu_ref/lookup_table.hpp"

namespace gpu_ref {

// Empty when a CUDA device can run the kernels; otherwise why not, one line
// (e.g. "no CUDA device: cudaGetDeviceCount: CUDA driver version is insufficient").
std::string cuda_unavailable_reason();

// Device 0's SM count (gpu_bench --harness small_grid: one block per SM).
int cuda_sm_count();

// One line naming device 0, its SM count, compute capability and memory.
std::string cuda_device_description();

// Runs the kernel on device 0, same contract as evaluate_on_host. With
// `misaligned` the device buffers start 4 bytes past a 16-byte boundary, so the
// kernels take their scalar (non-float4) loop. Throws std::runtime_error on a
// CUDA error, std::invalid_argument on bad arguments.
std::vector<float> evaluate_on_device(KernelId id, const LookupTable* table,
                                      const std::vector<float>& input, size_t row_length,
                                      double igelu_input_scale = kIgeluDefaultInputScale,
                                      bool misaligned = false);

// The format kernels on device 0 (docs/design.md section 12), same contract as
// evaluate_bits_on_host (host_eval.hpp). With `misaligned` the device buffers
// start one element past a 16-byte boundary (the scalar loop).
std::vector<uint16_t> evaluate_bits_on_device(KernelId id, interpsim::NumberFormat format,
                                              const LookupTable* table,
                                              const std::vector<uint16_t>& input,
                                              bool misaligned = false);
std::vector<uint8_t> evaluate_bits_on_device(KernelId id, interpsim::NumberFormat format,
                                             const LookupTable* table,
                                             const std::vector<uint8_t>& input,
                                             bool misaligned = false);

// Timing harness for gpu_bench: owns device buffers of `count` floats filled
// with `input` (repeated to fill), times launches with CUDA events.
class DeviceBench {
 public:
  DeviceBench(const std::vector<float>& input, size_t count);
  ~DeviceBench();
  DeviceBench(const DeviceBench&) = delete;
  DeviceBench& operator=(const DeviceBench&) = delete;

  size_t count() const { return count_; }
  // Milliseconds of each of `launches` timed launches after `warmup` untimed
  // ones, CUDA events around each launch (the kernel, not the launch latency).
  // max_grid_blocks > 0 caps a map kernel's grid (alg1_shared, softmax: ignored).
  std::vector<double> time_kernel(KernelId id, const LookupTable* table, size_t row_length,
                                  int warmup, int launches, int max_grid_blocks = 0);
  // Host wall-clock milliseconds per launch of `launches` launches, each
  // followed by cudaDeviceSynchronize (launch overhead included: the
  // `launches` harness of docs/results/paper-tables.md); one value per launch.
  std::vector<double> time_kernel_synchronized(KernelId id, const LookupTable* table,
                                               size_t row_length, int warmup, int launches);
  // The same for a device-to-device cudaMemcpy of count * 4 bytes.
  std::vector<double> time_copy(int warmup, int launches);

 private:
  size_t count_;
  float* input_ = nullptr;
  float* output_ = nullptr;
};

// The same for the format kernels: `count` elements of `format` (2 or 1 bytes)
// filled with `input_bits` (repeated; 8-bit formats use the low byte).
class FormatDeviceBench {
 public:
  FormatDeviceBench(interpsim::NumberFormat format, const std::vector<uint16_t>& input_bits,
                    size_t count);
  ~FormatDeviceBench();
  FormatDeviceBench(const FormatDeviceBench&) = delete;
  FormatDeviceBench& operator=(const FormatDeviceBench&) = delete;

  size_t count() const { return count_; }
  size_t element_bytes() const { return element_bytes_; }
  // Milliseconds of each timed launch; the table's format must be the bench's.
  std::vector<double> time_kernel(KernelId id, const LookupTable* table, int warmup, int launches);
  // A device-to-device cudaMemcpy of count * element_bytes bytes.
  std::vector<double> time_copy(int warmup, int launches);

 private:
  interpsim::NumberFormat format_;
  size_t count_;
  size_t element_bytes_;
  void* input_ = nullptr;
  void* output_ = nullptr;
};

}  // namespace gpu_ref
