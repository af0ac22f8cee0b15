// LBFP8 element decode into a fixed-point x (docs/design.md section 12,
// "Decision (LBFP8 input to the unit)"; model/lbfp_lane.cpp,
// lbfp8_decode_fixed): the element {s, L} of a block with exponent E as a
// Width-bit two's complement integer with fx fractional bits,
//
//   qx = 0                                                   if L = 127
//   qx = sat((-1)^s * rne(M[L & 15] * 2^(E + fx - 16 - (L >> 4))))  otherwise
//
// M the 17-bit antilog entry (lbfp_antilog): one rounding, to nearest even,
// from the table entry to x's lsb. The shift is clamped to +-17, which
// changes nothing (M is in (2^15, 2^16]: past 17 bits left every element
// saturates a 16-bit x, past 17 bits right every one rounds to 0).
// Combinational.
module lbfp8_decode #(
  parameter int Width = 16  // 8 or 16
) (
  input  logic [7:0]        x_i,
  input  logic signed [7:0] e_i,
  input  logic [6:0]        fx_i,
  output logic [Width-1:0]  qx_o
);

  localparam int ShiftMax = 17;
  localparam int MagWidth = 17 + ShiftMax;  // M << 17

  localparam logic [MagWidth-1:0] PosLimit = MagWidth'((64'd1 << (Width - 1)) - 64'd1);
  localparam logic [MagWidth-1:0] NegLimit = MagWidth'(64'd1 << (Width - 1));

  logic [16:0] mantissa;

  lbfp_antilog u_antilog (.k_i(x_i[3:0]), .mantissa_o(mantissa));

  logic                zero;
  logic signed [9:0]   shift;
  logic                left;
  logic [4:0]          amount;     // |shift| clamped to 17
  logic [MagWidth-1:0] wide;
  logic [MagWidth-1:0] kept_lsb;   // bit `amount` of M at bit 0
  logic [MagWidth-1:0] addend;
  logic [MagWidth-1:0] magnitude;  // rne(M * 2^shift)

  assign zero  = (x_i[6:0] == 7'h7F);
  assign shift = 10'(e_i) + 10'($signed({1'b0, fx_i})) - 10'sd16
               - 10'($signed({1'b0, x_i[6:4]}));

  always_comb begin
    left = !shift[9];
    if (shift > 10'sd17 || shift < -10'sd17) begin
      amount = 5'd17;
    end else if (left) begin
      amount = shift[4:0];
    end else begin
      amount = 5'(-shift);
    end
    wide     = MagWidth'(mantissa);
    kept_lsb = wide >> amount;
    addend   = (MagWidth'(1) << (amount - 5'd1)) - MagWidth'(1) + MagWidth'(kept_lsb[0]);
    if (left) begin
      magnitude = wide << amount;
    end else begin
      // M < 2^17 and addend < 2^17: the sum cannot overflow.
      magnitude = (wide + addend) >> amount;
    end
  end

  // Round-half-even is symmetric: the magnitude's rounding is the value's.
  always_comb begin
    if (zero) begin
      qx_o = '0;
    end else if (x_i[7]) begin
      qx_o = (magnitude > NegLimit) ? {1'b1, {(Width - 1){1'b0}}} : -magnitude[Width-1:0];
    end else begin
      qx_o = (magnitude > PosLimit) ? {1'b0, {(Width - 1){1'b1}}} : magnitude[Width-1:0];
    end
  end

  logic unused_bits;
  assign unused_bits = ^kept_lsb[MagWidth-1:1];

endmodule
