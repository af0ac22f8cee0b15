#!/usr/bin/env bash
# Runs the Icarus Verilog testbench of fp32_add and fp32_fma: writes vectors
# with fp_iverilog_vectors, compiles rtl/ + fp_units_tb.sv with iverilog -g2012,
# simulates with vvp. Exit status 0 only when the testbench prints PASS.
# Usage: run_fp_iverilog.sh VECTOR_TOOL WORK_DIR RANDOM_COUNT TESTFLOAT_DIR [ADD_EXTRA FMA_EXTRA]
#   ADD_EXTRA, FMA_EXTRA: the units' ExtraStages (default 0 0).
set -euo pipefail
[ "$#" -eq 4 ] || [ "$#" -eq 6 ] || { echo "usage: run_fp_iverilog.sh VECTOR_TOOL WORK_DIR RANDOM_COUNT TESTFLOAT_DIR [ADD_EXTRA FMA_EXTRA]" >&2; exit 2; }
vector_tool="$1" work_dir="$2" random_count="$3" testfloat_dir="$4"
add_extra="${5:-0}" fma_extra="${6:-0}"
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$here/../../../rtl"
mkdir -p "$work_dir"
plusargs="$("$vector_tool" "$work_dir" "$random_count" "$testfloat_dir")"
# The units' sources from the RTL file list (rtl/rtl_files.cmake); includes
# (interpsim_pkg.svh) resolve next to the including file.
mapfile -t sources < <("$rtl/rtl_files.py" fp32_add fp32_fma)
[ "${#sources[@]}" -gt 0 ] || exit 1
iverilog -g2012 -grelative-include -o "$work_dir/fp_units_tb.vvp" -s fp_units_tb \
  -Pfp_units_tb.AddExtraStages="$add_extra" -Pfp_units_tb.FmaExtraStages="$fma_extra" \
  "$here/fp_units_tb.sv" "${sources[@]}"
# shellcheck disable=SC2086  # plusargs are separate words
vvp -n "$work_dir/fp_units_tb.vvp" $plusargs | tee "$work_dir/fp_units_tb.log"
grep -q '^PASS' "$work_dir/fp_units_tb.log"
