#!/usr/bin/env bash
# ctest driver: vectors of one interp_unit format instance from
# format_vector_gen, then the RTL under Icarus Verilog with that instance's
# parameters (the .tbl loaded by $readmemh).
# usage: run_format_iverilog.sh GEN_EXE WORK_DIR IO KB FUNC A M N EDGES -- PARAM=VALUE...
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
gen="$1"; work="$2"; shift 2
gen_args=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do gen_args+=("$1"); shift; done
[ "$#" -gt 0 ] && shift
params=()
for assignment in "$@"; do params+=(-P "interp_unit_format_tb.$assignment"); done
mkdir -p "$work"
"$gen" "${gen_args[@]}" "$work"
mapfile -t sources < <("$root/rtl/rtl_files.py" interp_unit)
[ "${#sources[@]}" -gt 0 ] || exit 1
iverilog -g2012 -grelative-include -s interp_unit_format_tb \
  -P "interp_unit_format_tb.VectorDir=\"$work\"" "${params[@]}" \
  -o "$work/tb.vvp" "$root/testbench/rtl/iverilog/interp_unit_format_tb.sv" "${sources[@]}" 2>&1 |
  grep -v "sorry: constant selects" || true
test -f "$work/tb.vvp"
vvp -n "$work/tb.vvp" | tee "$work/tb.log"
grep -q '^PASS' "$work/tb.log"
