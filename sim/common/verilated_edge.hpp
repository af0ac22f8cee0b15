// One eval() per clock for a verilated model (Verilator 5) whose driver sets a
// cycle's inputs and then wants the rising edge that samples them, without
// reading any output in between (interpsim verify, the benchmarks).
//
// Verilator finds a rising edge by comparing clk_i with the value its
// previous eval() saw. The usual clock is two eval() calls (clk_i = 0, then
// 1); the first one only re-evaluates the input-driven logic, which the
// second one evaluates again anyway. Clearing the remembered clock instead
// makes one eval() with clk_i = 1 see the edge: the same state is sampled
// and the outputs afterwards are the same. The include of the model's root
// header (<Prefix>___024root.h) must come before the use; the member is
// Verilator 5's (checked below), so another Verilator fails to compile here
// rather than silently clocking wrong.
#pragma once

#include <verilated.h>

#if !defined(VERILATOR_VERSION_INTEGER) || VERILATOR_VERSION_INTEGER < 5000000 || \
    VERILATOR_VERSION_INTEGER >= 6000000
#error "verilated_edge.hpp relies on Verilator 5's trigger bookkeeping"
#endif

namespace interpsim {

// The rising edge with the inputs as they are now: one eval(). clk_i stays 1.
template <typename Model>
void rising_edge_one_eval(Model& model) {
  model.rootp->__Vtrigrprev__TOP__clk_i = 0;
  model.clk_i = 1;
  model.eval();
}

}  // namespace interpsim
