#include "sim/common/golden.hpp"

#include <stdexcept>

#include "model/float_bits.hpp"
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
  }
  return output;
}

uint64_t count_mismatches(const std::vector<float>& golden, const std::vector<float>& output) {
  if (golden.size() != output.size()) throw std::logic_error("count_mismatches: sizes differ");
  uint64_t mismatches = 0;
  for (size_t i = 0; i < golden.size(); ++i) mismatches += !same_result(golden[i], output[i]);
  return mismatches;
}

}  // namespace interpsim
