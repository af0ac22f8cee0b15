#!/usr/bin/env bash
# Synthesizes one rtl/ module with Yosys `synth` (generic gates) and prints `stat`.
#
# Usage: scripts/synth_rtl.sh [--keep-memories] [--blackbox MODULE]... TOP [PARAM=VALUE]...
#   --keep-memories  stop before memory_map: inferred memories stay $mem cells
#                    (counted as memories by stat, not as flip-flops)
#   --blackbox M     treat module M as a black box (e.g. a table memory macro)
#   PARAM=VALUE      override a parameter of TOP (chparam)
# rtl/TOP.sv is read first; the modules it instantiates come from rtl/MODULE.sv
# (one module per file) through `hierarchy -libdir rtl`.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() {
  echo "usage: scripts/synth_rtl.sh [--keep-memories] [--blackbox MODULE]... TOP [PARAM=VALUE]..." >&2
  exit 2
}
keep_memories=0
blackboxes=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --keep-memories) keep_memories=1; shift ;;
    --blackbox) [ "$#" -ge 2 ] || usage; blackboxes+=("$2"); shift 2 ;;
    -*) echo "synth_rtl: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ "$#" -ge 1 ] || usage
top="$1"
shift
if [ ! -f "rtl/$top.sv" ]; then
  echo "synth_rtl: no rtl/$top.sv for top module $top" >&2
  exit 2
fi
script="read_verilog -sv rtl/$top.sv;"
for assignment in "$@"; do
  case "$assignment" in
    *=*) script+=" chparam -set ${assignment%%=*} ${assignment#*=} $top;" ;;
    *) echo "synth_rtl: expected PARAM=VALUE, got '$assignment'" >&2; usage ;;
  esac
done
for bb in "${blackboxes[@]+"${blackboxes[@]}"}"; do
  [ -f "rtl/$bb.sv" ] || { echo "synth_rtl: no rtl/$bb.sv for black box $bb" >&2; exit 2; }
  script+=" read_verilog -sv -lib rtl/$bb.sv;"
done
script+=" hierarchy -top $top -libdir rtl;"
if [ "$keep_memories" -eq 1 ]; then
  # The steps of `synth` after `memory -nomap`, minus memory_map.
  script+=" synth -top $top -run begin:fine; opt -fast -full; opt -full; techmap; opt -fast;"
  script+=" abc -fast; opt -fast; synth -run check:;"
else
  script+=" synth -top $top;"
fi
# synth's own check step prints `stat`.
"${YOSYS:-yosys}" -q -p "$script" -l /dev/stdout | sed -n '/Printing statistics/,$p'
