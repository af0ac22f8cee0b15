#include "gpu_ref/host_eval.hpp"

#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "gpu_ref/alg1.cuh"
#include "gpu_ref/bsearch.cuh"
#include "gpu_ref/format_dispatch.hpp"
#include "gpu_ref/format_elements.cuh"
#include "gpu_ref/igelu.cuh"
#include "gpu_ref/natives.cuh"
#include "gpu_ref/softmax.cuh"

namespace gpu_ref {

namespace {

template <typename ElementFunction>
std::vector<float> map_elements(const std::vector<float>& input, ElementFunction function) {
  std::vector<float> output(input.size());
  for (size_t i = 0; i < input.size(); ++i) output[i] = function(input[i]);
  return output;
}

// Tree combine of kSoftmaxThreads partials, the device's order.
template <typename Combine>
float tree_reduce(float* partials, Combine combine) {
  for (int stride = kSoftmaxThreads / 2; stride >= 1; stride /= 2) {
    for (int i = 0; i < stride; ++i) partials[i] = combine(partials[i], partials[i + stride]);
  }
  return partials[0];
}

}  // namespace

void softmax_row_on_host(const LookupTable& exp_table, const float* row, float* out,
                         size_t row_length) {
  const auto load_row = [&](int32_t r) { return exp_table.rows[r]; };
  float partials[kSoftmaxThreads];
  for (int t = 0; t < kSoftmaxThreads; ++t) {
    float running = -std::numeric_limits<float>::infinity();
    for (size_t j = t; j < row_length; j += kSoftmaxThreads) {
      running = softmax_max_combine(running, row[j]);
    }
    partials[t] = running;
  }
  const float row_max = tree_reduce(partials, softmax_max_combine);
  for (int t = 0; t < kSoftmaxThreads; ++t) {
    float running = 0.0f;
    for (size_t j = t; j < row_length; j += kSoftmaxThreads) {
      out[j] = alg1_eval(exp_table.alg1, sub_rn(row[j], row_max), load_row);
      running = softmax_sum_combine(running, out[j]);
    }
    partials[t] = running;
  }
  const float sum = tree_reduce(partials, softmax_sum_combine);
  for (size_t j = 0; j < row_length; ++j) out[j] = softmax_scale(out[j], sum);
}

std::vector<float> evaluate_on_host(KernelId id, const LookupTable* table,
                                    const std::vector<float>& input, size_t row_length,
                                    double igelu_input_scale) {
  if (kernel_uses_table(id) && table == nullptr) {
    throw std::invalid_argument("kernel " + kernel_name(id) + " needs a table");
  }
  if (kernel_uses_table(id) && table->format != interpsim::NumberFormat::kFp32) {
    throw std::invalid_argument("kernel " + kernel_name(id) + ": the table's format is " +
                                interpsim::number_format_names().name(table->format) +
                                ", not fp32 (use evaluate_bits_on_host)");
  }
  switch (id) {
    case KernelId::kNativeExp:
      return map_elements(input, native_exp);
    case KernelId::kNativeTanh:
      return map_elements(input, native_tanh);
    case KernelId::kNativeSigmoid:
      return map_elements(input, native_sigmoid);
    case KernelId::kNativeGeluNormcdf:
      return map_elements(input, native_gelu_normcdf);
    case KernelId::kNativeGeluErf:
      return map_elements(input, native_gelu_erf);
    case KernelId::kNativeGeluNormcdfF64:
      return map_elements(input, native_gelu_normcdf_f64);
    case KernelId::kAlg1Global:
    case KernelId::kAlg1Shared: {
      const auto load_row = [&](int32_t r) { return table->rows[r]; };
      return map_elements(input, [&](float x) { return alg1_eval(table->alg1, x, load_row); });
    }
    case KernelId::kBsearch: {
      const auto breakpoint = [&](int32_t i) { return table->breakpoints[i]; };
      const auto load_row = [&](int32_t r) { return table->rows[r]; };
      return map_elements(
          input, [&](float x) { return bsearch_eval(table->bsearch, x, breakpoint, load_row); });
    }
    case KernelId::kIgeluF32:
      return map_elements(input, igelu_f32);
    case KernelId::kIgeluI32: {
      const IgeluI32Params params = igelu_i32_params(igelu_input_scale);
      return map_elements(input, [&](float x) { return igelu_i32(params, x); });
    }
    case KernelId::kSoftmaxAlg1: {
      if (row_length == 0 || input.size() % row_length != 0) {
        throw std::invalid_argument("softmax_alg1: input size is not a multiple of the row length");
      }
      std::vector<float> output(input.size());
      for (size_t start = 0; start < input.size(); start += row_length) {
        softmax_row_on_host(*table, input.data() + start, output.data() + start, row_length);
      }
      return output;
    }
  }
  throw std::invalid_argument("unknown kernel");
}

bool kernel_supports_formats(KernelId id) {
  return kernel_is_native(id) || id == KernelId::kAlg1Global || id == KernelId::kAlg1Shared;
}

void check_format_call(KernelId id, interpsim::NumberFormat format, const LookupTable* table,
                       size_t bytes) {
  if (!kernel_supports_formats(id)) {
    throw std::invalid_argument("kernel " + kernel_name(id) + " has no 8/16-bit format version");
  }
  const std::string name = interpsim::number_format_names().name(format);
  if (format == interpsim::NumberFormat::kFp32 ||
      static_cast<size_t>(interpsim::format_bits(format)) != 8 * bytes) {
    throw std::invalid_argument("format " + name + " does not have " + std::to_string(8 * bytes) +
                                "-bit elements");
  }
  if (kernel_uses_table(id)) {
    if (table == nullptr) throw std::invalid_argument("kernel " + kernel_name(id) + " needs a table");
    if (table->format != format) {
      throw std::invalid_argument("kernel " + kernel_name(id) + ": the table's format is " +
                                  interpsim::number_format_names().name(table->format) + ", not " +
                                  name);
    }
  }
}

namespace {

template <typename T, typename Function>
void map_format(const std::vector<typename FormatOf<T>::type::Storage>& input,
                std::vector<typename FormatOf<T>::type::Storage>& output, Function function) {
  output.resize(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    output[i] = storage_of(function(element_of<T>(input[i])));
  }
}

template <typename F>
std::vector<typename F::Storage> evaluate_format(KernelId id, const LookupTable* table,
                                                 const std::vector<typename F::Storage>& input) {
  using T = typename F::Element;
  std::vector<typename F::Storage> output;
  switch (id) {
    case KernelId::kNativeExp:
      map_format<T>(input, output, [](T x) { return native_in_format(x, NativeExpFunction{}); });
      break;
    case KernelId::kNativeTanh:
      map_format<T>(input, output, [](T x) { return native_in_format(x, NativeTanhFunction{}); });
      break;
    case KernelId::kNativeSigmoid:
      map_format<T>(input, output,
                    [](T x) { return native_in_format(x, NativeSigmoidFunction{}); });
      break;
    case KernelId::kNativeGeluNormcdf:
      map_format<T>(input, output,
                    [](T x) { return native_in_format(x, NativeGeluNormcdfFunction{}); });
      break;
    case KernelId::kNativeGeluErf:
      map_format<T>(input, output,
                    [](T x) { return native_in_format(x, NativeGeluErfFunction{}); });
      break;
    case KernelId::kAlg1Global:
    case KernelId::kAlg1Shared:
      if (table->kb == interpsim::KbFormat::kFp32) {
        const auto load_row = [&](int32_t r) { return table->rows[r]; };
        map_format<T>(input, output, [&](T x) { return alg1_eval_format(table->alg1, x, load_row); });
      } else {
        const auto& rows = [&]() -> const std::vector<FormatEntry<typename F::Storage>>& {
          if constexpr (sizeof(typename F::Storage) == 2) {
            return table->rows16;
          } else {
            return table->rows8;
          }
        }();
        const auto load_row = [&](int32_t r) { return rows[r]; };
        map_format<T>(input, output, [&](T x) { return alg1_eval_format(table->alg1, x, load_row); });
      }
      break;
    default:
      throw std::invalid_argument("kernel " + kernel_name(id) + " has no format version");
  }
  return output;
}

template <typename Storage>
std::vector<Storage> evaluate_bits(KernelId id, interpsim::NumberFormat format,
                                   const LookupTable* table, const std::vector<Storage>& input) {
  check_format_call(id, format, table, sizeof(Storage));
  return visit_format(format, [&](auto tag) -> std::vector<Storage> {
    using F = typename decltype(tag)::type;
    if constexpr (std::is_same_v<typename F::Storage, Storage>) {
      return evaluate_format<F>(id, table, input);
    } else {
      throw std::invalid_argument("format width mismatch");
    }
  });
}

}  // namespace

std::vector<uint16_t> evaluate_bits_on_host(KernelId id, interpsim::NumberFormat format,
                                            const LookupTable* table,
                                            const std::vector<uint16_t>& input) {
  return evaluate_bits(id, format, table, input);
}

std::vector<uint8_t> evaluate_bits_on_host(KernelId id, interpsim::NumberFormat format,
                                           const LookupTable* table,
                                           const std::vector<uint8_t>& input) {
  return evaluate_bits(id, format, table, input);
}

}  // namespace gpu_ref
