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
//   stage 1: unpack, classify, normalize subnormal a and b, exponent arithmetic
//   stage 2: 24x24 multiply, align c
//   stage 3: add or subtract, leading-zero count
//   stage 4: normalize, round, pack
//
// Datapath (76 bits, "field"): the exact product sits at [48:1], bits [50:49]
// are a gap, c starts at [74:51] and is shifted right by the exponent
// difference; c bits that fall below position 1 collapse into the sticky bit 0.
// When c is larger still, it stays at [74:51] and the product (below the gap)
// only decides rounding, as it would at its true position. Subnormal a and b
// are normalized first, so a nonzero product is at least 2^46 and dominates
// whenever c reaches the sticky bit: the sticky bit then lies below the round
// bit and the subtraction rounds exactly.
module fp32_fma #(
  // Cycles from the input handshake to out_valid_o (without stalls). A
  // localparam in the header: readable by users, not overridable.
  localparam int Latency /* verilator public */ = 4
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

  localparam logic [31:0] CanonicalNan = 32'h7FC0_0000;
  localparam int FieldWidth = 76;
  localparam int MaxAlignShift = 76;  // c entirely in the sticky bit from 75 on

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
  // Stage 1: unpack, classify, normalize a and b, exponent arithmetic.
  // ---------------------------------------------------------------------------
  logic        a_nan, b_nan, c_nan, a_inf, b_inf, c_inf, a_zero, b_zero;
  logic        prod_sign, prod_inf;
  logic        special_d;
  logic [31:0] special_y_d;
  logic [23:0] a_sig, b_sig, a_sig_norm, b_sig_norm;
  logic [4:0]  a_lz, b_lz;
  logic [7:0]  c_exp;                      // effective biased exponent (>= 1)
  // Signed exponent arithmetic, wide enough for every combination.
  logic signed [11:0] a_exp_norm, b_exp_norm, align_raw;
  logic [6:0]  align_shift_d;
  logic [9:0]  cap_d;                      // most normalization shift; see stage 4

  assign a_nan  = (a_i[30:23] == 8'hFF) && (a_i[22:0] != 23'd0);
  assign b_nan  = (b_i[30:23] == 8'hFF) && (b_i[22:0] != 23'd0);
  assign c_nan  = (c_i[30:23] == 8'hFF) && (c_i[22:0] != 23'd0);
  assign a_inf  = (a_i[30:0] == 31'h7F80_0000);
  assign b_inf  = (b_i[30:0] == 31'h7F80_0000);
  assign c_inf  = (c_i[30:0] == 31'h7F80_0000);
  assign a_zero = (a_i[30:0] == 31'd0);
  assign b_zero = (b_i[30:0] == 31'd0);

  assign prod_sign = a_i[31] ^ b_i[31];
  assign prod_inf  = a_inf || b_inf;

  always_comb begin
    special_d   = 1'b1;
    special_y_d = CanonicalNan;
    if (a_nan || b_nan || c_nan || (a_inf && b_zero) || (b_inf && a_zero) ||
        (prod_inf && c_inf && (prod_sign != c_i[31]))) begin
      special_y_d = CanonicalNan;
    end else if (prod_inf) begin
      special_y_d = {prod_sign, 31'h7F80_0000};
    end else if (c_inf) begin
      special_y_d = c_i;
    end else begin
      special_d = 1'b0;
    end
  end

  assign a_sig = {a_i[30:23] != 8'd0, a_i[22:0]};
  assign b_sig = {b_i[30:23] != 8'd0, b_i[22:0]};

  fp32_lzc #(
    .Width(24),
    .CntWidth(5)
  ) u_a_lzc (
    .in_i (a_sig),
    .cnt_o(a_lz)
  );

  fp32_lzc #(
    .Width(24),
    .CntWidth(5)
  ) u_b_lzc (
    .in_i (b_sig),
    .cnt_o(b_lz)
  );

  // A zero operand shifts by 24 to a zero significand: the product is zero.
  assign a_sig_norm = a_sig << a_lz;
  assign b_sig_norm = b_sig << b_lz;
  assign a_exp_norm = $signed({4'd0, (a_i[30:23] == 8'd0) ? 8'd1 : a_i[30:23]}) -
                      $signed({7'd0, a_lz});
  assign b_exp_norm = $signed({4'd0, (b_i[30:23] == 8'd0) ? 8'd1 : b_i[30:23]}) -
                      $signed({7'd0, b_lz});
  assign c_exp      = (c_i[30:23] == 8'd0) ? 8'd1 : c_i[30:23];

  // Right shift of c so that its LSB lands at the product's weight:
  // product LSB weight 2^(ea + eb - 300) sits at field bit 1, c's LSB weight
  // 2^(ec - 150) at bit 51 - shift.
  assign align_raw = a_exp_norm + b_exp_norm - $signed({4'd0, c_exp}) - 12'sd100;

  // The field's bit 0 has weight 2^(e0); the normalization shift may not make
  // the biased exponent drop below 1, i.e. at most cap = 201 + e0 (>= 1).
  // (Continuous assignments: Icarus Verilog 11 loops forever on this logic as
  // an always_comb block.)
  logic c_on_top;                          // product zero or below c's layout
  assign c_on_top      = a_zero || b_zero || align_raw[11];
  assign align_shift_d = c_on_top ? 7'd0 :
                         (align_raw > 12'sd76) ? 7'(MaxAlignShift) : align_raw[6:0];
  assign cap_d         = c_on_top ? {2'd0, c_exp} : align_raw[9:0] + {2'd0, c_exp};

  logic        special1_q;
  logic [31:0] special_y1_q;
  logic        prod_sign1_q, c_sign1_q;
  logic [23:0] a_sig1_q, b_sig1_q, c_sig1_q;
  logic [6:0]  align_shift1_q;
  logic [9:0]  cap1_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      special1_q     <= special_d;
      special_y1_q   <= special_y_d;
      prod_sign1_q   <= prod_sign;
      c_sign1_q      <= c_i[31];
      a_sig1_q       <= a_sig_norm;
      b_sig1_q       <= b_sig_norm;
      c_sig1_q       <= {c_i[30:23] != 8'd0, c_i[22:0]};
      align_shift1_q <= align_shift_d;
      cap1_q         <= cap_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 2: multiply, align c.
  // ---------------------------------------------------------------------------
  logic [47:0]   product;
  logic [74:0]   c_high;                  // c at field positions 75..1
  logic [6:0]    lost_bits;               // c bits that fall below position 1
  logic [23:0]   lost_mask;
  logic          c_sticky;

  assign product   = {24'd0, a_sig1_q} * {24'd0, b_sig1_q};
  // c starts at positions 74..51 (vector index = position - 1).
  assign c_high    = {1'b0, c_sig1_q, 50'd0} >> align_shift1_q;
  assign lost_bits = (align_shift1_q > 7'd50) ? (align_shift1_q - 7'd50) : 7'd0;
  assign lost_mask = (lost_bits >= 7'd24) ? '1 : ~(24'hFF_FFFF << lost_bits);
  assign c_sticky  = |(c_sig1_q & lost_mask);

  logic                  special2_q;
  logic [31:0]           special_y2_q;
  logic                  prod_sign2_q, c_sign2_q;
  logic [FieldWidth-1:0] prod_field2_q, c_field2_q;
  logic [9:0]            cap2_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      special2_q    <= special1_q;
      special_y2_q  <= special_y1_q;
      prod_sign2_q  <= prod_sign1_q;
      c_sign2_q     <= c_sign1_q;
      prod_field2_q <= {27'd0, product, 1'b0};
      c_field2_q    <= {c_high, c_sticky};
      cap2_q        <= cap1_q;
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 3: add or subtract magnitudes, count leading zeros.
  // ---------------------------------------------------------------------------
  logic                  eff_sub;
  logic [FieldWidth:0]   c_minus_prod;
  logic [FieldWidth-1:0] sum;
  logic                  sum_sign;
  logic [6:0]            sum_lz;

  assign eff_sub      = prod_sign2_q ^ c_sign2_q;
  assign c_minus_prod = {1'b0, c_field2_q} - {1'b0, prod_field2_q};

  always_comb begin
    if (!eff_sub) begin
      // Both below 2^75 and 2^49: the sum fits the field.
      sum      = c_field2_q + prod_field2_q;
      sum_sign = c_sign2_q;
    end else if (c_minus_prod[FieldWidth]) begin
      sum      = prod_field2_q - c_field2_q;
      sum_sign = prod_sign2_q;
    end else begin
      sum      = c_minus_prod[FieldWidth-1:0];
      sum_sign = c_sign2_q;
    end
  end

  fp32_lzc #(
    .Width(FieldWidth),
    .CntWidth(7)
  ) u_sum_lzc (
    .in_i (sum),
    .cnt_o(sum_lz)
  );

  logic                  special3_q;
  logic [31:0]           special_y3_q;
  logic                  zero_sign3_q, sum_sign3_q;
  logic [FieldWidth-1:0] sum3_q;
  logic [6:0]            sum_lz3_q;
  logic [9:0]            cap3_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      special3_q   <= special2_q;
      special_y3_q <= special_y2_q;
      // Exact zero: the common sign when a*b and c agree, else +0.
      zero_sign3_q <= prod_sign2_q & c_sign2_q;
      sum_sign3_q  <= sum_sign;
      sum3_q       <= sum;
      sum_lz3_q    <= sum_lz;
      cap3_q       <= cap2_q;
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 4: normalize, round, pack.
  // ---------------------------------------------------------------------------
  // After a left shift by s, field bit 75 has biased exponent cap + 1 - s; the
  // shift stops at cap (biased exponent 1), leaving a subnormal.
  logic [9:0]            norm_shift;
  logic [FieldWidth-1:0] sum_norm;
  logic                  round_up;
  logic [9:0]            exp_res_m1;      // result biased exponent minus one
  logic [33:0]           packed_mag;
  logic [31:0]           y_d;

  assign norm_shift = ({3'd0, sum_lz3_q} > cap3_q) ? cap3_q : {3'd0, sum_lz3_q};
  assign sum_norm   = sum3_q << norm_shift;
  assign round_up   = sum_norm[51] && ((|sum_norm[50:0]) || sum_norm[52]);
  assign exp_res_m1 = cap3_q - norm_shift;
  // Exponent field plus significand with its hidden bit: a rounding carry or a
  // subnormal reaching 2^-126 moves into the exponent by itself.
  assign packed_mag = {1'b0, exp_res_m1, 23'd0} + {10'd0, sum_norm[75:52]} +
                      {33'd0, round_up};

  always_comb begin
    if (special3_q) begin
      y_d = special_y3_q;
    end else if (sum3_q == '0) begin
      y_d = {zero_sign3_q, 31'd0};
    end else if (packed_mag >= 34'h0_7F80_0000) begin
      y_d = {sum_sign3_q, 31'h7F80_0000};
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
