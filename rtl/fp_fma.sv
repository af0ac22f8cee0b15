`include "interpsim_pkg.svh"

// Binary floating-point fused multiply-add, y = a*b + c with a single rounding,
// round to nearest even, generic over two formats (docs/design.md section 12):
// a and y in the io format (IoExpBits, IoManBits, IoFiniteOnly), b and c in
// the kb format (KbExpBits, KbManBits, KbFiniteOnly), which is either the io
// format or a wider one (fp32). FiniteOnly = 1 selects the OCP E4M3 rules: no
// infinities, only S.1..1.1..1 is NaN, and an overflowing or infinite result
// becomes the largest finite magnitude (+-448). fp32_fma is this unit with
// both formats fp32.
//
// Subnormal inputs and outputs are supported (no flush to zero); any NaN result
// is the canonical NaN of the io format; 0*inf and inf - inf are NaN. An exact
// zero result is -0 only when a*b and c are both zero-or-negative with the same
// sign (IEEE 754 round-to-nearest rule); a nonzero result that rounds to zero
// keeps its sign.
//
// Pipeline: stall-all valid/ready with II = 1 (see fp_add). A result appears
// Latency cycles after its input handshake when the output is not stalled.
//
//   stage 1: input registers
//   stage 2: unpack, classify, multiply, exponent difference, align the
//            operand with the smaller anchor
//   stage 3: add or subtract, leading-zero count
//   stage 4: normalize (or denormalize), round, pack
//
// ExtraStages (0 .. 3, default 0) cuts the long stages with registers of
// their own for timing (docs/design.md section 5, "Pipelining for timing"),
// each one cycle more latency, II still 1, results bit for bit the same:
//   >= 1: stage 3 between the wide add and the negation + leading-zero count
//   >= 2: stage 2 between the multiply (and the anchors) and the alignment
//   >= 3: stage 4 between the normalizing shift and the rounding
// Cut registers are written only when ExtraStages asks for them; otherwise
// the same names are wires, so ExtraStages = 0 is the unit as before.
//
// Datapath (64 bits, "field"): like an adder of two operands. The exact
// product of the significands (IoManBits + KbManBits + 2 bits, at most 48,
// not normalized) sits at [62:..], c at [62:63-KbManBits-1]; the one whose
// anchor (the io-format biased exponent of field bit 62) is larger, c on a tie
// or when the product is zero, stays, the other shifts right by the anchor
// difference and bits below position 1 collapse into the sticky bit 0, which
// never holds a real bit. Whenever the sticky bit is set the result keeps its
// leading one far above the round bit (or is a subnormal whose last bit lies
// above it), so the sticky bit stays below the round bit and the sum rounds
// exactly. A negative difference is negated. When the kb format reaches below
// the io format's exponent range (kb fp32 with a narrower io format) the
// anchor can be below 0: stage 4 then shifts right into the sticky bit
// instead of normalizing (generated only for those formats). Every signal
// fits in 64 bits, so a verilated model works on native integers.
module fp_fma #(
  parameter int IoExpBits    = 8,
  parameter int IoManBits    = 23,
  parameter int IoFiniteOnly = 0,
  parameter int KbExpBits    = 8,
  parameter int KbManBits    = 23,
  parameter int KbFiniteOnly = 0,
  // Register stages added to cut long paths (0 .. FmaMaxExtraStages).
  parameter int ExtraStages  = 0,
  // Cycles from the input handshake to out_valid_o (without stalls). A
  // localparam in the header: readable by users, not overridable.
  localparam int Latency /* verilator public */ = interpsim_pkg::FpFmaLatency + ExtraStages,
  localparam int IoWidth = 1 + IoExpBits + IoManBits,
  localparam int KbWidth = 1 + KbExpBits + KbManBits
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               in_valid_i,
  output logic               in_ready_o,
  input  logic [IoWidth-1:0] a_i,
  input  logic [KbWidth-1:0] b_i,
  input  logic [KbWidth-1:0] c_i,
  output logic               out_valid_o,
  input  logic               out_ready_i,
  output logic [IoWidth-1:0] y_o
);

  // Flattened into its parent when verilated (fp32_add and fp32_fma are thin
  // wrappers): as a module of its own the FMA cost one more branch miss per
  // clock (callgrind, fp_units_callgrind.sh).
  /* verilator inline_module */

`ifndef __ICARUS__  // Icarus Verilog 11 cannot parse elaboration tasks
  if (ExtraStages < 0 || ExtraStages > interpsim_pkg::FmaMaxExtraStages) begin : g_bad_extra
    $error("fp_fma: ExtraStages must be 0 .. %0d", interpsim_pkg::FmaMaxExtraStages);
  end
