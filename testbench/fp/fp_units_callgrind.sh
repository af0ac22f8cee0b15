#!/usr/bin/env bash
# Instructions and (simulated) branch misses per clock cycle of the verilated
# FP units, counted by valgrind's callgrind inside the models' eval_step() only
# (the benchmark's input generation is not counted). Stable on a loaded
# machine, unlike wall or CPU times. Two eval() calls make one cycle.
# Usage: fp_units_callgrind.sh FP_UNITS_BENCH   (build-*/testbench/fp/fp_units_bench)
set -euo pipefail
if [ "$#" -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: fp_units_callgrind.sh FP_UNITS_BENCH (an executable fp_units_bench)" >&2
  exit 2
fi
bench="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for unit in fma add; do
  case "$unit" in
    fma) filter=Fma ;;
    add) filter=Add ;;
  esac
  out="$work/$unit.out"
  valgrind --tool=callgrind --branch-sim=yes --toggle-collect="Vfp32_${unit}::eval_step()" \
    --callgrind-out-file="$out" "$bench" --benchmark_filter="$filter" \
    --benchmark_min_time=0.05 >/dev/null 2>&1
  # Calls of eval_step() from the benchmark loop, and the totals (Ir, Bcm).
  calls="$(callgrind_annotate --tree=caller "$out" |
    grep -m1 -E '< .*BM_Fp32.*PlainLoop.*\([0-9,]+x\)' | sed -E 's/.*\(([0-9,]+)x\).*/\1/' | tr -d ,)"
  totals="$(callgrind_annotate "$out" | grep -m1 'PROGRAM TOTALS' | awk '{print $1, $5}' | tr -d ,)"
  read -r instructions misses <<<"$totals"
  awk -v u="fp32_$unit" -v i="$instructions" -v m="$misses" -v c="$calls" 'BEGIN {
    printf "%s: %.0f instructions/cycle, %.2f branch misses/cycle (callgrind model), %d cycles\n",
      u, i / (c / 2), m / (c / 2), c / 2 }'
done
