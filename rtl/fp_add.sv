`include "interpsim_pkg.svh"

// Binary floating-point adder, y = a + b, round to nearest even, generic over
// the format: ExpBits exponent bits, ManBits fraction bits (docs/design.md
// section 12). FiniteOnly = 1 selects the OCP E4M3 rules: no infinities, only
// S.1..1.1..1 is NaN (exponent field all ones with other fractions is a
// normal binade), and an overflowing result saturates to the largest finite
// magnitude. fp32_add is this unit with ExpBits = 8, ManBits = 23.
//
// Subnormal inputs and outputs are supported (no flush to zero); any NaN result
// is the canonical NaN of the format (fp32 0x7FC00000, fp16 0x7E00, bf16
// 0x7FC0, fp8e5m2 0x7E, fp8e4m3 0x7F);
// inf - inf is NaN; an exact zero sum of operands with different signs is +0,
// (-0) + (-0) is -0.
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
//
// ExtraStages (0 .. 2, default 0) cuts stage 2 with registers of its own for
// timing (docs/design.md section 5, "Pipelining for timing"), each one cycle
// more latency, II still 1, results bit for bit the same:
//   >= 1: after the alignment (before the add)
//   >= 2: after the add and leading-zero count (before normalization)
// Cut registers are written only when ExtraStages asks for them; otherwise
// the same names are wires, so ExtraStages = 0 is the unit as before.
module fp_add #(
  parameter int ExpBits    = 8,
  parameter int ManBits    = 23,
  parameter int FiniteOnly = 0,
  // Register stages added to cut the long stage (0 .. AddMaxExtraStages).
  parameter int ExtraStages = 0,
  // Cycles from the input handshake to out_valid_o (without stalls). A
  // localparam in the header: readable by users, not overridable.
  localparam int Latency /* verilator public */ = interpsim_pkg::FpAddLatency + ExtraStages,
  localparam int Width = 1 + ExpBits + ManBits
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] a_i,
  input  logic [Width-1:0] b_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] y_o
);

  // Flattened into its parent when verilated (fp32_add and fp32_fma are thin
  // wrappers): as a module of its own the FMA cost one more branch miss per
  // clock (callgrind, fp_units_callgrind.sh).
  /* verilator inline_module */

`ifndef __ICARUS__  // Icarus Verilog 11 cannot parse elaboration tasks
  if (ExtraStages < 0 || ExtraStages > interpsim_pkg::AddMaxExtraStages) begin : g_bad_extra
    $error("fp_add: ExtraStages must be 0 .. %0d", interpsim_pkg::AddMaxExtraStages);
  end
