// Self-checking Icarus Verilog testbench of subword_interp_lane in one mode
// (1 x int32, 2 x int16 or 4 x int8): the active slots run in lock step (one
// offer, one grant and one output-ready decision for all of them, so their
// handshakes stay equal, which the testbench checks every cycle); each
// slot's table port is served from rows.hex ({K, B} of the mode's width)
// with read data the cycle after a grant and junk otherwise; every packed
// output word is compared in order with the model's (fixed_eval per slot,
// nearest even; files from lane_vector_gen subword). Per-slot independent
// stalls are subword_interp_lane_test's (Verilator). Prints "PASS <count>"
// or "FAIL ...". Driver: run_iverilog_test.sh.
module subword_interp_lane_tb #(
  parameter VectorDir      = ".",
  parameter int MaxVectors = 65536,
  parameter int MaxRows    = 1026
);

  localparam int SegBitsMax = 10;
  localparam int RowWidth   = SegBitsMax + 1;

  logic        clk = 1'b0;
  logic        rst_n = 1'b0;
  logic [3:0]  in_valid_slots, in_ready_slots, out_valid_slots, out_ready_slots;
  logic [3:0]  tbl_req_slots, tbl_gnt_slots;
  logic [4*RowWidth-1:0] tbl_idx;
  logic [63:0] tbl_rdata;
  logic [31:0] in_x, out_y;
  // mode, qa, m + fx, n, ShK, ShB, drop, count.
  logic [31:0] config_words [8];
  logic [63:0] rows [MaxRows];
  logic [31:0] inputs   [MaxVectors];
  logic [31:0] expected [MaxVectors];
  int          count, sent, received, mismatches, cycles, width;
  logic [3:0]  active;
  logic        running = 1'b0;
  logic        in_valid, out_ready, tbl_gnt;

  always #5 clk = ~clk;

  subword_interp_lane #(.SegBitsMax(SegBitsMax)) dut (
    .clk_i           (clk),
    .rst_ni          (rst_n),
    .cfg_mode_i      (config_words[0][1:0]),
    .cfg_qa_i        (config_words[1]),
    .cfg_span_i      (config_words[2][5:0]),
    .cfg_n_i         (config_words[3][4:0]),
    .cfg_shk_i       (config_words[4][6:0]),
    .cfg_shb_i       (config_words[5][6:0]),
    .cfg_drop_i      (config_words[6][7:0]),
    .cfg_stochastic_i(1'b0),
    .cfg_seed_load_i (1'b0),
    .cfg_seed_i      (32'd1),
    .in_valid_i      (in_valid_slots),
    .in_ready_o      (in_ready_slots),
    .in_x_i          (in_x),
    .tbl_req_o       (tbl_req_slots),
    .tbl_idx_o       (tbl_idx),
    .tbl_gnt_i       (tbl_gnt_slots),
    .tbl_rdata_i     (tbl_rdata),
    .out_valid_o     (out_valid_slots),
    .out_ready_i     (out_ready_slots),
    .out_y_o         (out_y)
  );

  assign in_valid_slots  = in_valid ? active : 4'b0000;
  assign out_ready_slots = out_ready ? active : 4'b0000;
  assign tbl_gnt_slots   = tbl_gnt ? active : 4'b0000;
  // The streams the scoreboard sees: slot 0 stands for every active slot.
  wire in_ready  = in_ready_slots[0];
  wire out_valid = out_valid_slots[0];

  `include "stream_vectors.svh"

  initial begin
    $readmemh({VectorDir, "/rows.hex"}, rows);
    stream_vectors_load(7);
    case (config_words[0])
      0: begin active = 4'b0001; width = 32; end
      1: begin active = 4'b0011; width = 16; end
      2: begin active = 4'b1111; width = 8; end
      default: begin
        $display("FAIL bad mode %0d", config_words[0]);
        $finish;
      end
    endcase
    tbl_gnt = 1'b0;
    tbl_rdata = '0;
    in_x = '0;
    stream_reset();
    @(negedge clk);
    running = 1'b1;
  end

  logic [3:0]          read_pending;
  logic [RowWidth-1:0] read_row [4];

  wire tb_run = running;
  `include "stream_scoreboard.svh"

  always @(posedge clk) begin
    if (running) begin
      // Lock step: every active slot's handshakes equal slot 0's.
      if ((in_ready_slots & active) != (in_ready_slots[0] ? active : 4'b0000) ||
          (out_valid_slots & active) != (out_valid_slots[0] ? active : 4'b0000) ||
          (tbl_req_slots & active) != (tbl_req_slots[0] ? active : 4'b0000)) begin
        $display("FAIL slots out of step: ready %b valid %b req %b", in_ready_slots,
                 out_valid_slots, tbl_req_slots);
        $finish;
      end
      for (int k = 0; k < 4; k++) begin
        read_pending[k] <= tbl_req_slots[k] && tbl_gnt_slots[k];
        read_row[k]     <= tbl_idx[k*RowWidth +: RowWidth];
      end
    end else begin
      read_pending <= '0;
    end
  end

  always @(negedge clk) begin
    if (running) begin
      scoreboard_check_end();
      stream_drive_handshakes();
      in_x      = in_valid ? inputs[sent] : 32'h5A5A5A5A;
      tbl_gnt   = ($urandom % 5 != 0);
      // Slot k's {K, B} at [k*2W +: 2W]; junk where no row was granted.
      tbl_rdata = 64'hA5A5_5A5A_A5A5_5A5A;
      for (int k = 0; k < 4; k++) begin
        if (read_pending[k]) begin
          case (width)
            32: tbl_rdata = rows[read_row[k]];
            16: tbl_rdata[k*32 +: 32] = rows[read_row[k]][31:0];
            default: tbl_rdata[k*16 +: 16] = rows[read_row[k]][15:0];
          endcase
        end
      end
    end
  end

endmodule
