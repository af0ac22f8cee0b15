// Maps a non-NaN float bit pattern (Width bits: sign, exponent, fraction, any
// binary format) to an unsigned key whose integer order is the IEEE-754 order
// of the values: -inf lowest, +0 and -0 equal, +inf highest. Lets x <= a,
// x >= b and x >= t_i be one unsigned comparison each. NaN inputs give some
// key; callers classify NaN separately. Combinational.
module interp_order_key #(
  parameter int Width = 32
) (
  input  logic [Width-1:0] value_i,
  output logic [Width-1:0] key_o
);

  always_comb begin
    if (value_i[Width-2:0] == '0) begin
      key_o = {1'b1, {(Width - 1) {1'b0}}};  // both zeros
    end else if (value_i[Width-1]) begin
      key_o = ~value_i;                      // negatives: larger magnitude sorts lower
    end else begin
      key_o = {1'b1, value_i[Width-2:0]};    // positives above every negative
    end
  end

endmodule