`endif

  localparam int MagWidth = Width - 1;
  localparam int SigWidth = ManBits + 1;
  // Datapath layout after alignment: the top bit catches the carry, the
  // larger significand sits below it, then two exact guard bits of the
  // smaller one and a sticky bit 0 (OR of everything shifted further).
  // Keeping bit 0 apart from real bits makes the subtraction's rounding exact.
  localparam int SumWidth   = SigWidth + 4;
  localparam int ShiftWidth = $clog2(SumWidth);
  localparam int CntWidth   = $clog2(SumWidth + 1);
  localparam int CmpWidth   = (CntWidth > ExpBits) ? CntWidth : ExpBits;

  // Magnitudes: infinity (IEEE formats), the smallest NaN-or-overflow
  // magnitude and what an overflow becomes.
  localparam logic [MagWidth-1:0] InfMag = {{ExpBits{1'b1}}, {ManBits{1'b0}}};
  localparam logic [MagWidth-1:0] OverflowMag = (FiniteOnly != 0) ? {MagWidth{1'b1}} : InfMag;
  localparam logic [MagWidth-1:0] SaturateMag = (FiniteOnly != 0) ? {{(MagWidth - 1) {1'b1}}, 1'b0}
                                                                  : InfMag;
  // The canonical NaN: S.1..1.1..1 (E4M3) or the positive quiet NaN with a
  // zero payload (IEEE formats).
  localparam logic [Width-1:0] CanonicalNan = (FiniteOnly != 0) ? {1'b0, {MagWidth{1'b1}}}
      : {1'b0, {ExpBits{1'b1}}, 1'b1, {(ManBits - 1) {1'b0}}};

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
  logic [Width-1:0] a1_q, b1_q;

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
  logic                swap;
  logic [Width-1:0]    swap_bits, op_big, op_small;
  logic [ExpBits-1:0]  big_exp, small_exp;    // effective biased exponents (>= 1)
  logic [SigWidth-1:0] big_sig, small_sig;    // with hidden bit
  logic [ExpBits-1:0]  exp_diff;
  logic [ShiftWidth-1:0] align_shift;         // saturates at SumWidth - 1: nothing left
  logic [SumWidth-1:0] small_wide;
  logic [SumWidth-1:0] small_shifted;
  logic                small_sticky;

  logic                special_d;             // result decided by the classification
  logic [Width-1:0]    special_y_d;

  always_comb begin
    // Magnitude order of finite numbers equals the order of their magnitude
    // bits. The swap, the effective exponents and the add/subtract choice
    // below are masks, XORs and ORs rather than selects: a verilated model
    // then has no data-dependent branches there (they mispredict on random
    // operands).
    swap      = (b1_q[MagWidth-1:0] > a1_q[MagWidth-1:0]);
    swap_bits = (a1_q ^ b1_q) & {Width{swap}};
    op_big    = a1_q ^ swap_bits;
    op_small  = b1_q ^ swap_bits;

    // Special operands sort above every finite magnitude, so op_big alone
    // tells whether the result is special: a NaN operand makes op_big a NaN,
    // an infinite one makes it infinite (inf - inf: op_small is infinite too,
    // with the other sign). Otherwise the result is op_big itself.
    if (FiniteOnly != 0) begin
      special_d   = (op_big[MagWidth-1:0] == {MagWidth{1'b1}});
      special_y_d = CanonicalNan;
    end else begin
      special_d   = (op_big[MagWidth-1:0] >= InfMag);
      special_y_d = ((op_big[MagWidth-1:0] > InfMag) ||
                     ((op_small[MagWidth-1:0] == InfMag) && (op_big[Width-1] != op_small[Width-1])))
                    ? CanonicalNan : op_big;
    end

    // Exponent field 0 (subnormal or zero) counts as 1.
    big_exp   = op_big[MagWidth-1:ManBits] |
                ExpBits'(op_big[MagWidth-1:ManBits] == '0);
    small_exp = op_small[MagWidth-1:ManBits] |
                ExpBits'(op_small[MagWidth-1:ManBits] == '0);
    big_sig   = {op_big[MagWidth-1:ManBits] != '0, op_big[ManBits-1:0]};
    small_sig = {op_small[MagWidth-1:ManBits] != '0, op_small[ManBits-1:0]};
    exp_diff  = big_exp - small_exp;

    // Branch-free alignment: shifting back shows whether bits fell off.
    small_wide    = {1'b0, small_sig, 3'b000};
    align_shift   = (exp_diff >= ExpBits'(SumWidth - 1)) ? ShiftWidth'(SumWidth - 1)
                                                          : ShiftWidth'(exp_diff);
    small_shifted = small_wide >> align_shift;
    small_sticky  = ((small_shifted << align_shift) != small_wide) || small_shifted[0];
  end

  // Cut (ExtraStages >= 1): the aligned operands.
  localparam int AlignCutWidth = 3 + Width + ExpBits + 2 * SumWidth;
  logic [AlignCutWidth-1:0] align_cut_d, align_cut_q;
  logic                     special_a, big_sign, small_sign;
  logic [Width-1:0]         special_y_a;
  logic [ExpBits-1:0]       big_exp_a;
  logic [SumWidth-1:0]      big_wide, small_aligned;

  assign align_cut_d = {special_d, op_big[Width-1], op_small[Width-1], special_y_d, big_exp,
                        {1'b0, big_sig, 3'b000}, {small_shifted[SumWidth-1:1], small_sticky}};
  if (ExtraStages >= 1) begin : g_cut_align
    always_ff @(posedge clk_i) begin
      if (advance) begin
        align_cut_q <= align_cut_d;
      end
    end
  end else begin : g_no_cut_align
    assign align_cut_q = align_cut_d;
  end
  assign {special_a, big_sign, small_sign, special_y_a, big_exp_a, big_wide, small_aligned} =
      align_cut_q;

  logic                eff_sub;
  logic [SumWidth-1:0] sum_d, sum;
  logic [CntWidth-1:0] lead_zeros_d, lead_zeros;
  logic                special_s, big_sign_s, small_sign_s;
  logic [Width-1:0]    special_y_s;
  logic [ExpBits-1:0]  big_exp_s;
  logic [CmpWidth-1:0] lead_zeros_wide, big_exp_wide;
  logic [CntWidth-1:0] norm_shift;
  logic [SumWidth-1:0] sum_norm;
  logic                round_bit, sticky_bit, round_up;
  logic [ExpBits:0]    exp_res_m1;          // result biased exponent minus one
  logic [MagWidth+1:0] packed_mag;
  logic [Width-1:0]    y_d;

  lzc #(
    .Width(SumWidth),
    .CntWidth(CntWidth)
  ) u_sum_lzc (
    .in_i (sum_d),
    .cnt_o(lead_zeros_d)
  );

  // |op_big| >= |op_small| so the difference never goes negative. Subtraction
  // adds the two's complement.
  assign eff_sub = big_sign ^ small_sign;
  assign sum_d   = big_wide + (small_aligned ^ {SumWidth{eff_sub}}) + SumWidth'(eff_sub);

  // Cut (ExtraStages >= 2): the sum and its leading-zero count.
  localparam int SumCutWidth = 3 + Width + ExpBits + SumWidth + CntWidth;
  logic [SumCutWidth-1:0] sum_cut_d, sum_cut_q;

  assign sum_cut_d = {special_a, big_sign, small_sign, special_y_a, big_exp_a, sum_d,
                      lead_zeros_d};
  if (ExtraStages >= 2) begin : g_cut_sum
    always_ff @(posedge clk_i) begin
      if (advance) begin
        sum_cut_q <= sum_cut_d;
      end
    end
  end else begin : g_no_cut_sum
    assign sum_cut_q = sum_cut_d;
  end
  assign {special_s, big_sign_s, small_sign_s, special_y_s, big_exp_s, sum, lead_zeros} =
      sum_cut_q;

  assign lead_zeros_wide = CmpWidth'(lead_zeros);
  assign big_exp_wide    = CmpWidth'(big_exp_s);

  always_comb begin

    // The top bit after the shift carries the weight of the hidden bit of
    // biased exponent big_exp + 1 - shift; the shift stops where the biased
    // exponent reaches 1, leaving a subnormal. lead_zeros <= SumWidth, so
    // when it exceeds big_exp the excess fits CntWidth bits.
    norm_shift = lead_zeros - (CntWidth'(lead_zeros_wide - big_exp_wide) &
                               {CntWidth{lead_zeros_wide > big_exp_wide}});
    sum_norm   = sum << norm_shift;
    exp_res_m1 = {1'b0, big_exp_s} - (ExpBits + 1)'(norm_shift);

    round_bit  = sum_norm[3];
    sticky_bit = |sum_norm[2:0];
    round_up   = round_bit && (sticky_bit || sum_norm[4]);

    // The exponent field and the significand (with its hidden bit) add up, so a
    // rounding carry or a subnormal reaching the smallest normal lands in the
    // exponent.
    packed_mag = ({exp_res_m1, {SigWidth{1'b0}}} >> 1) + (MagWidth + 2)'(sum_norm[SumWidth-1:4]) +
                 (MagWidth + 2)'(round_up);

    if (special_s) begin
      y_d = special_y_s;
    end else if (sum == '0) begin
      // Exact zero: -0 only when both operands are -0 (round to nearest even).
      y_d = {big_sign_s & small_sign_s, {MagWidth{1'b0}}};
    end else if (packed_mag >= {2'b00, OverflowMag}) begin
      y_d = {big_sign_s, SaturateMag};
    end else begin
      y_d = {big_sign_s, packed_mag[MagWidth-1:0]};
    end
  end

  logic [Width-1:0] y2_q;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      y2_q <= y_d;
    end
  end

  assign out_valid_o = valid_q[Latency-1];
  assign y_o         = y2_q;

endmodule
