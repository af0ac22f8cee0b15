// The scoreboard of the Icarus unit testbenches, included inside the module
// (iverilog -grelative-include). At each rising edge, while tb_run is 1, it
// counts the input handshakes and compares every output with expected[] in
// order; scoreboard_check_end(), called at the falling edge before new inputs
// are driven, ends the run with PASS or FAIL (all outputs in, or a timeout).
// The including module declares clk, tb_run, in_valid, in_ready, out_valid,
// out_ready, out_y, inputs[], expected[], count, sent, received, mismatches
// and cycles.
always @(posedge clk) begin
  if (tb_run) begin
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

task automatic scoreboard_check_end();
  if (received == count) begin
    if (mismatches == 0) $display("PASS %0d vectors in %0d cycles", count, cycles);
    else $display("FAIL %0d of %0d outputs differ", mismatches, count);
    $finish;
  end
  if (cycles > 64 * count + 1000) begin
    $display("FAIL timeout: %0d of %0d outputs", received, count);
    $finish;
  end
endtask
