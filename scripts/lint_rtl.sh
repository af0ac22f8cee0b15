#!/usr/bin/env bash
# Lints every rtl/*.sv with Verilator -Wall, each file's module as the top
# (one module per file; submodules are found in rtl/ with -y). Exit status 0
# only when every file is lint-clean. Usage: scripts/lint_rtl.sh [FILE.sv ...]
set -euo pipefail
cd "$(dirname "$0")/.."
verilator_bin="${VERILATOR:-verilator}"
files=("$@")
if [ "${#files[@]}" -eq 0 ]; then
  files=(rtl/*.sv)
fi
failed=0
for file in "${files[@]}"; do
  top="$(basename "$file" .sv)"
  if "$verilator_bin" --lint-only -Wall -y rtl --top-module "$top" "$file"; then
    echo "lint_rtl: $file clean"
  else
    echo "lint_rtl: $file FAILED" >&2
    failed=1
  fi
done
exit "$failed"
