`include "interpsim_pkg.svh"

// LBFP8 as an input format of the unit (docs/design.md section 12, "Decision
// (LBFP8 input to the unit)"; issue 13 item 6): a registered decode stage in
// front of int_interp_lane. Each input is an LBFP8 element and its block's
// exponent; DEC decodes it into the lane's x (lbfp8_decode: Width bits, fx
// fractional bits, one rounding from the antilog entry) and int_interp_lane
// runs Algorithm 1 on it unchanged. The lane computes exactly what
// model/lbfp_lane.cpp's fixed_eval_lbfp8 computes per element:
//
//   y = fixed_eval(table, lbfp8_decode_fixed(x, E, Width, fx))
//
// Rounding to nearest even only (the decision: no stochastic stream for an
// LBFP8 input), so the lane's stochastic inputs are tied off.
//
// Stages: DEC (the decoded x, one register) then int_interp_lane's six. DEC
// is a pipeline register: it takes an element when it is empty or when the
// lane takes the one it holds, so II = 1, and the table port and output
// stream are int_interp_lane's own. Latency 1 + IntInterpLaneLatency.
module lbfp8_int_interp_lane #(
  // Bits of x, a, y, K and B: 8 or 16 (int32 tables are refused for LBFP8).
  parameter int Width      = 16,
  // As int_interp_lane's.
  parameter int SegBitsMax = 12,
  parameter int AlignMax   = 62,
  parameter int DropMax    = 94,
  // Cycles from the input handshake to out_valid_o when nothing stalls.
  /* verilator lint_off UNUSEDPARAM */
  localparam int Latency = interpsim_pkg::Lbfp8IntInterpLaneLatency,
  /* verilator lint_on UNUSEDPARAM */
  localparam int TblRowWidth = 2 * Width
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  // Runtime configuration as int_interp_lane's, and fx for the decode;
  // change only while the lane is idle.
  input  logic [Width-1:0]       cfg_qa_i,    // a * 2^fx, two's complement
  input  logic [5:0]             cfg_span_i,  // m + fx, n .. Width
  input  logic [4:0]             cfg_n_i,     // n <= SegBitsMax
  input  logic [6:0]             cfg_fx_i,    // x's fractional bits
  input  logic [6:0]             cfg_shk_i,   // s - (fx + fk), 0 .. AlignMax
  input  logic [6:0]             cfg_shb_i,   // s - fb, 0 .. AlignMax
  input  logic [7:0]             cfg_drop_i,  // s - fy, -DropMax .. DropMax
  // Input stream: an LBFP8 element and its block's exponent.
  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [7:0]             in_x_i,
  input  logic signed [7:0]      in_e_i,
  // Table port, as int_interp_lane's.
  output logic                   tbl_req_o,
  output logic [SegBitsMax:0]    tbl_idx_o,
  input  logic                   tbl_gnt_i,
  input  logic [TblRowWidth-1:0] tbl_rdata_i,
  // Output stream: y, Width bits with fy fractional bits.
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [Width-1:0]       out_y_o
);

  // ---------------------------------------------------------------------------
  // DEC: the element decoded into x; a pipeline register.
  // ---------------------------------------------------------------------------
  logic [Width-1:0] dec_qx;

  lbfp8_decode #(.Width(Width)) u_decode (
    .x_i(in_x_i), .e_i(in_e_i), .fx_i(cfg_fx_i), .qx_o(dec_qx)
  );

  logic             dec_valid_q;
  logic [Width-1:0] dec_qx_q;
  logic             lane_ready;

  assign in_ready_o = !dec_valid_q || lane_ready;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dec_valid_q <= 1'b0;
    end else if (in_ready_o) begin
      dec_valid_q <= in_valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (in_ready_o && in_valid_i) begin
      dec_qx_q <= dec_qx;
    end
  end

  // ---------------------------------------------------------------------------
  // The integer lane on the decoded x.
  // ---------------------------------------------------------------------------
  int_interp_lane #(
    .Width     (Width),
    .SegBitsMax(SegBitsMax),
    .AlignMax  (AlignMax),
    .DropMax   (DropMax)
  ) u_lane (
    .clk_i,
    .rst_ni,
    .cfg_qa_i,
    .cfg_span_i,
    .cfg_n_i,
    .cfg_shk_i,
    .cfg_shb_i,
    .cfg_drop_i,
    .cfg_stochastic_i(1'b0),
    .cfg_seed_load_i (1'b0),
    .cfg_seed_i      (32'd0),
    .in_valid_i      (dec_valid_q),
    .in_ready_o      (lane_ready),
    .in_x_i          (dec_qx_q),
    .tbl_req_o,
    .tbl_idx_o,
    .tbl_gnt_i,
    .tbl_rdata_i,
    .out_valid_o,
    .out_ready_i,
    .out_y_o
  );

endmodule
