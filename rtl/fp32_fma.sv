`include "interpsim_pkg.svh"

// IEEE-754 binary32 fused multiply-add, y = a*b + c with a single rounding,
// round to nearest even: fp_fma with both formats fp32 (the normative ports
// of docs/design.md section 5).
//
// Subnormal inputs and outputs are supported (no flush to zero); any NaN result
// is the canonical quiet NaN 0x7FC00000; 0*inf and inf - inf are NaN. An exact
// zero result is -0 only when a*b and c are both zero-or-negative with the same
// sign; a nonzero result that rounds to zero keeps its sign. Stall-all
// valid/ready pipeline, II = 1, Latency cycles (see fp_fma).
module fp32_fma #(
  // Register stages added for timing (the generic unit's ExtraStages).
  parameter int ExtraStages = 0,
  // Cycles from the input handshake to out_valid_o (without stalls). A
  // localparam in the header: readable by users, not overridable.
  /* verilator lint_off UNUSEDPARAM */
  localparam int Latency /* verilator public */ = interpsim_pkg::FpFmaLatency + ExtraStages
  /* verilator lint_on UNUSEDPARAM */
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        in_valid_i,
  output logic        in_ready_o,
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  input  logic [31:0] c_i,
  output logic        out_valid_o,
  input  logic        out_ready_i,
  output logic [31:0] y_o
);

  fp_fma #(
    .IoExpBits   (8),
    .IoManBits   (23),
    .IoFiniteOnly(0),
    .KbExpBits   (8),
    .KbManBits   (23),
    .KbFiniteOnly(0),
    .ExtraStages (ExtraStages)
  ) u_fma (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (in_valid_i),
    .in_ready_o (in_ready_o),
    .a_i        (a_i),
    .b_i        (b_i),
    .c_i        (c_i),
    .out_valid_o(out_valid_o),
    .out_ready_i(out_ready_i),
    .y_o        (y_o)
  );

endmodule
