// The LBFP8 antilog table (docs/design.md section 12, "Decision (the LBFP8
// multiplier)"): M[k] = round(2^16 * 2^(-k/16)), k = 0..15, 16 fractional
// bits (M[0] = 2^16 needs 17). The one copy in the RTL: lbfp8_mul's product
// and lbfp8_decode's element decode both read it (model/lbfp_multiply.cpp,
// lbfp8_mul_mantissa, is the model's). Combinational.
module lbfp_antilog (
  input  logic [3:0]  k_i,
  output logic [16:0] mantissa_o
);

  always_comb begin
    unique case (k_i)
      4'd0:    mantissa_o = 17'h10000;
      4'd1:    mantissa_o = 17'h0F525;
      4'd2:    mantissa_o = 17'h0EAC1;
      4'd3:    mantissa_o = 17'h0E0CD;
      4'd4:    mantissa_o = 17'h0D745;
      4'd5:    mantissa_o = 17'h0CE25;
      4'd6:    mantissa_o = 17'h0C567;
      4'd7:    mantissa_o = 17'h0BD09;
      4'd8:    mantissa_o = 17'h0B505;
      4'd9:    mantissa_o = 17'h0AD58;
      4'd10:   mantissa_o = 17'h0A5FF;
      4'd11:   mantissa_o = 17'h09EF5;
      4'd12:   mantissa_o = 17'h09838;
      4'd13:   mantissa_o = 17'h091C4;
      4'd14:   mantissa_o = 17'h08B96;
      4'd15:   mantissa_o = 17'h085AB;
      default: mantissa_o = 17'h10000;
    endcase
  end

endmodule
