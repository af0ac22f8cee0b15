// Leading-zero counter: number of zero bits above the most significant one
// of in_i; Width when in_i is zero. Purely combinational. Width <= 64.
//
// The input is left-aligned in a 64-bit window (zero-padded below) and run
// through a binary search: is the upper half of the window zero? then that
// bit of the count is set and the lower half goes on, else the upper half
// (32, 16, 8, 4, 2, 1 bits). Logarithmic depth; written as continuous
// assignments, a verilated model gets six branch-free compare-and-shift steps
// on native integers (an always_comb loop that shifted a window became
// data-dependent branches and bit-wise updates of the count).
module lzc #(
  parameter int Width    = 24,
  parameter int CntWidth = $clog2(Width + 1)
) (
  input  logic [Width-1:0]    in_i,
  output logic [CntWidth-1:0] cnt_o
);

  localparam int WindowWidth = 64;

  // windowK: the part of the window still in question after K steps;
  // zeroN: the upper N bits of the previous window were zero. Separate
  // signals, not one count vector: bits of one vector that feed each other
  // would be circular logic for Verilator (UNOPTFLAT).
  logic [31:0] window1;
  logic [15:0] window2;
  logic [7:0]  window3;
  logic [2:0]  window4;                    // the last four bits but the lowest
  logic        zero32, zero16, zero8, zero4, zero2, zero1;

  // Each step keeps the lower or the upper half by a shift (no select, so no
  // data-dependent branch in the verilated model). An input of at most 32
  // bits starts in a 32-bit window: one step less, 32-bit arithmetic.
  if (Width <= 32) begin : g_narrow
    assign zero32  = 1'b0;
    assign window1 = 32'({in_i, {(WindowWidth - Width) {1'b0}}} >> 32);
  end else begin : g_wide
    logic [63:0] window0;

    if (Width < WindowWidth) begin : g_padded
      assign window0 = {in_i, {(WindowWidth - Width) {1'b0}}};
    end else begin : g_full
      assign window0 = in_i;
    end
    assign zero32  = (window0[63:32] == 32'd0);
    assign window1 = 32'(window0 >> {!zero32, 5'd0});
  end
  assign zero16  = (window1[31:16] == 16'd0);
  assign window2 = 16'(window1 >> {!zero16, 4'd0});
  assign zero8   = (window2[15:8] == 8'd0);
  assign window3 = 8'(window2 >> {!zero8, 3'd0});
  assign zero4   = (window3[7:4] == 4'd0);
  // The lowest of the last four bits would only tell a count of 63 from 64
  // (a zero input, handled below), so it is shifted out too.
  assign window4 = 3'(window3 >> {!zero4, 2'd1});
  assign zero2   = (window4[2:1] == 2'd0);
  // Odd count within the last four bits: 01xx or 0001/0000.
  assign zero1   = !window4[2] && (window4[1] || !window4[0]);

  // A zero input reads as 63 above (the padding bits never hold a one).
  assign cnt_o = (in_i == '0) ? CntWidth'(Width) :
                 CntWidth'({zero32, zero16, zero8, zero4, zero2, zero1});

endmodule
