#include "sim/common/golden.hpp"

#include <stdexcept>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim {

std::vector<float> golden_outputs(LookupDesign design, const LookupTables& tables,
                                  const std::vector<float>& input) {
  std::vector<float> output(input.size());
  switch (design) {
    case LookupDesign::kUniform:
      interp_uniform_batch(tables.uniform, input.data(), output.data(), input.size());
      break;
    case LookupDesign::kBsearch:
      interp_bsearch_batch(tables.bsearch, input.data(), output.data(), input.size());
      break;
    case LookupDesign::kNonuniform:
      interp_nonuniform_batch(tables.nonuniform, input.data(), output.data(), input.size());
      break;
    case LookupDesign::kValue:
      for (size_t i = 0; i < input.size(); ++i)
        output[i] = interp_value_lut(tables.value, input[i]);
      break;
  }
  return output;
}

uint64_t count_mismatches(const std::vector<float>& golden, const std::vector<float>& output) {
  if (golden.size() != output.size()) throw std::logic_error("count_mismatches: sizes differ");
  uint64_t mismatches = 0;
  for (size_t i = 0; i < golden.size(); ++i) mismatches += !same_result(golden[i], output[i]);
  return mismatches;
}

namespace {

template <typename Word>
std::vector<uint32_t> gather(const FormatLookup& lookup, const std::vector<uint32_t>& x_bits) {
  std::vector<Word> x(x_bits.begin(), x_bits.end());
  std::vector<Word> y(x.size());
  lookup.run(x.data(), y.data(), x.size());
  return std::vector<uint32_t>(y.begin(), y.end());
}

}  // namespace

std::vector<uint32_t> golden_output_bits(LookupDesign design, const LookupTables& tables,
                                         const std::vector<uint32_t>& x_bits) {
  const NumberFormat format = tables.uniform.format;
  if (format == NumberFormat::kFp32) {
    std::vector<float> x(x_bits.size());
    for (size_t i = 0; i < x.size(); ++i) x[i] = bits_to_float(x_bits[i]);
    const std::vector<float> y = golden_outputs(design, tables, x);
    std::vector<uint32_t> bits(y.size());
    for (size_t i = 0; i < y.size(); ++i) bits[i] = float_to_bits(y[i]);
    return bits;
  }
  if (design != LookupDesign::kUniform) {
    throw std::logic_error("golden_output_bits: only the uniform design takes format " +
                           number_format_names().name(format));
  }
  const FormatLookup lookup(tables.uniform);
  return format_bits(format) == 8 ? gather<uint8_t>(lookup, x_bits)
                                  : gather<uint16_t>(lookup, x_bits);
}

uint64_t count_mismatches(NumberFormat format, const std::vector<uint32_t>& golden,
                          const std::vector<uint32_t>& output) {
  if (golden.size() != output.size()) throw std::logic_error("count_mismatches: sizes differ");
  const uint32_t canonical = float_layout(format).canonical_nan;
  auto canon = [&](uint32_t bits) { return is_nan_in(format, bits) ? canonical : bits; };
  uint64_t mismatches = 0;
  for (size_t i = 0; i < golden.size(); ++i) mismatches += canon(golden[i]) != canon(output[i]);
  return mismatches;
}

}  // namespace interpsim
