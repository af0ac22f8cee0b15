#!/usr/bin/env bash
# ctest: `interpsim verify` end to end. A small table passes on corners and
# random inputs and writes a VCD; in the narrow formats a generated table
# (--func/--n/--format) and a .tbl with format=/kb= pass on corners, random
# inputs, a raw-bits trace and all inputs; bad invocations (unknown format,
# table/format mismatch, a table the RTL cannot hold, --vcd outside fp32, ...)
# exit with status 2 and one line naming the problem.
# usage: verify_cli_test.sh INTERPSIM WORK_DIR
set -euo pipefail
interpsim="$1"; work="$2"
mkdir -p "$work"
"$interpsim" table --func tanh --a -4 --m 3 --n 7 --out "$work/tanh7.tbl" > /dev/null
"$interpsim" verify --table "$work/tanh7.tbl" --corners | grep -q "^PASS"
"$interpsim" verify --table "$work/tanh7.tbl" --random 20000 --seed 3 --vcd "$work/run.vcd" \
  | grep -q "^PASS"
grep -q "enddefinitions" "$work/run.vcd"
test ! -e "$work/run.vcd.partial"

# Narrow formats: generated tables and a .tbl whose header gives format=/kb=.
"$interpsim" verify --func tanh --n 7 --format fp16 --corners | grep -q "^PASS"
"$interpsim" verify --func tanh --n 7 --format bf16 --kb io --random 20000 --seed 3 \
  | grep -q "^PASS"
"$interpsim" verify --func gelu --a -4 --m 3 --n 9 --format fp8e4m3 --exhaustive > "$work/e4m3.txt"
grep -q "^inputs: 256 (all 2^8 fp8e4m3 inputs)" "$work/e4m3.txt"
grep -q "^PASS" "$work/e4m3.txt"
"$interpsim" table --func sigmoid --n 6 --format fp8e5m2 --kb io --out "$work/sig_e5m2.tbl" \
  > /dev/null
"$interpsim" verify --table "$work/sig_e5m2.tbl" --exhaustive > "$work/e5m2.txt"
grep -q "format=fp8e5m2 kb=io" "$work/e5m2.txt"
grep -q "^PASS" "$work/e5m2.txt"
"$interpsim" verify --table "$work/sig_e5m2.tbl" --format fp8e5m2 --kb io --corners \
  | grep -q "^PASS"
# A '|u1' trace of raw fp8e5m2 bits (0x00, 0x3C = 1.0, 0x7C = inf, 0xFF = NaN).
npy_header="{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }"
pad=$((128 - 10 - ${#npy_header} - 1))  # header length 118 = 0x76: data at byte 128
{ printf '\x93NUMPY\x01\x00\x76\x00'; printf '%s%*s\n' "$npy_header" "$pad" ""
  printf '\x00\x3c\x7c\xff'; } > "$work/e5m2.npy"
"$interpsim" verify --table "$work/sig_e5m2.tbl" --in "$work/e5m2.npy" > "$work/trace.txt"
grep -q "^inputs: 4 " "$work/trace.txt"
grep -q "^PASS" "$work/trace.txt"

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
expect_status_2 verify --func gelu --n 6 --format fp12 --corners      # unknown format
expect_status_2 verify --func gelu --n 6 --kb fp16 --corners          # unknown kb
expect_status_2 verify --table "$work/sig_e5m2.tbl" --format fp16 --corners  # mismatch
expect_status_2 verify --table "$work/sig_e5m2.tbl" --kb fp32 --corners      # mismatch
expect_status_2 verify --table "$work/tanh7.tbl" --format bf16 --corners     # mismatch
expect_status_2 verify --func gelu --n 17 --format fp16 --corners     # n > SegBitsMax
expect_status_2 verify --func gelu --n 10 --format fp8e4m3 --corners  # w subnormal
expect_status_2 verify --func gelu --n 6 --format fp16 --corners --vcd "$work/f.vcd"
expect_status_2 verify --table "$work/tanh7.tbl" --func gelu --n 6 --corners
expect_status_2 verify --func gelu --corners                          # no --n
expect_status_2 verify --n 6 --corners                                # no table
echo PASS
