`include "interpsim_pkg.svh"

// Binary-search LUT baseline, pipelined: one comparison level per stage,
// II = 1, latency SegBits + 2 + fp32_fma's 4 (docs/design.md section 4).
//
// For a < x < b the row is the largest i with t_i <= x, found MSB first:
// level k compares x with the breakpoint (2p + 1) * 2^(SegBits-1-k), p being
// the k index bits found so far. Level k has its own memory of the 2^k
// breakpoints it can compare against (the classic structure), read in the
// cycle the element enters the stage. Edge and NaN rules, the table (N + 2
// rows at their .tbl numbers) and the FMA are those of interp_lane.
//
// Stages: IN (x <= t_0, x >= t_N, NaN), L0 .. L(SegBits-1), RD, FMA.
// Stall-all: every stage advances unless RD holds an element the FMA cannot
// accept.
module bsearch_pipelined #(
  parameter int SegBits  = 4,            // N = 2^SegBits segments, SegBits >= 1
  // Register stages added to the FMA for timing (fp_fma's ExtraStages).
  parameter int FmaExtraStages = 0,
  /* verilator lint_off UNUSEDPARAM */
  // IN/search + one cycle per level + ROW/RD + interp_output_stage (fp32_fma).
  localparam int Latency /* verilator public */ =
      SegBits + 2 + interpsim_pkg::Fp32FmaLatency + FmaExtraStages,
  /* verilator lint_on UNUSEDPARAM */
  localparam int Segments = 1 << SegBits
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  // Breakpoint write port: bp_addr_i = i writes t_i, i = 0 .. N.
  input  logic                                    bp_we_i,
  input  logic [SegBits:0]                        bp_addr_i,
  input  logic [31:0]                             bp_wdata_i,
  // Table write port: address = .tbl row number (0 .. N+1), data {K, B}.
  input  logic                                    tbl_we_i,
  input  logic [SegBits:0]                        tbl_addr_i,
  input  logic [interpsim_pkg::TableRowWidth-1:0] tbl_wdata_i,
  input  logic                                    in_valid_i,
  output logic                                    in_ready_o,
  input  logic [31:0]                             in_x_i,
  output logic                                    out_valid_o,
  input  logic                                    out_ready_i,
  output logic [31:0]                             out_y_o
);

  logic advance;
  logic fma_in_ready;
  logic rd_valid_q;

  assign advance    = !rd_valid_q || fma_in_ready;
  assign in_ready_o = advance;

  // ---------------------------------------------------------------------------
  // t_0 and t_N as registers; t_1 .. t_(N-1) in the level memories.
  // ---------------------------------------------------------------------------
  logic [31:0] t_first_q, t_last_q;

  always_ff @(posedge clk_i) begin
    if (bp_we_i && (bp_addr_i == '0)) begin
      t_first_q <= bp_wdata_i;
    end
    if (bp_we_i && (bp_addr_i == (SegBits + 1)'(Segments))) begin
      t_last_q <= bp_wdata_i;
    end
  end

  // ---------------------------------------------------------------------------
  // IN: range classification.
  // ---------------------------------------------------------------------------
  logic [31:0] key_in, key_first, key_last;

  interp_order_key u_key_in    (.value_i(in_x_i),    .key_o(key_in));
  interp_order_key u_key_first (.value_i(t_first_q), .key_o(key_first));
  interp_order_key u_key_last  (.value_i(t_last_q),  .key_o(key_last));

  logic in_nan, in_below, in_above;

  // A function call in an always_comb block hangs Icarus Verilog 11: assign.
  assign in_nan = interpsim_pkg::fp32_is_nan(in_x_i);

  always_comb begin
    in_below = !in_nan && (key_in <= key_first);
    in_above = !in_nan && !in_below && (key_in >= key_last);
  end

  // Stage register k (0 .. SegBits) holds an element that has resolved k
  // index bits: stage 0 is IN, stage k >= 1 follows level k - 1.
  logic [SegBits:0]   stage_valid_q;
  logic [31:0]        stage_x_q     [SegBits + 1];
  logic [SegBits:0]   stage_nan_q, stage_below_q, stage_above_q;
  logic [SegBits-1:0] stage_bits_q  [SegBits + 1];   // index bits, MSB first
  logic [SegBits-1:0] stage_bits_d  [SegBits + 1];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      stage_valid_q <= '0;
    end else if (advance) begin
      stage_valid_q <= {stage_valid_q[SegBits-1:0], in_valid_i};
    end
  end

  assign stage_bits_d[0] = '0;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      stage_x_q[0]     <= in_x_i;
      stage_nan_q[0]   <= in_nan;
      stage_below_q[0] <= in_below;
      stage_above_q[0] <= in_above;
      stage_bits_q[0]  <= '0;
    end
  end

  // ---------------------------------------------------------------------------
  // Levels: stage k reads level k's memory, compares, and passes k + 1 bits.
  // ---------------------------------------------------------------------------
  for (genvar k = 0; k < SegBits; k++) begin : g_level
    localparam int Words     = 1 << k;
    localparam int AddrWidth = (k > 0) ? k : 1;
    localparam int LowBits   = SegBits - k;  // bits of i below the level's p

    logic                 we;
    logic [AddrWidth-1:0] waddr;
    logic [AddrWidth-1:0] raddr;
    logic [31:0]          t_level;
    logic [31:0]          key_t, key_x;
    logic                 x_ge_t;

    // t_i belongs to level k when i = (2p + 1) * 2^(SegBits-1-k), 0 < i < N.
    assign we = bp_we_i && !bp_addr_i[SegBits]
             && (bp_addr_i[LowBits-1:0] == (LowBits)'(1 << (LowBits - 1)));
    if (k == 0) begin : g_root
      assign waddr = '0;
      assign raddr = '0;
    end else begin : g_inner
      assign waddr = bp_addr_i[SegBits-1:LowBits];
      // The bits stage k is about to hold: level k - 1's result.
      assign raddr = stage_bits_d[k][SegBits-1:SegBits-k];
    end

    table_mem #(
      .Width    (32),
      .Words    (Words),
      .AddrWidth(AddrWidth)
    ) u_breakpoints (
      .clk_i  (clk_i),
      .we_i   (we),
      .waddr_i(waddr),
      .wdata_i(bp_wdata_i),
      .re_i   (advance),
      .raddr_i(raddr),
      .rdata_o(t_level)
    );

    interp_order_key u_key_t (.value_i(t_level),      .key_o(key_t));
    interp_order_key u_key_x (.value_i(stage_x_q[k]), .key_o(key_x));

    assign x_ge_t = key_x >= key_t;
    assign stage_bits_d[k+1] = stage_bits_q[k] | (SegBits'(x_ge_t) << (SegBits - 1 - k));

    always_ff @(posedge clk_i) begin
      if (advance) begin
        stage_x_q[k+1]     <= stage_x_q[k];
        stage_nan_q[k+1]   <= stage_nan_q[k];
        stage_below_q[k+1] <= stage_below_q[k];
        stage_above_q[k+1] <= stage_above_q[k];
        stage_bits_q[k+1]  <= stage_bits_d[k+1];
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Row select and table read; RD holds x and the edge flag next to the data.
  // ---------------------------------------------------------------------------
  logic [SegBits:0] row;
  logic             last_nan, last_below, last_above;

  assign last_nan   = stage_nan_q[SegBits];
  assign last_below = stage_below_q[SegBits];
  assign last_above = stage_above_q[SegBits];

  always_comb begin
    if (last_nan || last_below) begin
      row = (SegBits + 1)'(Segments);
    end else if (last_above) begin
      row = (SegBits + 1)'(Segments + 1);
    end else begin
      row = {1'b0, stage_bits_q[SegBits]};
    end
  end

  logic [interpsim_pkg::TableRowWidth-1:0] rd_kb;
  logic [31:0]                             rd_x_q;
  logic                                    rd_edge_q;

  table_mem #(
    .Width    (interpsim_pkg::TableRowWidth),
    .Words    (Segments + 2),
    .AddrWidth(SegBits + 1)
  ) u_table (
    .clk_i  (clk_i),
    .we_i   (tbl_we_i),
    .waddr_i(tbl_addr_i),
    .wdata_i(tbl_wdata_i),
    .re_i   (advance),
    .raddr_i(row),
    .rdata_o(rd_kb)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_valid_q <= 1'b0;
    end else if (advance) begin
      rd_valid_q <= stage_valid_q[SegBits];
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      rd_x_q    <= stage_x_q[SegBits];
      rd_edge_q <= !last_nan && (last_below || last_above);
    end
  end

  // ---------------------------------------------------------------------------
  // FMA, edge and NaN rules: interp_output_stage, as in interp_lane.
  // ---------------------------------------------------------------------------
  interp_output_stage #(
    .FmaExtraStages(FmaExtraStages)
  ) u_out (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (rd_valid_q && advance),
    .in_ready_o (fma_in_ready),
    .in_x_i     (rd_x_q),
    .in_edge_i  (rd_edge_q),
    .in_row_i   (rd_kb),
    .out_valid_o(out_valid_o),
    .out_ready_i(out_ready_i),
    .out_y_o    (out_y_o)
  );

endmodule
