#!/usr/bin/env bash
# ctest: `interpsim verify --exhaustive` through the binary in one format
# instance (docs/design.md section 12): every paper function (exp, sigmoid,
# tanh, gelu) on its default interval (a, m from model/functions.cpp, read
# from `interpsim verify --help`) at n = 4, 6, 8 and the largest n the format
# addresses: the largest n whose w = 2^(m-n) is a normal number of the format
# (m - n >= 1 - bias), capped by the RTL's SegBitsMax = 16. Every run must
# cover all 2^16 or 2^8 inputs with 0 mismatches and exit 0; n_max + 1, when
# it is <= 16, must be refused (exit status 2, one line).
# usage: verify_formats_test.sh INTERPSIM FORMAT KB WORK_DIR
set -euo pipefail
interpsim="$1"; format="$2"; kb="$3"; work="$4"
mkdir -p "$work"
seg_bits_max=16

case "$format" in
  fp16)    bias=15;  bits=16 ;;
  bf16)    bias=127; bits=16 ;;
  fp8e5m2) bias=15;  bits=8 ;;
  fp8e4m3) bias=7;   bits=8 ;;
  *) echo "FAIL: unknown format $format"; exit 1 ;;
esac

"$interpsim" verify --help > "$work/help.txt"
runs=0
for func in exp sigmoid tanh gelu; do
  # "  gelu        a=-5     m=3   asymptote ...": the function's defaults.
  m=$(awk -v f="$func" '$1 == f && $3 ~ /^m=/ { sub("m=", "", $3); print $3 }' "$work/help.txt")
  if [ -z "$m" ]; then echo "FAIL: no default m for $func in verify --help"; exit 1; fi
  n_max=$((m + bias - 1))
  if [ "$n_max" -gt "$seg_bits_max" ]; then n_max=$seg_bits_max; fi
  for n in 4 6 8 "$n_max"; do
    out="$work/$func-$n.txt"
    status=0
    "$interpsim" verify --func "$func" --n "$n" --format "$format" --kb "$kb" --exhaustive \
      > "$out" 2>&1 || status=$?
    if [ "$status" -ne 0 ] || ! grep -q "^PASS" "$out" ||
       ! grep -q "^inputs: $((1 << bits)) " "$out"; then
      echo "FAIL: verify --func $func --n $n --format $format --kb $kb exited $status:"
      cat "$out"; exit 1
    fi
    printf '%-8s n=%-2s %s\n' "$func" "$n" "$(grep '^rtl cycles' "$out")"
    runs=$((runs + 1))
  done
  if [ "$((n_max + 1))" -le "$seg_bits_max" ]; then
    status=0
    "$interpsim" verify --func "$func" --n "$((n_max + 1))" --format "$format" --kb "$kb" \
      --exhaustive > "$work/out.txt" 2> "$work/err.txt" || status=$?
    if [ "$status" -ne 2 ] || [ "$(wc -l < "$work/err.txt")" -ne 1 ]; then
      echo "FAIL: n=$((n_max + 1)) (w subnormal in $format) exited $status:"
      cat "$work/err.txt"; exit 1
    fi
  fi
done
echo "PASS: $runs exhaustive runs in $format/$kb"
