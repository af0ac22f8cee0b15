`include "interpsim_pkg.svh"

// value_lut_lane plus its private table memory: the value LUT as a unit, the
// counterpart of interp_unit (same ports plus cfg_exp_mode_i).
//
// Memory: the model's (N + 1) + 4 words, no more (docs/rtl.md,
// "value_lut_lane"). The N + 1 values y_i sit in two banks, even i and odd i,
// so the lane's one row read {y_{r+1}, y_r} is one read of each bank (r and
// r + 1 always differ in parity); the two edge lines {K, B} sit in a
// two-row memory of their own. Every read is registered, as table_mem's.
//
// Write port, in the lane's row numbering (one 64-bit row per cycle, for the
// configured n): row r < N writes {y_{r+1}, y_r} (y_r to its bank and
// y_{r+1} to the other; writing rows 0 .. N-1 writes every value), row N the
// underflow line {K, B}, row N+1 the overflow line. Configuration and table
// change only while the unit is idle. The private memory always grants, so
// the unit has the lane's timing: Latency cycles, II = 1.
module value_lut_unit #(
  // n <= SegBitsMax; the default holds NVDLA's 257-entry table (n = 8).
  parameter int SegBitsMax  = 8,
  /* verilator lint_off UNUSEDPARAM */
  // value_lut_lane's Latency.
  localparam int Latency /* verilator public */ = interpsim_pkg::ValueLutLaneLatency,
  /* verilator lint_on UNUSEDPARAM */
  localparam int TblRowWidth = 64
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic [31:0]            cfg_a_i,
  input  logic [31:0]            cfg_b_i,
  input  logic [7:0]             cfg_m_i,
  input  logic [4:0]             cfg_n_i,
  input  logic                   cfg_exp_mode_i,
  input  logic                   tbl_we_i,
  input  logic [SegBitsMax:0]    tbl_addr_i,
  input  logic [TblRowWidth-1:0] tbl_wdata_i,
  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [31:0]            in_x_i,
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [31:0]            out_y_o
);

  localparam int RowWidth  = SegBitsMax + 1;
  // Even values y_0, y_2, .., y_N: 2^(SegBitsMax-1) + 1 words; odd ones 2^(SegBitsMax-1).
  localparam int EvenWords = (1 << (SegBitsMax - 1)) + 1;
  localparam int OddWords  = 1 << (SegBitsMax - 1);

  logic                   tbl_req;
  logic [RowWidth-1:0]    tbl_idx;
  logic [TblRowWidth-1:0] tbl_rdata;

  value_lut_lane #(
    .SegBitsMax(SegBitsMax)
  ) u_lane (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .cfg_a_i       (cfg_a_i),
    .cfg_b_i       (cfg_b_i),
    .cfg_m_i       (cfg_m_i),
    .cfg_n_i       (cfg_n_i),
    .cfg_exp_mode_i(cfg_exp_mode_i),
    .in_valid_i    (in_valid_i),
    .in_ready_o    (in_ready_o),
    .in_x_i        (in_x_i),
    .tbl_req_o     (tbl_req),
    .tbl_idx_o     (tbl_idx),
    .tbl_gnt_i     (1'b1),
    .tbl_rdata_i   (tbl_rdata),
    .out_valid_o   (out_valid_o),
    .out_ready_i   (out_ready_i),
    .out_y_o       (out_y_o)
  );

  // Row r < N touches even word (r + 1) / 2 and odd word r / 2, for reads and
  // writes alike; U = y_{r+1} is the odd word when r is even.
  logic [RowWidth-1:0]    intervals;
  logic                   wr_segment, rd_segment;
  logic [SegBitsMax-1:0]  wr_even_addr, rd_even_addr;
  logic [SegBitsMax-2:0]  wr_odd_addr, rd_odd_addr;
  logic [31:0]            wr_even_data, wr_odd_data;
  logic                   wr_edge, edge_addr_wr, edge_addr_rd;

  assign intervals    = RowWidth'(1) << cfg_n_i;
  assign wr_segment   = tbl_addr_i < intervals;
  assign rd_segment   = tbl_idx < intervals;
  assign wr_even_addr = SegBitsMax'((tbl_addr_i + 1'b1) >> 1);
  assign wr_odd_addr  = tbl_addr_i[SegBitsMax-1:1];
  assign rd_even_addr = SegBitsMax'((tbl_idx + 1'b1) >> 1);
  assign rd_odd_addr  = tbl_idx[SegBitsMax-1:1];
  assign wr_even_data = tbl_addr_i[0] ? tbl_wdata_i[63:32] : tbl_wdata_i[31:0];
  assign wr_odd_data  = tbl_addr_i[0] ? tbl_wdata_i[31:0] : tbl_wdata_i[63:32];
  // Row N is edge 0 and row N + 1 edge 1 (N even for n >= 1; n = 0 has N = 1).
  assign wr_edge      = (tbl_addr_i == intervals) || (tbl_addr_i == intervals + 1'b1);
  assign edge_addr_wr = tbl_addr_i != intervals;
  assign edge_addr_rd = tbl_idx != intervals;

  logic [31:0]            even_rdata, odd_rdata;
  logic [TblRowWidth-1:0] edge_rdata;

  table_mem #(
    .Width    (32),
    .Words    (EvenWords),
    .AddrWidth(SegBitsMax)
  ) u_even (
    .clk_i  (clk_i),
    .we_i   (tbl_we_i && wr_segment),
    .waddr_i(wr_even_addr),
    .wdata_i(wr_even_data),
    .re_i   (tbl_req && rd_segment),
    .raddr_i(rd_even_addr),
    .rdata_o(even_rdata)
  );

  table_mem #(
    .Width    (32),
    .Words    (OddWords),
    .AddrWidth(SegBitsMax - 1)
  ) u_odd (
    .clk_i  (clk_i),
    .we_i   (tbl_we_i && wr_segment),
    .waddr_i(wr_odd_addr),
    .wdata_i(wr_odd_data),
    .re_i   (tbl_req && rd_segment),
    .raddr_i(rd_odd_addr),
    .rdata_o(odd_rdata)
  );

  table_mem #(
    .Width    (TblRowWidth),
    .Words    (2),
    .AddrWidth(1)
  ) u_edges (
    .clk_i  (clk_i),
    .we_i   (tbl_we_i && wr_edge),
    .waddr_i(edge_addr_wr),
    .wdata_i(tbl_wdata_i),
    .re_i   (tbl_req && !rd_segment),
    .raddr_i(edge_addr_rd),
    .rdata_o(edge_rdata)
  );

  // The row's kind and parity, registered with the read (held like the data).
  logic rd_segment_q, rd_odd_q;

  always_ff @(posedge clk_i) begin
    if (tbl_req) begin
      rd_segment_q <= rd_segment;
      rd_odd_q     <= tbl_idx[0];
    end
  end

  always_comb begin
    if (!rd_segment_q) begin
      tbl_rdata = edge_rdata;
    end else if (rd_odd_q) begin
      tbl_rdata = {even_rdata, odd_rdata};
    end else begin
      tbl_rdata = {odd_rdata, even_rdata};
    end
  end

endmodule
