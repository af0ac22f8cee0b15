#!/usr/bin/env bash
# ctest: `interpsim verify` end to end. A small table passes on corners and
# random inputs and writes a VCD; bad invocations exit with status 2 and one
# line naming the problem. usage: verify_cli_test.sh INTERPSIM WORK_DIR
set -euo pipefail
interpsim="$1"; work="$2"
mkdir -p "$work"
"$interpsim" table --func tanh --a -4 --m 3 --n 7 --out "$work/tanh7.tbl" > /dev/null
"$interpsim" verify --table "$work/tanh7.tbl" --corners | grep -q "^PASS"
"$interpsim" verify --table "$work/tanh7.tbl" --random 20000 --seed 3 --vcd "$work/run.vcd" \
  | grep -q "^PASS"
grep -q "enddefinitions" "$work/run.vcd"
test ! -e "$work/run.vcd.partial"

expect_status_2() {
  local status=0
  "$interpsim" "$@" > "$work/out.txt" 2> "$work/err.txt" || status=$?
  if [ "$status" -ne 2 ] || [ "$(wc -l < "$work/err.txt")" -ne 1 ]; then
    echo "FAIL: interpsim $* exited $status with:"; cat "$work/err.txt"; exit 1
  fi
}
"$interpsim" table --func gelu --a -5 --m 3 --n 17 --out "$work/gelu17.tbl" > /dev/null
expect_status_2 verify --table "$work/gelu17.tbl" --corners           # n > SegBitsMax
expect_status_2 verify --table "$work/tanh7.tbl"                      # no input source
expect_status_2 verify --table "$work/tanh7.tbl" --corners --random 5 # two sources
expect_status_2 verify --table "$work/tanh7.tbl" --exhaustive --vcd "$work/x.vcd"
expect_status_2 verify --table "$work/missing.tbl" --corners
echo PASS
