#!/usr/bin/env bash
# ctest driver of the Icarus Verilog testbenches (testbench/iverilog/TOP_tb.sv):
# golden vectors from GEN_EXE (a C++ model's vector generator) first, then
# TOP_tb with TOP's sources from the RTL file list; passes on a PASS line.
# usage: run_iverilog_test.sh GEN_EXE WORK_DIR TOP [PARAM=VALUE ...] -- GEN_ARGS...
#   PARAM=VALUE  a parameter of the testbench (e.g. Width=8)
#   GEN_ARGS     the generator's arguments before its OUT_DIR (WORK_DIR)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
gen="$1"; work="$2"; top="$3"; shift 3
params=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  params+=(-P "${top}_tb.$1"); shift
done
[ "${1:-}" = "--" ] || { echo "run_iverilog_test: missing -- before the generator's arguments" >&2; exit 2; }
shift
mkdir -p "$work"
"$gen" "$@" "$work"
mapfile -t sources < <("$root/rtl/rtl_files.py" "$top")
[ "${#sources[@]}" -gt 0 ] || exit 1
iverilog -g2012 -grelative-include -s "${top}_tb" -P "${top}_tb.VectorDir=\"$work\"" \
  "${params[@]}" -o "$work/tb.vvp" "$root/testbench/iverilog/${top}_tb.sv" "${sources[@]}" 2>&1 |
  grep -v "sorry: constant selects" || true
test -f "$work/tb.vvp"
vvp -n "$work/tb.vvp" | tee "$work/tb.log"
grep -q '^PASS' "$work/tb.log"
