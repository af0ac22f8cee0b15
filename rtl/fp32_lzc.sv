// Leading-zero counter: number of zero bits above the most significant one
// of in_i; Width when in_i is zero. Purely combinational.
//
// Two levels: the input, cut from the top into 32-bit chunks (the last one
// zero-padded), gets a binary-search count per chunk (is the upper 16, 8, 4,
// 2, 1 bits zero? then shift them out), and the topmost nonzero chunk supplies
// the result. Logic depth is logarithmic, and a verilated model works on
// native 32-bit words instead of multi-word shifts.
module fp32_lzc #(
  parameter int Width    = 24,
  parameter int CntWidth = $clog2(Width + 1)
) (
  input  logic [Width-1:0]    in_i,
  output logic [CntWidth-1:0] cnt_o
);

  localparam int ChunkWidth = 32;
  localparam int NumChunks  = (Width + ChunkWidth - 1) / ChunkWidth;

  logic [NumChunks-1:0]   chunk_nonzero;   // chunk 0 is the topmost
  logic [5*NumChunks-1:0] chunk_lz;        // 5 bits per chunk

  for (genvar c = 0; c < NumChunks; c++) begin : g_chunk
    logic [ChunkWidth-1:0] word;
    logic [ChunkWidth-1:0] window;
    logic [4:0]            half_zero;

    // Chunk c holds in_i[Width-1-32c -: 32]; the last one is zero-padded below.
    if (Width - ChunkWidth * c >= ChunkWidth) begin : g_full
      assign word = in_i[Width-1-ChunkWidth*c -: ChunkWidth];
    end else begin : g_padded
      assign word = {in_i[Width-1-ChunkWidth*c:0], {(ChunkWidth * (c + 1) - Width) {1'b0}}};
    end

    always_comb begin
      window = word;
      for (int level = 4; level >= 0; level--) begin
        // Upper 2^level bits of the window all zero? Then shift them out.
        half_zero[level] = (window >> (ChunkWidth - (1 << level))) == '0;
        if (half_zero[level]) begin
          window = window << (1 << level);
        end
      end
    end

    assign chunk_nonzero[c]   = (word != '0);
    assign chunk_lz[5*c +: 5] = half_zero;
  end

  // Scanning from the bottom chunk up lets the topmost nonzero chunk win.
  always_comb begin
    cnt_o = CntWidth'(Width);
    for (int c = NumChunks - 1; c >= 0; c--) begin
      if (chunk_nonzero[c]) begin
        cnt_o = CntWidth'(ChunkWidth * c) + CntWidth'(chunk_lz[5*c +: 5]);
      end
    end
  end

endmodule
