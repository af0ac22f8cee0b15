`include "interpsim_pkg.svh"

// Binary-search LUT baseline, iterative: one comparator and one breakpoint
// memory, one level per cycle, II = SegBits, latency SegBits + 6 (docs/design.md section 4).
//
// The search engine takes an element when idle, or in the cycle its current
// element resolves the last level and moves on (so back-to-back elements are
// accepted every SegBits cycles). Row select, table read (RD) and FMA are
// those of bsearch_pipelined; they stall as one unless the FMA is blocked.
module bsearch_iterative #(
  parameter int SegBits  = 4,            // N = 2^SegBits segments, SegBits >= 1
  // Register stages added to the FMA for timing (fp_fma's ExtraStages).
  parameter int FmaExtraStages = 0,
  /* verilator lint_off UNUSEDPARAM */
  // IN/search + one cycle per level + ROW/RD + interp_output_stage (fp32_fma).
  localparam int Latency /* verilator public */ =
      SegBits + 2 + interpsim_pkg::Fp32FmaLatency + FmaExtraStages,
  localparam int II /* verilator public */ = SegBits,
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

  localparam int LevelWidth = $clog2(SegBits + 1);

  logic advance;                         // back end (ROW, RD) moves
  logic fma_in_ready;
  logic rd_valid_q;

  assign advance = !rd_valid_q || fma_in_ready;

  // ---------------------------------------------------------------------------
  // t_0 and t_N as registers; t_1 .. t_(N-1) at their index in one memory.
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
  // Search engine.
  // ---------------------------------------------------------------------------
  logic [31:0] key_in, key_first, key_last, key_x, key_t;
  logic [31:0] t_read;

  logic                  busy_q;
  logic [LevelWidth-1:0] level_q;
  logic [31:0]           x_q;
  logic                  nan_q, below_q, above_q;
  logic [SegBits-1:0]    low_q;          // index bits resolved so far

  logic                  last_level, done, accept;
  logic                  in_nan, in_below, in_above;
  logic                  x_ge_t;
  logic [SegBits-1:0]    low_next;
  logic [SegBits-1:0]    raddr;
  logic                  re;

  interp_order_key u_key_in    (.value_i(in_x_i),    .key_o(key_in));
  interp_order_key u_key_first (.value_i(t_first_q), .key_o(key_first));
  interp_order_key u_key_last  (.value_i(t_last_q),  .key_o(key_last));
  interp_order_key u_key_x     (.value_i(x_q),       .key_o(key_x));
  interp_order_key u_key_t     (.value_i(t_read),    .key_o(key_t));

  // A function call in an always_comb block hangs Icarus Verilog 11: assign.
  assign in_nan = interpsim_pkg::fp32_is_nan(in_x_i);

  always_comb begin
    in_below = !in_nan && (key_in <= key_first);
    in_above = !in_nan && !in_below && (key_in >= key_last);

    last_level = busy_q && (level_q == LevelWidth'(SegBits - 1));
    done       = last_level && advance;
    in_ready_o = !busy_q || done;
    accept     = in_valid_i && in_ready_o;

    // Level l compares x with t at low + 2^(SegBits-1-l).
    x_ge_t   = key_x >= key_t;
    low_next = low_q | (x_ge_t ? (SegBits'(Segments >> 1) >> level_q) : '0);

    re    = accept || (busy_q && !last_level);
    raddr = accept ? SegBits'(Segments >> 1) : (low_next | (SegBits'(Segments >> 2) >> level_q));
  end

  table_mem #(
    .Width    (32),
    .Words    (Segments),
    .AddrWidth(SegBits)
  ) u_breakpoints (
    .clk_i  (clk_i),
    .we_i   (bp_we_i && !bp_addr_i[SegBits]),
    .waddr_i(bp_addr_i[SegBits-1:0]),
    .wdata_i(bp_wdata_i),
    .re_i   (re),
    .raddr_i(raddr),
    .rdata_o(t_read)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
    end else if (accept) begin
      busy_q <= 1'b1;
    end else if (done) begin
      busy_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (accept) begin
      level_q <= '0;
      low_q   <= '0;
      x_q     <= in_x_i;
      nan_q   <= in_nan;
      below_q <= in_below;
      above_q <= in_above;
    end else if (busy_q && !last_level) begin
      level_q <= level_q + 1'b1;
      low_q   <= low_next;
    end
  end

  // ---------------------------------------------------------------------------
  // ROW: the resolved row drives the table read; RD holds x next to the data.
  // ---------------------------------------------------------------------------
  logic             row_valid_q;
  logic [31:0]      row_x_q;
  logic             row_edge_q;
  logic [SegBits:0] row_q;
  logic [SegBits:0] row_d;

  always_comb begin
    if (nan_q || below_q) begin
      row_d = (SegBits + 1)'(Segments);
    end else if (above_q) begin
      row_d = (SegBits + 1)'(Segments + 1);
    end else begin
      row_d = {1'b0, low_next};
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      row_valid_q <= 1'b0;
      rd_valid_q  <= 1'b0;
    end else if (advance) begin
      row_valid_q <= done;
      rd_valid_q  <= row_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      row_x_q    <= x_q;
      row_edge_q <= !nan_q && (below_q || above_q);
      row_q      <= row_d;
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
    .raddr_i(row_q),
    .rdata_o(rd_kb)
  );

  always_ff @(posedge clk_i) begin
    if (advance) begin
      rd_x_q    <= row_x_q;
      rd_edge_q <= row_edge_q;
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
