#include <algorithm>
#include <chrono>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>

#include "gpu_ref/device_api.hpp"
#include "gpu_ref/device_format_kernels.cuh"
#include "gpu_ref/device_kernels.cuh"
#include "gpu_ref/host_eval.hpp"

namespace gpu_ref {

namespace {

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(status));
  }
}

// Device buffers freed on every exit path.
template <typename T>
class DeviceArray {
 public:
  explicit DeviceArray(size_t count) {
    if (count > 0) check(cudaMalloc(&data_, count * sizeof(T)), "cudaMalloc");
  }
  ~DeviceArray() { cudaFree(data_); }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  T* get() const { return data_; }

 private:
  T* data_ = nullptr;
};

// A LookupTable copied to the device.
class UploadedTable {
 public:
  explicit UploadedTable(const LookupTable* table)
      : rows_(table ? table->rows.size() : 0), breakpoints_(table ? table->breakpoints.size() : 0) {
    if (table == nullptr) return;
    check(cudaMemcpy(rows_.get(), table->rows.data(), table->rows.size() * sizeof(TableEntry),
                     cudaMemcpyHostToDevice),
          "cudaMemcpy table rows");
    check(cudaMemcpy(breakpoints_.get(), table->breakpoints.data(),
                     table->breakpoints.size() * sizeof(float), cudaMemcpyHostToDevice),
          "cudaMemcpy breakpoints");
    view_.rows = rows_.get();
    view_.breakpoints = breakpoints_.get();
    view_.row_count = static_cast<int32_t>(table->rows.size());
    view_.alg1 = table->alg1;
    view_.bsearch = table->bsearch;
  }
  const KernelArgs& view() const { return view_; }
  void set_igelu_scale(double input_scale) { view_.igelu = igelu_i32_params(input_scale); }
  void set_max_grid_blocks(int blocks) { view_.max_grid_blocks = blocks; }

 private:
  DeviceArray<TableEntry> rows_;
  DeviceArray<float> breakpoints_;
  KernelArgs view_;
};

void require_table(KernelId id, const LookupTable* table) {
  if (kernel_uses_table(id) && table == nullptr) {
    throw std::invalid_argument("kernel " + kernel_name(id) + " needs a table");
  }
}

}  // namespace

std::string cuda_unavailable_reason() {
  int devices = 0;
  const cudaError_t status = cudaGetDeviceCount(&devices);
  if (status != cudaSuccess) {
    cudaGetLastError();  // clear the sticky status for later calls
    return std::string("no CUDA device: cudaGetDeviceCount: ") + cudaGetErrorString(status);
  }
  if (devices == 0) return "no CUDA device: cudaGetDeviceCount returned 0";
  return "";
}

int cuda_sm_count() {
  int device = 0, sms = 0;
  check(cudaGetDevice(&device), "cudaGetDevice");
  check(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device),
        "cudaDeviceGetAttribute");
  return sms;
}

std::string cuda_device_description() {
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, 0), "cudaGetDeviceProperties");
  int runtime = 0, driver = 0;
  cudaRuntimeGetVersion(&runtime);
  cudaDriverGetVersion(&driver);
  std::ostringstream line;
  line << prop.name << ", sm_" << prop.major << prop.minor << ", " << prop.multiProcessorCount
       << " SMs, " << (prop.totalGlobalMem >> 20) << " MiB, runtime " << runtime << ", driver "
       << driver;
  return line.str();
}

std::vector<float> evaluate_on_device(KernelId id, const LookupTable* table,
                                      const std::vector<float>& input, size_t row_length,
                                      double igelu_input_scale, bool misaligned) {
  require_table(id, table);
  const std::string unavailable = cuda_unavailable_reason();
  if (!unavailable.empty()) throw std::runtime_error(unavailable);
  std::vector<float> output(input.size());
  if (input.empty()) return output;
  UploadedTable uploaded(kernel_uses_table(id) ? table : nullptr);
  uploaded.set_igelu_scale(igelu_input_scale);
  // One spare element so that the misaligned views (base + 1) stay in bounds.
  const size_t offset = misaligned ? 1 : 0;
  DeviceArray<float> device_input(input.size() + 1), device_output(input.size() + 1);
  float* const in = device_input.get() + offset;
  float* const out = device_output.get() + offset;
  check(cudaMemcpy(in, input.data(), input.size() * sizeof(float), cudaMemcpyHostToDevice),
        "cudaMemcpy input");
  check(launch_kernel(id, uploaded.view(), in, out, input.size(), row_length, 0),
        ("launch " + kernel_name(id)).c_str());
  check(cudaDeviceSynchronize(), ("run " + kernel_name(id)).c_str());
  check(cudaMemcpy(output.data(), out, output.size() * sizeof(float), cudaMemcpyDeviceToHost),
        "cudaMemcpy output");
  return output;
}

