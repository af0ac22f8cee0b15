`include "interpsim_pkg.svh"

// IEEE-754 binary32 adder, y = a + b, round to nearest even: fp_add with
// ExpBits = 8, ManBits = 23 (the normative ports of docs/design.md section 5).
//
// Subnormal inputs and outputs are supported (no flush to zero); any NaN result
// is the canonical quiet NaN 0x7FC00000; inf - inf is NaN; an exact zero sum of
// operands with different signs is +0, (-0) + (-0) is -0. Stall-all
// valid/ready pipeline, II = 1, Latency cycles (see fp_add).
module fp32_add #(
  // Register stages added for timing (the generic unit's ExtraStages).
  parameter int ExtraStages = 0,
  // Cycles from the input handshake to out_valid_o (without stalls). A
  // localparam in the header: readable by users, not overridable.
  /* verilator lint_off UNUSEDPARAM */
  localparam int Latency /* verilator public */ = interpsim_pkg::FpAddLatency + ExtraStages
  /* verilator lint_on UNUSEDPARAM */
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        in_valid_i,
  output logic        in_ready_o,
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  output logic        out_valid_o,
  input  logic        out_ready_i,
  output logic [31:0] y_o
);

  fp_add #(
    .ExpBits   (8),
    .ManBits   (23),
    .FiniteOnly (0),
    .ExtraStages(ExtraStages)
  ) u_add (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (in_valid_i),
    .in_ready_o (in_ready_o),
    .a_i        (a_i),
    .b_i        (b_i),
    .out_valid_o(out_valid_o),
    .out_ready_i(out_ready_i),
    .y_o        (y_o)
  );

endmodule
