`include "interpsim_pkg.svh"

// IEEE-754 binary32 adder, y = a + b, round to nearest even.
//
// Subnormal inputs and outputs are supported (no flush to zero); any NaN result
// is the canonical quiet NaN 0x7FC00000; inf - inf is NaN; an exact zero sum of
// operands with different signs is +0, (-0) + (-0) is -0.
//
// Pipeline: stall-all valid/ready with II = 1. Every stage register advances
// unless the output holds a valid result the consumer does not take, so a
// stalled output stalls the whole pipe without losing or duplicating elements.
// A result appears Latency cycles after its input handshake (when not stalled).
//
//   stage 1: input registers (no logic on the inputs: a verilated model
//            evaluates input-driven logic on every eval() call, register-driven
//            logic once per clock edge; the interp lane feeds a_i from its own
//            input port)
//   stage 2: unpack, classify, order operands by magnitude, align the smaller,
//            add/subtract, normalize, round, pack
module fp32_add #(
  // Cycles from the input handshake to out_valid_o (without stalls). A
  // localparam in the header: readable by users, not overridable.
  localparam int Latency /* verilator public */ = interpsim_pkg::Fp32AddLatency
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        in_valid_i,
  output logic        in_ready_o,
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  output logic        out_valid_o,
  input  logic        out_ready_i,
  output logic [31:0] y_o
);

  // Datapath layout after alignment (28 bits): bit 27 catches the carry, the
  // larger significand sits at [26:3], bits [2:1] are exact guard bits of the
  // smaller one and bit 0 is a sticky bit (OR of everything shifted further).
  // Keeping bit 0 apart from real bits makes the subtraction's rounding exact.
  localparam int SumWidth = 28;

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
  // Stage 1: input registers.
  // ---------------------------------------------------------------------------
  logic [31:0] a1_q, b1_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      a1_q <= a_i;
      b1_q <= b_i;
    end
  end

  // ---------------------------------------------------------------------------
  // Stage 2: unpack, classify, order by magnitude, align, add or subtract,
  // normalize, round, pack.
  // ---------------------------------------------------------------------------
  logic        a_nan, b_nan, a_inf, b_inf;
  logic        swap;
  logic [31:0] swap_bits, op_big, op_small;
  logic [7:0]  big_exp, small_exp;         // effective biased exponents (>= 1)
  logic [23:0] big_sig, small_sig;         // with hidden bit
  logic [7:0]  exp_diff;
  logic [4:0]  align_shift;                // saturates at 27: nothing left
  logic [SumWidth-1:0] small_wide;
  logic [SumWidth-1:0] small_shifted;
  logic        small_sticky;

  logic        special_d;                  // result decided by the classification
  logic [31:0] special_y_d;

  // Magnitude bits above those of infinity are a NaN: one compare each. (A
  // function call in an always_comb block can hang Icarus Verilog 11.)
  assign a_nan = interpsim_pkg::fp32_is_nan(a1_q);
  assign b_nan = interpsim_pkg::fp32_is_nan(b1_q);

  always_comb begin
    a_inf = (a1_q[30:0] == interpsim_pkg::Fp32InfMagnitude);
    b_inf = (b1_q[30:0] == interpsim_pkg::Fp32InfMagnitude);

    special_d   = 1'b1;
    special_y_d = interpsim_pkg::Fp32CanonicalNan;
    if (a_nan || b_nan || (a_inf && b_inf && (a1_q[31] != b1_q[31]))) begin
      special_y_d = interpsim_pkg::Fp32CanonicalNan;
    end else if (a_inf) begin
      special_y_d = a1_q;
    end else if (b_inf) begin
      special_y_d = b1_q;
    end else begin
      special_d = 1'b0;
    end

    // Magnitude order of finite numbers equals the order of their low 31 bits.
    // The swap, the effective exponents and the add/subtract choice below are
    // masks, XORs and ORs rather than selects: a verilated model then has no
    // data-dependent branches there (they mispredict on random operands).
    swap      = (b1_q[30:0] > a1_q[30:0]);
    swap_bits = (a1_q ^ b1_q) & {32{swap}};
    op_big    = a1_q ^ swap_bits;
    op_small  = b1_q ^ swap_bits;

    // Exponent field 0 (subnormal or zero) counts as 1.
    big_exp   = op_big[30:23] | {7'd0, op_big[30:23] == 8'd0};
    small_exp = op_small[30:23] | {7'd0, op_small[30:23] == 8'd0};
    big_sig   = {op_big[30:23] != 8'd0, op_big[22:0]};
    small_sig = {op_small[30:23] != 8'd0, op_small[22:0]};
    exp_diff  = big_exp - small_exp;

    // Branch-free alignment: shifting back shows whether bits fell off.
    small_wide    = {1'b0, small_sig, 3'b000};
    align_shift   = (exp_diff >= 8'd27) ? 5'd27 : exp_diff[4:0];
    small_shifted = small_wide >> align_shift;
    small_sticky  = ((small_shifted << align_shift) != small_wide) || small_shifted[0];
  end

  logic [SumWidth-1:0] big_wide, small_aligned;
  assign big_wide      = {1'b0, big_sig, 3'b000};
  assign small_aligned = {small_shifted[SumWidth-1:1], small_sticky};

  logic                eff_sub;
  logic [SumWidth-1:0] sum;
  logic [4:0]          lead_zeros;
  logic [4:0]          norm_shift;
  logic [SumWidth-1:0] sum_norm;
  logic                round_bit, sticky_bit, round_up;
  logic [8:0]          exp_res_m1;          // result biased exponent minus one
  logic [32:0]         packed_mag;
  logic [31:0]         y_d;

  fp32_lzc #(
    .Width(SumWidth),
    .CntWidth(5)
  ) u_sum_lzc (
    .in_i (sum),
    .cnt_o(lead_zeros)
  );

  // |op_big| >= |op_small| so the difference never goes negative. Subtraction
  // adds the two's complement.
  assign eff_sub = op_big[31] ^ op_small[31];
  assign sum     = big_wide + (small_aligned ^ {SumWidth{eff_sub}}) + {{(SumWidth - 1) {1'b0}}, eff_sub};

  always_comb begin

    // Bit 27 after the shift carries weight 2^(big_exp + 1 - shift - 127); the
    // shift stops where the biased exponent reaches 1, leaving a subnormal.
    // lead_zeros <= 28, so when it exceeds big_exp the excess fits 5 bits.
    norm_shift = lead_zeros - ((lead_zeros - big_exp[4:0]) & {5{{3'b000, lead_zeros} > big_exp}});
    sum_norm   = sum << norm_shift;
    exp_res_m1 = {1'b0, big_exp} - {4'd0, norm_shift};

    round_bit  = sum_norm[3];
    sticky_bit = |sum_norm[2:0];
    round_up   = round_bit && (sticky_bit || sum_norm[4]);

    // The exponent field and the significand (with its hidden bit) add up, so a
    // rounding carry or a subnormal reaching 2^-126 lands in the exponent.
    packed_mag = ({exp_res_m1, 24'd0} >> 1) + {9'd0, sum_norm[27:4]} + {32'd0, round_up};

    if (special_d) begin
      y_d = special_y_d;
    end else if (sum == '0) begin
      // Exact zero: -0 only when both operands are -0 (round to nearest even).
      y_d = {op_big[31] & op_small[31], 31'd0};
    end else if (packed_mag >= {2'b00, interpsim_pkg::Fp32InfMagnitude}) begin
      y_d = {op_big[31], interpsim_pkg::Fp32InfMagnitude};
    end else begin
      y_d = {op_big[31], packed_mag[30:0]};
    end
  end

  logic [31:0] y2_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      y2_q <= y_d;
    end
  end

  assign out_valid_o = valid_q[Latency-1];
  assign y_o         = y2_q;

endmodule
