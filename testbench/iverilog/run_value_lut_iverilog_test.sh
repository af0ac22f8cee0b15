#!/usr/bin/env bash
# ctest driver: golden vectors from value_lut_vector_gen, then value_lut_unit
# under Icarus Verilog. usage: run_value_lut_iverilog_test.sh GEN_EXE WORK_DIR
# FUNC MODE A M E0 N EDGES COUNT
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
gen="$1"; work="$2"; shift 2
mkdir -p "$work"
"$gen" "$@" "$work"
# value_lut_unit's sources from the RTL file list (rtl/rtl_files.cmake).
mapfile -t sources < <("$root/rtl/rtl_files.py" value_lut_unit)
[ "${#sources[@]}" -gt 0 ] || exit 1
iverilog -g2012 -grelative-include -s value_lut_unit_tb \
  -P "value_lut_unit_tb.VectorDir=\"$work\"" -o "$work/tb.vvp" \
  "$root/testbench/iverilog/value_lut_unit_tb.sv" "${sources[@]}" 2>&1 |
  grep -v "sorry: constant selects" || true
test -f "$work/tb.vvp"
vvp -n "$work/tb.vvp"
