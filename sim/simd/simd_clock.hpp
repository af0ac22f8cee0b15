// The SIMD array's clock: one SystemC module whose one SC_METHOD runs a step
// function per activation (per-lane sc_signal ports are ~5x slower,
// docs/design.md section 2). A step may advance the array by several clocks
// (the engine's steady-state skip); the method then wakes again that many
// clock periods later, so SystemC time stays the array's clock count (1 ns
// per clock) while its kernel runs once per span, not once per clock.
#pragma once

#include <cstdint>
#include <functional>

namespace interpsim::simd {

struct ClockedSpan {
  uint64_t clocks = 1;  // clocks the step advanced (>= 1)
  bool done = false;    // nothing left to run
};

// Runs `step` at time 0 and then after each span it reports, until one
// reports done. The module is elaborated once per process; later runs reuse
// it (SystemC cannot elaborate twice).
void run_clocked(const std::function<ClockedSpan()>& step);

}  // namespace interpsim::simd
