// Self-checking Icarus Verilog testbench of lbfp_interp_lane: the table port
// is served from rows.hex ({K code, EK, B}) with random grant denials (read
// data the cycle after a grant, junk otherwise), inputs ({E, x}) are offered
// with random bubbles and outputs taken under random backpressure; every
// output is compared in order with lbfp_lane_eval's (files from
// lane_vector_gen lbfp). Prints "PASS <count>" or "FAIL ...".
// Driver: run_iverilog_test.sh.
module lbfp_interp_lane_tb #(
  parameter VectorDir      = ".",
  parameter int MaxVectors = 65536,
  parameter int MaxRows    = 4098
);

  localparam int SegBitsMax = 12;

  logic        clk = 1'b0;
  logic        rst_n = 1'b0;
  logic        in_valid, in_ready, out_valid, out_ready;
  logic [15:0] in_word, out_y;
  logic        tbl_req, tbl_gnt;
  logic [SegBitsMax:0] tbl_idx;
  logic [31:0] tbl_rdata;
  // qa, m + fx, n, fx, fy, count.
  logic [31:0] config_words [6];
  logic [31:0] rows [MaxRows];
  logic [15:0] inputs   [MaxVectors];
  logic [15:0] expected [MaxVectors];
  int          count, sent, received, mismatches, cycles;
  logic        running = 1'b0;

  always #5 clk = ~clk;

  lbfp_interp_lane #(.SegBitsMax(SegBitsMax)) dut (
    .clk_i      (clk),
    .rst_ni     (rst_n),
    .cfg_qa_i   (config_words[0][15:0]),
    .cfg_span_i (config_words[1][5:0]),
    .cfg_n_i    (config_words[2][4:0]),
    .cfg_fx_i   (config_words[3][6:0]),
    .cfg_fy_i   (config_words[4][7:0]),
    .in_valid_i (in_valid),
    .in_ready_o (in_ready),
    .in_x_i     (in_word[7:0]),
    .in_e_i     (in_word[15:8]),
    .tbl_req_o  (tbl_req),
    .tbl_idx_o  (tbl_idx),
    .tbl_gnt_i  (tbl_gnt),
    .tbl_rdata_i(tbl_rdata),
    .out_valid_o(out_valid),
    .out_ready_i(out_ready),
    .out_y_o    (out_y)
  );

  `include "stream_vectors.svh"

  initial begin
    $readmemh({VectorDir, "/rows.hex"}, rows);
    stream_vectors_load(5);
    tbl_gnt = 1'b0;
    tbl_rdata = '0;
    in_word = '0;
    stream_reset();
    @(negedge clk);
    running = 1'b1;
  end

  wire tb_run = running;
  `include "stream_scoreboard.svh"
  localparam logic [31:0] TableJunk = 32'hDEADBEEF;
  `include "table_port_responder.svh"

  always @(negedge clk) begin
    if (running) begin
      scoreboard_check_end();
      stream_drive_handshakes();
      in_word = in_valid ? inputs[sent] : 16'h5A33;
      table_port_drive();
    end
  end

endmodule
