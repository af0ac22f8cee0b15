// Pipeline depths of the interpolation units, readable by users and testbenches.
package interp_pkg;

  // fp32_add's and fp32_fma's Latency localparams, mirrored here because a
  // parent cannot read a child's localparam in all three tools; the verilated
  // tests check the sums against measured latencies.
  localparam int AddLatency = 2;
  localparam int FmaLatency = 3;

  // interp_lane / interp_unit: SUB (AddLatency) + CLS + IDX + RD + FMA.
  localparam int LaneLatency = AddLatency + 3 + FmaLatency;

  // bsearch units with 2^SegBits segments: Latency = SegBits + BsearchExtra
  // (input stage, one stage per level, table read, FMA).
  localparam int BsearchExtra = 2 + FmaLatency;

endpackage
