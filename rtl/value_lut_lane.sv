`include "interpsim_pkg.svh"

// One lane of the NVDLA-style value LUT (docs/design.md section 4, "Decision
// (value LUT semantics)"): y = fma(frac, y_{idx+1} - y_idx, y_idx) inside,
// the underflow/overflow lines outside, fp32 throughout. Same port contract
// as interp_lane (valid/ready streams, configuration, one external table
// request per element) plus cfg_exp_mode_i.
//
// Configuration: cfg_a_i = t_0 and cfg_b_i = t_N (linear: a and a + 2^m;
// exponent: 2^e0 and 2^(e0 + 2^n), so e0 is the exponent field of cfg_a_i),
// cfg_m_i = m (linear only), cfg_n_i = n, cfg_exp_mode_i = 1 for exponent mode.
//
// Table rows (64 bits {U, L}, one read per element, docs/rtl.md "value_lut_lane"):
//   row r < N: {y_{r+1}, y_r}   (value_lut_unit serves it from even/odd banks)
//   row N:     {K, B} of the underflow line (x <= t_0; NaN reads it too)
//   row N+1:   {K, B} of the overflow line  (x >= t_N)
//
// Stages (docs/rtl.md has the timing contract):
//   SUB   xn = x - a in fp32_add (FpAddLatency cycles); x in a side FIFO
//   CLS   range classification (as interp_lane) and exponent extract
//   IDX   the row: linear as interp_lane, exponent exp(x) - exp(t_0)
//   FRAC  fp32_fma: frac = fma(xn, 2^(n-m), -idx) (linear) or
//         fma(1.fraction(x), 1, -1) (exponent), the model's one rounding;
//         its output register is the table request
//   RD    table data ({U, L}, the cycle after the grant)
//   DIFF  fp32_add: d = U - L = y_{idx+1} - y_idx, or K + (-0) = K for the
//         edge rows
//   FMA   interp_output_stage: fma(frac, d, y_idx), or for edge/NaN rows
//         fma(x, K, B) with section 3's K = +-0 rule; canonical NaN
//
// Flow control: two stall-all sections. SUB's output, CLS and IDX move with
// front_advance (FRAC can take an element); FRAC's output, RD move with
// advance (the request is granted or there is none, and DIFF can take RD's
// element). DIFF and FMA are stall-all FP pipes. II = 1.
module value_lut_lane #(
  // Widest table the lane can index: n <= SegBitsMax, rows 0 .. 2^n + 1.
  parameter int SegBitsMax  = 16,
  // Cycles from the input handshake to out_valid_o when nothing stalls.
  /* verilator lint_off UNUSEDPARAM */
  localparam int Latency /* verilator public */ = interpsim_pkg::ValueLutLaneLatency,
  /* verilator lint_on UNUSEDPARAM */
  localparam int TblRowWidth = 64
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  // Runtime configuration; change only while the lane is idle.
  input  logic [31:0]            cfg_a_i,        // float32 bits of t_0
  input  logic [31:0]            cfg_b_i,        // float32 bits of t_N
  input  logic [7:0]             cfg_m_i,        // m, two's complement (linear)
  input  logic [4:0]             cfg_n_i,        // n <= SegBitsMax
  input  logic                   cfg_exp_mode_i, // 0 linear, 1 exponent
  // Input stream.
  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [31:0]            in_x_i,
  // Table port: the row is read when tbl_req_o && tbl_gnt_i, its {U, L}
  // arrives on tbl_rdata_i in the next cycle.
  output logic                   tbl_req_o,
  output logic [SegBitsMax:0]    tbl_idx_o,
  input  logic                   tbl_gnt_i,
  input  logic [TblRowWidth-1:0] tbl_rdata_i,
  // Output stream.
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [31:0]            out_y_o
);

  localparam int RowWidth   = SegBitsMax + 1;
  localparam int Bias       = 127;
  localparam int ManBits    = 23;
  localparam int Sig        = ManBits + 1;
  localparam int ShiftWidth = $clog2(Sig);
  localparam int CntWidth   = $clog2(RowWidth + 1);
  // Side data that rides past FRAC: x, the row, "multiply x" (edge or NaN
  // row) and "edge row" (x <= t_0 or x >= t_N, x not NaN).
  localparam int FracSideWidth = 32 + RowWidth + 2;
  // Side data that rides past DIFF: the multiplicand (frac or x), L, edge.
  localparam int DiffSideWidth = 32 + 32 + 1;

  logic front_advance;                   // SUB output, CLS, IDX move
  logic advance;                         // FRAC output (request), RD move
  logic diff_in_ready;
  logic rd_valid_q;

  // ---------------------------------------------------------------------------
  // SUB: xn = x - a. x travels past the adder in a side FIFO.
  // ---------------------------------------------------------------------------
  logic        sub_in_valid;
  logic        sub_out_valid;
  logic [31:0] sub_xn;
  logic [31:0] sub_x;

  assign sub_in_valid = in_valid_i && front_advance;
  assign in_ready_o   = front_advance;

  /* verilator lint_off PINCONNECTEMPTY */
  fp32_add u_sub (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (sub_in_valid),
    .in_ready_o (),                      // high whenever out_ready_i is high
    .a_i        (in_x_i),
    .b_i        ({~cfg_a_i[31], cfg_a_i[30:0]}),
    .out_valid_o(sub_out_valid),
    .out_ready_i(front_advance),
    .y_o        (sub_xn)
  );
  /* verilator lint_on PINCONNECTEMPTY */

  interp_side_fifo #(
    .Width(32),
    .Depth(interpsim_pkg::FpAddLatency)
  ) u_sub_side (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .push_i     (sub_in_valid),
    .push_data_i(in_x_i),
    .pop_i      (sub_out_valid && front_advance),
    .head_o     (sub_x)
  );

  // ---------------------------------------------------------------------------
  // CLS: range classification (interp_lane's, with t_0 and t_N).
  // ---------------------------------------------------------------------------
  logic [31:0] key_x, key_a, key_b;

  interp_order_key #(.Width(32)) u_key_x (.value_i(sub_x),   .key_o(key_x));
  interp_order_key #(.Width(32)) u_key_a (.value_i(cfg_a_i), .key_o(key_a));
  interp_order_key #(.Width(32)) u_key_b (.value_i(cfg_b_i), .key_o(key_b));

  logic              cls_nan, cls_below, cls_above, cls_top, cls_zero;
  logic signed [9:0] cls_exp;            // biased exponent field of xn
  logic signed [9:0] cls_shift;          // s = m + bias - biased_exp + 23 - n

  assign cls_nan = interpsim_pkg::fp32_is_nan(sub_x);
  assign cls_exp = $signed(10'(sub_xn[30:23]));

  always_comb begin
    cls_below = !cls_nan && (key_x <= key_a);
    cls_above = !cls_nan && !cls_below && (key_x >= key_b);
    // xn >= 2^m: the biased exponent reaches m + bias.
    cls_top   = cls_exp >= ($signed({{2{cfg_m_i[7]}}, cfg_m_i}) + 10'(Bias));
    cls_shift = $signed({{2{cfg_m_i[7]}}, cfg_m_i}) + 10'(Bias + ManBits) - cls_exp
              - $signed({5'd0, cfg_n_i});
    // Subnormal xn, or every mantissa bit shifted out: interval 0.
    cls_zero  = (cls_exp == 10'sd0) || (cls_shift >= 10'(Sig));
  end

  logic                  cls_valid_q;
  logic [31:0]           cls_x_q, cls_xn_q;
  logic                  cls_nan_q, cls_below_q, cls_above_q, cls_top_q, cls_zero_q;
  logic [ShiftWidth-1:0] cls_shift_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cls_valid_q <= 1'b0;
    end else if (front_advance) begin
      cls_valid_q <= sub_out_valid;
    end
  end

  always_ff @(posedge clk_i) begin
    if (front_advance) begin
      cls_x_q     <= sub_x;
      cls_xn_q    <= sub_xn;
      cls_nan_q   <= cls_nan;
      cls_below_q <= cls_below;
      cls_above_q <= cls_above;
      cls_top_q   <= cls_top;
      cls_zero_q  <= cls_zero;
      // Meaningful when 0 <= s < Sig (not an edge, top or zero row).
      cls_shift_q <= ShiftWidth'(cls_shift);
    end
  end

  // ---------------------------------------------------------------------------
  // IDX: the row. Linear: Algorithm 1's index of xn; exponent: the octave.
  // ---------------------------------------------------------------------------
  /* verilator lint_off UNUSEDSIGNAL */
  logic [Sig-1:0]      idx_shifted;      // bits >= n are zero
  logic [7:0]          idx_octave;       // exp(x) - exp(t_0), < 2^n inside
  /* verilator lint_on UNUSEDSIGNAL */
  logic [RowWidth-1:0] idx_intervals;    // N = 2^n
  logic [RowWidth-1:0] idx_row;

  always_comb begin
    idx_shifted   = {1'b1, cls_xn_q[22:0]} >> cls_shift_q;
    idx_octave    = cls_x_q[30:23] - cfg_a_i[30:23];
    idx_intervals = RowWidth'(1) << cfg_n_i;
    if (cls_nan_q || cls_below_q) begin
      idx_row = idx_intervals;           // NaN reads row N too; its fma is NaN
    end else if (cls_above_q) begin
      idx_row = idx_intervals + 1'b1;
    end else if (cfg_exp_mode_i) begin
      idx_row = RowWidth'(idx_octave);
    end else if (cls_top_q) begin
      idx_row = idx_intervals - 1'b1;
    end else if (cls_zero_q) begin
      idx_row = '0;
    end else begin
      idx_row = RowWidth'(idx_shifted);  // < 2^n because s >= 24 - n
    end
  end

  logic                idx_valid_q;
  logic [31:0]         idx_x_q, idx_xn_q;
  logic                idx_use_x_q, idx_edge_q;
  logic [RowWidth-1:0] idx_row_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      idx_valid_q <= 1'b0;
    end else if (front_advance) begin
      idx_valid_q <= cls_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (front_advance) begin
      idx_x_q     <= cls_x_q;
      idx_xn_q    <= cls_xn_q;
      idx_use_x_q <= cls_nan_q || cls_below_q || cls_above_q;
      idx_edge_q  <= cls_below_q || cls_above_q;
      idx_row_q   <= idx_row;
    end
  end

  // ---------------------------------------------------------------------------
  // FRAC: frac = fma(A, S, C) exactly as the model rounds it.
  //   linear:   A = xn, S = 2^(n-m) (2^-127 is the subnormal 0x00400000),
  //             C = -float(idx) (-0 for idx 0)
  //   exponent: A = 1.fraction(x), S = 1, C = -1 (exact: fraction(x) * 2^-23)
  // ---------------------------------------------------------------------------
  logic [CntWidth-1:0] row_lz;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [RowWidth-1:0] row_normalized;   // the leading one is implicit
  /* verilator lint_on UNUSEDSIGNAL */
  logic [31:0]         neg_row;          // -float(idx_row_q), exact (< 2^24)
  logic signed [9:0]   scale_exp;        // biased exponent of 2^(n-m)
  logic [31:0]         scale;
  logic [31:0]         frac_a, frac_s, frac_c;

  lzc #(.Width(RowWidth)) u_row_lzc (.in_i(idx_row_q), .cnt_o(row_lz));

  always_comb begin
    row_normalized = idx_row_q << row_lz;  // leading one at RowWidth - 1
    neg_row        = {1'b1, 31'd0};
    if (idx_row_q != '0) begin
      neg_row[30:23] = 8'(Bias + RowWidth - 1) - 8'(row_lz);
      neg_row[22:0]  = 23'({row_normalized[RowWidth-2:0], 23'd0} >> (RowWidth - 1));
    end
    scale_exp = 10'(Bias) + $signed({5'd0, cfg_n_i}) - $signed({{2{cfg_m_i[7]}}, cfg_m_i});
    scale     = (scale_exp > 10'sd0) ? {1'b0, scale_exp[7:0], 23'd0} : 32'h0040_0000;
    if (cfg_exp_mode_i) begin
      frac_a = {1'b0, 8'(Bias), idx_x_q[22:0]};
      frac_s = 32'h3F80_0000;
      frac_c = 32'hBF80_0000;
    end else begin
      frac_a = idx_xn_q;
      frac_s = scale;
      frac_c = neg_row;
    end
  end

  logic                     frac_in_valid, frac_out_valid;
  logic [31:0]              frac_y;
  logic [FracSideWidth-1:0] frac_side;
  logic [31:0]              req_x;
  logic [RowWidth-1:0]      req_row;
  logic                     req_use_x, req_edge;

  assign frac_in_valid = idx_valid_q && front_advance;

  fp32_fma u_frac (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (frac_in_valid),
    .in_ready_o (front_advance),
    .a_i        (frac_a),
    .b_i        (frac_s),
    .c_i        (frac_c),
    .out_valid_o(frac_out_valid),
    .out_ready_i(advance),
    .y_o        (frac_y)
  );

  interp_side_fifo #(
    .Width(FracSideWidth),
    .Depth(interpsim_pkg::FpFmaLatency)
  ) u_frac_side (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .push_i     (frac_in_valid),
    .push_data_i({idx_x_q, idx_row_q, idx_use_x_q, idx_edge_q}),
    .pop_i      (frac_out_valid && advance),
    .head_o     (frac_side)
  );

  assign {req_x, req_row, req_use_x, req_edge} = frac_side;

  // Request only when RD can move on, so a grant always means one read.
  logic rd_can_load;
  assign rd_can_load = !rd_valid_q || diff_in_ready;
  assign tbl_req_o   = frac_out_valid && rd_can_load;
  assign tbl_idx_o   = req_row;
  assign advance     = (!frac_out_valid || tbl_gnt_i) && rd_can_load;

  // ---------------------------------------------------------------------------
  // RD: table data arrives the cycle after the grant and is held while RD waits.
  // ---------------------------------------------------------------------------
  logic                   rd_fresh_q;    // tbl_rdata_i has this element's row
  logic [31:0]            rd_mul_q;      // the multiplicand: frac, or x
  logic                   rd_use_x_q, rd_edge_q;
  logic [TblRowWidth-1:0] rd_hold_q;
  logic [TblRowWidth-1:0] rd_row;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_valid_q <= 1'b0;
      rd_fresh_q <= 1'b0;
    end else begin
      rd_fresh_q <= advance && frac_out_valid;
      if (advance) begin
        rd_valid_q <= frac_out_valid;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      rd_mul_q   <= req_use_x ? req_x : frac_y;
      rd_use_x_q <= req_use_x;
      rd_edge_q  <= req_edge;
    end
    rd_hold_q <= rd_row;
  end

  assign rd_row = rd_fresh_q ? tbl_rdata_i : rd_hold_q;

  // ---------------------------------------------------------------------------
  // DIFF: d = U - L (segments) or K + (-0) = K bit for bit (edge and NaN rows).
  // ---------------------------------------------------------------------------
  logic                     diff_in_valid, diff_out_valid;
  logic [31:0]              diff_b;
  logic [31:0]              diff_y;
  logic [DiffSideWidth-1:0] diff_side;
  logic                     out_in_ready;

  assign diff_in_valid = rd_valid_q && advance;
  assign diff_b        = rd_use_x_q ? 32'h8000_0000 : {~rd_row[31], rd_row[30:0]};

  fp32_add u_diff (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (diff_in_valid),
    .in_ready_o (diff_in_ready),
    .a_i        (rd_row[63:32]),
    .b_i        (diff_b),
    .out_valid_o(diff_out_valid),
    .out_ready_i(out_in_ready),
    .y_o        (diff_y)
  );

  interp_side_fifo #(
    .Width(DiffSideWidth),
    .Depth(interpsim_pkg::FpAddLatency)
  ) u_diff_side (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .push_i     (diff_in_valid),
    .push_data_i({rd_mul_q, rd_row[31:0], rd_edge_q}),
    .pop_i      (diff_out_valid && out_in_ready),
    .head_o     (diff_side)
  );

  // ---------------------------------------------------------------------------
  // FMA: fma(frac, d, y_idx), or the edge/NaN rules of interp_output_stage.
  // ---------------------------------------------------------------------------
  interp_output_stage u_out (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (diff_out_valid),
    .in_ready_o (out_in_ready),
    .in_x_i     (diff_side[DiffSideWidth-1-:32]),
    .in_edge_i  (diff_side[0]),
    .in_row_i   ({diff_y, diff_side[32:1]}),
    .out_valid_o(out_valid_o),
    .out_ready_i(out_ready_i),
    .out_y_o    (out_y_o)
  );

endmodule
