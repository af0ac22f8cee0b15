#include "sim/simd/simd_clock.hpp"

#include <cstdlib>

#include <systemc.h>

namespace interpsim::simd {

namespace {

SC_MODULE(SimdArrayModule) {
  sc_core::sc_clock clock;
  std::function<bool()> step;

  SC_CTOR(SimdArrayModule) : clock("clock", 1, sc_core::SC_NS) {
    SC_METHOD(on_rising_edge);
    sensitive << clock.posedge_event();
    dont_initialize();
  }

  void on_rising_edge() {
    if (step && step()) {
      step = nullptr;
      sc_core::sc_pause();
    }
  }
};

}  // namespace

void run_clocked(const std::function<bool()>& step) {
  // The SystemC banner would interleave with the reports; an explicit
  // SYSTEMC_DISABLE_COPYRIGHT_MESSAGE in the environment still wins.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  static SimdArrayModule* module = new SimdArrayModule("simd_array");
  module->step = step;
  sc_core::sc_start();
}

}  // namespace interpsim::simd
