#!/usr/bin/env bash
# Lints rtl/ modules with Verilator -Wall, each module as the top with exactly
# the sources rtl/rtl_files.cmake lists for it (no -y search, so a missing
# dependency in that list fails here). Without arguments: every module of the
# list, and every rtl/*.sv must be in the list. Exit status 0 only when every
# module is lint-clean.
# Usage: scripts/lint_rtl.sh [--deps] [-GPARAM=VALUE ...] [MODULE|rtl/MODULE.sv ...]
#   --deps          also lint every module the given ones instantiate
#   -GPARAM=VALUE   set a parameter of the top (e.g. a format instance:
#                   -GIoExpBits=5 -GIoManBits=10 interp_unit); the modules
#                   below it are linted as that top instantiates them
set -euo pipefail
cd "$(dirname "$0")/.."
verilator_bin="${VERILATOR:-verilator}"
rtl_files=rtl/rtl_files.py
with_deps=0
if [ "${1:-}" = "--deps" ]; then
  with_deps=1
  shift
fi
modules=()
params=()
for arg in "$@"; do
  case "$arg" in
    -G*=*) params+=("$arg") ;;
    -*) echo "lint_rtl: unknown option $arg" >&2; exit 2 ;;
    *) modules+=("$(basename "$arg" .sv)") ;;
  esac
done
failed=0
if [ "${#modules[@]}" -eq 0 ]; then
  mapfile -t modules < <("$rtl_files" --modules)
  for file in rtl/*.sv; do
    if ! printf '%s\n' "${modules[@]}" | grep -qx "$(basename "$file" .sv)"; then
      echo "lint_rtl: $file is not in rtl/rtl_files.cmake" >&2
      failed=1
    fi
  done
elif [ "$with_deps" -eq 1 ]; then
  mapfile -t sources < <("$rtl_files" "${modules[@]}")
  modules=()
  for file in "${sources[@]}"; do
    modules+=("$(basename "$file" .sv)")
  done
fi
for module in "${modules[@]}"; do
  if ! sources="$("$rtl_files" "$module")"; then
    failed=1
    continue
  fi
  # shellcheck disable=SC2086  # one source path per word
  if "$verilator_bin" --lint-only -Wall --relative-includes --top-module "$module" \
      "${params[@]+"${params[@]}"}" $sources; then
    echo "lint_rtl: $module ${params[*]+"${params[*]} "}clean"
  else
    echo "lint_rtl: $module ${params[*]+"${params[*]} "}FAILED" >&2
    failed=1
  fi
done
exit "$failed"
