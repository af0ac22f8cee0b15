`include "interpsim_pkg.svh"

// One interpolation lane: Algorithm 1 of the main paper (docs/design.md section 3)
// as a valid/ready pipeline with an external table port, so that an array of
// lanes can share banked tables.
//
// Stages (docs/rtl.md, "interp_lane" has the diagram and timing contract):
//   SUB   x - a in fp32_add (a negated), interpsim_pkg::Fp32AddLatency cycles;
//         x rides along in a side FIFO
//   CLS   exponent extract and range classification: NaN, x <= a, x >= b,
//         xn >= 2^m, xn subnormal, total shift s = m - E + 23 - n
//   IDX   mantissa shift: segment index mant >> s, or the edge/clamp row;
//         the register drives the table request
//   RD    table read data ({K, B}, the cycle after the grant)
//   FMA   interp_output_stage (fp32_fma): y = fma(x, K, B); an edge row with
//         K = +-0 computes fma(+0, -0, B) = B exactly instead. NaN results
//         leave as 0x7FC00000.
//
// Flow control: SUB's output, CLS, IDX and RD form a stall-all pipeline that
// advances (advance = 1) unless IDX holds an element whose table request is
// not granted, or RD holds an element the FMA cannot accept. fp32_add and
// fp32_fma are themselves stall-all pipelines whose stages move unless their
// output holds a result that is not taken. II = 1 for every n.
module interp_lane #(
  // Widest table the lane can index: n <= SegBitsMax, rows 0 .. 2^n + 1.
  parameter int SegBitsMax = 16,
  // Cycles from the input handshake to out_valid_o when nothing stalls.
  /* verilator lint_off UNUSEDPARAM */
  localparam int Latency /* verilator public */ = interpsim_pkg::InterpLaneLatency
  /* verilator lint_on UNUSEDPARAM */
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  // Runtime configuration; change only while the lane is idle.
  input  logic [31:0]                             cfg_a_i, // float32 bits of a
  input  logic [31:0]                             cfg_b_i, // float32 bits of b = a + 2^m
  input  logic [7:0]                              cfg_m_i, // m, two's complement
  input  logic [4:0]                              cfg_n_i, // n <= SegBitsMax
  // Input stream.
  input  logic                                    in_valid_i,
  output logic                                    in_ready_o,
  input  logic [31:0]                             in_x_i,
  // Table port: the row is read when tbl_req_o && tbl_gnt_i, its {K, B}
  // arrives on tbl_rdata_i in the next cycle.
  output logic                                    tbl_req_o,
  output logic [SegBitsMax:0]                     tbl_idx_o,
  input  logic                                    tbl_gnt_i,
  input  logic [interpsim_pkg::TableRowWidth-1:0] tbl_rdata_i,
  // Output stream.
  output logic                                    out_valid_o,
  input  logic                                    out_ready_i,
  output logic [31:0]                             out_y_o
);

  localparam int RowWidth = SegBitsMax + 1;

  logic advance;
  logic fma_in_ready;
  logic rd_valid_q;                      // RD holds an element

  // ---------------------------------------------------------------------------
  // SUB: xn = x - a. x and its bits travel past the adder in a side FIFO.
  // ---------------------------------------------------------------------------
  logic        sub_in_valid;
  logic        sub_out_valid;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [31:0] sub_xn;                   // > 0 whenever it is used: sign unused
  /* verilator lint_on UNUSEDSIGNAL */
  logic [31:0] sub_x;

  assign sub_in_valid = in_valid_i && advance;
  assign in_ready_o   = advance;

  /* verilator lint_off PINCONNECTEMPTY */
  fp32_add u_sub (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (sub_in_valid),
    .in_ready_o (),                      // high whenever out_ready_i is high
    .a_i        (in_x_i),
    .b_i        ({~cfg_a_i[31], cfg_a_i[30:0]}),
    .out_valid_o(sub_out_valid),
    .out_ready_i(advance),
    .y_o        (sub_xn)
  );
  /* verilator lint_on PINCONNECTEMPTY */

  interp_side_fifo #(
    .Width(32),
    .Depth(interpsim_pkg::Fp32AddLatency)
  ) u_sub_side (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .push_i     (sub_in_valid),
    .push_data_i(in_x_i),
    .pop_i      (sub_out_valid && advance),
    .head_o     (sub_x)
  );

  // ---------------------------------------------------------------------------
  // CLS: exponent extract and range classification.
  // ---------------------------------------------------------------------------
  logic [31:0] key_x, key_a, key_b;

  interp_order_key u_key_x (.value_i(sub_x),   .key_o(key_x));
  interp_order_key u_key_a (.value_i(cfg_a_i), .key_o(key_a));
  interp_order_key u_key_b (.value_i(cfg_b_i), .key_o(key_b));

  logic              cls_nan, cls_below, cls_above, cls_top, cls_zero;
  logic signed [9:0] cls_shift;          // s = m + 127 - biased_exp + 23 - n

  // A function call in an always_comb block hangs Icarus Verilog 11: assign.
  assign cls_nan = interpsim_pkg::fp32_is_nan(sub_x);

  always_comb begin
    cls_below = !cls_nan && (key_x <= key_a);
    cls_above = !cls_nan && !cls_below && (key_x >= key_b);
    // xn >= 2^m: the biased exponent reaches m + 127 (+inf included).
    cls_top   = $signed({2'b00, sub_xn[30:23]}) >= ($signed({{2{cfg_m_i[7]}}, cfg_m_i}) + 10'sd127);
    cls_shift = $signed({{2{cfg_m_i[7]}}, cfg_m_i}) + 10'sd150 - $signed({2'b00, sub_xn[30:23]})
              - $signed({5'd0, cfg_n_i});
    // Subnormal xn, or every mantissa bit shifted out: segment 0.
    cls_zero  = (sub_xn[30:23] == 8'd0) || (cls_shift >= 10'sd24);
  end

  logic        cls_valid_q;
  logic [31:0] cls_x_q;
  logic        cls_nan_q, cls_below_q, cls_above_q, cls_top_q, cls_zero_q;
  logic [4:0]  cls_shift_q;
  logic [23:0] cls_mant_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cls_valid_q <= 1'b0;
    end else if (advance) begin
      cls_valid_q <= sub_out_valid;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      cls_x_q     <= sub_x;
      cls_nan_q   <= cls_nan;
      cls_below_q <= cls_below;
      cls_above_q <= cls_above;
      cls_top_q   <= cls_top;
      cls_zero_q  <= cls_zero;
      cls_shift_q <= cls_shift[4:0];     // meaningful when 0 <= s < 24
      cls_mant_q  <= {1'b1, sub_xn[22:0]};
    end
  end

  // ---------------------------------------------------------------------------
  // IDX: mantissa shift, row select; the register is the table request.
  // ---------------------------------------------------------------------------
  /* verilator lint_off UNUSEDSIGNAL */
  logic [23:0]         idx_shifted;      // bits >= SegBitsMax are zero
  /* verilator lint_on UNUSEDSIGNAL */
  logic [RowWidth-1:0] idx_segments;     // N = 2^n
  logic [RowWidth-1:0] idx_row;

  always_comb begin
    idx_shifted  = cls_mant_q >> cls_shift_q;
    idx_segments = RowWidth'(1) << cfg_n_i;
    if (cls_nan_q || cls_below_q) begin
      idx_row = idx_segments;            // NaN reads row N too; its fma is NaN
    end else if (cls_above_q) begin
      idx_row = idx_segments + 1'b1;
    end else if (cls_top_q) begin
      idx_row = idx_segments - 1'b1;
    end else if (cls_zero_q) begin
      idx_row = '0;
    end else begin
      idx_row = RowWidth'(idx_shifted);  // < 2^n because s >= 23 - n + 1
    end
  end

  logic                idx_valid_q;
  logic [31:0]         idx_x_q;
  logic                idx_edge_q;
  logic [RowWidth-1:0] idx_row_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      idx_valid_q <= 1'b0;
    end else if (advance) begin
      idx_valid_q <= cls_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      idx_x_q    <= cls_x_q;
      idx_edge_q <= cls_below_q || cls_above_q;
      idx_row_q  <= idx_row;
    end
  end

  // Request only when RD can move on, so a grant always means one read.
  logic rd_can_load;
  assign rd_can_load = !rd_valid_q || fma_in_ready;
  assign tbl_req_o   = idx_valid_q && rd_can_load;
  assign tbl_idx_o   = idx_row_q;
  assign advance     = (!idx_valid_q || tbl_gnt_i) && rd_can_load;

  // ---------------------------------------------------------------------------
  // RD: table data arrives the cycle after the grant and is held while RD waits.
  // ---------------------------------------------------------------------------
  logic                                    rd_fresh_q;  // tbl_rdata_i has this element's row
  logic [31:0]                             rd_x_q;
  logic                                    rd_edge_q;
  logic [interpsim_pkg::TableRowWidth-1:0] rd_hold_q;
  logic [interpsim_pkg::TableRowWidth-1:0] rd_kb;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_valid_q <= 1'b0;
      rd_fresh_q <= 1'b0;
    end else begin
      rd_fresh_q <= advance && idx_valid_q;
      if (advance) begin
        rd_valid_q <= idx_valid_q;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      rd_x_q    <= idx_x_q;
      rd_edge_q <= idx_edge_q;
    end
    rd_hold_q <= rd_kb;
  end

  assign rd_kb = rd_fresh_q ? tbl_rdata_i : rd_hold_q;

  // ---------------------------------------------------------------------------
  // FMA: y = fma(x, K, B), edge and NaN rules (interp_output_stage).
  // ---------------------------------------------------------------------------
  interp_output_stage u_out (
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
