// Icarus Verilog testbench: streams vectors through fp32_add and fp32_fma with
// random input bubbles and output backpressure and checks every result, in
// order, against the expected value (from the host's correctly rounded
// arithmetic and Berkeley TestFloat, written by fp_iverilog_vectors).
//
// Plusargs: +add_file=F +add_count=N +fma_file=F +fma_count=N
//   add file lines: AAAAAAAA_BBBBBBBB_YYYYYYYY
//   fma file lines: AAAAAAAA_BBBBBBBB_CCCCCCCC_YYYYYYYY
// Prints "PASS ..." or "FAIL ..." at the end. AddExtraStages/FmaExtraStages
// (iverilog -P) are the units' ExtraStages (pipelining for timing).
module fp_units_tb #(
  parameter int AddExtraStages = 0,
  parameter int FmaExtraStages = 0
);

  localparam int MaxVectors = 1 << 16;

  logic clk = 1'b0;
  logic rst_n = 1'b0;
  always #5 clk = ~clk;

  logic [95:0]  add_vectors[MaxVectors];
  logic [127:0] fma_vectors[MaxVectors];
  int add_count, fma_count;
  string add_file, fma_file;

  // fp32_add
  logic        add_in_valid, add_in_ready, add_out_valid, add_out_ready;
  logic [31:0] add_a, add_b, add_y;
  int          add_in_index, add_out_index, add_errors;

  fp32_add #(
    .ExtraStages(AddExtraStages)
  ) u_add (
    .clk_i      (clk),
    .rst_ni     (rst_n),
    .in_valid_i (add_in_valid),
    .in_ready_o (add_in_ready),
    .a_i        (add_a),
    .b_i        (add_b),
    .out_valid_o(add_out_valid),
    .out_ready_i(add_out_ready),
    .y_o        (add_y)
  );

  // fp32_fma
  logic        fma_in_valid, fma_in_ready, fma_out_valid, fma_out_ready;
  logic [31:0] fma_a, fma_b, fma_c, fma_y;
  int          fma_in_index, fma_out_index, fma_errors;

  fp32_fma #(
    .ExtraStages(FmaExtraStages)
  ) u_fma (
    .clk_i      (clk),
    .rst_ni     (rst_n),
    .in_valid_i (fma_in_valid),
    .in_ready_o (fma_in_ready),
    .a_i        (fma_a),
    .b_i        (fma_b),
    .c_i        (fma_c),
    .out_valid_o(fma_out_valid),
    .out_ready_i(fma_out_ready),
    .y_o        (fma_y)
  );

  // Handshakes are sampled at the rising edge (before the units' registers
  // change); new stimulus is applied at the falling edge.
  always @(posedge clk) begin
    if (rst_n) begin
      if (add_in_valid && add_in_ready) add_in_index <= add_in_index + 1;
      if (add_out_valid && add_out_ready) begin
        if (add_y !== add_vectors[add_out_index][31:0]) begin
          add_errors <= add_errors + 1;
          if (add_errors < 10)
            $display("add mismatch: a=%h b=%h -> %h, expected %h",
                     add_vectors[add_out_index][95:64], add_vectors[add_out_index][63:32],
                     add_y, add_vectors[add_out_index][31:0]);
        end
        add_out_index <= add_out_index + 1;
      end
      if (fma_in_valid && fma_in_ready) fma_in_index <= fma_in_index + 1;
      if (fma_out_valid && fma_out_ready) begin
        if (fma_y !== fma_vectors[fma_out_index][31:0]) begin
          fma_errors <= fma_errors + 1;
          if (fma_errors < 10)
            $display("fma mismatch: a=%h b=%h c=%h -> %h, expected %h",
                     fma_vectors[fma_out_index][127:96], fma_vectors[fma_out_index][95:64],
                     fma_vectors[fma_out_index][63:32], fma_y, fma_vectors[fma_out_index][31:0]);
        end
        fma_out_index <= fma_out_index + 1;
      end
    end
  end

  always @(negedge clk) begin
    add_in_valid  <= rst_n && (add_in_index < add_count) && ($urandom % 5 != 0);
    add_a         <= add_vectors[add_in_index][95:64];
    add_b         <= add_vectors[add_in_index][63:32];
    add_out_ready <= ($urandom % 4 != 0);
    fma_in_valid  <= rst_n && (fma_in_index < fma_count) && ($urandom % 5 != 0);
    fma_a         <= fma_vectors[fma_in_index][127:96];
    fma_b         <= fma_vectors[fma_in_index][95:64];
    fma_c         <= fma_vectors[fma_in_index][63:32];
    fma_out_ready <= ($urandom % 4 != 0);
  end

  initial begin
    add_in_index = 0;
    add_out_index = 0;
    add_errors = 0;
    fma_in_index = 0;
    fma_out_index = 0;
    fma_errors = 0;
    add_in_valid = 1'b0;
    fma_in_valid = 1'b0;
    if (!$value$plusargs("add_file=%s", add_file) || !$value$plusargs("add_count=%d", add_count) ||
        !$value$plusargs("fma_file=%s", fma_file) || !$value$plusargs("fma_count=%d", fma_count)) begin
      $display("FAIL missing plusargs +add_file= +add_count= +fma_file= +fma_count=");
      $finish;
    end
    if (add_count > MaxVectors || fma_count > MaxVectors) begin
      $display("FAIL more than %0d vectors", MaxVectors);
      $finish;
    end
    $readmemh(add_file, add_vectors, 0, add_count - 1);
    $readmemh(fma_file, fma_vectors, 0, fma_count - 1);
    repeat (3) @(posedge clk);
    @(negedge clk) rst_n = 1'b1;
    fork
      wait (add_out_index == add_count && fma_out_index == fma_count);
      repeat (8 * (add_count + fma_count) + 1000) @(posedge clk);
    join_any
    // A few more cycles: nothing may come out after the last expected result.
    repeat (10) @(posedge clk);
    if (add_out_index != add_count || fma_out_index != fma_count) begin
      $display("FAIL results: add %0d of %0d, fma %0d of %0d", add_out_index, add_count,
               fma_out_index, fma_count);
    end else if (add_errors != 0 || fma_errors != 0) begin
      $display("FAIL mismatches: add %0d, fma %0d", add_errors, fma_errors);
    end else begin
      $display("PASS add %0d vectors, fma %0d vectors", add_count, fma_count);
    end
    $finish;
  end

endmodule
