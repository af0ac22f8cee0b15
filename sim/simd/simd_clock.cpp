#include "sim/simd/simd_clock.hpp"

#include <cstdlib>

#include <systemc.h>

namespace interpsim::simd {

namespace {

// No sc_clock: a timed wake-up per span is the clock (an sc_clock would
// toggle through every skipped clock). `start` wakes the method for a run.
SC_MODULE(SimdArrayModule) {
  sc_core::sc_event start;
  std::function<ClockedSpan()> step;

  SC_CTOR(SimdArrayModule) {
    SC_METHOD(on_clock);
    sensitive << start;
    dont_initialize();
  }

  void on_clock() {
    if (!step) return;
    const ClockedSpan span = step();
    if (span.done) {
      step = nullptr;
      sc_core::sc_pause();
      return;  // no next_trigger: back to waiting for `start`
    }
    next_trigger(sc_core::sc_time(static_cast<double>(span.clocks), sc_core::SC_NS));
  }
};

}  // namespace

void run_clocked(const std::function<ClockedSpan()>& step) {
  // The SystemC banner would interleave with the reports; an explicit
  // SYSTEMC_DISABLE_COPYRIGHT_MESSAGE in the environment still wins.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  static SimdArrayModule* module = new SimdArrayModule("simd_array");
  module->step = step;
  module->start.notify(sc_core::SC_ZERO_TIME);
  sc_core::sc_start();
}

}  // namespace interpsim::simd
