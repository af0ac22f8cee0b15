// Self-checking Icarus Verilog testbench of nonuniform_lane: descriptors are
// written through the lane's descriptor port, the table port is served from
// rows.hex with random grant denials (read data the cycle after a grant),
// inputs are offered with random bubbles and outputs taken under random
// backpressure; every output is compared in order with the golden model's
// (files from nonuniform_vector_gen). Prints "PASS <count>" or "FAIL ...".
module nonuniform_lane_tb #(
  parameter VectorDir      = ".",
  parameter int MaxVectors = 65536,
  parameter int MaxRows    = 65536
);

  localparam int PartBitsMax  = 7;
  localparam int SegBitsMax   = 16;
  localparam int TblAddrWidth = SegBitsMax + 1 + PartBitsMax;

  logic        clk = 1'b0;
  logic        rst_n = 1'b0;
  logic        in_valid, in_ready, out_valid, out_ready;
  logic [31:0] in_x, out_y;
  logic        tbl_req, tbl_gnt;
  logic [TblAddrWidth-1:0] tbl_idx;
  logic [63:0] tbl_rdata;
  logic        desc_we;
  logic [PartBitsMax-1:0] desc_addr;
  logic [31:0] config_words [2];
  logic [31:0] descriptors [5 << PartBitsMax];
  logic [63:0] rows [MaxRows];
  logic [31:0] inputs   [MaxVectors];
  logic [31:0] expected [MaxVectors];
  int          parts, count, sent, received, mismatches, cycles;
  logic        loaded = 1'b0;    // descriptors written: the run starts

  always #5 clk = ~clk;

  nonuniform_lane #(
    .PartBitsMax (PartBitsMax),
    .SegBitsMax  (SegBitsMax),
    .TblAddrWidth(TblAddrWidth)
  ) dut (
    .clk_i          (clk),
    .rst_ni         (rst_n),
    .cfg_parts_i    ((PartBitsMax + 1)'(parts)),
    .desc_we_i      (desc_we),
    .desc_addr_i    (desc_addr),
    .desc_a_i       (descriptors[5 * desc_addr]),
    .desc_b_i       (descriptors[5 * desc_addr + 1]),
    .desc_m_i       (descriptors[5 * desc_addr + 2][7:0]),
    .desc_n_i       (descriptors[5 * desc_addr + 3][4:0]),
    .desc_row_base_i(descriptors[5 * desc_addr + 4][TblAddrWidth-1:0]),
    .in_valid_i     (in_valid),
    .in_ready_o     (in_ready),
    .in_x_i         (in_x),
    .tbl_req_o      (tbl_req),
    .tbl_idx_o      (tbl_idx),
    .tbl_gnt_i      (tbl_gnt),
    .tbl_rdata_i    (tbl_rdata),
    .out_valid_o    (out_valid),
    .out_ready_i    (out_ready),
    .out_y_o        (out_y)
  );

  `include "stream_vectors.svh"

  initial begin
    $readmemh({VectorDir, "/desc.hex"}, descriptors);
    $readmemh({VectorDir, "/rows.hex"}, rows);
    stream_vectors_load(1);
    parts = config_words[0];
    if (parts <= 0 || parts > (1 << PartBitsMax)) begin
      $display("FAIL bad part count %0d", parts);
      $finish;
    end
    tbl_gnt = 1'b0;
    tbl_rdata = '0;
    in_x = '0;
    desc_we = 1'b0;
    desc_addr = '0;
    stream_reset();
    // One descriptor per cycle, written at the rising edge.
    for (int j = 0; j < parts; j++) begin
      @(negedge clk);
      desc_we = 1'b1;
      desc_addr = PartBitsMax'(j);
    end
    @(negedge clk);
    desc_we = 1'b0;
    loaded = 1'b1;
  end

  // Handshakes and the table read are sampled at the rising edge; new inputs,
  // grants and read data are driven at the falling edge.
  wire tb_run = loaded;
  `include "stream_scoreboard.svh"
  localparam logic [63:0] TableJunk = 64'h7F800001_7F800001;
  `include "table_port_responder.svh"

  always @(negedge clk) begin
    if (loaded) begin
      scoreboard_check_end();
      stream_drive_handshakes();
      in_x = inputs[sent];
      table_port_drive();
    end
  end

endmodule
