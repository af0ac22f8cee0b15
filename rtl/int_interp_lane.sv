`include "interpsim_pkg.svh"

// One fixed-point interpolation lane (docs/design.md section 12, "Fixed
// point"; docs/rtl.md, "int_interp_lane"): x, a, y, K and B are two's-complement
// integers of Width bits (8, 16 or 32); a row is {K, B}, 2 * Width bits (the
// .tbl row KK_BB, KKKK_BBBB or KKKKKKKK_BBBBBBBB). The lane computes exactly
// what model/fixed_point.cpp's fixed_eval computes:
//
//   d   = qx - qa
//   row = N if d <= 0, N+1 if d >= 2^(m+fx), else d >> (m+fx-n)
//   acc = (qx*K << ShK) + (B << ShB)          exact; ShK = s-fx-fk, ShB = s-fb
//   y   = sat_W(round(acc / 2^drop))           drop = s - fy, one rounding
//
// Rounding: drop <= 0 is an exact left shift (saturating); drop > 0 adds an
// addend and floors: to nearest even 2^(drop-1) - 1 + bit drop of acc, or
// stochastic the top `drop` bits of the next xorshift32 state (drop <= 32) or
// that state << (drop - 32).
//
// Stages (one register each; docs/rtl.md has the timing contract):
//   SUB  d = qx - qa
//   IDX  range classification and index shift; the register drives the
//        table request
//   RD   table read data ({K, B}, the cycle after the grant)
//   MUL  qx * K, exact (2 * Width bits)
//   ADD  alignment of the product and B, exact sum
//   RND  rounding and saturation; the output register
//
// Flow control: every stage moves when advance = 1, that is unless IDX holds
// an element whose table request is not granted, or the output holds a
// result that is not taken. II = 1. The stochastic state advances once per
// element that RND computes (in order), so the stream is the model's.
module int_interp_lane #(
  // Bits of x, a, y, K and B: 8, 16 or 32.
  parameter int Width      = 16,
  // Widest table the lane can index: n <= SegBitsMax, rows 0 .. 2^n + 1.
  parameter int SegBitsMax = 12,
  // Largest alignment shift ShK or ShB and largest |drop| the configuration
  // may use; the defaults are the golden model's bounds (kMaxAlignBits,
  // kMaxDropBits in model/fixed_point.hpp), so every valid table runs.
  parameter int AlignMax   = 62,
  parameter int DropMax    = 94,
  // Cycles from the input handshake to out_valid_o when nothing stalls.
  /* verilator lint_off UNUSEDPARAM */
  localparam int Latency /* verilator public */ = interpsim_pkg::IntInterpLaneLatency,
  /* verilator lint_on UNUSEDPARAM */
  localparam int TblRowWidth = 2 * Width
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  // Runtime configuration (docs/design.md section 12, "Decision (RTL
  // configuration)"); change only while the lane is idle.
  input  logic [Width-1:0]       cfg_qa_i,    // a * 2^fx, two's complement
  input  logic [5:0]             cfg_span_i,  // m + fx, n .. Width
  input  logic [4:0]             cfg_n_i,     // n <= SegBitsMax
  input  logic [6:0]             cfg_shk_i,   // s - (fx + fk), 0 .. AlignMax
  input  logic [6:0]             cfg_shb_i,   // s - fb, 0 .. AlignMax
  input  logic [7:0]             cfg_drop_i,  // s - fy, -DropMax .. DropMax
  input  logic                   cfg_stochastic_i,
  // Seed load: the stream state becomes cfg_seed_i (1 when it is 0) at a
  // rising edge with cfg_seed_load_i high; reset leaves it at 1.
  input  logic                   cfg_seed_load_i,
  input  logic [31:0]            cfg_seed_i,
  // Input stream.
  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [Width-1:0]       in_x_i,
  // Table port: the row is read when tbl_req_o && tbl_gnt_i, its {K, B}
  // arrives on tbl_rdata_i in the next cycle.
  output logic                   tbl_req_o,
  output logic [SegBitsMax:0]    tbl_idx_o,
  input  logic                   tbl_gnt_i,
  input  logic [TblRowWidth-1:0] tbl_rdata_i,
  // Output stream.
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [Width-1:0]       out_y_o
);

  localparam int RowWidth  = SegBitsMax + 1;
  localparam int DiffWidth = Width + 1;            // qx - qa
  localparam int ProdWidth = 2 * Width;            // qx * K
  localparam int AccWidth  = ProdWidth + AlignMax + 1;
  // acc plus an addend below 2^drop (drop <= DropMax) without overflow.
  localparam int SumWidth  = ((AccWidth > DropMax) ? AccWidth : DropMax) + 1;
  // The left shift of drop <= 0: acc clamped to +-2^Width, shifted by at
  // most Width + 1 (any further shift of a nonzero value saturates anyway).
  localparam int ClampWidth = Width + 2;
  localparam int LeftWidth  = 2 * Width + 3;

  logic advance;
  logic out_valid_q;

  // ---------------------------------------------------------------------------
  // SUB: d = qx - qa, exact in Width + 1 bits.
  // ---------------------------------------------------------------------------
  logic                        sub_valid_q;
  logic [Width-1:0]            sub_x_q;
  logic signed [DiffWidth-1:0] sub_diff_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sub_valid_q <= 1'b0;
    end else if (advance) begin
      sub_valid_q <= in_valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      sub_x_q    <= in_x_i;
      sub_diff_q <= $signed({in_x_i[Width-1], in_x_i}) - $signed({cfg_qa_i[Width-1], cfg_qa_i});
    end
  end

  assign in_ready_o = advance;

  // ---------------------------------------------------------------------------
  // IDX: range classification and index shift; the register is the request.
  // ---------------------------------------------------------------------------
  logic [RowWidth-1:0]  idx_segments;    // N = 2^n
  logic [RowWidth-1:0]  idx_row;
  logic [DiffWidth:0]   idx_limit;       // 2^(m+fx), up to 2^Width
  /* verilator lint_off UNUSEDSIGNAL */
  logic [DiffWidth-1:0] idx_shifted;     // < 2^n when used: upper bits unused
  /* verilator lint_on UNUSEDSIGNAL */
  logic [5:0]           idx_shift;       // m + fx - n

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
  logic [Width-1:0]    idx_x_q;
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
      idx_row_q <= idx_row;
    end
  end

  // Request only when the pipeline behind IDX can move, so a grant always
  // means one read.
  logic down_ready;
  assign down_ready = !out_valid_q || out_ready_i;
  assign tbl_req_o  = idx_valid_q && down_ready;
  assign tbl_idx_o  = idx_row_q;
  assign advance    = (!idx_valid_q || tbl_gnt_i) && down_ready;

  // ---------------------------------------------------------------------------
  // RD: table data arrives the cycle after the grant and is held while RD waits.
  // ---------------------------------------------------------------------------
  logic                   rd_valid_q;
  logic                   rd_fresh_q;    // tbl_rdata_i has this element's row
  logic [Width-1:0]       rd_x_q;
  logic [TblRowWidth-1:0] rd_hold_q;
  logic [TblRowWidth-1:0] rd_kb;

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
    end
    rd_hold_q <= rd_kb;
  end

  assign rd_kb = rd_fresh_q ? tbl_rdata_i : rd_hold_q;

  // ---------------------------------------------------------------------------
  // MUL: qx * K, exact.
  // ---------------------------------------------------------------------------
  logic                        mul_valid_q;
  logic signed [ProdWidth-1:0] mul_prod_q;
  logic signed [Width-1:0]     mul_b_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mul_valid_q <= 1'b0;
    end else if (advance) begin
      mul_valid_q <= rd_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      // Operands sign-extended to the product width: the low 2 * Width bits
      // of the product are exact whatever the tool's sizing rules.
      mul_prod_q <= $signed({{Width{rd_x_q[Width-1]}}, rd_x_q})
                  * $signed({{Width{rd_kb[TblRowWidth-1]}}, rd_kb[TblRowWidth-1:Width]});
      mul_b_q    <= $signed(rd_kb[Width-1:0]);
    end
  end

  // ---------------------------------------------------------------------------
  // ADD: (qx*K << ShK) + (B << ShB), exact in AccWidth bits.
  // ---------------------------------------------------------------------------
  logic                       add_valid_q;
  logic signed [AccWidth-1:0] add_acc_q;
  logic signed [AccWidth-1:0] add_prod_aligned, add_b_aligned;

  always_comb begin
    add_prod_aligned = $signed({{(AccWidth - ProdWidth){mul_prod_q[ProdWidth-1]}}, mul_prod_q})
                       <<< cfg_shk_i;
    add_b_aligned    = $signed({{(AccWidth - Width){mul_b_q[Width-1]}}, mul_b_q}) <<< cfg_shb_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      add_valid_q <= 1'b0;
    end else if (advance) begin
      add_valid_q <= mul_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      add_acc_q <= add_prod_aligned + add_b_aligned;
    end
  end

  // ---------------------------------------------------------------------------
  // RND: one rounding to fy bits, saturation to Width; the output register.
  // ---------------------------------------------------------------------------
  localparam logic signed [Width-1:0] YMax = {1'b0, {(Width - 1){1'b1}}};
  localparam logic signed [Width-1:0] YMin = {1'b1, {(Width - 1){1'b0}}};

  logic [31:0] rng_state_q, rng_next;
  logic        rnd_drops;                 // drop > 0
  logic [6:0]  rnd_right;                 // drop, when > 0
  logic [6:0]  rnd_left;                  // min(-drop, Width + 1), when drop <= 0

  always_comb begin
    rng_next = rng_state_q ^ (rng_state_q << 13);
    rng_next = rng_next ^ (rng_next >> 17);
    rng_next = rng_next ^ (rng_next << 5);
    rnd_drops = !cfg_drop_i[7] && (cfg_drop_i != 8'd0);
    rnd_right = cfg_drop_i[6:0];
    rnd_left  = (-cfg_drop_i > 8'(Width + 1)) ? 7'(Width + 1) : 7'(-cfg_drop_i);
  end

  logic signed [SumWidth-1:0] rnd_acc;
  logic        [SumWidth-1:0] rnd_addend;
  logic signed [SumWidth-1:0] rnd_shifted;
  /* verilator lint_off UNUSEDSIGNAL */
  logic        [SumWidth-1:0] rnd_lsb;    // bit `drop` of acc at bit 0
  /* verilator lint_on UNUSEDSIGNAL */
  logic signed [ClampWidth-1:0] rnd_clamped;
  logic signed [LeftWidth-1:0]  rnd_left_shifted;
  logic signed [Width-1:0]      rnd_y;

  // +-2^Width, and the output range at the widths it is compared at.
  localparam logic signed [AccWidth-1:0]  ClampHi  = AccWidth'(1) << Width;
  localparam logic signed [AccWidth-1:0]  ClampLo  = -(AccWidth'(1) << Width);
  localparam logic signed [SumWidth-1:0]  SumYMax  = (SumWidth'(1) << (Width - 1)) - 1;
  localparam logic signed [SumWidth-1:0]  SumYMin  = -(SumWidth'(1) << (Width - 1));
  localparam logic signed [LeftWidth-1:0] LeftYMax = (LeftWidth'(1) << (Width - 1)) - 1;
  localparam logic signed [LeftWidth-1:0] LeftYMin = -(LeftWidth'(1) << (Width - 1));

  always_comb begin
    rnd_acc = $signed({{(SumWidth - AccWidth){add_acc_q[AccWidth-1]}}, add_acc_q});
    rnd_lsb = rnd_acc >> rnd_right;
    if (cfg_stochastic_i) begin
      // Top `drop` bits of the state, or the state shifted up past 32 bits.
      if (rnd_right <= 7'd32) begin
        rnd_addend = SumWidth'(rng_next) >> (7'd32 - rnd_right);
      end else begin
        rnd_addend = SumWidth'(rng_next) << (rnd_right - 7'd32);
      end
    end else begin
      // floor((acc + 2^(drop-1) - 1 + lsb) / 2^drop) rounds half to even.
      rnd_addend = (SumWidth'(1) << (rnd_right - 7'd1)) - SumWidth'(1) + SumWidth'(rnd_lsb[0]);
    end
    rnd_shifted = (rnd_acc + $signed(rnd_addend)) >>> rnd_right;

    // drop <= 0: exact left shift, saturating.
    if (add_acc_q > ClampHi) begin
      rnd_clamped = ClampWidth'(ClampHi);
    end else if (add_acc_q < ClampLo) begin
      rnd_clamped = ClampWidth'(ClampLo);
    end else begin
      rnd_clamped = ClampWidth'(add_acc_q);
    end
    rnd_left_shifted = $signed({{(LeftWidth - ClampWidth){rnd_clamped[ClampWidth-1]}}, rnd_clamped})
                       <<< rnd_left;

    if (rnd_drops) begin
      if (rnd_shifted > SumYMax) begin
        rnd_y = YMax;
      end else if (rnd_shifted < SumYMin) begin
        rnd_y = YMin;
      end else begin
        rnd_y = Width'(rnd_shifted);
      end
    end else begin
      if (rnd_left_shifted > LeftYMax) begin
        rnd_y = YMax;
      end else if (rnd_left_shifted < LeftYMin) begin
        rnd_y = YMin;
      end else begin
        rnd_y = Width'(rnd_left_shifted);
      end
    end
  end

  // The stream advances for each element whose rounding drops bits
  // stochastically, when RND computes it: the model's order and count.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rng_state_q <= 32'd1;
    end else if (cfg_seed_load_i) begin
      rng_state_q <= (cfg_seed_i == 32'd0) ? 32'd1 : cfg_seed_i;
    end else if (advance && add_valid_q && cfg_stochastic_i && rnd_drops) begin
      rng_state_q <= rng_next;
    end
  end

  logic [Width-1:0] out_y_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_valid_q <= 1'b0;
    end else if (advance) begin
      out_valid_q <= add_valid_q;
    end else if (out_ready_i) begin
      out_valid_q <= 1'b0;               // taken while the pipeline waits for a grant
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      out_y_q <= rnd_y;
    end
  end

  assign out_valid_o = out_valid_q;
  assign out_y_o     = out_y_q;

endmodule
