#include "sim/simt/interp_backend.hpp"

#include "model/input_error.hpp"
#include "model/lane_cycle_model.hpp"

namespace interpsim::simt {

std::unique_ptr<InterpBackend> make_interp_backend(const std::string& impl,
                                                   const UniformTable& table) {
  if (impl == "model") {
    return std::make_unique<LaneBackend<InterpLaneCycleModel>>(
        [&table] { return std::make_unique<InterpLaneCycleModel>(table); });
  }
  if (impl == "rtl") return make_rtl_interp_backend(table);
  throw InputError("interp_impl: '" + impl + "' is not model or rtl");
}

}  // namespace interpsim::simt
