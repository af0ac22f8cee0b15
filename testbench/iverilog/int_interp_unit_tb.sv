// Self-checking Icarus Verilog testbench of int_interp_unit (the fixed-point
// lane with its table): the table comes from a fixed-point .tbl file through
// the unit's own $readmemh (TableFile), the configuration, inputs and the
// golden model's outputs (fixed_eval) from hex files written by
// int_vector_gen. The stochastic seed is loaded after reset; inputs are
// offered with random bubbles, outputs taken under random backpressure; every
// output is compared in order. Prints "PASS <count>" or "FAIL ...".
// Driver: run_int_iverilog_test.sh.
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

  initial begin
    $readmemh({VectorDir, "/config.hex"}, config_words);
    $readmemh({VectorDir, "/inputs.hex"}, inputs);
    $readmemh({VectorDir, "/expected.hex"}, expected);
    count = config_words[8];
    if (count <= 0 || count > MaxVectors) begin
      $display("FAIL bad vector count %0d", count);
      $finish;
    end
    sent = 0;
    received = 0;
    mismatches = 0;
    cycles = 0;
    in_valid = 1'b0;
    out_ready = 1'b0;
    in_x = '0;
    repeat (3) @(posedge clk);
    #1 rst_n = 1'b1;
    seed_load = 1'b1;
    @(posedge clk);
    #1 seed_load = 1'b0;
  end

  // Handshakes are sampled at the rising edge (before the registers update);
  // new inputs are driven at the falling edge.
  always @(posedge clk) begin
    if (rst_n && !seed_load) begin
      if (in_valid && in_ready) sent <= sent + 1;
      if (out_valid && out_ready) begin
        if (out_y !== expected[received]) begin
          if (mismatches < 5) begin
            $display("mismatch %0d: x=%h rtl=%h model=%h", received, inputs[received], out_y,
                     expected[received]);
          end
          mismatches <= mismatches + 1;
        end
        received <= received + 1;
      end
      cycles <= cycles + 1;
    end
  end

  always @(negedge clk) begin
    if (rst_n && !seed_load) begin
      if (received == count) begin
        if (mismatches == 0) $display("PASS %0d vectors in %0d cycles", count, cycles);
        else $display("FAIL %0d of %0d outputs differ", mismatches, count);
        $finish;
      end
      if (cycles > 64 * count + 1000) begin
        $display("FAIL timeout: %0d of %0d outputs", received, count);
        $finish;
      end
      in_valid  = (sent < count) && ($urandom % 4 != 0);
      in_x      = inputs[sent];
      out_ready = ($urandom % 3 != 0);
    end
  end

endmodule
