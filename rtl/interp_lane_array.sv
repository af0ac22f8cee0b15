`include "interpsim_pkg.svh"

// NumLanes interp_lane instances behind flattened ports: lane k owns bit k of
// the one-bit ports and bits [k*W +: W] of the wide ones (W: the lane's port
// width), so every tool of the flow reads it (Yosys takes no 2-D ports). The lanes share
// one table configuration (cfg_*), as the lanes of the SIMD array do; each
// keeps its own table port. No logic of its own: a simulation top, so that a
// verilated model evaluates many lanes per eval() (docs/design.md section 6,
// the SIMD array's RTL lanes) with exactly interp_lane's cycle behaviour.
module interp_lane_array #(
  parameter int NumLanes     = 8,
  parameter int SegBitsMax   = 16,
  parameter int IoExpBits    = 8,
  parameter int IoManBits    = 23,
  parameter int IoFiniteOnly = 0,
  parameter int KbExpBits    = 8,
  parameter int KbManBits    = 23,
  parameter int KbFiniteOnly = 0,
  localparam int IoWidth      = 1 + IoExpBits + IoManBits,
  localparam int TblRowWidth  = 2 * (1 + KbExpBits + KbManBits),
  localparam int TblAddrWidth = SegBitsMax + 1
) (
  input  logic                                      clk_i,
  input  logic                                      rst_ni,
  input  logic [IoWidth-1:0]                        cfg_a_i,
  input  logic [IoWidth-1:0]                        cfg_b_i,
  input  logic [7:0]                                cfg_m_i,
  input  logic [4:0]                                cfg_n_i,
  input  logic [NumLanes-1:0]                       in_valid_i,
  output logic [NumLanes-1:0]                       in_ready_o,
  input  logic [NumLanes*IoWidth-1:0]               in_x_i,
  output logic [NumLanes-1:0]                       tbl_req_o,
  output logic [NumLanes*TblAddrWidth-1:0]          tbl_idx_o,
  input  logic [NumLanes-1:0]                       tbl_gnt_i,
  input  logic [NumLanes*TblRowWidth-1:0]           tbl_rdata_i,
  output logic [NumLanes-1:0]                       out_valid_o,
  input  logic [NumLanes-1:0]                       out_ready_i,
  output logic [NumLanes*IoWidth-1:0]               out_y_o
);

  for (genvar k = 0; k < NumLanes; k++) begin : g_lane
    interp_lane #(
      .SegBitsMax  (SegBitsMax),
      .IoExpBits   (IoExpBits),
      .IoManBits   (IoManBits),
      .IoFiniteOnly(IoFiniteOnly),
      .KbExpBits   (KbExpBits),
      .KbManBits   (KbManBits),
      .KbFiniteOnly(KbFiniteOnly)
    ) u_lane (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .cfg_a_i    (cfg_a_i),
      .cfg_b_i    (cfg_b_i),
      .cfg_m_i    (cfg_m_i),
      .cfg_n_i    (cfg_n_i),
      .cfg_row_base_i('0),
      .in_valid_i (in_valid_i[k]),
      .in_ready_o (in_ready_o[k]),
      .in_x_i     (in_x_i[k*IoWidth +: IoWidth]),
      .tbl_req_o  (tbl_req_o[k]),
      .tbl_idx_o  (tbl_idx_o[k*TblAddrWidth +: TblAddrWidth]),
      .tbl_gnt_i  (tbl_gnt_i[k]),
      .tbl_rdata_i(tbl_rdata_i[k*TblRowWidth +: TblRowWidth]),
      .out_valid_o(out_valid_o[k]),
      .out_ready_i(out_ready_i[k]),
      .out_y_o    (out_y_o[k*IoWidth +: IoWidth])
    );
  end

endmodule
