// Lane adapters around the verilated RTL (`lane_impl = rtl`): the port
// protocol of sim/lanes/lane_protocol.hpp, as the cycle models of
// model/lane_cycle_model.hpp speak it, driven from C++ (Verilator --cc, no
// SystemC signals: an array calls these for every lane once per clock,
// docs/design.md section 2).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <verilated.h>
#include <verilated_vcd_c.h>

#include "model/bsearch_lookup.hpp"
#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/nonuniform.hpp"
#include "model/number_format.hpp"
#include "model/table.hpp"
#include "model/value_lut.hpp"

namespace interpsim::lanes {

// {K, B} rows as the RTL table port delivers them (.tbl row order).
inline std::vector<uint64_t> packed_rows(const std::vector<float>& k, const std::vector<float>& b) {
  std::vector<uint64_t> rows(k.size());
  for (size_t i = 0; i < k.size(); ++i) {
    rows[i] = (uint64_t{float_to_bits(k[i])} << 32) | float_to_bits(b[i]);
  }
  return rows;
}

// {K, B} rows of a uniform table as interp_lane's table port delivers them:
// K above B, each in the table's entry format (kb: fp32, or the io format),
// so a row is 2 * format_bits(table.entries()) bits wide (.tbl row order).
// For fp32 entries these are packed_rows(table.k, table.b).
inline std::vector<uint64_t> packed_rows(const UniformTable& table) {
  const NumberFormat entries = table.entries();
  if (entries == NumberFormat::kFp32) return packed_rows(table.k, table.b);
  const int width = format_bits(entries);
  std::vector<uint64_t> rows(table.k.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::optional<uint32_t> k = encode_exact(entries, table.k[i]);
    const std::optional<uint32_t> b = encode_exact(entries, table.b[i]);
    if (!k || !b) {
      throw std::logic_error("packed_rows: row " + std::to_string(i) +
                             " is not in the entry format");
    }
    rows[i] = (uint64_t{*k} << width) | *b;
  }
  return rows;
}

// The io-format bits of a value of the table's io format (a, b).
inline uint32_t io_bits(const UniformTable& table, float value) {
  if (table.format == NumberFormat::kFp32) return float_to_bits(value);
  const std::optional<uint32_t> bits = encode_exact(table.format, value);
  if (!bits) throw std::logic_error("io_bits: a or b is not a value of the io format");
  return *bits;
}

// Optional VCD of one verilated lane (a trace-enabled model). One array clock
// is 1 ns, as in the SystemC array: a dump every half period of 500 ps.
template <typename Top>
struct LaneTrace {
  static constexpr uint64_t kHalfPeriod = 5;  // in units of the 100 ps resolution
  std::unique_ptr<VerilatedVcdC> vcd;
  uint64_t time = 0;
  LaneTrace() = default;
  LaneTrace(LaneTrace&&) = default;
  LaneTrace& operator=(LaneTrace&&) = default;
  void open(Top& top, const std::string& path) {
    vcd = std::make_unique<VerilatedVcdC>();
    top.trace(vcd.get(), 99);
    vcd->set_time_unit("1ns");
    vcd->set_time_resolution("100ps");
    vcd->open(path.c_str());
  }
  void dump() {
    if (vcd) vcd->dump(time);
    time += kHalfPeriod;
  }
  ~LaneTrace() {
    if (vcd) vcd->close();
  }
};

// One reset cycle of a verilated lane whose other inputs are already idle:
// rst_ni low through a rising edge, then high.
template <typename Top>
void reset_lane(Top& top) {
  top.clk_i = 0;
  top.rst_ni = 0;
  top.eval();
  top.clk_i = 1;
  top.eval();
  top.clk_i = 0;
  top.rst_ni = 1;
  top.eval();
}

// The rising edge shared by every lane adapter, with the optional VCD dumps
// around it.
template <typename Top>
void clock_lane(Top& top, LaneTrace<Top>& trace) {
  trace.dump();
  top.clk_i = 1;
  top.eval();
  trace.dump();
  top.clk_i = 0;
}

// rtl/interp_lane.sv (or rtl/value_lut_lane.sv, which has the same port
// contract) with an external table port. The table memory is the
// array's: a granted request's row reaches tbl_rdata_i in the next cycle.
// One adapter for every format instance: Top is Vinterp_lane (fp32) or a
// Vinterp_lane_<io>_<kb> of interp_lane_rtl_models.hpp; x and y are bit
// patterns of the io format, `rows` are packed_rows(table) (2 * kb width bits).
template <typename Top>
class RtlInterpLane {
 public:
  RtlInterpLane(VerilatedContext* context, const std::string& name, const UniformTable& table,
                const std::vector<uint64_t>* rows, bool always_granted)
      : top_(std::make_unique<Top>(context, name.c_str())),
        rows_(rows),
        always_granted_(always_granted) {
    top_->cfg_a_i = static_cast<IoPort>(io_bits(table, table.a));
    top_->cfg_b_i = static_cast<IoPort>(io_bits(table, table.upper()));
    top_->cfg_m_i = static_cast<uint8_t>(static_cast<int8_t>(table.m));
    top_->cfg_n_i = static_cast<uint8_t>(table.n);
    top_->in_valid_i = 0;
    top_->out_ready_i = 0;
    top_->tbl_gnt_i = 0;
    top_->tbl_rdata_i = 0;
    reset_lane(*top_);
  }
  // rtl/value_lut_lane.sv (Top = Vvalue_lut_lane): the same ports plus
  // cfg_exp_mode_i; `rows` are value_lut_rtl_row(table, r) for r = 0 .. N+1.
  RtlInterpLane(VerilatedContext* context, const std::string& name, const ValueLutTable& table,
                const std::vector<uint64_t>* rows, bool always_granted)
      : top_(std::make_unique<Top>(context, name.c_str())),
        rows_(rows),
        always_granted_(always_granted) {
    top_->cfg_a_i = float_to_bits(table.lower());
    top_->cfg_b_i = float_to_bits(table.upper());
    top_->cfg_m_i = static_cast<uint8_t>(static_cast<int8_t>(table.m));
    top_->cfg_n_i = static_cast<uint8_t>(table.n);
    top_->cfg_exp_mode_i = table.mode == ValueLutMode::kExponent;
    top_->in_valid_i = 0;
    top_->out_ready_i = 0;
    top_->tbl_gnt_i = 0;
    top_->tbl_rdata_i = 0;
    reset_lane(*top_);
  }
  void open_trace(const std::string& path) { trace_.open(*top_, path); }

