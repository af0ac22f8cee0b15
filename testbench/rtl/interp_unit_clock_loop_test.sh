#!/usr/bin/env bash
# ctest: interp_unit_clock_loop (the loop interp_unit_callgrind.sh counts)
# gives the same outputs with one eval() per clock as with two, and refuses
# bad arguments with status 2 and a usage line.
# usage: interp_unit_clock_loop_test.sh CLOCK_LOOP
set -euo pipefail
loop="$1"
one="$("$loop" 20000 one-eval)"
two="$("$loop" 20000 two-eval)"
if [ "$one" != "$two" ]; then
  echo "FAIL: one-eval '$one' differs from two-eval '$two'"
  exit 1
fi
for args in "20000" "20000 three-eval" "-5 one-eval" "12x one-eval"; do
  status=0
  # shellcheck disable=SC2086
  "$loop" $args > /dev/null 2> /dev/null || status=$?
  if [ "$status" -ne 2 ]; then
    echo "FAIL: '$args' exited with $status, not 2"
    exit 1
  fi
done
echo "PASS: one-eval and two-eval agree ($one)"
