// Self-checking Icarus Verilog testbench of interp_unit in a format instance
// (io and kb format parameters as interp_unit's): the table comes from a .tbl
// file in the kb format (rows KKKK_BBBB or KK_BB) through the unit's own
// $readmemh (TableFile), inputs (every pattern of the io format) and the
// golden model's outputs from hex files written by format_vector_gen. Inputs
// are offered with random bubbles, outputs taken under random backpressure;
// every output is compared in order. Prints "PASS <count>" or "FAIL ...".
// Driver: run_format_iverilog.sh.
module interp_unit_format_tb #(
  parameter VectorDir        = ".",
  parameter int MaxVectors   = 65536,
  parameter int IoExpBits    = 5,
  parameter int IoManBits    = 10,
  parameter int IoFiniteOnly = 0,
  parameter int KbExpBits    = 8,
  parameter int KbManBits    = 23,
  parameter int KbFiniteOnly = 0
);

  localparam int SegBitsMax = 12;
  localparam int IoWidth    = 1 + IoExpBits + IoManBits;
  localparam int RowWidth   = 2 * (1 + KbExpBits + KbManBits);

  logic               clk = 1'b0;
  logic               rst_n = 1'b0;
  logic               in_valid, in_ready, out_valid, out_ready;
  logic [IoWidth-1:0] in_x, out_y;
  logic [31:0]        config_words [5];
  logic [IoWidth-1:0] inputs   [MaxVectors];
  logic [IoWidth-1:0] expected [MaxVectors];
  int          count, sent, received, mismatches, cycles;

  always #5 clk = ~clk;

  interp_unit #(
    .SegBitsMax  (SegBitsMax),
    .TableFile   ({VectorDir, "/table.tbl"}),
    .IoExpBits   (IoExpBits),
    .IoManBits   (IoManBits),
    .IoFiniteOnly(IoFiniteOnly),
    .KbExpBits   (KbExpBits),
    .KbManBits   (KbManBits),
    .KbFiniteOnly(KbFiniteOnly)
  ) dut (
    .clk_i      (clk),
    .rst_ni     (rst_n),
    .cfg_a_i    (config_words[0][IoWidth-1:0]),
    .cfg_b_i    (config_words[1][IoWidth-1:0]),
    .cfg_m_i    (config_words[2][7:0]),
    .cfg_n_i    (config_words[3][4:0]),
    .tbl_we_i   (1'b0),
    .tbl_addr_i ({(SegBitsMax + 1){1'b0}}),
    .tbl_wdata_i({RowWidth{1'b0}}),
    .in_valid_i (in_valid),
    .in_ready_o (in_ready),
    .in_x_i     (in_x),
    .out_valid_o(out_valid),
    .out_ready_i(out_ready),
    .out_y_o    (out_y)
  );

  `include "../../iverilog/stream_vectors.svh"

  initial begin
    stream_vectors_load(4);
    in_x = '0;
    stream_reset();
  end

  // Handshakes are sampled at the rising edge (before the registers update);
  // new inputs are driven at the falling edge.
  wire tb_run = rst_n;
  `include "../../iverilog/stream_scoreboard.svh"

  always @(negedge clk) begin
    if (rst_n) begin
      scoreboard_check_end();
      stream_drive_handshakes();
      in_x = inputs[sent];
    end
  end

endmodule
