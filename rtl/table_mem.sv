// Single-port-read, single-port-write synchronous RAM: the interpolation
// tables ({K, B} rows) and the binary-search breakpoint memories.
//
// Kept in its own module so synthesis infers (or blackboxes) it as memory bits
// rather than flip-flops. Read data is registered: rdata_o holds the word
// addressed by raddr_i in the last cycle with re_i high, and keeps it while
// re_i is low. A write and a read of the same address in one cycle return the
// old word. InitFile, when not empty, is loaded with $readmemh (a .tbl file
// works: its // comments and KKKKKKKK_BBBBBBBB rows are legal $readmemh input).
module table_mem #(
  parameter int Width     = 64,
  parameter int Words     = 18,
  parameter int AddrWidth = (Words > 1) ? $clog2(Words) : 1,
  parameter     InitFile  = ""
) (
  input  logic                 clk_i,
  input  logic                 we_i,
  input  logic [AddrWidth-1:0] waddr_i,
  input  logic [Width-1:0]     wdata_i,
  input  logic                 re_i,
  input  logic [AddrWidth-1:0] raddr_i,
  output logic [Width-1:0]     rdata_o
);

  logic [Width-1:0] mem_q [Words];
  logic [Width-1:0] rdata_q;

  initial begin
    if (InitFile != "") begin
      $readmemh(InitFile, mem_q);
    end
  end

  always_ff @(posedge clk_i) begin
    if (we_i) begin
      mem_q[waddr_i] <= wdata_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (re_i) begin
      rdata_q <= mem_q[raddr_i];
    end
  end

  assign rdata_o = rdata_q;

endmodule
