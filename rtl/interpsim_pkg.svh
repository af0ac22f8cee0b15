// Constants and helpers shared by several rtl/ modules: each fact is written
// here once (docs/rtl.md, "Shared package").
//
// A package in an include file with a guard: every module file that uses it
// starts with `include "interpsim_pkg.svh"`, so the package is declared
// before its first use whatever order the files are compiled in (Verilator
// 5.006 needs a package declared before its users, PKGNODECL), and only once.
// Modules name its items as interpsim_pkg::Item (Yosys 0.23 does not parse an
// `import` in a module header). The include is resolved next to the including
// file: Yosys does so by default, Verilator with --relative-includes, Icarus
// with -grelative-include (or any of them with rtl/ as the working directory
// or an -I rtl). The drivers use no search path, so that a module missing
// from rtl/rtl_files.cmake is an error rather than found by name.
`ifndef INTERPSIM_PKG_SVH_
`define INTERPSIM_PKG_SVH_

package interpsim_pkg;

  // Each module uses some of these.
  /* verilator lint_off UNUSEDPARAM */

  // IEEE-754 binary32: the magnitude bits of an infinity (exponent all ones,
  // fraction zero); magnitudes above it are NaNs.
  localparam logic [30:0] Fp32InfMagnitude = 31'h7F80_0000;
  // The only NaN the units produce (quiet, positive, zero payload).
  localparam logic [31:0] Fp32CanonicalNan = 32'h7FC0_0000;

  // Cycles from the input handshake to out_valid_o without stalls, of
  // fp_add and fp_fma in every format (fp32_add and fp32_fma are their fp32
  // instances). The FP units report theirs as their Latency localparam; a
  // parent reads them here (not every tool lets a parent read a child's
  // localparam).
  localparam int FpAddLatency = 2;
  localparam int FpFmaLatency = 4;
  // The most register stages fp_add / fp_fma can add (their ExtraStages
  // parameter, one cut each, one cycle of latency each): a unit's latency is
  // FpAddLatency + ExtraStages or FpFmaLatency + ExtraStages.
  localparam int AddMaxExtraStages = 2;
  localparam int FmaMaxExtraStages = 3;
  // The same facts under their fp32 names (scripts/hardware_report.py).
  localparam int Fp32AddLatency = FpAddLatency;
  localparam int Fp32FmaLatency = FpFmaLatency;
  // interp_lane and interp_unit, every format: SUB (fp_add) + CLS + IDX + RD
  // + FMA (interp_output_stage, i.e. fp_fma), with AddExtraStages =
  // FmaExtraStages = 0 (each adds its stages to this).
  localparam int InterpLaneLatency = FpAddLatency + 3 + FpFmaLatency;
  // value_lut_lane and value_lut_unit: SUB (fp_add) + CLS + IDX + FRAC
  // (fp_fma) + RD + DIFF (fp_add) + FMA (fp_fma).
  localparam int ValueLutLaneLatency = 2 * FpAddLatency + 3 + 2 * FpFmaLatency;
  // nonuniform_lane's default PartBitsMax (at most 2^7 parts), the instance
  // the simulator's RTL lanes use (model/lane_cycle_model.hpp
  // kNonuniformLanePartBits, checked against it by testbench/lanes).
  localparam int NonuniformLanePartBits = 7;
  // int_interp_lane and int_interp_unit, every width: SUB + IDX + RD + MUL
  // + ADD + RND.
  localparam int IntInterpLaneLatency = 6;
  // lbfp8_int_interp_lane (an LBFP8 input decoded into int_interp_lane's x):
  // DEC + int_interp_lane's SUB + IDX + RD + MUL + ADD + RND (a literal, as
  // CMake reads it; lbfp8_int_interp_lane_test measures it).
  localparam int Lbfp8IntInterpLaneLatency = 7;
  // lbfp_interp_lane: DEC + SUB + IDX + RD + MUL + OUT.
  localparam int LbfpInterpLaneLatency = 6;

  // One table row of the fp32 units (kb format fp32): {K, B}, the float32
  // bits of slope and intercept. interp_lane/interp_unit of another kb format
  // have rows of 2 * (kb width) bits.
  localparam int TableRowWidth = 64;

  /* verilator lint_on UNUSEDPARAM */

  // NaN test on float32 bits (the sign bit does not matter). One magnitude
  // compare: no branch in a verilated model. Call it in a continuous
  // assignment: inside an always_comb block it can hang Icarus Verilog 11.
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic logic fp32_is_nan(logic [31:0] value);
    fp32_is_nan = (value[30:0] > Fp32InfMagnitude);
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

endpackage

`endif  // INTERPSIM_PKG_SVH_