DeviceBench::DeviceBench(const std::vector<float>& input, size_t count) : count_(count) {
  if (input.empty() || count == 0) throw std::invalid_argument("DeviceBench: empty input");
  check(cudaMalloc(&input_, count * sizeof(float)), "cudaMalloc bench input");
  check(cudaMalloc(&output_, count * sizeof(float)), "cudaMalloc bench output");
  for (size_t done = 0; done < count;) {
    const size_t chunk = std::min(input.size(), count - done);
    check(cudaMemcpy(input_ + done, input.data(), chunk * sizeof(float), cudaMemcpyHostToDevice),
          "cudaMemcpy bench input");
    done += chunk;
  }
}

DeviceBench::~DeviceBench() {
  cudaFree(input_);
  cudaFree(output_);
}

namespace {
// Enqueues the warm-up launches and then every timed launch between its own
// pair of events without synchronizing in between, so the GPU never idles
// waiting for the host: each pair measures the kernel, not the launch latency.
template <typename Launch>
std::vector<double> time_launches(Launch launch, int warmup, int launches) {
  std::vector<cudaEvent_t> starts(launches), stops(launches);
  for (int i = 0; i < launches; ++i) {
    check(cudaEventCreate(&starts[i]), "cudaEventCreate");
    check(cudaEventCreate(&stops[i]), "cudaEventCreate");
  }
  for (int i = 0; i < warmup; ++i) launch();
  for (int i = 0; i < launches; ++i) {
    check(cudaEventRecord(starts[i]), "cudaEventRecord");
    launch();
    check(cudaEventRecord(stops[i]), "cudaEventRecord");
  }
  check(cudaDeviceSynchronize(), "timed launches");
  std::vector<double> times;
  for (int i = 0; i < launches; ++i) {
    float ms = 0.0f;
    check(cudaEventElapsedTime(&ms, starts[i], stops[i]), "cudaEventElapsedTime");
    times.push_back(ms);
    cudaEventDestroy(starts[i]);
    cudaEventDestroy(stops[i]);
  }
  return times;
}
}  // namespace

std::vector<double> DeviceBench::time_kernel(KernelId id, const LookupTable* table,
                                             size_t row_length, int warmup, int launches,
                                             int max_grid_blocks) {
  require_table(id, table);
  UploadedTable uploaded(kernel_uses_table(id) ? table : nullptr);
  uploaded.set_max_grid_blocks(max_grid_blocks);
  return time_launches(
      [&] {
        check(launch_kernel(id, uploaded.view(), input_, output_, count_, row_length, 0),
              ("launch " + kernel_name(id)).c_str());
      },
      warmup, launches);
}

