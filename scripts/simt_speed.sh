#!/usr/bin/env bash
# Wall time of every SIMT run the paper's tables need (5,000,000 elements on
# the V100 model, model lanes, golden check on): the speed target of
# docs/simt.md. Prints a Markdown table of medians over RUNS runs (default 5),
# runs interleaved so that machine noise spreads over all of them.
# Usage: scripts/simt_speed.sh [RUNS]   (BINARY=build/sim/interpsim by default)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
binary="${BINARY:-build/sim/interpsim}"
config=configs/v100.ini
cases=(
  "native_exp" "native_tanh" "native_sigmoid" "native_gelu_normcdf" "native_gelu_erf"
  "igelu_f32" "igelu_i32"
  "alg1_global --segments 16" "alg1_global --segments 64" "alg1_global --segments 256"
  "alg1_global --segments 1024" "alg1_global --segments 4096" "alg1_shared --segments 4096"
  "bsearch --segments 16" "bsearch --segments 64" "bsearch --segments 256"
  "bsearch --segments 1024" "bsearch --segments 4096"
  "interp --interp_lanes_per_scheduler 4"
)
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
for ((run = 0; run < runs; ++run)); do
  for index in "${!cases[@]}"; do
    # shellcheck disable=SC2086  # the case is a kernel name plus options
    seconds=$( { /usr/bin/time -f '%e %U' "$binary" simt --config "$config" \
      --kernel ${cases[$index]} >/dev/null; } 2>&1 | tail -1)
    echo "$index $seconds" >>"$samples"
  done
done
echo "| kernel | wall median (s) | wall min-max (s) | user median (s) | <= 5 s |"
echo "|---|---|---|---|---|"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for index in "${!cases[@]}"; do
  walls=$(awk -v i="$index" '$1 == i { print $2 }' "$samples")
  users=$(awk -v i="$index" '$1 == i { print $3 }' "$samples")
  wall=$(median <<<"$walls")
  user=$(median <<<"$users")
  low=$(sort -n <<<"$walls" | head -1)
  high=$(sort -n <<<"$walls" | tail -1)
  verdict=$(awk -v w="$wall" 'BEGIN { print (w <= 5 ? "yes" : "**no**") }')
  printf '| `%s` | %.2f | %.2f-%.2f | %.2f | %s |\n' "${cases[$index]}" "$wall" "$low" "$high" \
    "$user" "$verdict"
done
