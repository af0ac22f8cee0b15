// Side data (x, the per-element configuration) carried past a stall-all FP
// unit in registers that move with the unit's own stages: stage k of the
// chain holds the side data of the element (or bubble) in the unit's stage k,
// so the last stage belongs to the result at the unit's output. en_i is the
// unit's stage enable (its in_ready_o: the stages advance together), Depth
// its Latency (>= 1). Unlike interp_side_fifo no pointers and no reset: a
// verilated model copies Depth registers per clock
// (docs/results/rtl-throughput.md).
module interp_side_pipe #(
  parameter int Width = 32,
  parameter int Depth = 2
) (
  input  logic             clk_i,
  input  logic             en_i,
  input  logic [Width-1:0] data_i,
  output logic [Width-1:0] data_o
);

  // One register per stage, each in its own always_ff and without an array
  // between them: an array shifted in one block gets a shadow copy when
  // verilated, one written by several blocks is kept in memory.
  for (genvar k = 0; k < Depth; k++) begin : g_stage
    logic [Width-1:0] data_q;

    if (k == 0) begin : g_first
      always_ff @(posedge clk_i) begin
        if (en_i) begin
          data_q <= data_i;
        end
      end
    end else begin : g_next
      always_ff @(posedge clk_i) begin
        if (en_i) begin
          data_q <= g_stage[k-1].data_q;
        end
      end
    end
  end

  assign data_o = g_stage[Depth-1].data_q;

endmodule
