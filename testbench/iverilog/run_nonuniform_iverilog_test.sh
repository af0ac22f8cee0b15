#!/usr/bin/env bash
# ctest driver: golden vectors from nonuniform_vector_gen, then nonuniform_lane
# under Icarus Verilog.
# usage: run_nonuniform_iverilog_test.sh GEN_EXE WORK_DIR FUNC SEGMENTS EDGES COUNT
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
gen="$1"; work="$2"; shift 2
mkdir -p "$work"
"$gen" "$@" "$work"
# nonuniform_lane's sources from the RTL file list (rtl/rtl_files.cmake).
mapfile -t sources < <("$root/rtl/rtl_files.py" nonuniform_lane)
[ "${#sources[@]}" -gt 0 ] || exit 1
iverilog -g2012 -grelative-include -s nonuniform_lane_tb \
  -P "nonuniform_lane_tb.VectorDir=\"$work\"" -o "$work/tb.vvp" \
  "$root/testbench/iverilog/nonuniform_lane_tb.sv" "${sources[@]}" 2>&1 |
  grep -v "sorry: constant selects" || true
test -f "$work/tb.vvp"
vvp -n "$work/tb.vvp"
