`include "interpsim_pkg.svh"

// Non-uniform table lane (docs/design.md section 4, "Non-uniform table"): a
// pipelined binary search over the sub-interval starts a_j picks the part,
// then interp_lane runs Algorithm 1 with that part's a_j, b_j = a_j + 2^m_j,
// m_j, n_j and the offset of its rows in the one table memory. fp32 (the
// golden model model/nonuniform.* is fp32).
//
// The part is the largest j < J with a_j <= x, 0 below every start (and for
// NaN, whose output is the canonical NaN whatever the part): MSB first, level
// k compares x with a_c, c = (2p + 1) * 2^(PartBitsMax-1-k), p being the k
// part bits found so far, and takes the bit when c < J and x >= a_c. Level k
// has its own memory of the 2^k starts it can compare against, read in the
// cycle the element enters the stage (bsearch_pipelined's structure); a_0 is
// never compared. The descriptors {a, b, m, n, row base} sit in one memory,
// read as the element enters the last search stage.
//
// Stages (docs/rtl.md, "nonuniform_lane"): IN, L0 .. L(PartBitsMax-1) (the
// last one also holds the descriptor), then interp_lane with PerElementCfg.
// Stall-all: the search stages advance when interp_lane's stages do (its
// in_ready_o). Latency PartBitsMax + 1 + interp_lane's, II = 1
// for every number of parts. Ports: interp_lane's valid/ready and table port
// (tbl_idx_o = the part's row base + the row within the part).
module nonuniform_lane #(
  // At most 2^PartBitsMax parts, PartBitsMax >= 1; the search always takes
  // PartBitsMax stages.
  parameter int PartBitsMax  = interpsim_pkg::NonuniformLanePartBits,
  // Widest part: n_j <= SegBitsMax.
  parameter int SegBitsMax   = 16,
  // Table address width: every part's N_j + 2 rows, one after the other.
  parameter int TblAddrWidth = SegBitsMax + 1 + PartBitsMax,
  /* verilator lint_off UNUSEDPARAM */
  // IN + one stage per search level + interp_lane.
  localparam int Latency /* verilator public */ =
      PartBitsMax + 1 + interpsim_pkg::InterpLaneLatency,
  /* verilator lint_on UNUSEDPARAM */
  localparam int Parts         = 1 << PartBitsMax,
  localparam int PartAddrWidth = (PartBitsMax > 0) ? PartBitsMax : 1
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  // Runtime configuration; change only while the lane is idle.
  input  logic [PartBitsMax:0]                    cfg_parts_i,  // J, 1 .. 2^PartBitsMax
  // Descriptor write port: part desc_addr_i starts at desc_a_i (float32),
  // ends at desc_b_i = a + 2^m, has 2^n segments, and its N + 2 rows start
  // at table row desc_row_base_i.
  input  logic                                    desc_we_i,
  input  logic [PartAddrWidth-1:0]                desc_addr_i,
  input  logic [31:0]                             desc_a_i,
  input  logic [31:0]                             desc_b_i,
  input  logic [7:0]                              desc_m_i,
  input  logic [4:0]                              desc_n_i,
  input  logic [TblAddrWidth-1:0]                 desc_row_base_i,
  // Input stream.
  input  logic                                    in_valid_i,
  output logic                                    in_ready_o,
  input  logic [31:0]                             in_x_i,
  // Table port, as interp_lane's.
  output logic                                    tbl_req_o,
  output logic [TblAddrWidth-1:0]                 tbl_idx_o,
  input  logic                                    tbl_gnt_i,
  input  logic [interpsim_pkg::TableRowWidth-1:0] tbl_rdata_i,
  // Output stream.
  output logic                                    out_valid_o,
  input  logic                                    out_ready_i,
  output logic [31:0]                             out_y_o
);

  localparam int DescWidth = 32 + 32 + 8 + 5 + TblAddrWidth;

  // The search stages move exactly when interp_lane's own stages do (its
  // in_ready_o is its advance): one stall-all pipeline.
  logic advance;
  logic [PartBitsMax:0] stage_valid_q;

  assign in_ready_o = advance;

  // Stage register k (0 .. PartBitsMax) holds an element that has resolved k
  // part bits: stage 0 is IN, stage k >= 1 follows level k - 1.
  logic [31:0]            stage_x_q    [PartBitsMax + 1];
  logic [PartAddrWidth-1:0] stage_bits_q [PartBitsMax + 1];  // part bits, MSB first
  logic [PartAddrWidth-1:0] stage_bits_d [PartBitsMax + 1];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      stage_valid_q <= '0;
    end else if (advance) begin
      stage_valid_q <= (PartBitsMax + 1)'({stage_valid_q, in_valid_i});
    end
  end

  assign stage_bits_d[0] = '0;

  always_ff @(posedge clk_i) begin
    if (advance) begin
      stage_x_q[0]    <= in_x_i;
      stage_bits_q[0] <= '0;
    end
  end

  // ---------------------------------------------------------------------------
  // Levels: stage k reads level k's memory of starts, compares, and passes
  // k + 1 part bits.
  // ---------------------------------------------------------------------------
  for (genvar k = 0; k < PartBitsMax; k++) begin : g_level
    localparam int Words     = 1 << k;
    localparam int AddrWidth = (k > 0) ? k : 1;
    localparam int LowBits   = PartBitsMax - k;  // bits of c below the level's p

    logic                   we;
    logic [AddrWidth-1:0]   waddr;
    logic [AddrWidth-1:0]   raddr;
    logic [31:0]            start;
    logic [31:0]            key_start, key_x;
    logic [PartAddrWidth-1:0] candidate;
    logic                   x_nan;
    logic                   take;

    // a_c belongs to level k when c = (2p + 1) * 2^(PartBitsMax-1-k).
    assign we = desc_we_i
             && (desc_addr_i[LowBits-1:0] == LowBits'(1 << (LowBits - 1)));
    if (k == 0) begin : g_root
      assign waddr = '0;
      assign raddr = '0;
    end else begin : g_inner
      assign waddr = desc_addr_i[PartBitsMax-1:LowBits];
      // The bits stage k is about to hold: level k - 1's result.
      assign raddr = stage_bits_d[k][PartBitsMax-1:LowBits];
    end

    table_mem #(
      .Width    (32),
      .Words    (Words),
      .AddrWidth(AddrWidth)
    ) u_starts (
      .clk_i  (clk_i),
      .we_i   (we),
      .waddr_i(waddr),
      .wdata_i(desc_a_i),
      .re_i   (advance),
      .raddr_i(raddr),
      .rdata_o(start)
    );

    interp_order_key u_key_start (.value_i(start),        .key_o(key_start));
    interp_order_key u_key_x     (.value_i(stage_x_q[k]), .key_o(key_x));

    // A function call in an always_comb block hangs Icarus Verilog 11: assign.
    assign x_nan     = interpsim_pkg::fp32_is_nan(stage_x_q[k]);
    assign candidate = stage_bits_q[k] | (PartAddrWidth'(1) << (LowBits - 1));
    // NaN stays in part 0, whose row N it reads (the cycle model's row).
    assign take      = !x_nan && ((PartBitsMax + 1)'(candidate) < cfg_parts_i)
                    && (key_x >= key_start);
    assign stage_bits_d[k+1] = take ? candidate : stage_bits_q[k];

    always_ff @(posedge clk_i) begin
      if (advance) begin
        stage_x_q[k+1]    <= stage_x_q[k];
        stage_bits_q[k+1] <= stage_bits_d[k+1];
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Descriptor of the chosen part: read as the element enters the last stage.
  // ---------------------------------------------------------------------------
  logic [DescWidth-1:0]    desc;
  logic [31:0]             part_a, part_b;
  logic [7:0]              part_m;
  logic [4:0]              part_n;
  logic [TblAddrWidth-1:0] part_row_base;
  logic [PartAddrWidth-1:0] desc_raddr;
  logic [31:0]             last_x;

  // Plain signals, not array elements, on instance ports: Yosys 0.23 fails
  // to rederive the module with -chparam otherwise.
  assign desc_raddr = stage_bits_d[PartBitsMax];
  assign last_x     = stage_x_q[PartBitsMax];

  table_mem #(
    .Width    (DescWidth),
    .Words    (Parts),
    .AddrWidth(PartAddrWidth)
  ) u_descriptors (
    .clk_i  (clk_i),
    .we_i   (desc_we_i),
    .waddr_i(desc_addr_i),
    .wdata_i({desc_a_i, desc_b_i, desc_m_i, desc_n_i, desc_row_base_i}),
    .re_i   (advance),
    .raddr_i(desc_raddr),
    .rdata_o(desc)
  );

  assign {part_a, part_b, part_m, part_n, part_row_base} = desc;

  // ---------------------------------------------------------------------------
  // Algorithm 1 inside the part: interp_lane, configured per element.
  // ---------------------------------------------------------------------------
  interp_lane #(
    .SegBitsMax   (SegBitsMax),
    .PerElementCfg(1'b1),
    .TblAddrWidth (TblAddrWidth)
  ) u_lane (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .cfg_a_i       (part_a),
    .cfg_b_i       (part_b),
    .cfg_m_i       (part_m),
    .cfg_n_i       (part_n),
    .cfg_row_base_i(part_row_base),
    .in_valid_i    (stage_valid_q[PartBitsMax]),
    .in_ready_o    (advance),
    .in_x_i        (last_x),
    .tbl_req_o     (tbl_req_o),
    .tbl_idx_o     (tbl_idx_o),
    .tbl_gnt_i     (tbl_gnt_i),
    .tbl_rdata_i   (tbl_rdata_i),
    .out_valid_o   (out_valid_o),
    .out_ready_i   (out_ready_i),
    .out_y_o       (out_y_o)
  );

endmodule
