#!/usr/bin/env bash
# Simulation speed of the SIMD array's model lanes, an old binary against a new
# one (docs/results/sim-throughput.md): the 64-lane private-table array over
# 16,777,216 elements (old, new, new with --engine cycle) and the 16-bank array
# over 4,194,304, check off, RUNS rounds interleaved so that machine noise
# spreads over both binaries. Prints one line per run:
#   case sim_elements_per_second cycles user_seconds wall_seconds
# and then the medians per case.
# Usage: scripts/simd_speed.sh OLD_BINARY NEW_BINARY [RUNS]   (RUNS default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
old="$(realpath "$1")"
new="$(realpath "$2")"
runs="${3:-5}"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
private=(simd --config configs/simd-64-private.ini --lane_impl model --trace_count 16777216
  --check false)
banked=(simd --config configs/simd-64-banked16.ini --lane_impl model --trace_count 4194304
  --check false)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
one() {  # case binary args...
  local name=$1
  shift
  /usr/bin/time -f '%U %e' -o "$work/time" "$@" --json "$work/stats.json" >/dev/null
  echo "$name $(/usr/bin/python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print(s["sim_elements_per_second"], s["cycles"])' "$work/stats.json") $(cat "$work/time")"
}
for ((run = 0; run < runs; ++run)); do
  one private-old "$old" "${private[@]}"
  one private-new "$new" "${private[@]}"
  one private-new-cycle "$new" "${private[@]}" --engine cycle
  one banked-old "$old" "${banked[@]}"
  one banked-new "$new" "${banked[@]}"
done | tee "$work/runs"
/usr/bin/python3 - "$work/runs" <<'PY'
import statistics, sys
cases = {}
for line in open(sys.argv[1]):
    name, eps, cycles, user, wall = line.split()
    cases.setdefault(name, []).append((float(eps), int(cycles), float(user), float(wall)))
for name, rows in cases.items():
    eps = [r[0] for r in rows]
    print("%-18s elements/s median %.3g (%.3g-%.3g)  cycles %s  user %.2f s  wall %.2f s" % (
        name, statistics.median(eps), min(eps), max(eps), sorted({r[1] for r in rows}),
        statistics.median(r[2] for r in rows), statistics.median(r[3] for r in rows)))
PY
