// The LBFP lane's alignment (docs/design.md section 12, "Decision (the LBFP
// interpolation lane)"; model/lbfp_lane.cpp, lbfp_align): an LBFP8 product
// p (int16, |p| <= 2^14) times 2^shift, the shift clamped to [-16, 16]: a
// left shift is exact; a right shift rounds to nearest even, as
// floor((p + 2^(r-1) - 1 + bit r of p) / 2^r). Combinational.
module lbfp_align (
  input  logic signed [15:0] p_i,
  input  logic signed [9:0]  shift_i,
  output logic signed [31:0] q_o
);

  logic               left;       // shift >= 0
  logic [4:0]         amount;     // |shift| clamped to 16
  logic signed [31:0] wide;
  logic        [31:0] kept_lsb;   // bit `amount` of p at bit 0
  logic        [31:0] addend;

  always_comb begin
    left = !shift_i[9];
    if (shift_i > 10'sd16) begin
      amount = 5'd16;
    end else if (shift_i < -10'sd16) begin
      amount = 5'd16;
    end else if (left) begin
      amount = shift_i[4:0];
    end else begin
      amount = 5'(-shift_i);
    end
    wide     = {{16{p_i[15]}}, p_i};
    kept_lsb = wide >> amount;
    addend   = (32'd1 << (amount - 5'd1)) - 32'd1 + {31'd0, kept_lsb[0]};
    if (left) begin
      q_o = wide <<< amount;
    end else begin
      // |p| <= 2^14 and addend < 2^16: the sum cannot overflow.
      q_o = (wide + $signed(addend)) >>> amount;
    end
  end

  logic unused_bits;
  assign unused_bits = ^kept_lsb[31:1];

endmodule
