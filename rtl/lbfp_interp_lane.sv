`include "interpsim_pkg.svh"

// The interpolation lane whose K * x is the LBFP8 multiplier (docs/design.md
// section 12, "Decision (the LBFP interpolation lane)"; issue 13 item 7), a
// variant of int_interp_lane with Width = 16. The lane computes exactly what
// model/lbfp_lane.cpp's lbfp_lane_eval computes:
//
//   x   an LBFP8 element {s, Lx} and its block exponent Ex (int8)
//   qx  = lbfp8_decode(x, Ex, fx)                          decoded x (int16, fx)
//   row = N if qx <= qa, N+1 if qx - qa >= 2^(m+fx), else (qx - qa) >> (m+fx-n)
//   row {K, EK, B}: K an LBFP8 code, EK its int8 exponent, B int16 at fy
//   y   = sat16(align(lbfp8_mul(x, K), Ex + EK + fy - 14) + B)
//
// Log domain: Lx + LK (inside lbfp8_mul) and Ex + EK + fy - 14 (the shift).
// Linear: the antilog (lbfp8_mul's table and shift), the alignment
// (lbfp_align: exact left, round-to-nearest-even right, |shift| <= 16), the
// addition of B and the saturation. The decode (lbfp8_decode) rounds once
// from the antilog entry of the multiplier's table (lbfp_antilog).
//
// Stages (one register each), as int_interp_lane's with DEC in front of SUB
// and the alignment, addition and saturation in one stage:
//   DEC  qx from x and Ex
//   SUB  d = qx - qa
//   IDX  range classification and index shift; the register is the request
//   RD   table read data ({K, EK, B}, the cycle after the grant)
//   MUL  lbfp8_mul(x, K) and the shift Ex + EK + fy - 14
//   OUT  alignment, + B, saturation; the output register
// Flow control as int_interp_lane's: every stage moves when advance = 1,
// unless IDX holds an element whose request is not granted or the output
// holds a result that is not taken. II = 1, latency 6.
module lbfp_interp_lane #(
  // Widest table the lane can index: n <= SegBitsMax, rows 0 .. 2^n + 1.
  parameter int SegBitsMax = 12,
  // Cycles from the input handshake to out_valid_o when nothing stalls.
  /* verilator lint_off UNUSEDPARAM */
  localparam int Latency = interpsim_pkg::LbfpInterpLaneLatency,
  /* verilator lint_on UNUSEDPARAM */
  localparam int Width = 16,
  localparam int TblRowWidth = 32
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  // Runtime configuration; change only while the lane is idle.
  input  logic [Width-1:0]       cfg_qa_i,    // a * 2^fx, two's complement
  input  logic [5:0]             cfg_span_i,  // m + fx, n .. 16
  input  logic [4:0]             cfg_n_i,     // n <= SegBitsMax
  input  logic [6:0]             cfg_fx_i,    // 0 .. 64
  input  logic signed [7:0]      cfg_fy_i,    // -32 .. 64
  // Input stream: an element and its block's exponent.
  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [7:0]             in_x_i,
  input  logic signed [7:0]      in_e_i,
  // Table port: the row is read when tbl_req_o && tbl_gnt_i, its
  // {K[31:24], EK[23:16], B[15:0]} arrives on tbl_rdata_i in the next cycle.
  output logic                   tbl_req_o,
  output logic [SegBitsMax:0]    tbl_idx_o,
  input  logic                   tbl_gnt_i,
  input  logic [TblRowWidth-1:0] tbl_rdata_i,
  // Output stream: y, int16 with fy fractional bits.
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [Width-1:0]       out_y_o
);

  localparam int RowWidth  = SegBitsMax + 1;
  localparam int DiffWidth = Width + 1;
  localparam int LbfpOutFracBits = 14;  // lbfp8_mul's product: p * 2^-14

  localparam logic signed [31:0] QMax = 32'sd32767;
  localparam logic signed [31:0] QMin = -32'sd32768;

  logic advance;
  logic out_valid_q;

  // ---------------------------------------------------------------------------
  // DEC: qx = the element decoded into int16 with fx fractional bits.
  // ---------------------------------------------------------------------------
  logic [Width-1:0] dec_qx;

  lbfp8_decode #(.Width(Width)) u_decode (
    .x_i(in_x_i), .e_i(in_e_i), .fx_i(cfg_fx_i), .qx_o(dec_qx)
  );

  logic                    dec_valid_q;
  logic [Width-1:0]        dec_qx_q;
  logic [7:0]              dec_x_q;
  logic signed [7:0]       dec_e_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dec_valid_q <= 1'b0;
    end else if (advance) begin
      dec_valid_q <= in_valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      dec_qx_q <= dec_qx;
      dec_x_q  <= in_x_i;
      dec_e_q  <= in_e_i;
    end
  end

  assign in_ready_o = advance;

  // ---------------------------------------------------------------------------
  // SUB: d = qx - qa, exact in Width + 1 bits.
  // ---------------------------------------------------------------------------
  logic                        sub_valid_q;
  logic [7:0]                  sub_x_q;
  logic signed [7:0]           sub_e_q;
  logic signed [DiffWidth-1:0] sub_diff_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sub_valid_q <= 1'b0;
    end else if (advance) begin
      sub_valid_q <= dec_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      sub_x_q    <= dec_x_q;
      sub_e_q    <= dec_e_q;
      sub_diff_q <= $signed({dec_qx_q[Width-1], dec_qx_q}) - $signed({cfg_qa_i[Width-1], cfg_qa_i});
    end
  end

  // ---------------------------------------------------------------------------
  // IDX: range classification and index shift; the register is the request.
  // ---------------------------------------------------------------------------
  logic [RowWidth-1:0]  idx_segments;
  logic [RowWidth-1:0]  idx_row;
  logic [DiffWidth:0]   idx_limit;       // 2^(m+fx), up to 2^Width
  /* verilator lint_off UNUSEDSIGNAL */
  logic [DiffWidth-1:0] idx_shifted;     // < 2^n when used: upper bits unused
  /* verilator lint_on UNUSEDSIGNAL */
  logic [5:0]           idx_shift;

  always_comb begin
    idx_segments = RowWidth'(1) << cfg_n_i;
    idx_limit    = (DiffWidth + 1)'(1) << cfg_span_i;
    idx_shift    = cfg_span_i - {1'b0, cfg_n_i};
    idx_shifted  = DiffWidth'(sub_diff_q) >> idx_shift;
    if (sub_diff_q <= 0) begin
      idx_row = idx_segments;            // x <= a
    end else if ({1'b0, sub_diff_q} >= idx_limit) begin
      idx_row = idx_segments + 1'b1;     // x >= b
    end else begin
      idx_row = RowWidth'(idx_shifted);
    end
  end

  logic                idx_valid_q;
  logic [7:0]          idx_x_q;
  logic signed [7:0]   idx_e_q;
  logic [RowWidth-1:0] idx_row_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      idx_valid_q <= 1'b0;
    end else if (advance) begin
      idx_valid_q <= sub_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      idx_x_q   <= sub_x_q;
      idx_e_q   <= sub_e_q;
      idx_row_q <= idx_row;
    end
  end

  logic down_ready;
  assign down_ready = !out_valid_q || out_ready_i;
  assign tbl_req_o  = idx_valid_q && down_ready;
  assign tbl_idx_o  = idx_row_q;
  assign advance    = (!idx_valid_q || tbl_gnt_i) && down_ready;

  // ---------------------------------------------------------------------------
  // RD: table data arrives the cycle after the grant and is held while RD waits.
  // ---------------------------------------------------------------------------
  logic                   rd_valid_q;
  logic                   rd_fresh_q;
  logic [7:0]             rd_x_q;
  logic signed [7:0]      rd_e_q;
  logic [TblRowWidth-1:0] rd_hold_q;
  logic [TblRowWidth-1:0] rd_row;

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
      rd_x_q <= idx_x_q;
      rd_e_q <= idx_e_q;
    end
    rd_hold_q <= rd_row;
  end

  assign rd_row = rd_fresh_q ? tbl_rdata_i : rd_hold_q;

  // ---------------------------------------------------------------------------
  // MUL: p = lbfp8_mul(x, K), the shift Ex + EK + fy - 14.
  // ---------------------------------------------------------------------------
  logic [15:0]       mul_product;
  logic signed [9:0] mul_shift;

  lbfp8_mul #(.OutReg(0)) u_mul (
    .clk_i, .rst_ni, .a_i(rd_x_q), .b_i(rd_row[31:24]), .p_o(mul_product)
  );

  assign mul_shift = 10'(rd_e_q) + 10'($signed(rd_row[23:16])) + 10'(cfg_fy_i)
                   - 10'(LbfpOutFracBits);

  logic                    mul_valid_q;
  logic signed [15:0]      mul_product_q;
  logic signed [9:0]       mul_shift_q;
  logic signed [Width-1:0] mul_b_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mul_valid_q <= 1'b0;
    end else if (advance) begin
      mul_valid_q <= rd_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      mul_product_q <= mul_product;
      mul_shift_q   <= mul_shift;
      mul_b_q       <= rd_row[15:0];
    end
  end

  // ---------------------------------------------------------------------------
  // OUT: y = sat16(align(p, shift) + B); the output register.
  // ---------------------------------------------------------------------------
  logic signed [31:0] out_aligned;
  logic signed [32:0] out_sum;
  logic [Width-1:0]   out_y;

  lbfp_align u_out_align (.p_i(mul_product_q), .shift_i(mul_shift_q), .q_o(out_aligned));

  always_comb begin
    // |aligned| <= 2^30: the sum is exact in 33 bits.
    out_sum = 33'(out_aligned) + 33'(mul_b_q);
    if (out_sum > 33'(QMax)) begin
      out_y = QMax[Width-1:0];
    end else if (out_sum < 33'(QMin)) begin
      out_y = QMin[Width-1:0];
    end else begin
      out_y = out_sum[Width-1:0];
    end
  end

  logic [Width-1:0] out_y_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_valid_q <= 1'b0;
    end else if (advance) begin
      out_valid_q <= mul_valid_q;
    end else if (out_ready_i) begin
      out_valid_q <= 1'b0;               // taken while the pipeline waits for a grant
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      out_y_q <= out_y;
    end
  end

  assign out_valid_o = out_valid_q;
  assign out_y_o     = out_y_q;

endmodule
