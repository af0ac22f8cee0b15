`include "interpsim_pkg.svh"

// One interpolation lane: Algorithm 1 of the main paper (docs/design.md section 3)
// as a valid/ready pipeline with an external table port, so that an array of
// lanes can share banked tables.
//
// Number formats (docs/design.md section 12): x, a, b and y are in the io
// format (IoExpBits, IoManBits, IoFiniteOnly), the table entries K and B in
// the kb format (KbExpBits, KbManBits, KbFiniteOnly: fp32 or the io format);
// a row is {K, B}, 2 * (kb width) bits. Defaults: fp32 and fp32.
//
// Stages (docs/rtl.md, "interp_lane" has the diagram and timing contract):
//   SUB   x - a in fp_add (a negated, io format), interpsim_pkg::FpAddLatency
//         cycles; x rides along in registers beside the adder
//   CLS   exponent extract and range classification: NaN, x <= a, x >= b,
//         xn >= 2^m, xn subnormal, total shift s = m - E + bias + man - n
//   IDX   mantissa shift: segment index mant >> s (mant << -s when the format
//         has fewer fraction bits than n needs), or the edge/clamp row; the
//         register drives the table request
//   RD    table read data ({K, B}, the cycle after the grant)
//   FMA   interp_output_stage (fp_fma): y = round_io(x*K + B), one rounding;
//         an edge row with K = +-0 computes fma(+0, -0, B) = round_io(B)
//         instead. NaN results leave as the io format's canonical NaN.
//
// Flow control: SUB's output, CLS, IDX and RD form a stall-all pipeline that
// advances (advance = 1) unless IDX holds an element whose table request is
// not granted, or RD holds an element the FMA cannot accept. fp_add and
// fp_fma are themselves stall-all pipelines whose stages move unless their
// output holds a result that is not taken. II = 1 for every n.
module interp_lane #(
  // Widest table the lane can index: n <= SegBitsMax, rows 0 .. 2^n + 1.
  parameter int SegBitsMax   = 16,
  // io format (x, a, b, y) and kb format (K, B).
  parameter int IoExpBits    = 8,
  parameter int IoManBits    = 23,
  parameter int IoFiniteOnly = 0,
  parameter int KbExpBits    = 8,
  parameter int KbManBits    = 23,
  parameter int KbFiniteOnly = 0,
  // 0: the cfg_* inputs are static (change only while idle). 1: they belong
  // to the element on in_x_i, are sampled with its input handshake and
  // travel with it, and the table request is cfg_row_base_i + row: several
  // tables at offsets of one memory (nonuniform_lane's parts).
  parameter bit PerElementCfg = 1'b0,
  // Width of tbl_idx_o and cfg_row_base_i (table address).
  parameter int TblAddrWidth  = SegBitsMax + 1,
  // Register stages added for timing to SUB (fp_add's ExtraStages) and FMA
  // (fp_fma's), one cycle of latency each (docs/design.md section 5).
  parameter int AddExtraStages = 0,
  parameter int FmaExtraStages = 0,
  // Cycles from the input handshake to out_valid_o when nothing stalls.
  /* verilator lint_off UNUSEDPARAM */
  localparam int Latency /* verilator public */ =
      interpsim_pkg::InterpLaneLatency + AddExtraStages + FmaExtraStages,
  /* verilator lint_on UNUSEDPARAM */
  localparam int IoWidth     = 1 + IoExpBits + IoManBits,
  localparam int TblRowWidth = 2 * (1 + KbExpBits + KbManBits)
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  // Runtime configuration; change only while the lane is idle.
  input  logic [IoWidth-1:0]                      cfg_a_i, // io-format bits of a
  input  logic [IoWidth-1:0]                      cfg_b_i, // io-format bits of b = a + 2^m
  input  logic [7:0]                              cfg_m_i, // m, two's complement
  input  logic [4:0]                              cfg_n_i, // n <= SegBitsMax
  // First table row of this table; used only with PerElementCfg.
  input  logic [TblAddrWidth-1:0]                 cfg_row_base_i,
  // Input stream.
  input  logic                                    in_valid_i,
  output logic                                    in_ready_o,
  input  logic [IoWidth-1:0]                      in_x_i,
  // Table port: the row is read when tbl_req_o && tbl_gnt_i, its {K, B}
  // arrives on tbl_rdata_i in the next cycle.
  output logic                                    tbl_req_o,
  output logic [TblAddrWidth-1:0]                 tbl_idx_o,
  input  logic                                    tbl_gnt_i,
  input  logic [TblRowWidth-1:0]                  tbl_rdata_i,
  // Output stream.
  output logic                                    out_valid_o,
  input  logic                                    out_ready_i,
  output logic [IoWidth-1:0]                      out_y_o
);

  localparam int RowWidth = SegBitsMax + 1;
  localparam int IoMag    = IoWidth - 1;
  localparam int IoSig    = IoManBits + 1;
  localparam int IoBias   = (1 << (IoExpBits - 1)) - 1;
  // s >= 1 + IoManBits - n whenever the index is taken from the bits: with
  // fewer fraction bits than n (narrow formats) s can be negative, down to
  // -Pad. The mantissa is placed Pad bits up and shifted right by s + Pad.
  localparam int Pad        = (SegBitsMax > IoSig) ? SegBitsMax - IoSig : 0;
  localparam int MantWidth  = IoSig + Pad;
  localparam int ShiftWidth = $clog2(MantWidth);
  localparam bit IoIsFp32   = (IoExpBits == 8) && (IoManBits == 23) && (IoFiniteOnly == 0);

  logic advance;
  logic fma_in_ready;
  logic rd_valid_q;                      // RD holds an element

  // ---------------------------------------------------------------------------
  // SUB: xn = x - a. x travels past the adder in registers that move
  // with its stages (interp_side_pipe).
  // ---------------------------------------------------------------------------
  logic        sub_in_valid;
  logic        sub_out_valid;
  logic        sub_in_ready;             // the adder's stages move: so does x beside them
  /* verilator lint_off UNUSEDSIGNAL */
  logic [IoWidth-1:0] sub_xn;            // > 0 whenever it is used: sign unused
  /* verilator lint_on UNUSEDSIGNAL */
  logic [IoWidth-1:0] sub_x;

  assign sub_in_valid = in_valid_i && advance;
  assign in_ready_o   = advance;

  // fp32 lanes use fp32_add (the same logic as fp_add's fp32 instance), so
  // flows that treat the FP units as black boxes (scripts/hardware_report.py)
  // see them as before.
  if (IoIsFp32) begin : g_sub_fp32
    fp32_add #(
      .ExtraStages(AddExtraStages)
    ) u_sub (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (sub_in_valid),
      .in_ready_o (sub_in_ready),        // its stages' enable
      .a_i        (in_x_i),
      .b_i        ({~cfg_a_i[IoWidth-1], cfg_a_i[IoMag-1:0]}),
      .out_valid_o(sub_out_valid),
      .out_ready_i(advance),
      .y_o        (sub_xn)
    );
  end else begin : g_sub
    fp_add #(
      .ExpBits   (IoExpBits),
      .ManBits   (IoManBits),
      .FiniteOnly (IoFiniteOnly),
      .ExtraStages(AddExtraStages)
    ) u_sub (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (sub_in_valid),
      .in_ready_o (sub_in_ready),        // its stages' enable
      .a_i        (in_x_i),
      .b_i        ({~cfg_a_i[IoWidth-1], cfg_a_i[IoMag-1:0]}),
      .out_valid_o(sub_out_valid),
      .out_ready_i(advance),
      .y_o        (sub_xn)
    );
  end

  interp_side_pipe #(
    .Width(IoWidth),
    .Depth(interpsim_pkg::FpAddLatency + AddExtraStages)
  ) u_sub_side (
    .clk_i (clk_i),
    .en_i  (sub_in_ready),
    .data_i(in_x_i),
    .data_o(sub_x)
  );

  // ---------------------------------------------------------------------------
  // The configuration of the element in CLS (a, b, m, n) and of the one in
  // IDX (n, row base): the static inputs, or (PerElementCfg) the values that
  // came in with the element, carried past the adder beside x
  // and registered with CLS.
  // ---------------------------------------------------------------------------
  logic [IoWidth-1:0]      cls_cfg_a, cls_cfg_b;
  logic [7:0]              cls_cfg_m;
  logic [4:0]              cls_cfg_n, idx_cfg_n;
  logic [TblAddrWidth-1:0] idx_cfg_row_base;

  if (PerElementCfg) begin : g_cfg_element
    localparam int CfgWidth = 2 * IoWidth + 8 + 5 + TblAddrWidth;
    logic [TblAddrWidth-1:0] cls_cfg_row_base;
    logic [4:0]              cls_cfg_n_q;
    logic [TblAddrWidth-1:0] cls_cfg_row_base_q;

    interp_side_pipe #(
      .Width(CfgWidth),
      .Depth(interpsim_pkg::FpAddLatency + AddExtraStages)
    ) u_cfg_side (
      .clk_i (clk_i),
      .en_i  (sub_in_ready),
      .data_i({cfg_a_i, cfg_b_i, cfg_m_i, cfg_n_i, cfg_row_base_i}),
      .data_o({cls_cfg_a, cls_cfg_b, cls_cfg_m, cls_cfg_n, cls_cfg_row_base})
    );

    always_ff @(posedge clk_i) begin
      if (advance) begin
        cls_cfg_n_q        <= cls_cfg_n;
        cls_cfg_row_base_q <= cls_cfg_row_base;
      end
    end

    assign idx_cfg_n        = cls_cfg_n_q;
    assign idx_cfg_row_base = cls_cfg_row_base_q;
  end else begin : g_cfg_static
    assign cls_cfg_a        = cfg_a_i;
    assign cls_cfg_b        = cfg_b_i;
    assign cls_cfg_m        = cfg_m_i;
    assign cls_cfg_n        = cfg_n_i;
    assign idx_cfg_n        = cfg_n_i;
    assign idx_cfg_row_base = '0;        // one table at row 0: no adder
    /* verilator lint_off UNUSEDSIGNAL */
    logic [TblAddrWidth-1:0] unused_row_base;
    /* verilator lint_on UNUSEDSIGNAL */
    assign unused_row_base = cfg_row_base_i;
  end

  // ---------------------------------------------------------------------------
  // CLS: exponent extract and range classification.
  // ---------------------------------------------------------------------------
  logic [IoWidth-1:0] key_x, key_a, key_b;

  interp_order_key #(.Width(IoWidth)) u_key_x (.value_i(sub_x),     .key_o(key_x));
  interp_order_key #(.Width(IoWidth)) u_key_a (.value_i(cls_cfg_a), .key_o(key_a));
  interp_order_key #(.Width(IoWidth)) u_key_b (.value_i(cls_cfg_b), .key_o(key_b));

  // Configuration-derived values. Static configuration: registered. It
  // changes only while the lane is idle, and CLS and IDX first see an element
  // FpAddLatency (>= 1) cycles after its handshake, when these registers
  // already hold the values of the handshake cycle: the timing is the same as
  // with the combinational values. A verilated model evaluates input-driven
  // logic on every eval() call, register-driven logic once per rising edge
  // (docs/results/rtl-throughput.md). They load on every edge but those
  // right after a handshake: then an element is in flight, so the
  // configuration is still the one of the last load (a streaming lane skips
  // the loads). Per-element configuration (PerElementCfg): the values arrive
  // registered with the element, and are used as they are.
  logic [IoWidth-1:0]  cls_key_a, cls_key_b;
  logic signed [9:0]   cls_top_shift;  // man - n: xn >= 2^m from this shift s down
  logic signed [9:0]   cls_shift_base; // m + bias + man - n
  logic [RowWidth-1:0] idx_cfg_segments; // N = 2^n
  logic signed [9:0]   top_shift_d, shift_base_d;

  // xn >= 2^m when its biased exponent reaches m + bias, that is when
  // s = m + bias + man - n - exponent is at most man - n. Tested on s, m
  // enters one derived value only (shared by two, its sign extension became
  // input-driven logic of every eval() in the verilated model).
  assign top_shift_d  = 10'(IoManBits) - $signed({5'd0, cls_cfg_n});
  assign shift_base_d = $signed({{2{cls_cfg_m[7]}}, cls_cfg_m}) + 10'(IoBias) + top_shift_d;

  if (PerElementCfg) begin : g_cfg_derived_element
    assign cls_key_a        = key_a;
    assign cls_key_b        = key_b;
    assign cls_top_shift    = top_shift_d;
    assign cls_shift_base   = shift_base_d;
    assign idx_cfg_segments = RowWidth'(1) << idx_cfg_n;
  end else begin : g_cfg_derived_registered
    logic [IoWidth-1:0]  key_a_q, key_b_q;
    logic signed [9:0]   top_shift_q, shift_base_q;
    logic [RowWidth-1:0] segments_q;
    logic                handshake_q;    // an element was accepted at the last edge

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        handshake_q <= 1'b0;
      end else begin
        handshake_q <= sub_in_valid;
      end
    end

    always_ff @(posedge clk_i) begin
      if (!handshake_q) begin
        key_a_q      <= key_a;
        key_b_q      <= key_b;
        top_shift_q  <= top_shift_d;
        shift_base_q <= shift_base_d;
        segments_q   <= RowWidth'(1) << idx_cfg_n;
      end
    end

    assign cls_key_a        = key_a_q;
    assign cls_key_b        = key_b_q;
    assign cls_top_shift    = top_shift_q;
    assign cls_shift_base   = shift_base_q;
    assign idx_cfg_segments = segments_q;
  end

  logic              cls_nan, cls_below, cls_above, cls_top, cls_zero;
  logic signed [9:0] cls_exp;            // biased exponent field of xn
  logic signed [9:0] cls_shift;          // s = m + bias - biased_exp + man - n

  // NaN: magnitude above infinity's (E4M3: all ones).
  if (IoFiniteOnly != 0) begin : g_nan_finite
    assign cls_nan = (sub_x[IoMag-1:0] == {IoMag{1'b1}});
  end else begin : g_nan_ieee
    assign cls_nan = (sub_x[IoMag-1:0] > {{IoExpBits{1'b1}}, {IoManBits{1'b0}}});
  end
  assign cls_exp = $signed(10'(sub_xn[IoMag-1:IoManBits]));

  always_comb begin
    cls_below = !cls_nan && (key_x <= cls_key_a);
    cls_above = !cls_nan && !cls_below && (key_x >= cls_key_b);
    // xn >= 2^m: the biased exponent reaches m + bias (+inf included).
    cls_shift = cls_shift_base - cls_exp;
    cls_top   = cls_shift <= cls_top_shift;
    // Subnormal xn, or every mantissa bit shifted out: segment 0.
    cls_zero  = (cls_exp == 10'sd0) || (cls_shift >= 10'(IoSig));
  end

  logic                  cls_valid_q;
  logic [IoWidth-1:0]    cls_x_q;
  logic                  cls_nan_q, cls_below_q, cls_above_q, cls_top_q, cls_zero_q;
  logic [ShiftWidth-1:0] cls_shift_q;    // s + Pad
  logic [IoSig-1:0]      cls_mant_q;

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
      // Meaningful when -Pad <= s < IoSig (not an edge, top or zero row).
      cls_shift_q <= ShiftWidth'(cls_shift + 10'(Pad));
      cls_mant_q  <= {1'b1, sub_xn[IoManBits-1:0]};
    end
  end

  // ---------------------------------------------------------------------------
  // IDX: mantissa shift, row select; the register is the table request.
  // ---------------------------------------------------------------------------
  /* verilator lint_off UNUSEDSIGNAL */
  logic [MantWidth-1:0] idx_shifted;     // bits >= SegBitsMax are zero
  /* verilator lint_on UNUSEDSIGNAL */
  logic [RowWidth-1:0] idx_segments;     // N = 2^n
  logic [RowWidth-1:0] idx_row;

  always_comb begin
    idx_shifted  = (MantWidth'(cls_mant_q) << Pad) >> cls_shift_q;
    idx_segments = idx_cfg_segments;
    if (cls_nan_q || cls_below_q) begin
      idx_row = idx_segments;            // NaN reads row N too; its fma is NaN
    end else if (cls_above_q) begin
      idx_row = idx_segments + 1'b1;
    end else if (cls_top_q) begin
      idx_row = idx_segments - 1'b1;
    end else if (cls_zero_q) begin
      idx_row = '0;
    end else begin
      idx_row = RowWidth'(idx_shifted);  // < 2^n because s >= IoManBits - n + 1
    end
  end

  logic                idx_valid_q;
  logic [IoWidth-1:0]  idx_x_q;
  logic                idx_edge_q;
  logic [TblAddrWidth-1:0] idx_row_q;   // row base + row

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
      idx_row_q  <= idx_cfg_row_base + TblAddrWidth'(idx_row);
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
  logic                   rd_fresh_q;    // tbl_rdata_i has this element's row
  logic [IoWidth-1:0]     rd_x_q;
  logic                   rd_edge_q;
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
      rd_x_q    <= idx_x_q;
      rd_edge_q <= idx_edge_q;
    end
    rd_hold_q <= rd_kb;
  end

  assign rd_kb = rd_fresh_q ? tbl_rdata_i : rd_hold_q;

  // ---------------------------------------------------------------------------
  // FMA: y = fma(x, K, B), edge and NaN rules (interp_output_stage).
  // ---------------------------------------------------------------------------
  interp_output_stage #(
    .IoExpBits   (IoExpBits),
    .IoManBits   (IoManBits),
    .IoFiniteOnly(IoFiniteOnly),
    .KbExpBits   (KbExpBits),
    .KbManBits   (KbManBits),
    .KbFiniteOnly  (KbFiniteOnly),
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
