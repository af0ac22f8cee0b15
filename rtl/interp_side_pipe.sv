// Side data (x, the per-element configuration) carried past a stall-all FP
// unit in registers that move with the unit's own stages: stage k of the
// chain holds the side data of the element (or bubble) in the unit's stage k,
// so the last stage belongs to the result at the unit's output. en_i is the
// unit's stage enable (its in_ready_o: the stages advance together), Depth
// its Latency. Unlike interp_side_fifo no pointers and no reset: a verilated
// model copies Depth registers per clock (docs/results/rtl-throughput.md).
module interp_side_pipe #(
  parameter int Width = 32,
  parameter int Depth = 2
) (
  input  logic             clk_i,
  input  logic             en_i,
  input  logic [Width-1:0] data_i,
  output logic [Width-1:0] data_o
);

  // One register per stage, each in its own always_ff: an unpacked array
  // shifted in one block gets a shadow copy of the whole array when verilated.
  logic [Width-1:0] stage_d [Depth + 1];

  assign stage_d[0] = data_i;

  for (genvar k = 0; k < Depth; k++) begin : g_stage
    logic [Width-1:0] data_q;

    always_ff @(posedge clk_i) begin
      if (en_i) begin
        data_q <= stage_d[k];
      end
    end

    assign stage_d[k+1] = data_q;
  end

  assign data_o = stage_d[Depth];

endmodule
