// interp_impl = rtl in a build without Verilator: say so (exit status 2).
#include "model/input_error.hpp"
#include "sim/simt/interp_backend.hpp"

namespace interpsim::simt {

std::unique_ptr<InterpBackend> make_rtl_interp_backend(const UniformTable& /*table*/) {
  throw InputError(
      "interp_impl: 'rtl' needs the verilated interp_lane, and this build has no Verilator "
      "(use interp_impl = model)");
}

}  // namespace interpsim::simt
