// Self-checking Icarus Verilog testbench of value_lut_unit (SegBitsMax 8):
// the rows go in through the unit's write port, inputs and the golden
// model's outputs come from hex files written by value_lut_vector_gen.
// Inputs are offered with random bubbles, outputs taken under random
// backpressure; every output is compared in order. Prints "PASS <count>" or
// "FAIL ...".
module value_lut_unit_tb #(
  parameter VectorDir      = ".",
  parameter int MaxVectors = 65536
);

  localparam int SegBitsMax = 8;
  localparam int MaxRows    = (1 << SegBitsMax) + 2;

  logic                clk = 1'b0;
  logic                rst_n = 1'b0;
  logic                in_valid, in_ready, out_valid, out_ready;
  logic [31:0]         in_x, out_y;
  logic                tbl_we;
  logic [SegBitsMax:0] tbl_addr;
  logic [63:0]         tbl_wdata;
  logic [31:0]         config_words [6];
  logic [63:0]         rows     [MaxRows];
  logic [31:0]         inputs   [MaxVectors];
  logic [31:0]         expected [MaxVectors];
  int                  count, sent, received, mismatches, cycles;
  logic                loaded = 1'b0;

  always #5 clk = ~clk;

  value_lut_unit #(
    .SegBitsMax(SegBitsMax)
  ) dut (
    .clk_i         (clk),
    .rst_ni        (rst_n),
    .cfg_a_i       (config_words[0]),
    .cfg_b_i       (config_words[1]),
    .cfg_m_i       (config_words[2][7:0]),
    .cfg_n_i       (config_words[3][4:0]),
    .cfg_exp_mode_i(config_words[4][0]),
    .tbl_we_i      (tbl_we),
    .tbl_addr_i    (tbl_addr),
    .tbl_wdata_i   (tbl_wdata),
    .in_valid_i    (in_valid),
    .in_ready_o    (in_ready),
    .in_x_i        (in_x),
    .out_valid_o   (out_valid),
    .out_ready_i   (out_ready),
    .out_y_o       (out_y)
  );

  `include "stream_vectors.svh"

  initial begin
    $readmemh({VectorDir, "/rows.hex"}, rows);
    stream_vectors_load(5);
    in_x = '0;
    tbl_we = 1'b0;
    tbl_addr = '0;
    tbl_wdata = '0;
    stream_reset();
    // Rows 0 .. N+1 through the write port, one per cycle.
    for (int r = 0; r < (1 << config_words[3][4:0]) + 2; r++) begin
      @(negedge clk);
      tbl_we = 1'b1;
      tbl_addr = r[SegBitsMax:0];
      tbl_wdata = rows[r];
    end
    @(negedge clk);
    tbl_we = 1'b0;
    loaded = 1'b1;
  end

  // Handshakes are sampled at the rising edge (before the registers update);
  // new inputs are driven at the falling edge.
  wire tb_run = loaded;
  `include "stream_scoreboard.svh"

  always @(negedge clk) begin
    if (loaded) begin
      scoreboard_check_end();
      stream_drive_handshakes();
      in_x = inputs[sent];
    end
  end

endmodule
