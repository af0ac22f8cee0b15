`include "interpsim_pkg.svh"

// Output stage of interp_lane, bsearch_pipelined and bsearch_iterative:
// y = fma(x, K, B) in fp32_fma, with the edge and NaN rules of docs/rtl.md.
//
//   - An edge row (x <= a or x >= b, x not NaN: in_edge_i) whose K is +-0
//     computes fma(+0, -0, B) instead, which is B exactly for every B (also
//     -0, infinities and NaN): no bypass mux and no extra alignment.
//   - Any NaN result leaves as the canonical NaN 0x7FC00000.
//
// Timing and handshake are fp32_fma's: interpsim_pkg::Fp32FmaLatency cycles,
// II = 1, stall-all; in_ready_o is its advance signal (!out_valid_o ||
// out_ready_i), so it depends combinationally on out_ready_i. Inputs are
// taken when in_valid_i && in_ready_o.
module interp_output_stage (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  input  logic                                    in_valid_i,
  output logic                                    in_ready_o,
  input  logic [31:0]                             in_x_i,      // float32 bits of x
  input  logic                                    in_edge_i,   // edge row, x not NaN
  input  logic [interpsim_pkg::TableRowWidth-1:0] in_row_i,    // {K, B}
  output logic                                    out_valid_o,
  input  logic                                    out_ready_i,
  output logic [31:0]                             out_y_o
);

  logic [31:0] row_k, row_b;
  logic        fma_const;
  logic [31:0] fma_a, fma_b, fma_y;

  assign row_k     = in_row_i[63:32];
  assign row_b     = in_row_i[31:0];
  assign fma_const = in_edge_i && (row_k[30:0] == 31'd0);
  assign fma_a     = fma_const ? 32'h0000_0000 : in_x_i;
  assign fma_b     = fma_const ? 32'h8000_0000 : row_k;

  fp32_fma u_fma (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (in_valid_i),
    .in_ready_o (in_ready_o),
    .a_i        (fma_a),
    .b_i        (fma_b),
    .c_i        (row_b),
    .out_valid_o(out_valid_o),
    .out_ready_i(out_ready_i),
    .y_o        (fma_y)
  );

  assign out_y_o = interpsim_pkg::fp32_is_nan(fma_y) ? interpsim_pkg::Fp32CanonicalNan : fma_y;

endmodule
