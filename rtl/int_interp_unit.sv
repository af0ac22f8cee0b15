`include "interpsim_pkg.svh"

// int_interp_lane plus its private table memory: the fixed-point unit the
// tests drive (docs/rtl.md, "int_interp_lane").
//
// The table holds 2^SegBitsMax + 2 rows of {K, B} (2 * Width bits, the .tbl
// row KK_BB, KKKK_BBBB or KKKKKKKK_BBBBBBBB); rows sit at their .tbl row
// numbers: segments 0 .. N-1, edge rows N (x <= a) and N+1 (x >= b) for the
// configured n. Load it through the write port (one row per cycle) or with
// $readmemh of a .tbl file (TableFile). Configuration and table change only
// while the unit is idle. The private memory always grants, so the unit has
// the lane's timing: Latency cycles, II = 1.
module int_interp_unit #(
  parameter int Width      = 16,
  parameter int SegBitsMax = 12,
  parameter int AlignMax   = 62,
  parameter int DropMax    = 94,
  // A .tbl file loaded into the table at time 0 ("" = none).
  parameter     TableFile  = "",
  /* verilator lint_off UNUSEDPARAM */
  // int_interp_lane's Latency.
  localparam int Latency /* verilator public */ = interpsim_pkg::IntInterpLaneLatency,
  /* verilator lint_on UNUSEDPARAM */
  localparam int TblRowWidth = 2 * Width
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic [Width-1:0]       cfg_qa_i,
  input  logic [5:0]             cfg_span_i,
  input  logic [4:0]             cfg_n_i,
  input  logic [6:0]             cfg_shk_i,
  input  logic [6:0]             cfg_shb_i,
  input  logic [7:0]             cfg_drop_i,
  input  logic                   cfg_stochastic_i,
  input  logic                   cfg_seed_load_i,
  input  logic [31:0]            cfg_seed_i,
  input  logic                   tbl_we_i,
  input  logic [SegBitsMax:0]    tbl_addr_i,
  input  logic [TblRowWidth-1:0] tbl_wdata_i,
  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [Width-1:0]       in_x_i,
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [Width-1:0]       out_y_o
);

  localparam int Rows = (1 << SegBitsMax) + 2;

  logic                   tbl_req;
  logic [SegBitsMax:0]    tbl_idx;
  logic [TblRowWidth-1:0] tbl_rdata;

  int_interp_lane #(
    .Width     (Width),
    .SegBitsMax(SegBitsMax),
    .AlignMax  (AlignMax),
    .DropMax   (DropMax)
  ) u_lane (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .cfg_qa_i        (cfg_qa_i),
    .cfg_span_i      (cfg_span_i),
    .cfg_n_i         (cfg_n_i),
    .cfg_shk_i       (cfg_shk_i),
    .cfg_shb_i       (cfg_shb_i),
    .cfg_drop_i      (cfg_drop_i),
    .cfg_stochastic_i(cfg_stochastic_i),
    .cfg_seed_load_i (cfg_seed_load_i),
    .cfg_seed_i      (cfg_seed_i),
    .in_valid_i      (in_valid_i),
    .in_ready_o      (in_ready_o),
    .in_x_i          (in_x_i),
    .tbl_req_o       (tbl_req),
    .tbl_idx_o       (tbl_idx),
    .tbl_gnt_i       (1'b1),
    .tbl_rdata_i     (tbl_rdata),
    .out_valid_o     (out_valid_o),
    .out_ready_i     (out_ready_i),
    .out_y_o         (out_y_o)
  );

  table_mem #(
    .Width    (TblRowWidth),
    .Words    (Rows),
    .AddrWidth(SegBitsMax + 1),
    .InitFile (TableFile)
  ) u_table (
    .clk_i  (clk_i),
    .we_i   (tbl_we_i),
    .waddr_i(tbl_addr_i),
    .wdata_i(tbl_wdata_i),
    .re_i   (tbl_req),
    .raddr_i(tbl_idx),
    .rdata_o(tbl_rdata)
  );

endmodule
