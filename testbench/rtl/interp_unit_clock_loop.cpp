// The verilated interp_unit streaming CYCLES random inputs in [-5, 3) through
// the GELU n = 12 table, output always ready, the inner loop of
// interp_unit_bench without Google Benchmark around it: a fixed number of
// clocks, so that callgrind instruction counts of two runs differ only by
// clocks (interp_unit_callgrind.sh). Prints a checksum of the outputs.
//
//   interp_unit_clock_loop CYCLES two-eval|one-eval
#include <verilated.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "Vinterp_unit.h"
#include "Vinterp_unit___024root.h"
#include "model/table_gen.hpp"
#include "sim/common/verilated_edge.hpp"
#include "testbench/rtl/input_sets.hpp"
#include "testbench/rtl/table_ports.hpp"

int main(int argc, char** argv) {
  char* end = nullptr;
  const long long cycles = argc == 3 ? std::strtoll(argv[1], &end, 10) : -1;
  const std::string mode = argc == 3 ? argv[2] : "";
  if (cycles < 0 || end == nullptr || *end != '\0' || (mode != "two-eval" && mode != "one-eval")) {
    std::fprintf(stderr, "usage: interp_unit_clock_loop CYCLES two-eval|one-eval\n");
    return 2;
  }
  const interpsim::UniformTable table =
      interpsim::generate_table("gelu", -5.0f, 3, 12, interpsim::EdgeMode::kAsymptote);
  auto context = std::make_unique<VerilatedContext>();
  auto unit = std::make_unique<Vinterp_unit>(context.get());
  auto tick = [&unit] {
    unit->clk_i = 0;
    unit->eval();
    unit->clk_i = 1;
    unit->eval();
  };
  unit->rst_ni = 0;
  unit->in_valid_i = 0;
  unit->out_ready_i = 1;
  unit->tbl_we_i = 0;
  tick();
  unit->rst_ni = 1;
  interpsim::rtl_test::apply_uniform_config(*unit, table);
  interpsim::rtl_test::write_table_rows(*unit, table.k, table.b, tick);
  const std::vector<uint32_t> inputs =
      interpsim::rtl_test::random_in_interval(-5.0f, 3.0f, 1 << 16, 1);

  const bool one_eval = mode == "one-eval";
  uint64_t checksum = 0;
  unit->in_valid_i = 1;
  for (long long cycle = 0; cycle < cycles; ++cycle) {
    unit->in_x_i = inputs[cycle & 0xFFFF];
    if (one_eval) {
      interpsim::rising_edge_one_eval(*unit);
    } else {
      tick();
    }
    checksum = checksum * 31 + unit->out_y_o;
  }
  std::printf("checksum %016llx\n", static_cast<unsigned long long>(checksum));
  return 0;
}
