// Icarus Verilog testbench of lbfp8_mul and int8_mul, OutReg = 0 and 1: every
// one of the 65,536 input pairs against the model's products
// (+vectors=DIR: DIR/lbfp8_mul.hex, DIR/int8_mul.hex from mul_model_dump
// --hex). Prints PASS or FAIL.
module mul_units_tb;

  logic        clk, rst_n;
  logic [7:0]  a, b;
  logic [15:0] lbfp_comb, lbfp_reg, int_comb, int_reg;
  logic [15:0] lbfp_expected [0:65535];
  logic [15:0] int_expected  [0:65535];
  int          errors;
  string       dir;

  lbfp8_mul #(.OutReg(0)) u_lbfp_comb (.clk_i(clk), .rst_ni(rst_n), .a_i(a), .b_i(b),
                                       .p_o(lbfp_comb));
  lbfp8_mul #(.OutReg(1)) u_lbfp_reg (.clk_i(clk), .rst_ni(rst_n), .a_i(a), .b_i(b),
                                      .p_o(lbfp_reg));
  int8_mul #(.OutReg(0)) u_int_comb (.clk_i(clk), .rst_ni(rst_n), .a_i(a), .b_i(b),
                                     .p_o(int_comb));
  int8_mul #(.OutReg(1)) u_int_reg (.clk_i(clk), .rst_ni(rst_n), .a_i(a), .b_i(b),
                                    .p_o(int_reg));

  task automatic expect_eq(input string what, input logic [15:0] got, input logic [15:0] want);
    if (got !== want) begin
      errors = errors + 1;
      if (errors <= 10) $display("mismatch %s a=%h b=%h: rtl %h model %h", what, a, b, got, want);
    end
  endtask

  initial begin
    if (!$value$plusargs("vectors=%s", dir)) begin
      $display("FAIL: no +vectors=DIR");
      $finish;
    end
    $readmemh({dir, "/lbfp8_mul.hex"}, lbfp_expected);
    $readmemh({dir, "/int8_mul.hex"}, int_expected);
    errors = 0;
    clk = 0;
    rst_n = 0;
    a = 8'h12;
    b = 8'h34;
    #1;
    expect_eq("lbfp8_mul reset", lbfp_reg, 16'h0);
    expect_eq("int8_mul reset", int_reg, 16'h0);
    rst_n = 1;
    for (int i = 0; i < 65536; i++) begin
      a = i[15:8];
      b = i[7:0];
      #1;
      expect_eq("lbfp8_mul comb", lbfp_comb, lbfp_expected[i]);
      expect_eq("int8_mul comb", int_comb, int_expected[i]);
      clk = 1;
      #1;
      expect_eq("lbfp8_mul reg", lbfp_reg, lbfp_expected[i]);
      expect_eq("int8_mul reg", int_reg, int_expected[i]);
      clk = 0;
      #1;
    end
    if (errors == 0) $display("PASS: 65536 pairs x 4 instances");
    else $display("FAIL: %0d mismatches", errors);
    $finish;
  end

endmodule
