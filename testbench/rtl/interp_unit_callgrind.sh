#!/usr/bin/env bash
# Instructions per clock of the verilated interp_unit (valgrind's callgrind),
# two eval() calls per clock and one (sim/common/verilated_edge.hpp): the
# difference of a 300 k and a 100 k clock run of interp_unit_clock_loop, so
# start-up and table loading cancel. Load-independent, unlike times.
# Usage: interp_unit_callgrind.sh CLOCK_LOOP   (build/testbench/rtl/interp_unit_clock_loop)
set -euo pipefail
if [ "$#" -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: interp_unit_callgrind.sh CLOCK_LOOP (an executable interp_unit_clock_loop)" >&2
  exit 2
fi
loop="$1"
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$loop" "$1" "$2" 2>&1 |
    sed -n -E 's/.*Collected : ([0-9]+).*/\1/p'
}
for mode in two-eval one-eval; do
  short="$(instructions 100000 "$mode")"
  long="$(instructions 300000 "$mode")"
  echo "interp_unit $mode: $(((long - short) / 200000)) instructions/clock"
done
