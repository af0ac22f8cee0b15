// interp_unit with its table loaded by $readmemh of a .tbl file (TableFile),
// not through the write port: bit-exact against the golden model.
#include <gtest/gtest.h>
#include <verilated.h>

#include <memory>
#include <vector>

#include "Vinterp_unit_readmem.h"
#include "model/float_bits.hpp"
#include "model/table_gen.hpp"
#include "model/tbl_io.hpp"
#include "model/uniform_lookup.hpp"
#include "testbench/rtl/input_sets.hpp"
#include "testbench/rtl/stream_driver.hpp"
#include "testbench/rtl/table_ports.hpp"
#include "testbench/rtl/unit_checks.hpp"

namespace interpsim::rtl_test {
namespace {

void check_readmem_table(const UniformTable& table, uint64_t seed) {
  // The model reads the file in its constructor (initial block).
  write_tbl(table, INTERPSIM_READMEM_TBL);
  auto context = std::make_unique<VerilatedContext>();
  auto unit = std::make_unique<Vinterp_unit_readmem>(context.get());
  apply_uniform_config(*unit, table);
  unit->tbl_we_i = 0;
  StreamDriver<Vinterp_unit_readmem> driver(*unit, seed);
  driver.reset();

  std::vector<uint32_t> inputs = random_in_interval(table.a, table.upper(), 3000, seed);
  const std::vector<uint32_t> corners = ieee_corners(table.a, table.upper());
  inputs.insert(inputs.end(), corners.begin(), corners.end());
  const StreamRun run = driver.run(inputs, {0.2, 0.2});
  EXPECT_TRUE(outputs_match(inputs, run, [&table](float x) { return interp_uniform(table, x); }));
}

TEST(InterpUnitReadmem, TblFileLoadsTheTable) {
  check_readmem_table(generate_table("gelu", -5.0f, 3, 8, EdgeMode::kAsymptote), 1);
  check_readmem_table(generate_table("tanh", -4.0f, 3, 5, EdgeMode::kExtrapolate), 2);
}

}  // namespace
}  // namespace interpsim::rtl_test