  void begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready) {
    top_->in_valid_i = in_valid;
    top_->in_x_i = static_cast<IoPort>(x_bits);
    top_->out_ready_i = out_ready;
    top_->tbl_gnt_i = always_granted_;
    top_->tbl_rdata_i = static_cast<RowPort>(rdata_);
    top_->eval();
    granted_ = always_granted_;
  }
  bool table_request(uint32_t* row) const {
    *row = top_->tbl_idx_o;
    return top_->tbl_req_o;
  }
  void set_grant(bool granted) {
    if (granted != granted_) {
      top_->tbl_gnt_i = granted;
      top_->eval();
      granted_ = granted;
    }
  }
  bool in_ready() const { return top_->in_ready_o; }
  bool out_valid() const { return top_->out_valid_o; }
  uint32_t out_y() const { return top_->out_y_o; }
  void clock() {
    // The bank's read register: the granted row, readable next cycle.
    if (granted_ && top_->tbl_req_o) rdata_ = (*rows_)[top_->tbl_idx_o];
    clock_lane(*top_, trace_);
  }

 private:
  // Verilator's port types: CData, SData, IData or QData by width.
  using IoPort = std::remove_reference_t<decltype(std::declval<Top&>().in_x_i)>;
  using RowPort = std::remove_reference_t<decltype(std::declval<Top&>().tbl_rdata_i)>;
  std::unique_ptr<Top> top_;
  const std::vector<uint64_t>* rows_;
  bool always_granted_;
  bool granted_ = false;
  uint64_t rdata_ = 0;
  LaneTrace<Top> trace_;
};

// The one table memory of a non-uniform table as nonuniform_lane's table port
// reads it: every part's N_j + 2 rows (.tbl order) after the previous parts',
// the numbering of InterpLaneCycleModel(NonuniformTable). *row_bases gets
// each part's first row.
inline std::vector<uint64_t> packed_rows(const NonuniformTable& table,
                                         std::vector<uint32_t>* row_bases) {
  std::vector<uint64_t> rows;
  row_bases->clear();
  for (const UniformTable& part : table.parts) {
    row_bases->push_back(static_cast<uint32_t>(rows.size()));
    const std::vector<uint64_t> part_rows = packed_rows(part.k, part.b);
    rows.insert(rows.end(), part_rows.begin(), part_rows.end());
  }
  return rows;
}

