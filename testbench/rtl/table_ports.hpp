// Loads a verilated unit through its configuration and table write ports
// (interp_unit, interp_lane, bsearch_*), the same way in every harness.
#pragma once

#include <cstdint>
#include <vector>

#include "model/float_bits.hpp"
#include "model/table.hpp"

namespace interpsim::rtl_test {

// Uniform-table configuration ports cfg_a_i, cfg_b_i, cfg_m_i, cfg_n_i.
template <typename Model>
void apply_uniform_config(Model& model, const UniformTable& table) {
  model.cfg_a_i = float_to_bits(table.a);
  model.cfg_b_i = float_to_bits(table.upper());
  model.cfg_m_i = static_cast<uint8_t>(table.m);
  model.cfg_n_i = static_cast<uint8_t>(table.n);
}

// Rows {K, B} through tbl_we_i/tbl_addr_i/tbl_wdata_i (K in the upper word),
// one row per `tick()`; tbl_we_i is low again afterwards.
template <typename Model, typename Tick>
void write_table_rows(Model& model, const std::vector<float>& k, const std::vector<float>& b,
                      Tick tick) {
  for (size_t row = 0; row < k.size(); ++row) {
    model.tbl_we_i = 1;
    model.tbl_addr_i = static_cast<uint32_t>(row);
    model.tbl_wdata_i = (uint64_t{float_to_bits(k[row])} << 32) | float_to_bits(b[row]);
    tick();
  }
  model.tbl_we_i = 0;
}

}  // namespace interpsim::rtl_test
