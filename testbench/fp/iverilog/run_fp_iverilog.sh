#!/usr/bin/env bash
# Runs the Icarus Verilog testbench of fp32_add and fp32_fma: writes vectors
# with fp_iverilog_vectors, compiles rtl/ + fp_units_tb.sv with iverilog -g2012,
# simulates with vvp. Exit status 0 only when the testbench prints PASS.
# Usage: run_fp_iverilog.sh VECTOR_TOOL WORK_DIR RANDOM_COUNT TESTFLOAT_DIR
set -euo pipefail
[ "$#" -eq 4 ] || { echo "usage: run_fp_iverilog.sh VECTOR_TOOL WORK_DIR RANDOM_COUNT TESTFLOAT_DIR" >&2; exit 2; }
vector_tool="$1" work_dir="$2" random_count="$3" testfloat_dir="$4"
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$here/../../../rtl"
mkdir -p "$work_dir"
plusargs="$("$vector_tool" "$work_dir" "$random_count" "$testfloat_dir")"
iverilog -g2012 -o "$work_dir/fp_units_tb.vvp" -s fp_units_tb \
  "$here/fp_units_tb.sv" "$rtl/fp32_add.sv" "$rtl/fp32_fma.sv" "$rtl/fp32_lzc.sv"
# shellcheck disable=SC2086  # plusargs are separate words
vvp -n "$work_dir/fp_units_tb.vvp" $plusargs | tee "$work_dir/fp_units_tb.log"
grep -q '^PASS' "$work_dir/fp_units_tb.log"