`endif

  localparam int MaxAlignShift = 64;  // the shifted operand is all sticky from here on
  localparam int IoMag     = IoWidth - 1;
  localparam int KbMag     = KbWidth - 1;
  localparam int IoSig     = IoManBits + 1;
  localparam int KbSig     = KbManBits + 1;
  localparam int ProdWidth = IoSig + KbSig;
  localparam int IoBias    = (1 << (IoExpBits - 1)) - 1;
  localparam int KbBias    = (1 << (KbExpBits - 1)) - 1;
  // Signed width of anchors and their difference (fp32: 11 bits).
  localparam int MaxExpBits  = (IoExpBits > KbExpBits) ? IoExpBits : KbExpBits;
  localparam int AnchorWidth = (MaxExpBits + 3 > 9) ? MaxExpBits + 3 : 9;
  // The smallest anchor of an operand that stays is c's smallest; below 0
  // the result needs a right shift (a narrow io format with kb fp32).
  localparam int MinAnchor  = 1 + IoBias - KbBias;
  localparam bit NeedRight  = (MinAnchor < 0);
  // Round bit of the io significand once its hidden bit is at field bit 63.
  localparam int RoundBit   = 62 - IoManBits;

  localparam logic [IoMag-1:0] IoInfMag = {{IoExpBits{1'b1}}, {IoManBits{1'b0}}};
  localparam logic [KbMag-1:0] KbInfMag = {{KbExpBits{1'b1}}, {KbManBits{1'b0}}};
  localparam logic [IoMag-1:0] OverflowMag = (IoFiniteOnly != 0) ? {IoMag{1'b1}} : IoInfMag;
  localparam logic [IoMag-1:0] SaturateMag = (IoFiniteOnly != 0) ? {{(IoMag - 1) {1'b1}}, 1'b0}
                                                                 : IoInfMag;
  localparam logic [IoWidth-1:0] CanonicalNan = (IoFiniteOnly != 0) ? {1'b0, {IoMag{1'b1}}}
      : {1'b0, {IoExpBits{1'b1}}, 1'b1, {(IoManBits - 1) {1'b0}}};

  logic advance;
  assign advance    = !(out_valid_o && !out_ready_i);
  assign in_ready_o = advance;

  // valid_q[i] tags the contents of stage register i + 1.
  logic [Latency-1:0] valid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else if (advance) begin
      valid_q <= {valid_q[Latency-2:0], in_valid_i};
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 1: input registers (no logic on the inputs: a verilated model
  // evaluates input-driven logic on every eval() call, register-driven logic
  // once per clock edge).
  // ---------------------------------------------------------------------------
  logic [IoWidth-1:0] a1_q;
  logic [KbWidth-1:0] b1_q, c1_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      a1_q <= a_i;
      b1_q <= b_i;
      c1_q <= c_i;
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 2: unpack, classify, multiply, align.
  // ---------------------------------------------------------------------------
  logic                 a_nan, b_nan, c_nan, a_inf, b_inf, c_inf, a_zero, b_zero;
  logic                 prod_sign, prod_inf, prod_zero, c_sign;
  logic                 invalid, special_d;
  logic [IoWidth-1:0]   special_y_d;
  logic [IoSig-1:0]     a_sig;             // with hidden bit
  logic [KbSig-1:0]     b_sig, c_sig;
  logic [IoExpBits-1:0] a_exp;             // effective biased exponents (>= 1)
  logic [KbExpBits-1:0] b_exp, c_exp;
  logic [ProdWidth-1:0] product;

  // Magnitude bits above those of infinity are a NaN (E4M3: all ones): one
  // compare each.
  if (IoFiniteOnly != 0) begin : g_io_finite
    assign a_nan = (a1_q[IoMag-1:0] == {IoMag{1'b1}});
    assign a_inf = 1'b0;
  end else begin : g_io_ieee
    assign a_nan = (a1_q[IoMag-1:0] > IoInfMag);
    assign a_inf = (a1_q[IoMag-1:0] == IoInfMag);
  end
  if (KbFiniteOnly != 0) begin : g_kb_finite
    assign b_nan = (b1_q[KbMag-1:0] == {KbMag{1'b1}});
    assign c_nan = (c1_q[KbMag-1:0] == {KbMag{1'b1}});
    assign b_inf = 1'b0;
    assign c_inf = 1'b0;
  end else begin : g_kb_ieee
    assign b_nan = (b1_q[KbMag-1:0] > KbInfMag);
    assign c_nan = (c1_q[KbMag-1:0] > KbInfMag);
    assign b_inf = (b1_q[KbMag-1:0] == KbInfMag);
    assign c_inf = (c1_q[KbMag-1:0] == KbInfMag);
  end
  assign a_zero = (a1_q[IoMag-1:0] == '0);
  assign b_zero = (b1_q[KbMag-1:0] == '0);

  assign prod_sign = a1_q[IoWidth-1] ^ b1_q[KbWidth-1];
  assign c_sign    = c1_q[KbWidth-1];
  assign prod_inf  = a_inf || b_inf;
  assign prod_zero = a_zero || b_zero;

  // Invalid: a NaN operand, 0 * inf, or inf - inf. Otherwise an infinite
  // product or c decides the result: an infinity with that operand's sign
  // (E4M3: the largest finite magnitude).
  assign invalid     = a_nan || b_nan || c_nan || (a_inf && b_zero) || (b_inf && a_zero) ||
                       (prod_inf && c_inf && (prod_sign != c_sign));
  assign special_d   = invalid || prod_inf || c_inf;
  assign special_y_d = invalid ? CanonicalNan : {prod_inf ? prod_sign : c_sign, SaturateMag};

  assign a_sig   = {a1_q[IoMag-1:IoManBits] != '0, a1_q[IoManBits-1:0]};
  assign b_sig   = {b1_q[KbMag-1:KbManBits] != '0, b1_q[KbManBits-1:0]};
  assign c_sig   = {c1_q[KbMag-1:KbManBits] != '0, c1_q[KbManBits-1:0]};
  // Exponent field 0 counts as 1 (an OR, not a select: no branch when verilated).
  assign a_exp   = a1_q[IoMag-1:IoManBits] | IoExpBits'(a1_q[IoMag-1:IoManBits] == '0);
  assign b_exp   = b1_q[KbMag-1:KbManBits] | KbExpBits'(b1_q[KbMag-1:KbManBits] == '0);
  assign c_exp   = c1_q[KbMag-1:KbManBits] | KbExpBits'(c1_q[KbMag-1:KbManBits] == '0);
  assign product = ProdWidth'(a_sig) * ProdWidth'(b_sig);

  // Anchors: the io-format biased exponent a number with its leading one at
  // field bit 62 would have. c's hidden bit (weight 2^(ec-KbBias)) sits there,
  // so c's anchor is ec + IoBias - KbBias; the product's top bit (weight
  // 2^(ea-IoBias+eb-KbBias+1)) sits there, so its anchor is ea + eb + 1 -
  // KbBias (fp32: ec and ea + eb - 126), which can be below 1 (a tiny product).
  logic signed [AnchorWidth-1:0] c_anchor_d, prod_anchor_d;

  assign c_anchor_d    = $signed(AnchorWidth'(c_exp)) + AnchorWidth'(IoBias - KbBias);
  assign prod_anchor_d = $signed(AnchorWidth'(a_exp)) + $signed(AnchorWidth'(b_exp)) +
                         AnchorWidth'(1 - KbBias);

  // Cut (ExtraStages >= 2): the product and the anchors; the alignment below
  // starts from these.
  localparam int MulCutWidth = 4 + IoWidth + KbSig + ProdWidth + 2 * AnchorWidth;
  logic [MulCutWidth-1:0]        mul_cut_d, mul_cut_q;
  logic                          special_m, prod_sign_m, c_sign_m, prod_zero_m;
  logic [IoWidth-1:0]            special_y_m;
  logic [KbSig-1:0]              c_sig_m;
  logic [ProdWidth-1:0]          product_m;
  logic signed [AnchorWidth-1:0] c_anchor, prod_anchor;

  assign mul_cut_d = {special_d, special_y_d, prod_sign, c_sign, prod_zero, c_sig, product,
                      c_anchor_d, prod_anchor_d};
  if (ExtraStages >= 2) begin : g_cut_mul
    always_ff @(posedge clk_i) begin
      if (advance) begin
        mul_cut_q <= mul_cut_d;
      end
    end
  end else begin : g_no_cut_mul
    assign mul_cut_q = mul_cut_d;
  end
  assign {special_m, special_y_m, prod_sign_m, c_sign_m, prod_zero_m, c_sig_m, product_m,
          c_anchor, prod_anchor} = mul_cut_q;

  logic signed [AnchorWidth-1:0] anchor_diff;   // c's anchor minus the product's
  logic                          c_stays;       // c keeps its place, the product shifts
  logic        [AnchorWidth-1:0] align_shift;   // |anchor_diff|
  logic                          align_far;     // the shifted operand is all sticky
  logic        [63:0]            c_field, prod_field, stay_mask;
  logic        [63:0]            stay_field, shift_field, shifted_field, shifted_kept;
  logic                          shifted_sticky;

  assign anchor_diff = c_anchor - prod_anchor;
  // A zero product shifts away entirely and leaves c exact.
  assign c_stays     = prod_zero_m || !anchor_diff[AnchorWidth-1];

  // Selects below are written as masks, XORs and shifts: a verilated model
  // then runs them without data-dependent branches (which mispredict on
  // random operands).
  assign c_field     = {1'b0, c_sig_m, {(63 - KbSig) {1'b0}}};
  assign prod_field  = {1'b0, product_m, {(63 - ProdWidth) {1'b0}}};
  assign stay_mask   = {64{c_stays}};
  assign stay_field  = (c_field & stay_mask) | (prod_field & ~stay_mask);
  assign shift_field = c_field ^ prod_field ^ stay_field;
  // Negation as invert-and-add-one when the product stays (anchor_diff < 0).
  assign align_shift = (anchor_diff ^ {AnchorWidth{!c_stays}}) + AnchorWidth'(!c_stays);
  assign align_far   = (align_shift >= AnchorWidth'(MaxAlignShift));
  // Bit 0 stays free for the sticky bit: a real bit landing there is lost too.
  // Shifting the kept bits back shows whether any bit fell off.
  assign shifted_kept   = (shift_field >> align_shift[5:0]) & {{63{!align_far}}, 1'b0};
  assign shifted_sticky = ((shifted_kept << align_shift[5:0]) != shift_field);
  assign shifted_field  = {shifted_kept[63:1], shifted_sticky};

  logic                   special2_q;
  logic [IoWidth-1:0]     special_y2_q;
  logic                   eff_sub2_q, stay_sign2_q, zero_sign2_q;
  logic [63:0]            stay_field2_q, shifted_field2_q;
  logic [AnchorWidth-1:0] anchor2_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      special2_q       <= special_m;
      special_y2_q     <= special_y_m;
      eff_sub2_q       <= prod_sign_m ^ c_sign_m;
      stay_sign2_q     <= prod_sign_m ^ (c_stays && (prod_sign_m ^ c_sign_m));
      // Exact zero: the common sign when a*b and c agree, else +0.
      zero_sign2_q     <= prod_sign_m & c_sign_m;
      stay_field2_q    <= stay_field;
      shifted_field2_q <= shifted_field;
      anchor2_q        <= (c_anchor & stay_mask[AnchorWidth-1:0]) |
                          (prod_anchor & ~stay_mask[AnchorWidth-1:0]);
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 3: add or subtract magnitudes, count leading zeros.
  // ---------------------------------------------------------------------------
  // Both fields are below 2^63: the sum fits, and bit 63 of the difference is
  // its sign. Subtraction adds the two's complement; a negative difference
  // is negated the same way (masks, not selects, see stage 2).
  logic [63:0] sub_mask, total_d, total, negate_mask, sum;
  logic        sum_negative;
  logic [6:0]  sum_lz;

  assign sub_mask = {64{eff_sub2_q}};
  assign total_d  = stay_field2_q + (shifted_field2_q ^ sub_mask) + {63'd0, eff_sub2_q};

  // Cut (ExtraStages >= 1): the sum before its negation and leading-zero count.
  localparam int AddCutWidth = 4 + IoWidth + 64 + AnchorWidth;
  logic [AddCutWidth-1:0] add_cut_d, add_cut_q;
  logic                   special_s, eff_sub_s, stay_sign_s, zero_sign_s;
  logic [IoWidth-1:0]     special_y_s;
  logic [AnchorWidth-1:0] anchor_s;

  assign add_cut_d = {special2_q, eff_sub2_q, stay_sign2_q, zero_sign2_q, special_y2_q, total_d,
                      anchor2_q};
  if (ExtraStages >= 1) begin : g_cut_add
    always_ff @(posedge clk_i) begin
      if (advance) begin
        add_cut_q <= add_cut_d;
      end
    end
  end else begin : g_no_cut_add
    assign add_cut_q = add_cut_d;
  end
  assign {special_s, eff_sub_s, stay_sign_s, zero_sign_s, special_y_s, total, anchor_s} =
      add_cut_q;

  assign sum_negative = eff_sub_s && total[63];
  assign negate_mask  = {64{sum_negative}};
  assign sum          = (total ^ negate_mask) + {63'd0, sum_negative};

  lzc #(
    .Width(64),
    .CntWidth(7)
  ) u_sum_lzc (
    .in_i (sum),
    .cnt_o(sum_lz)
  );

  logic                   special3_q;
  logic [IoWidth-1:0]     special_y3_q;
  logic                   zero_sign3_q, sum_sign3_q;
  logic [63:0]            sum3_q;
  logic [6:0]             sum_lz3_q;
  logic [AnchorWidth-1:0] anchor3_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      special3_q   <= special_s;
      special_y3_q <= special_y_s;
      zero_sign3_q <= zero_sign_s;
      sum_sign3_q  <= stay_sign_s ^ sum_negative;
      sum3_q       <= sum;
      sum_lz3_q    <= sum_lz;
      anchor3_q    <= anchor_s;
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 4: normalize, round, pack.
  // ---------------------------------------------------------------------------
  // After a left shift by s, field bit 63 has biased exponent anchor + 1 - s;
  // the shift stops at anchor (biased exponent 1), leaving a subnormal. A
  // negative anchor (NeedRight only) shifts right by -anchor instead, the bits
  // shifted out collapsing into the sticky bit 0.
  logic [5:0]             lz_excess;      // lz - anchor (mod 64)
  logic                   capped;
  logic [5:0]             norm_shift;
  logic [63:0]            sum_left, sum_norm;
  logic                   round_up;
  logic [AnchorWidth-1:0] exp_res_m1;     // result biased exponent minus one
  logic [AnchorWidth+IoManBits:0] packed_mag;
  logic [IoWidth-1:0]     y_d;

  // A zero sum (lz = 64) takes the zero path below; otherwise the shift is
  // below 64 and fits six bits. Capped: anchor < lz, so the excess is 1..63
  // (or the anchor is negative and the left shift is 0).
  assign lz_excess  = sum_lz3_q[5:0] - anchor3_q[5:0];
  assign capped     = ($signed(AnchorWidth'(sum_lz3_q)) > $signed(anchor3_q));

  if (NeedRight) begin : g_denorm
    logic                   anchor_neg;
    logic [AnchorWidth-1:0] right_amount;  // -anchor
    logic                   right_far;     // everything goes to the sticky bit
    logic [63:0]            sum_right;
    logic                   right_sticky;

    assign anchor_neg   = anchor3_q[AnchorWidth-1];
    assign norm_shift   = (sum_lz3_q[5:0] - (lz_excess & {6{capped}})) & {6{!anchor_neg}};
    assign sum_left     = sum3_q << norm_shift;
    assign right_amount = (-anchor3_q) & {AnchorWidth{anchor_neg}};
    assign right_far    = (right_amount >= AnchorWidth'(64));
    assign sum_right    = (sum_left >> right_amount[5:0]) & {64{!right_far}};
    assign right_sticky = ((sum_right << right_amount[5:0]) != sum_left);
    assign sum_norm     = {sum_right[63:1], sum_right[0] | right_sticky};
    assign exp_res_m1   = (anchor3_q - AnchorWidth'(norm_shift)) & {AnchorWidth{!anchor_neg}};
  end else begin : g_no_denorm
    assign norm_shift = sum_lz3_q[5:0] - (lz_excess & {6{capped}});
    assign sum_left   = sum3_q << norm_shift;
    assign sum_norm   = sum_left;
    assign exp_res_m1 = anchor3_q - AnchorWidth'(norm_shift);
  end

  // Cut (ExtraStages >= 3): the normalized sum before rounding.
  localparam int NormCutWidth = 4 + IoWidth + 64 + AnchorWidth;
  logic [NormCutWidth-1:0] norm_cut_d, norm_cut_q;
  logic                    special_n, sum_zero_n, zero_sign_n, sum_sign_n;
  logic [IoWidth-1:0]      special_y_n;
  logic [63:0]             sum_norm_n;
  logic [AnchorWidth-1:0]  exp_res_m1_n;

  assign norm_cut_d = {special3_q, sum3_q == '0, zero_sign3_q, sum_sign3_q, special_y3_q, sum_norm,
                       exp_res_m1};
  if (ExtraStages >= 3) begin : g_cut_norm
    always_ff @(posedge clk_i) begin
      if (advance) begin
        norm_cut_q <= norm_cut_d;
      end
    end
  end else begin : g_no_cut_norm
    assign norm_cut_q = norm_cut_d;
  end
  assign {special_n, sum_zero_n, zero_sign_n, sum_sign_n, special_y_n, sum_norm_n,
          exp_res_m1_n} = norm_cut_q;

  assign round_up   = sum_norm_n[RoundBit] &&
                      ((sum_norm_n[RoundBit-1:0] != '0) || sum_norm_n[RoundBit+1]);
  // Exponent field plus significand with its hidden bit: a rounding carry or a
  // subnormal reaching the smallest normal moves into the exponent by itself.
  assign packed_mag = {1'b0, exp_res_m1_n, {IoManBits{1'b0}}} +
                      (AnchorWidth + IoManBits + 1)'(sum_norm_n[63:RoundBit+1]) +
                      (AnchorWidth + IoManBits + 1)'(round_up);

  always_comb begin
    if (special_n) begin
      y_d = special_y_n;
    end else if (sum_zero_n) begin
      y_d = {zero_sign_n, {IoMag{1'b0}}};
    end else if (packed_mag >= (AnchorWidth + IoManBits + 1)'(OverflowMag)) begin
      y_d = {sum_sign_n, SaturateMag};
    end else begin
      y_d = {sum_sign_n, packed_mag[IoMag-1:0]};
    end
  end

  logic [IoWidth-1:0] y4_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      y4_q <= y_d;
    end
  end

  assign out_valid_o = valid_q[Latency-1];
  assign y_o         = y4_q;

endmodule
