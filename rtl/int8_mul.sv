// int8 x int8 -> int16, exact two's complement: the fixed-point multiplier
// the LBFP8 one (lbfp8_mul) is compared with (docs/design.md section 12).
// Combinational; OutReg = 1 adds one output register (latency 1).
module int8_mul #(
  parameter int OutReg = 1
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [7:0]  a_i,
  input  logic [7:0]  b_i,
  output logic [15:0] p_o
);

  logic signed [15:0] product;
  assign product = $signed({{8{a_i[7]}}, a_i}) * $signed({{8{b_i[7]}}, b_i});

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

endmodule
