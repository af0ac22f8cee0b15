#!/usr/bin/env bash
# Synthesizes one rtl/ module with Yosys `synth` (generic gates) and prints `stat`.
#
# Usage: scripts/synth_rtl.sh [--keep-memories] [--blackbox MODULE]... TOP [PARAM=VALUE]...
#   --keep-memories  stop before memory_map: inferred memories stay $mem cells
#                    (counted as memories by stat, not as flip-flops)
#   --blackbox M     treat module M as a black box (e.g. a table memory macro)
#   PARAM=VALUE      override a parameter of TOP (chparam)
# Reads the sources rtl/rtl_files.cmake lists for TOP (black boxes with -lib).
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
sources="$(rtl/rtl_files.py "$top")" || exit 2
script=""
for source in $sources; do
  module="$(basename "$source" .sv)"
  for bb in "${blackboxes[@]+"${blackboxes[@]}"}"; do
    [ "$module" = "$bb" ] && continue 2
  done
  script+=" read_verilog -sv $source;"
done
for assignment in "$@"; do
  case "$assignment" in
    *=*) script+=" chparam -set ${assignment%%=*} ${assignment#*=} $top;" ;;
    *) echo "synth_rtl: expected PARAM=VALUE, got '$assignment'" >&2; usage ;;
  esac
done
for bb in "${blackboxes[@]+"${blackboxes[@]}"}"; do
  bb_sources="$(rtl/rtl_files.py "$bb")" || exit 2
  script+=" read_verilog -sv -lib ${bb_sources##*$'\n'};"  # the last one is rtl/$bb.sv
done
script+=" hierarchy -top $top;"
if [ "$keep_memories" -eq 1 ]; then
  # The steps of `synth` after `memory -nomap`, minus memory_map.
  script+=" synth -top $top -run begin:fine; opt -fast -full; opt -full; techmap; opt -fast;"
  script+=" abc -fast; opt -fast; synth -run check:;"
else
  script+=" synth -top $top;"
fi
# synth's own check step prints `stat`. The log goes to a file (Yosys 0.23
# with `-l /dev/stdout` wrote nothing at times when stdout was a pipe).
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
"${YOSYS:-yosys}" -q -p "$script" -l "$log" || status=$?
sed -n '/Printing statistics/,$p' "$log"
exit "$status"
