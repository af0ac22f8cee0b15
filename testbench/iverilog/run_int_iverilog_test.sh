#!/usr/bin/env bash
# ctest driver: golden vectors of the fixed-point unit from int_vector_gen,
# then int_interp_unit under Icarus Verilog at the table's width.
# usage: run_int_iverilog_test.sh GEN_EXE WORK_DIR FUNC A M N EDGES FORMAT ROUNDING SEED COUNT
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
gen="$1"; work="$2"; shift 2
width="${6#int}"
mkdir -p "$work"
"$gen" "$@" "$work"
# int_interp_unit's sources from the RTL file list (rtl/rtl_files.cmake).
mapfile -t sources < <("$root/rtl/rtl_files.py" int_interp_unit)
[ "${#sources[@]}" -gt 0 ] || exit 1
iverilog -g2012 -grelative-include -s int_interp_unit_tb \
  -P "int_interp_unit_tb.VectorDir=\"$work\"" -P "int_interp_unit_tb.Width=$width" \
  -o "$work/tb.vvp" "$root/testbench/iverilog/int_interp_unit_tb.sv" "${sources[@]}" 2>&1 |
  grep -v "sorry: constant selects" || true
test -f "$work/tb.vvp"
vvp -n "$work/tb.vvp" | tee "$work/tb.log"
grep -q '^PASS' "$work/tb.log"
