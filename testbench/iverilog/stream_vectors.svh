// The vector loading, reset and handshake driving of the Icarus unit
// testbenches, included inside the module (iverilog -grelative-include) next
// to stream_scoreboard.svh. stream_vectors_load() reads config.hex,
// inputs.hex and expected.hex from VectorDir, takes the vector count from
// config_words[count_word], ends the run with FAIL on a count outside
// 1..MaxVectors and clears the scoreboard's counters and the stream
// handshakes; stream_reset() holds reset for three rising edges;
// stream_drive_handshakes(), called at the falling edge, offers the next
// input with random bubbles and takes outputs under random backpressure.
// The including module declares VectorDir, MaxVectors, clk, rst_n, in_valid,
// out_ready, config_words[], inputs[], expected[], count, sent, received,
// mismatches and cycles.
task automatic stream_vectors_load(input int count_word);
  $readmemh({VectorDir, "/config.hex"}, config_words);
  $readmemh({VectorDir, "/inputs.hex"}, inputs);
  $readmemh({VectorDir, "/expected.hex"}, expected);
  count = config_words[count_word];
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
endtask

task automatic stream_reset();
  repeat (3) @(posedge clk);
  rst_n = 1'b1;
endtask

task automatic stream_drive_handshakes();
  in_valid  = (sent < count) && ($urandom % 4 != 0);
  out_ready = ($urandom % 3 != 0);
endtask
