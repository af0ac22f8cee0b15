// LBFP8 multiplier (docs/design.md section 12, "Decision (the LBFP8
// multiplier)"): the product of two LBFP8 elements {sign, 7-bit code L},
// value (-1)^s * 2^(-L/16) (L = 127 is zero; the block exponents are added
// outside), as an int16 with 14 fractional bits.
//
// Log domain: L = La + Lb (0..252) is one 7-bit add. Antilog:
// 2^(-L/16) = 2^(-floor(L/16)) * 2^(-(L mod 16)/16), the second factor from
// the 16-entry table round(2^16 * 2^(-k/16)) (lbfp_antilog), then one right shift by
// floor(L/16) + 2 rounded to nearest (ties up) and a conditional negation.
// Combinational; OutReg = 1 adds one output register (latency 1).
module lbfp8_mul #(
  parameter int OutReg = 1
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [7:0]  a_i,
  input  logic [7:0]  b_i,
  output logic [15:0] p_o
);

  logic        zero;
  logic        negative;
  logic [7:0]  log_sum;
  logic [3:0]  octave;
  logic [16:0] mantissa;
  logic [15:0] halved;       // mantissa >> (octave + 1): one bit below the result
  logic [14:0] magnitude;    // <= 2^14
  logic [15:0] product;

  assign zero     = (a_i[6:0] == 7'h7F) || (b_i[6:0] == 7'h7F);
  assign negative = a_i[7] ^ b_i[7];
  assign log_sum  = {1'b0, a_i[6:0]} + {1'b0, b_i[6:0]};
  assign octave   = log_sum[7:4];

  lbfp_antilog u_antilog (.k_i(log_sum[3:0]), .mantissa_o(mantissa));

  // (m + 2^(q+1)) >> (q+2) == ((m >> (q+1)) + 1) >> 1: the rounding is one
  // increment after the shift instead of an add before it.
  // halved <= 2^15, so the increment cannot carry out of 16 bits.
  logic [16:0] shifted;
  logic [15:0] rounded;
  assign shifted   = mantissa >> ({1'b0, octave} + 5'd1);
  assign halved    = shifted[15:0];
  assign rounded   = halved + 16'd1;
  assign magnitude = rounded[15:1];

  always_comb begin
    if (zero) begin
      product = '0;
    end else if (negative) begin
      product = -{1'b0, magnitude};
    end else begin
      product = {1'b0, magnitude};
    end
  end

  if (OutReg != 0) begin : g_out_reg
    logic [15:0] p_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        p_q <= '0;
      end else begin
        p_q <= product;
      end
    end
    assign p_o = p_q;
  end else begin : g_comb
    logic unused_clk;
    assign unused_clk = clk_i ^ rst_ni;
    assign p_o = product;
  end

  // shifted[16]: m >> 1 < 2^16; rounded[0]: below the result.
  logic unused_bits;
  assign unused_bits = shifted[16] ^ rounded[0];

endmodule
