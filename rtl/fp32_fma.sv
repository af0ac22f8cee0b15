`include "interpsim_pkg.svh"

// IEEE-754 binary32 fused multiply-add, y = a*b + c with a single rounding,
// round to nearest even.
//
// Subnormal inputs and outputs are supported (no flush to zero); any NaN result
// is the canonical quiet NaN 0x7FC00000; 0*inf and inf - inf are NaN. An exact
// zero result is -0 only when a*b and c are both zero-or-negative with the same
// sign (IEEE 754 round-to-nearest rule); a nonzero result that rounds to zero
// keeps its sign.
//
// Pipeline: stall-all valid/ready with II = 1 (see fp32_add). A result appears
// Latency cycles after its input handshake when the output is not stalled.
//
//   stage 1: input registers
//   stage 2: unpack, classify, 24x24 multiply, exponent difference, align the
//            operand with the smaller anchor
//   stage 3: add or subtract, leading-zero count
//   stage 4: normalize, round, pack
//
// Datapath (64 bits, "field"): like an adder of two operands with 48-bit
// significands. The exact product (24x24 bits, not normalized) sits at
// [62:15], c at [62:39]; the one whose anchor (exponent of field bit 62) is
// larger, c on a tie or when the product is zero, stays, the other shifts
// right by the anchor difference and bits below position 1 collapse into the
// sticky bit 0, which never holds a real bit. Whenever the sticky bit is set
// the result keeps its leading one at bit 37 or above, or is a subnormal with
// its last bit at 39, so the sticky bit lies below the round bit and the sum
// rounds exactly. A negative difference is negated. Every signal fits in 64
// bits, so a verilated model works on native integers.
module fp32_fma #(
  // Cycles from the input handshake to out_valid_o (without stalls). A
  // localparam in the header: readable by users, not overridable.
  localparam int Latency /* verilator public */ = interpsim_pkg::Fp32FmaLatency
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        in_valid_i,
  output logic        in_ready_o,
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  input  logic [31:0] c_i,
  output logic        out_valid_o,
  input  logic        out_ready_i,
  output logic [31:0] y_o
);

  localparam int MaxAlignShift = 64;  // the shifted operand is all sticky from here on

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
  logic [31:0] a1_q, b1_q, c1_q;

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
  logic        a_nan, b_nan, c_nan, a_inf, b_inf, c_inf, a_zero, b_zero;
  logic        prod_sign, prod_inf, prod_zero;
  logic        invalid, special_d;
  logic [31:0] special_y_d;
  logic [23:0] a_sig, b_sig, c_sig;        // with hidden bit
  logic [7:0]  a_exp, b_exp, c_exp;        // effective biased exponents (>= 1)
  logic [47:0] product;

  // Magnitude bits above those of infinity are a NaN: one compare each.
  assign a_nan  = interpsim_pkg::fp32_is_nan(a1_q);
  assign b_nan  = interpsim_pkg::fp32_is_nan(b1_q);
  assign c_nan  = interpsim_pkg::fp32_is_nan(c1_q);
  assign a_inf  = (a1_q[30:0] == interpsim_pkg::Fp32InfMagnitude);
  assign b_inf  = (b1_q[30:0] == interpsim_pkg::Fp32InfMagnitude);
  assign c_inf  = (c1_q[30:0] == interpsim_pkg::Fp32InfMagnitude);
  assign a_zero = (a1_q[30:0] == 31'd0);
  assign b_zero = (b1_q[30:0] == 31'd0);

  assign prod_sign = a1_q[31] ^ b1_q[31];
  assign prod_inf  = a_inf || b_inf;
  assign prod_zero = a_zero || b_zero;

  // Invalid: a NaN operand, 0 * inf, or inf - inf. Otherwise an infinite
  // product or c decides the result: an infinity with that operand's sign.
  assign invalid     = a_nan || b_nan || c_nan || (a_inf && b_zero) || (b_inf && a_zero) ||
                       (prod_inf && c_inf && (prod_sign != c1_q[31]));
  assign special_d   = invalid || prod_inf || c_inf;
  assign special_y_d = invalid ? interpsim_pkg::Fp32CanonicalNan :
                       {prod_inf ? prod_sign : c1_q[31], interpsim_pkg::Fp32InfMagnitude};

  assign a_sig   = {a1_q[30:23] != 8'd0, a1_q[22:0]};
  assign b_sig   = {b1_q[30:23] != 8'd0, b1_q[22:0]};
  assign c_sig   = {c1_q[30:23] != 8'd0, c1_q[22:0]};
  // Exponent field 0 counts as 1 (an OR, not a select: no branch when verilated).
  assign a_exp   = a1_q[30:23] | {7'd0, a1_q[30:23] == 8'd0};
  assign b_exp   = b1_q[30:23] | {7'd0, b1_q[30:23] == 8'd0};
  assign c_exp   = c1_q[30:23] | {7'd0, c1_q[30:23] == 8'd0};
  assign product = {24'd0, a_sig} * {24'd0, b_sig};

  // Anchors: the biased exponent a number with its leading one at field bit
  // 62 would have. c's hidden bit (weight 2^(ec-127)) sits there, so c's
  // anchor is ec; the product's bit 47 (weight 2^(ea+eb-253)) sits there, so
  // its anchor is ea + eb - 126, which can be below 1 (a tiny product).
  logic        [9:0]  prod_anchor;       // ea + eb - 126 modulo 2^10 (see c_stays)
  logic signed [10:0] anchor_diff;       // c's anchor minus the product's
  logic               c_stays;           // c keeps its place, the product shifts
  logic        [10:0] align_shift;       // |anchor_diff|
  logic               align_far;         // the shifted operand is all sticky
  logic        [63:0] c_field, prod_field, stay_mask;
  logic        [63:0] stay_field, shift_field, shifted_field, shifted_kept;
  logic               shifted_sticky;

  assign prod_anchor = {2'd0, a_exp} + {2'd0, b_exp} - 10'd126;
  assign anchor_diff = $signed({3'd0, c_exp}) - $signed({3'd0, a_exp}) -
                       $signed({3'd0, b_exp}) + 11'sd126;
  // A zero product shifts away entirely and leaves c exact. When the product
  // stays its anchor is above c's (>= 2), so prod_anchor is exact there.
  assign c_stays     = prod_zero || !anchor_diff[10];

  // Selects below are written as masks, XORs and shifts: a verilated model
  // then runs them without data-dependent branches (which mispredict on
  // random operands).
  assign c_field     = {1'b0, c_sig, 39'd0};
  assign prod_field  = {1'b0, product, 15'd0};
  assign stay_mask   = {64{c_stays}};
  assign stay_field  = (c_field & stay_mask) | (prod_field & ~stay_mask);
  assign shift_field = c_field ^ prod_field ^ stay_field;
  // Negation as invert-and-add-one when the product stays (anchor_diff < 0).
  assign align_shift = (anchor_diff ^ {11{!c_stays}}) + {10'd0, !c_stays};
  assign align_far   = (align_shift >= 11'(MaxAlignShift));
  // Bit 0 stays free for the sticky bit: a real bit landing there is lost too.
  // Shifting the kept bits back shows whether any bit fell off.
  assign shifted_kept   = (shift_field >> align_shift[5:0]) & {{63{!align_far}}, 1'b0};
  assign shifted_sticky = ((shifted_kept << align_shift[5:0]) != shift_field);
  assign shifted_field  = {shifted_kept[63:1], shifted_sticky};

  logic        special2_q;
  logic [31:0] special_y2_q;
  logic        eff_sub2_q, stay_sign2_q, zero_sign2_q;
  logic [63:0] stay_field2_q, shifted_field2_q;
  logic [9:0]  anchor2_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      special2_q       <= special_d;
      special_y2_q     <= special_y_d;
      eff_sub2_q       <= prod_sign ^ c1_q[31];
      stay_sign2_q     <= prod_sign ^ (c_stays && (prod_sign ^ c1_q[31]));
      // Exact zero: the common sign when a*b and c agree, else +0.
      zero_sign2_q     <= prod_sign & c1_q[31];
      stay_field2_q    <= stay_field;
      shifted_field2_q <= shifted_field;
      anchor2_q        <= ({2'd0, c_exp} & stay_mask[9:0]) | (prod_anchor & ~stay_mask[9:0]);
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 3: add or subtract magnitudes, count leading zeros.
  // ---------------------------------------------------------------------------
  // Both fields are below 2^63: the sum fits, and bit 63 of the difference is
  // its sign. Subtraction adds the two's complement; a negative difference
  // is negated the same way (masks, not selects, see stage 2).
  logic [63:0] sub_mask, total, negate_mask, sum;
  logic        sum_negative;
  logic [6:0]  sum_lz;

  assign sub_mask     = {64{eff_sub2_q}};
  assign total        = stay_field2_q + (shifted_field2_q ^ sub_mask) + {63'd0, eff_sub2_q};
  assign sum_negative = eff_sub2_q && total[63];
  assign negate_mask  = {64{sum_negative}};
  assign sum          = (total ^ negate_mask) + {63'd0, sum_negative};

  fp32_lzc #(
    .Width(64),
    .CntWidth(7)
  ) u_sum_lzc (
    .in_i (sum),
    .cnt_o(sum_lz)
  );

  logic        special3_q;
  logic [31:0] special_y3_q;
  logic        zero_sign3_q, sum_sign3_q;
  logic [63:0] sum3_q;
  logic [6:0]  sum_lz3_q;
  logic [9:0]  anchor3_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      special3_q   <= special2_q;
      special_y3_q <= special_y2_q;
      zero_sign3_q <= zero_sign2_q;
      sum_sign3_q  <= stay_sign2_q ^ sum_negative;
      sum3_q       <= sum;
      sum_lz3_q    <= sum_lz;
      anchor3_q    <= anchor2_q;
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 4: normalize, round, pack.
  // ---------------------------------------------------------------------------
  // After a left shift by s, field bit 63 has biased exponent anchor + 1 - s;
  // the shift stops at anchor (biased exponent 1), leaving a subnormal.
  logic [5:0]  lz_excess;                 // lz - anchor (mod 64)
  logic        capped;
  logic [5:0]  norm_shift;
  logic [63:0] sum_norm;
  logic        round_up;
  logic [9:0]  exp_res_m1;                // result biased exponent minus one
  logic [33:0] packed_mag;
  logic [31:0] y_d;

  // A zero sum (lz = 64) takes the zero path below; otherwise the shift is
  // below 64 and fits six bits. Capped: anchor < lz, so the excess is 1..63.
  assign lz_excess  = sum_lz3_q[5:0] - anchor3_q[5:0];
  assign capped     = ({3'd0, sum_lz3_q} > anchor3_q);
  assign norm_shift = sum_lz3_q[5:0] - (lz_excess & {6{capped}});
  assign sum_norm   = sum3_q << norm_shift;
  assign round_up   = sum_norm[39] && ((sum_norm[38:0] != 39'd0) || sum_norm[40]);
  assign exp_res_m1 = anchor3_q - {4'd0, norm_shift};
  // Exponent field plus significand with its hidden bit: a rounding carry or a
  // subnormal reaching 2^-126 moves into the exponent by itself.
  assign packed_mag = {1'b0, exp_res_m1, 23'd0} + {10'd0, sum_norm[63:40]} +
                      {33'd0, round_up};

  always_comb begin
    if (special3_q) begin
      y_d = special_y3_q;
    end else if (sum3_q == '0) begin
      y_d = {zero_sign3_q, 31'd0};
    end else if (packed_mag >= {3'b000, interpsim_pkg::Fp32InfMagnitude}) begin
      y_d = {sum_sign3_q, interpsim_pkg::Fp32InfMagnitude};
    end else begin
      y_d = {sum_sign3_q, packed_mag[30:0]};
    end
  end

  logic [31:0] y4_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      y4_q <= y_d;
    end
  end

  assign out_valid_o = valid_q[Latency-1];
  assign y_o         = y4_q;

endmodule