// rtl/nonuniform_lane.sv (Top: Vnonuniform_lane) with an external table port
// reading `rows` (packed_rows(table, ...)): the part descriptors are written
// through the descriptor port before the first input.
template <typename Top>
class RtlNonuniformLane {
 public:
  RtlNonuniformLane(VerilatedContext* context, const std::string& name,
                    const NonuniformTable& table, const std::vector<uint64_t>* rows,
                    bool always_granted)
      : top_(std::make_unique<Top>(context, name.c_str())),
        rows_(rows),
        always_granted_(always_granted) {
    top_->in_valid_i = 0;
    top_->out_ready_i = 0;
    top_->tbl_gnt_i = 0;
    top_->tbl_rdata_i = 0;
    top_->desc_we_i = 0;
    top_->cfg_parts_i = static_cast<uint32_t>(table.parts.size());
    reset_lane(*top_);
    std::vector<uint32_t> row_bases;
    packed_rows(table, &row_bases);
    for (size_t j = 0; j < table.parts.size(); ++j) {
      const UniformTable& part = table.parts[j];
      top_->desc_we_i = 1;
      top_->desc_addr_i = static_cast<uint32_t>(j);
      top_->desc_a_i = float_to_bits(part.a);
      top_->desc_b_i = float_to_bits(part.upper());
      top_->desc_m_i = static_cast<uint8_t>(static_cast<int8_t>(part.m));
      top_->desc_n_i = static_cast<uint8_t>(part.n);
      top_->desc_row_base_i = row_bases[j];
      top_->eval();
      top_->clk_i = 1;
      top_->eval();
      top_->clk_i = 0;
    }
    top_->desc_we_i = 0;
    top_->eval();
  }
  void open_trace(const std::string& path) { trace_.open(*top_, path); }

  void begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready) {
    top_->in_valid_i = in_valid;
    top_->in_x_i = x_bits;
    top_->out_ready_i = out_ready;
    top_->tbl_gnt_i = always_granted_;
    top_->tbl_rdata_i = rdata_;
    top_->eval();
    granted_ = always_granted_;
  }
  bool table_request(uint32_t* row) const {
    *row = top_->tbl_idx_o;
    return top_->tbl_req_o;
  }
  void set_grant(bool granted) {
    if (granted != granted_) {
      top_->tbl_gnt_i = granted;
      top_->eval();
      granted_ = granted;
    }
  }
  bool in_ready() const { return top_->in_ready_o; }
  bool out_valid() const { return top_->out_valid_o; }
  uint32_t out_y() const { return top_->out_y_o; }
  void clock() {
    if (granted_ && top_->tbl_req_o) rdata_ = (*rows_)[top_->tbl_idx_o];
    clock_lane(*top_, trace_);
  }

 private:
  std::unique_ptr<Top> top_;
  const std::vector<uint64_t>* rows_;
  bool always_granted_;
  bool granted_ = false;
  uint64_t rdata_ = 0;
  LaneTrace<Top> trace_;
};

// rtl/bsearch_pipelined.sv or rtl/bsearch_iterative.sv: breakpoints and
// table are private, written through the write ports before the first input.
template <typename Top>
class RtlBsearchLane {
 public:
  RtlBsearchLane(VerilatedContext* context, const std::string& name, const BreakpointTable& table)
      : top_(std::make_unique<Top>(context, name.c_str())) {
    top_->in_valid_i = 0;
    top_->out_ready_i = 0;
    top_->bp_we_i = 0;
    top_->tbl_we_i = 0;
    reset_lane(*top_);
    const std::vector<uint64_t> rows = packed_rows(table.k, table.b);
    const size_t writes = std::max(rows.size(), table.breakpoints.size());
    for (size_t i = 0; i < writes; ++i) {
      top_->bp_we_i = i < table.breakpoints.size();
      top_->bp_addr_i = static_cast<uint32_t>(i);
      top_->bp_wdata_i = i < table.breakpoints.size() ? float_to_bits(table.breakpoints[i]) : 0;
      top_->tbl_we_i = i < rows.size();
      top_->tbl_addr_i = static_cast<uint32_t>(i);
      top_->tbl_wdata_i = i < rows.size() ? rows[i] : 0;
      tick();
    }
    top_->bp_we_i = 0;
    top_->tbl_we_i = 0;
    top_->eval();
  }
  void open_trace(const std::string& path) { trace_.open(*top_, path); }

  void begin_cycle(bool in_valid, uint32_t x_bits, bool out_ready) {
    top_->in_valid_i = in_valid;
    top_->in_x_i = x_bits;
    top_->out_ready_i = out_ready;
    top_->eval();
  }
  bool table_request(uint32_t* row) const {
    *row = 0;
    return false;
  }
  void set_grant(bool /*granted*/) {}
  bool in_ready() const { return top_->in_ready_o; }
  bool out_valid() const { return top_->out_valid_o; }
  uint32_t out_y() const { return top_->out_y_o; }
  void clock() { clock_lane(*top_, trace_); }

 private:
  void tick() {
    top_->eval();
    top_->clk_i = 1;
    top_->eval();
    top_->clk_i = 0;
    top_->eval();
  }
  std::unique_ptr<Top> top_;
  LaneTrace<Top> trace_;
};

}  // namespace interpsim::lanes
