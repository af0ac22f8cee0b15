#!/usr/bin/env bash
# Checks that two interpsim binaries simulate the SIMT model identically: the
# same exit status, stdout (but the "simulated in" timing line) and statistics
# JSON (but the wall-clock fields) on a set of runs covering both
# configurations, the kernels, barriers, tails, unequal warp counts and the
# scan's slow path (> 64 warps per scheduler). For speed work on sim/simt/:
# run it with the binary before and after a change.
# Usage: scripts/simt_same_results.sh OLD_BINARY NEW_BINARY
set -uo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 OLD_BINARY NEW_BINARY" >&2
  exit 2
fi
old=$(realpath "$1") || exit 2
new=$(realpath "$2") || exit 2
cd "$(dirname "$0")/.." || exit 2
v100="--config configs/v100.ini"
cases=(
  "$v100 --kernel bsearch --segments 4096 --elements 300000"
  "$v100 --kernel bsearch --segments 16 --elements 100000"
  "$v100 --kernel alg1_global --segments 256 --elements 200000"
  "$v100 --kernel alg1_shared --segments 4096 --elements 200000"
  "$v100 --kernel interp --interp_lanes_per_scheduler 4 --elements 200000"
  "$v100 --kernel interp --interp_lanes_per_scheduler 32 --elements 200000"
  "$v100 --kernel interp --interp_lanes_per_scheduler 1 --elements 50000"
  "$v100 --kernel native_gelu_normcdf --elements 200000"
  "$v100 --kernel native_gelu_normcdf_f64 --elements 100000"
  "$v100 --kernel igelu_i32 --elements 100000"
  "$v100 --kernel copy --elements 100000"
  "$v100 --kernel bsearch --segments 1024 --elements 1001 --grid_blocks 3"
  "$v100 --kernel alg1_shared --segments 64 --elements 37"
  "$v100 --kernel alg1_shared --segments 256 --elements 100000 --max_warps_per_sm 256 --schedulers_per_sm 1 --max_blocks_per_sm 64 --registers_per_sm 1000000"
  "$v100 --kernel alg1_global --segments 64 --elements 100000 --schedulers_per_sm 2 --block_threads 96"
  "$v100 --kernel alg1_shared --segments 1024 --elements 5000 --format fp16 --kb io"
  "--config configs/h100.ini --kernel bsearch --segments 256 --elements 100000"
  "--config configs/h100.ini --kernel alg1_shared --segments 1024 --elements 100000"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The statistics without the fields that measure the simulator's own speed.
strip() {
  /usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d.pop("sim_seconds", None)
d.pop("sim_elements_per_second", None)
print(json.dumps(d, sort_keys=True))' "$1"
}
differ=0
for run in "${cases[@]}"; do
  for side in old new; do
    binary=$old
    [ "$side" = new ] && binary=$new
    # shellcheck disable=SC2086  # the case is a list of options
    "$binary" simt $run --json "$work/$side.json" >"$work/$side.out" 2>&1
    echo $? >"$work/$side.rc"
    grep -v "simulated in" "$work/$side.out" >"$work/$side.txt"
  done
  if ! cmp -s "$work/old.rc" "$work/new.rc" || ! cmp -s "$work/old.txt" "$work/new.txt"; then
    echo "DIFFERENT: $run"
    differ=1
  elif [ "$(cat "$work/new.rc")" != 0 ]; then
    echo "both fail: $run"
    differ=1
  elif [ "$(strip "$work/old.json")" != "$(strip "$work/new.json")" ]; then
    echo "DIFFERENT statistics: $run"
    differ=1
  else
    echo "same: $run"
  fi
done
exit $differ
