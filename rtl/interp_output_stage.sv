`include "interpsim_pkg.svh"

// Output stage of interp_lane, bsearch_pipelined and bsearch_iterative:
// y = fma(x, K, B) in fp_fma (x and y in the io format, the row {K, B} in the
// kb format; defaults fp32/fp32, i.e. fp32_fma), with the edge and NaN rules
// of docs/rtl.md.
//
//   - An edge row (x <= a or x >= b, x not NaN: in_edge_i) whose K is +-0
//     computes fma(+0, -0, B) instead, which is round_io(B) for every B (also
//     -0, infinities and NaN): no bypass mux and no extra alignment.
//   - Any NaN result leaves as the canonical NaN of the io format (fp_fma
//     produces only that NaN).
//
// Timing and handshake are fp_fma's: interpsim_pkg::FpFmaLatency cycles,
// II = 1, stall-all; in_ready_o is its advance signal (!out_valid_o ||
// out_ready_i), so it depends combinationally on out_ready_i. Inputs are
// taken when in_valid_i && in_ready_o.
module interp_output_stage #(
  parameter int IoExpBits    = 8,
  parameter int IoManBits    = 23,
  parameter int IoFiniteOnly = 0,
  parameter int KbExpBits    = 8,
  parameter int KbManBits    = 23,
  parameter int KbFiniteOnly = 0,
  // fp_fma's ExtraStages: the stage takes FpFmaLatency + FmaExtraStages cycles.
  parameter int FmaExtraStages = 0,
  localparam int IoWidth  = 1 + IoExpBits + IoManBits,
  localparam int KbWidth  = 1 + KbExpBits + KbManBits,
  localparam int RowWidth = 2 * KbWidth
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [IoWidth-1:0]  in_x_i,      // io-format bits of x
  input  logic                in_edge_i,   // edge row, x not NaN
  input  logic [RowWidth-1:0] in_row_i,    // {K, B}, kb format
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [IoWidth-1:0]  out_y_o
);

  logic [KbWidth-1:0] row_k, row_b;
  logic               fma_const;
  logic [IoWidth-1:0] fma_a;
  logic [KbWidth-1:0] fma_b;

  assign row_k     = in_row_i[RowWidth-1:KbWidth];
  assign row_b     = in_row_i[KbWidth-1:0];
  assign fma_const = in_edge_i && (row_k[KbWidth-2:0] == '0);
  assign fma_a     = fma_const ? '0 : in_x_i;
  assign fma_b     = fma_const ? {1'b1, {(KbWidth - 1) {1'b0}}} : row_k;

  // fp32/fp32 uses fp32_fma (the same logic as fp_fma's fp32 instance), so
  // flows that treat the FP units as black boxes see them as before.
  if ((IoExpBits == 8) && (IoManBits == 23) && (IoFiniteOnly == 0) &&
      (KbExpBits == 8) && (KbManBits == 23) && (KbFiniteOnly == 0)) begin : g_fma_fp32
    fp32_fma #(
      .ExtraStages(FmaExtraStages)
    ) u_fma (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (in_valid_i),
      .in_ready_o (in_ready_o),
      .a_i        (fma_a),
      .b_i        (fma_b),
      .c_i        (row_b),
      .out_valid_o(out_valid_o),
      .out_ready_i(out_ready_i),
      .y_o        (out_y_o)
    );
  end else begin : g_fma
    fp_fma #(
      .IoExpBits   (IoExpBits),
      .IoManBits   (IoManBits),
      .IoFiniteOnly(IoFiniteOnly),
      .KbExpBits   (KbExpBits),
      .KbManBits   (KbManBits),
      .KbFiniteOnly(KbFiniteOnly),
      .ExtraStages (FmaExtraStages)
    ) u_fma (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (in_valid_i),
      .in_ready_o (in_ready_o),
      .a_i        (fma_a),
      .b_i        (fma_b),
      .c_i        (row_b),
      .out_valid_o(out_valid_o),
      .out_ready_i(out_ready_i),
      .y_o        (out_y_o)
    );
  end

endmodule
