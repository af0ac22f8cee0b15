`include "interpsim_pkg.svh"

// A 32-bit fixed-point lane that runs one int32, two int16 or four int8
// interpolations per cycle (docs/rtl.md, "subword_interp_lane"; docs/design.md
// section 6, "Decision (sub-word lanes)").
//
// Four slots of int_interp_lane behind one 32-bit data port: slot 0 is 32 bits
// wide, slot 1 16 bits, slots 2 and 3 8 bits. In mode W (cfg_mode_i) slots
// 0 .. 32/W - 1 are active and slot k carries bits [k*W +: W] of the packed x
// and y; a slot wider than W computes the W-bit function exactly on
// sign-extended operands and saturates its result to W bits (saturating to
// the slot's width first changes nothing). Inactive slots get no input.
//
// Each slot keeps its own valid/ready handshakes and its own table port, so a
// refused table read stalls that sub-word only. Slot k's table port reads a
// row of 2W bits ({K, B} of the mode's .tbl); the four read-data fields sit
// in one 64-bit bus at [k*2W +: 2W] (64 bits of table data per cycle in
// every mode). Slot k's stochastic stream is seeded with cfg_seed_i + k.
module subword_interp_lane #(
  parameter int SegBitsMax = 12,
  parameter int AlignMax   = 62,
  parameter int DropMax    = 94,
  /* verilator lint_off UNUSEDPARAM */
  localparam int Latency /* verilator public */ = interpsim_pkg::IntInterpLaneLatency,
  /* verilator lint_on UNUSEDPARAM */
  localparam int Slots     = 4,
  localparam int RowWidth  = SegBitsMax + 1
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  // Runtime configuration; change only while the lane is idle.
  input  logic [1:0]                  cfg_mode_i,  // 0: 1 x int32, 1: 2 x int16, 2: 4 x int8
  input  logic [31:0]                 cfg_qa_i,    // qa sign-extended to 32 bits
  input  logic [5:0]                  cfg_span_i,
  input  logic [4:0]                  cfg_n_i,
  input  logic [6:0]                  cfg_shk_i,
  input  logic [6:0]                  cfg_shb_i,
  input  logic [7:0]                  cfg_drop_i,
  input  logic                        cfg_stochastic_i,
  input  logic                        cfg_seed_load_i,
  input  logic [31:0]                 cfg_seed_i,
  // Packed input: one handshake per slot.
  input  logic [Slots-1:0]            in_valid_i,
  output logic [Slots-1:0]            in_ready_o,
  input  logic [31:0]                 in_x_i,
  // One table port per slot.
  output logic [Slots-1:0]            tbl_req_o,
  output logic [Slots*RowWidth-1:0]   tbl_idx_o,
  input  logic [Slots-1:0]            tbl_gnt_i,
  input  logic [63:0]                 tbl_rdata_i,
  // Packed output: one handshake per slot.
  output logic [Slots-1:0]            out_valid_o,
  input  logic [Slots-1:0]            out_ready_i,
  output logic [31:0]                 out_y_o
);

  // Active slots by mode; mode 3 is unused and runs none.
  logic [Slots-1:0] active;
  always_comb begin
    unique case (cfg_mode_i)
      2'd0:    active = 4'b0001;
      2'd1:    active = 4'b0011;
      2'd2:    active = 4'b1111;
      default: active = 4'b0000;
    endcase
  end

  // Mode-width fields of the packed buses (sign-extended to 32 bits).
  logic signed [31:0] x_field    [Slots];
  logic signed [31:0] k_field    [Slots];
  logic signed [31:0] b_field    [Slots];
  logic signed [31:0] y_slot     [Slots];
  logic        [7:0]  y_narrow8  [Slots];
  logic        [15:0] y_narrow16 [Slots];

  for (genvar k = 0; k < Slots; k++) begin : g_slot
    // Slot widths 32, 16, 8, 8: each slot is as wide as the narrowest mode
    // that uses it.
    localparam int W = (k == 0) ? 32 : (k == 1) ? 16 : 8;

    always_comb begin
      x_field[k] = '0;
      k_field[k] = '0;
      b_field[k] = '0;
      unique case (cfg_mode_i)
        2'd0: begin
          x_field[k] = in_x_i;
          k_field[k] = tbl_rdata_i[63:32];
          b_field[k] = tbl_rdata_i[31:0];
        end
        // (k % 2 keeps the index in range for slots 2 and 3, idle in this mode.)
        2'd1: if (k < 2) begin
          x_field[k] = 32'($signed(in_x_i[(k % 2)*16 +: 16]));
          k_field[k] = 32'($signed(tbl_rdata_i[(k % 2)*32+16 +: 16]));
          b_field[k] = 32'($signed(tbl_rdata_i[(k % 2)*32 +: 16]));
        end
        2'd2: begin
          x_field[k] = 32'($signed(in_x_i[k*8 +: 8]));
          k_field[k] = 32'($signed(tbl_rdata_i[k*16+8 +: 8]));
          b_field[k] = 32'($signed(tbl_rdata_i[k*16 +: 8]));
        end
        default: ;
      endcase
    end

    logic [W-1:0] slot_y;

    /* verilator lint_off UNUSEDSIGNAL */
    // Upper bits of the sign-extended fields beyond the slot's width.
    logic [31:0] x_bits, k_bits, b_bits, qa_bits;
    /* verilator lint_on UNUSEDSIGNAL */
    assign x_bits  = x_field[k];
    assign k_bits  = k_field[k];
    assign b_bits  = b_field[k];
    assign qa_bits = cfg_qa_i;

    int_interp_lane #(
      .Width     (W),
      .SegBitsMax(SegBitsMax),
      .AlignMax  (AlignMax),
      .DropMax   (DropMax)
    ) u_slot (
      .clk_i           (clk_i),
      .rst_ni          (rst_ni),
      .cfg_qa_i        (qa_bits[W-1:0]),
      .cfg_span_i      (cfg_span_i),
      .cfg_n_i         (cfg_n_i),
      .cfg_shk_i       (cfg_shk_i),
      .cfg_shb_i       (cfg_shb_i),
      .cfg_drop_i      (cfg_drop_i),
      .cfg_stochastic_i(cfg_stochastic_i),
      .cfg_seed_load_i (cfg_seed_load_i),
      .cfg_seed_i      (cfg_seed_i + 32'(k)),
      .in_valid_i      (in_valid_i[k] && active[k]),
      .in_ready_o      (in_ready_o[k]),
      .in_x_i          (x_bits[W-1:0]),
      .tbl_req_o       (tbl_req_o[k]),
      .tbl_idx_o       (tbl_idx_o[k*RowWidth +: RowWidth]),
      .tbl_gnt_i       (tbl_gnt_i[k]),
      .tbl_rdata_i     ({k_bits[W-1:0], b_bits[W-1:0]}),
      .out_valid_o     (out_valid_o[k]),
      .out_ready_i     (out_ready_i[k]),
      .out_y_o         (slot_y)
    );

    // The slot's result saturated to 16 and 8 bits (a slot of the mode's own
    // width needs no second saturation).
    assign y_slot[k] = 32'($signed(slot_y));
    always_comb begin
      if (y_slot[k] > 32'sd32767) begin
        y_narrow16[k] = 16'h7fff;
      end else if (y_slot[k] < -32'sd32768) begin
        y_narrow16[k] = 16'h8000;
      end else begin
        y_narrow16[k] = y_slot[k][15:0];
      end
      if (y_slot[k] > 32'sd127) begin
        y_narrow8[k] = 8'h7f;
      end else if (y_slot[k] < -32'sd128) begin
        y_narrow8[k] = 8'h80;
      end else begin
        y_narrow8[k] = y_slot[k][7:0];
      end
    end
  end

  always_comb begin
    unique case (cfg_mode_i)
      2'd0:    out_y_o = y_slot[0];
      2'd1:    out_y_o = {y_narrow16[1], y_narrow16[0]};
      2'd2:    out_y_o = {y_narrow8[3], y_narrow8[2], y_narrow8[1], y_narrow8[0]};
      default: out_y_o = '0;
    endcase
  end

endmodule
