// Leading-zero counter: number of zero bits above the most significant one
// of in_i; Width when in_i is zero. Purely combinational.
module fp32_lzc #(
  parameter int Width    = 24,
  parameter int CntWidth = $clog2(Width + 1)
) (
  input  logic [Width-1:0]    in_i,
  output logic [CntWidth-1:0] cnt_o
);

  // Scanning upward lets the highest set bit win without a "found" flag.
  always_comb begin
    cnt_o = CntWidth'(Width);
    for (int i = 0; i < Width; i++) begin
      if (in_i[i]) begin
        cnt_o = CntWidth'(Width - 1 - i);
      end
    end
  end

endmodule
