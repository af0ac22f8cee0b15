#!/usr/bin/env bash
# Icarus Verilog run of lbfp8_mul and int8_mul (mul_units_tb.sv) against the
# model's products for every input pair. Exit status 0 only on PASS.
# Usage: run_mul_iverilog.sh MUL_MODEL_DUMP WORK_DIR
set -euo pipefail
[ "$#" -eq 2 ] || { echo "usage: run_mul_iverilog.sh MUL_MODEL_DUMP WORK_DIR" >&2; exit 2; }
dump="$1" work_dir="$2"
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$here/../../rtl"
mkdir -p "$work_dir"
"$dump" --hex "$work_dir"
mapfile -t sources < <("$rtl/rtl_files.py" lbfp8_mul int8_mul)
[ "${#sources[@]}" -gt 0 ] || exit 1
iverilog -g2012 -grelative-include -o "$work_dir/mul_units_tb.vvp" -s mul_units_tb \
  "$here/mul_units_tb.sv" "${sources[@]}"
vvp -n "$work_dir/mul_units_tb.vvp" "+vectors=$work_dir" | tee "$work_dir/mul_units_tb.log"
grep -q '^PASS' "$work_dir/mul_units_tb.log"