std::vector<double> DeviceBench::time_kernel_synchronized(KernelId id, const LookupTable* table,
                                                          size_t row_length, int warmup,
                                                          int launches) {
  require_table(id, table);
  const UploadedTable uploaded(kernel_uses_table(id) ? table : nullptr);
  const auto launch_and_wait = [&] {
    check(launch_kernel(id, uploaded.view(), input_, output_, count_, row_length, 0),
          ("launch " + kernel_name(id)).c_str());
    check(cudaDeviceSynchronize(), ("run " + kernel_name(id)).c_str());
  };
  for (int i = 0; i < warmup; ++i) launch_and_wait();
  std::vector<double> times;
  for (int i = 0; i < launches; ++i) {
    const auto start = std::chrono::steady_clock::now();
    launch_and_wait();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  return times;
}

std::vector<double> DeviceBench::time_copy(int warmup, int launches) {
  return time_launches(
      [&] {
        check(cudaMemcpyAsync(output_, input_, count_ * sizeof(float), cudaMemcpyDeviceToDevice),
              "cudaMemcpy device to device");
      },
      warmup, launches);
}

namespace {

// A format table's rows copied to the device: TableEntry (kb = fp32) or the
// io format's FormatEntry (kb = io).
class UploadedFormatTable {
 public:
  explicit UploadedFormatTable(const LookupTable* table) : bytes_(row_bytes(table)) {
    if (table == nullptr) return;
    const void* source = table->kb == interpsim::KbFormat::kFp32
                             ? static_cast<const void*>(table->rows.data())
                             : (table->rows16.empty() ? static_cast<const void*>(table->rows8.data())
                                                      : static_cast<const void*>(table->rows16.data()));
    check(cudaMemcpy(bytes_.get(), source, row_bytes(table), cudaMemcpyHostToDevice),
          "cudaMemcpy format table rows");
    args_.rows = bytes_.get();
    args_.row_count = static_cast<int32_t>(table->rows.size());
    args_.kb = table->kb;
    args_.alg1 = table->alg1;
  }
  const FormatKernelArgs& args() const { return args_; }

 private:
  static size_t row_bytes(const LookupTable* table) {
    if (table == nullptr) return 0;
    if (table->kb == interpsim::KbFormat::kFp32) return table->rows.size() * sizeof(TableEntry);
    return table->rows16.empty() ? table->rows8.size() * sizeof(FormatEntry<uint8_t>)
                                 : table->rows16.size() * sizeof(FormatEntry<uint16_t>);
  }
  DeviceArray<unsigned char> bytes_;
  FormatKernelArgs args_;
};

template <typename Storage>
std::vector<Storage> evaluate_bits(KernelId id, interpsim::NumberFormat format,
                                   const LookupTable* table, const std::vector<Storage>& input,
                                   bool misaligned) {
  check_format_call(id, format, table, sizeof(Storage));
  const std::string unavailable = cuda_unavailable_reason();
  if (!unavailable.empty()) throw std::runtime_error(unavailable);
  std::vector<Storage> output(input.size());
  if (input.empty()) return output;
  const UploadedFormatTable uploaded(kernel_uses_table(id) ? table : nullptr);
  const size_t offset = misaligned ? 1 : 0;
  DeviceArray<Storage> device_input(input.size() + 1), device_output(input.size() + 1);
  Storage* const in = device_input.get() + offset;
  Storage* const out = device_output.get() + offset;
  check(cudaMemcpy(in, input.data(), input.size() * sizeof(Storage), cudaMemcpyHostToDevice),
        "cudaMemcpy input");
  check(launch_format_kernel(id, format, uploaded.args(), in, out, input.size(), 0),
        ("launch " + kernel_name(id)).c_str());
  check(cudaDeviceSynchronize(), ("run " + kernel_name(id)).c_str());
  check(cudaMemcpy(output.data(), out, output.size() * sizeof(Storage), cudaMemcpyDeviceToHost),
        "cudaMemcpy output");
  return output;
}

}  // namespace

std::vector<uint16_t> evaluate_bits_on_device(KernelId id, interpsim::NumberFormat format,
                                              const LookupTable* table,
                                              const std::vector<uint16_t>& input,
                                              bool misaligned) {
  return evaluate_bits(id, format, table, input, misaligned);
}

std::vector<uint8_t> evaluate_bits_on_device(KernelId id, interpsim::NumberFormat format,
                                             const LookupTable* table,
                                             const std::vector<uint8_t>& input, bool misaligned) {
  return evaluate_bits(id, format, table, input, misaligned);
}

FormatDeviceBench::FormatDeviceBench(interpsim::NumberFormat format,
                                     const std::vector<uint16_t>& input_bits, size_t count)
    : format_(format),
      count_(count),
      element_bytes_(static_cast<size_t>(interpsim::format_bits(format)) / 8) {
  if (input_bits.empty() || count == 0) throw std::invalid_argument("FormatDeviceBench: empty input");
  if (format == interpsim::NumberFormat::kFp32) {
    throw std::invalid_argument("FormatDeviceBench: fp32 is DeviceBench's");
  }
  std::vector<unsigned char> bytes(input_bits.size() * element_bytes_);
  for (size_t i = 0; i < input_bits.size(); ++i) {
    if (element_bytes_ == 2) {
      memcpy(&bytes[2 * i], &input_bits[i], 2);
    } else {
      bytes[i] = static_cast<unsigned char>(input_bits[i]);
    }
  }
  const size_t total = count * element_bytes_;
  check(cudaMalloc(&input_, total), "cudaMalloc bench input");
  check(cudaMalloc(&output_, total), "cudaMalloc bench output");
  for (size_t done = 0; done < total;) {
    const size_t chunk = std::min(bytes.size(), total - done);
    check(cudaMemcpy(static_cast<unsigned char*>(input_) + done, bytes.data(), chunk,
                     cudaMemcpyHostToDevice),
          "cudaMemcpy bench input");
    done += chunk;
  }
}

FormatDeviceBench::~FormatDeviceBench() {
  cudaFree(input_);
  cudaFree(output_);
}

std::vector<double> FormatDeviceBench::time_kernel(KernelId id, const LookupTable* table,
                                                   int warmup, int launches) {
  check_format_call(id, format_, table, element_bytes_);
  const UploadedFormatTable uploaded(kernel_uses_table(id) ? table : nullptr);
  return time_launches(
      [&] {
        check(launch_format_kernel(id, format_, uploaded.args(), input_, output_, count_, 0),
              ("launch " + kernel_name(id)).c_str());
      },
      warmup, launches);
}

std::vector<double> FormatDeviceBench::time_copy(int warmup, int launches) {
  return time_launches(
      [&] {
        check(cudaMemcpyAsync(output_, input_, count_ * element_bytes_, cudaMemcpyDeviceToDevice),
              "cudaMemcpy device to device");
      },
      warmup, launches);
}

}  // namespace gpu_ref
