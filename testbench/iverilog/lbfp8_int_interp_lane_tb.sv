// Self-checking Icarus Verilog testbench of lbfp8_int_interp_lane at Width 8
// or 16: the table port is served from rows.hex ({K, B}) with random grant
// denials (read data the cycle after a grant, junk otherwise), inputs
// ({E, x}) are offered with random bubbles and outputs taken under random
// backpressure; every output is compared in order with the model's
// (lbfp8_decode_fixed then fixed_eval; files from lane_vector_gen
// lbfp8_int). Prints "PASS <count>" or "FAIL ...".
// Driver: run_iverilog_test.sh.
module lbfp8_int_interp_lane_tb #(
  parameter VectorDir      = ".",
  parameter int Width      = 16,
  parameter int MaxVectors = 65536,
  parameter int MaxRows    = 1026
);

  localparam int SegBitsMax = 10;

  logic             clk = 1'b0;
  logic             rst_n = 1'b0;
  logic             in_valid, in_ready, out_valid, out_ready;
  logic [15:0]      in_word;
  logic [Width-1:0] out_y;
  logic             tbl_req, tbl_gnt;
  logic [SegBitsMax:0]  tbl_idx;
  logic [2*Width-1:0]   tbl_rdata;
  // qa, m + fx, n, fx, ShK, ShB, drop, count.
  logic [31:0]        config_words [8];
  logic [2*Width-1:0] rows [MaxRows];
  logic [15:0]        inputs   [MaxVectors];
  logic [Width-1:0]   expected [MaxVectors];
  int                 count, sent, received, mismatches, cycles;
  logic               running = 1'b0;

  always #5 clk = ~clk;

  lbfp8_int_interp_lane #(.Width(Width), .SegBitsMax(SegBitsMax)) dut (
    .clk_i      (clk),
    .rst_ni     (rst_n),
    .cfg_qa_i   (config_words[0][Width-1:0]),
    .cfg_span_i (config_words[1][5:0]),
    .cfg_n_i    (config_words[2][4:0]),
    .cfg_fx_i   (config_words[3][6:0]),
    .cfg_shk_i  (config_words[4][6:0]),
    .cfg_shb_i  (config_words[5][6:0]),
    .cfg_drop_i (config_words[6][7:0]),
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
    stream_vectors_load(7);
    tbl_gnt = 1'b0;
    tbl_rdata = '0;
    in_word = '0;
    stream_reset();
    @(negedge clk);
    running = 1'b1;
  end

  wire tb_run = running;
  `include "stream_scoreboard.svh"
  localparam logic [2*Width-1:0] TableJunk = {Width{2'b10}};
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
