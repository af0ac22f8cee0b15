// The SIMD array's clock: one SystemC module whose one SC_METHOD runs a step
// function per rising edge (per-lane sc_signal ports are ~5x slower,
// docs/design.md section 2).
#pragma once

#include <functional>

namespace interpsim::simd {

// Runs `step` once per rising edge of the array clock until it returns true.
// The module is elaborated once per process; later runs reuse it (SystemC
// cannot elaborate twice).
void run_clocked(const std::function<bool()>& step);

}  // namespace interpsim::simd
