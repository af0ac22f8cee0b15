// Self-checking Icarus Verilog testbench of int_interp_unit (the fixed-point
// lane with its table): the table comes from a fixed-point .tbl file through
// the unit's own $readmemh (TableFile), the configuration, inputs and the
// golden model's outputs (fixed_eval) from hex files written by
// int_vector_gen. The stochastic seed is loaded after reset; inputs are
// offered with random bubbles, outputs taken under random backpressure; every
// output is compared in order. Prints "PASS <count>" or "FAIL ...".
// Driver: run_iverilog_test.sh.
module int_interp_unit_tb #(
  parameter VectorDir      = ".",
  parameter int Width      = 16,
  parameter int MaxVectors = 4096
);

  localparam int SegBitsMax = 10;

  logic             clk = 1'b0;
  logic             rst_n = 1'b0;
  logic             seed_load = 1'b0;
  logic             in_valid, in_ready, out_valid, out_ready;
  logic [Width-1:0] in_x, out_y;
  // qa, m + fx, n, ShK, ShB, drop, stochastic, seed, count.
  logic [31:0]      config_words [9];
  logic [Width-1:0] inputs   [MaxVectors];
  logic [Width-1:0] expected [MaxVectors];
  int               count, sent, received, mismatches, cycles;

  always #5 clk = ~clk;

  int_interp_unit #(
    .Width     (Width),
    .SegBitsMax(SegBitsMax),
    .TableFile ({VectorDir, "/table.tbl"})
  ) dut (
    .clk_i           (clk),
    .rst_ni          (rst_n),
    .cfg_qa_i        (config_words[0][Width-1:0]),
    .cfg_span_i      (config_words[1][5:0]),
    .cfg_n_i         (config_words[2][4:0]),
    .cfg_shk_i       (config_words[3][6:0]),
    .cfg_shb_i       (config_words[4][6:0]),
    .cfg_drop_i      (config_words[5][7:0]),
    .cfg_stochastic_i(config_words[6][0]),
    .cfg_seed_load_i (seed_load),
    .cfg_seed_i      (config_words[7]),
    .tbl_we_i        (1'b0),
    .tbl_addr_i      ({(SegBitsMax + 1){1'b0}}),
    .tbl_wdata_i     ({(2 * Width){1'b0}}),
    .in_valid_i      (in_valid),
    .in_ready_o      (in_ready),
    .in_x_i          (in_x),
    .out_valid_o     (out_valid),
    .out_ready_i     (out_ready),
    .out_y_o         (out_y)
  );

  `include "stream_vectors.svh"

  initial begin
    stream_vectors_load(8);
    in_x = '0;
    repeat (3) @(posedge clk);
    #1 rst_n = 1'b1;
    seed_load = 1'b1;
    @(posedge clk);
    #1 seed_load = 1'b0;
  end

  // Handshakes are sampled at the rising edge (before the registers update);
  // new inputs are driven at the falling edge. The run starts once the seed
  // is loaded.
  wire tb_run = rst_n && !seed_load;
  `include "stream_scoreboard.svh"

  always @(negedge clk) begin
    if (tb_run) begin
      scoreboard_check_end();
      stream_drive_handshakes();
      in_x = inputs[sent];
    end
  end

endmodule
