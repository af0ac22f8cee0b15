// Maps a non-NaN binary32 bit pattern to an unsigned key whose integer order
// is the IEEE-754 order of the values: -inf lowest, +0 and -0 equal, +inf
// highest. Lets x <= a, x >= b and x >= t_i be one unsigned comparison each.
// NaN inputs give some key; callers classify NaN separately. Combinational.
module interp_order_key (
  input  logic [31:0] value_i,
  output logic [31:0] key_o
);

  always_comb begin
    if (value_i[30:0] == 31'd0) begin
      key_o = 32'h8000_0000;             // both zeros
    end else if (value_i[31]) begin
      key_o = ~value_i;                  // negatives: larger magnitude sorts lower
    end else begin
      key_o = {1'b1, value_i[30:0]};     // positives above every negative
    end
  end

endmodule
