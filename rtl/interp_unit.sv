`include "interpsim_pkg.svh"

// interp_lane plus its private table memory (docs/design.md section 5).
//
// Number formats as in interp_lane: x, a, b, y in the io format, K and B in
// the kb format; a row is {K, B}, 2 * (kb width) bits (64 for fp32, 32 for
// 16-bit entries, 16 for 8-bit ones: the .tbl row KKKK_BBBB or KK_BB).
//
// The table holds 2^SegBitsMax + 2 rows of {K, B}; rows sit at their .tbl row
// numbers: segments 0 .. N-1, edge entries at N (x <= a) and N+1 (x >= b)
// for the configured n. Load it through the write port (one row per cycle)
// or with $readmemh of a .tbl file (TableFile). Configuration and table change
// only while the unit is idle. The private memory always grants, so the unit
// has the lane's timing: Latency cycles, II = 1.
module interp_unit #(
  parameter int SegBitsMax   = 16,
  // A .tbl file loaded into the table at time 0 ("" = none).
  parameter     TableFile    = "",
  // io format (x, a, b, y) and kb format (K, B); defaults fp32 and fp32.
  parameter int IoExpBits    = 8,
  parameter int IoManBits    = 23,
  parameter int IoFiniteOnly = 0,
  parameter int KbExpBits    = 8,
  parameter int KbManBits    = 23,
  parameter int KbFiniteOnly = 0,
  // interp_lane's register stages added for timing.
  parameter int AddExtraStages = 0,
  parameter int FmaExtraStages = 0,
  /* verilator lint_off UNUSEDPARAM */
  // interp_lane's Latency.
  localparam int Latency /* verilator public */ =
      interpsim_pkg::InterpLaneLatency + AddExtraStages + FmaExtraStages,
  /* verilator lint_on UNUSEDPARAM */
  localparam int IoWidth     = 1 + IoExpBits + IoManBits,
  localparam int TblRowWidth = 2 * (1 + KbExpBits + KbManBits)
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  input  logic [IoWidth-1:0]                      cfg_a_i,
  input  logic [IoWidth-1:0]                      cfg_b_i,
  input  logic [7:0]                              cfg_m_i,
  input  logic [4:0]                              cfg_n_i,
  input  logic                                    tbl_we_i,
  input  logic [SegBitsMax:0]                     tbl_addr_i,
  input  logic [TblRowWidth-1:0]                  tbl_wdata_i,
  input  logic                                    in_valid_i,
  output logic                                    in_ready_o,
  input  logic [IoWidth-1:0]                      in_x_i,
  output logic                                    out_valid_o,
  input  logic                                    out_ready_i,
  output logic [IoWidth-1:0]                      out_y_o
);

  localparam int Rows = (1 << SegBitsMax) + 2;

  logic                                    tbl_req;
  logic [SegBitsMax:0]                     tbl_idx;
  logic [TblRowWidth-1:0]                  tbl_rdata;

  interp_lane #(
    .SegBitsMax  (SegBitsMax),
    .IoExpBits   (IoExpBits),
    .IoManBits   (IoManBits),
    .IoFiniteOnly(IoFiniteOnly),
    .KbExpBits   (KbExpBits),
    .KbManBits   (KbManBits),
    .KbFiniteOnly  (KbFiniteOnly),
    .AddExtraStages(AddExtraStages),
    .FmaExtraStages(FmaExtraStages)
  ) u_lane (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .cfg_a_i    (cfg_a_i),
    .cfg_b_i    (cfg_b_i),
    .cfg_m_i    (cfg_m_i),
    .cfg_n_i    (cfg_n_i),
    .cfg_row_base_i({(SegBitsMax + 1){1'b0}}),  // one table at row 0
    .in_valid_i (in_valid_i),
    .in_ready_o (in_ready_o),
    .in_x_i     (in_x_i),
    .tbl_req_o  (tbl_req),
    .tbl_idx_o  (tbl_idx),
    .tbl_gnt_i  (1'b1),
    .tbl_rdata_i(tbl_rdata),
    .out_valid_o(out_valid_o),
    .out_ready_i(out_ready_i),
    .out_y_o    (out_y_o)
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
