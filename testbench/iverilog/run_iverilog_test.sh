#!/usr/bin/env bash
# ctest driver: golden vectors from rtl_vector_gen, then the same RTL under
# Icarus Verilog. usage: run_iverilog_test.sh GEN_EXE WORK_DIR FUNC A M N EDGES COUNT
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
gen="$1"; work="$2"; shift 2
mkdir -p "$work"
"$gen" "$@" "$work"
# interp_unit's sources from the RTL file list (rtl/rtl_files.cmake); includes
# (interpsim_pkg.svh) resolve next to the including file.
mapfile -t sources < <("$root/rtl/rtl_files.py" interp_unit)
[ "${#sources[@]}" -gt 0 ] || exit 1
iverilog -g2012 -grelative-include -s interp_unit_tb -P "interp_unit_tb.VectorDir=\"$work\"" \
  -o "$work/tb.vvp" "$root/testbench/iverilog/interp_unit_tb.sv" "${sources[@]}" 2>&1 |
  grep -v "sorry: constant selects" || true
test -f "$work/tb.vvp"
vvp -n "$work/tb.vvp"
