// Small register FIFO that carries an element's side data (x and its flags)
// past an FP unit that has no tag port: push when the unit accepts an
// element, pop when the unit's result is taken. The FP units keep order, so
// the head always belongs to the result at the unit's output. Depth must be at
// least the number of elements the unit can hold (its Latency).
module interp_side_fifo #(
  parameter int Width = 32,
  parameter int Depth = 2
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             push_i,
  input  logic [Width-1:0] push_data_i,
  input  logic             pop_i,
  output logic [Width-1:0] head_o
);

  localparam int PtrWidth = (Depth > 1) ? $clog2(Depth) : 1;

  (* mem2reg *) logic [Width-1:0] data_q [Depth];  // flip-flops, not a RAM
  logic [PtrWidth-1:0] wr_ptr_q, rd_ptr_q;

  logic [PtrWidth-1:0] wr_ptr_next, rd_ptr_next;

  assign wr_ptr_next = (wr_ptr_q == PtrWidth'(Depth - 1)) ? '0 : wr_ptr_q + 1'b1;
  assign rd_ptr_next = (rd_ptr_q == PtrWidth'(Depth - 1)) ? '0 : rd_ptr_q + 1'b1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
    end else begin
      if (push_i) begin
        wr_ptr_q <= wr_ptr_next;
      end
      if (pop_i) begin
        rd_ptr_q <= rd_ptr_next;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (push_i) begin
      data_q[wr_ptr_q] <= push_data_i;
    end
  end

  assign head_o = data_q[rd_ptr_q];

endmodule
