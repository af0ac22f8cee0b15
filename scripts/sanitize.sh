#!/usr/bin/env bash
# Builds interpsim with AddressSanitizer + UndefinedBehaviorSanitizer in its own
# folder and runs the suite (ctest -LE long). Fails on any sanitizer report in
# project code; reports inside Verilator's own runtime library are suppressed
# by scripts/sanitize/ubsan.supp and scripts/sanitize/asan.supp, each entry
# named with its reason. Not part of ./test.sh (CI time: a sanitized build and
# run take about an hour on 2 cores); the last result is in
# docs/results/reliability.md.
#
#   scripts/sanitize.sh [ctest arguments...]      e.g. scripts/sanitize.sh -R fuzz
#
# Environment: SANITIZE_BUILD_DIR (default build-sanitize), JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
build_dir="${SANITIZE_BUILD_DIR:-build-sanitize}"
jobs="${JOBS:-$(nproc)}"

./scripts/install_deps.sh

sanitize_flags="-fsanitize=address,undefined -fno-omit-frame-pointer"
# nvcc passes host flags through -Xcompiler; the device code is not instrumented.
# The Python package is left out: an instrumented extension module needs the
# ASan runtime preloaded into an uninstrumented /usr/bin/python3.
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINTERPSIM_PYTHON=OFF \
  -DCMAKE_C_FLAGS="$sanitize_flags" -DCMAKE_CXX_FLAGS="$sanitize_flags" \
  -DCMAKE_CUDA_FLAGS="-Xcompiler=-fsanitize=address,-fsanitize=undefined,-fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
if ! cmake --build "$build_dir" -j "$jobs"; then
  # Verilator's generated file lists are read at configure time (scripts/build.sh).
  cmake -S . -B "$build_dir" >/dev/null
  cmake --build "$build_dir" -j "$jobs"
fi

# Every report goes to its own file (log_path), so a report inside a test that
# expects a non-zero exit (bad-input tests) is still seen. halt_on_error keeps
# ASan's default; UBSan reports are printed and collected, not fatal, so one
# run lists them all.
log_dir="$(cd "$build_dir" && pwd)/sanitizer-logs"
rm -rf "$log_dir"
mkdir -p "$log_dir"
# CUDA's runtime maps memory where ASan's shadow gap is (no GPU needed to hit it).
export ASAN_OPTIONS="log_path=$log_dir/asan:detect_leaks=1:protect_shadow_gap=0:suppressions=$root/scripts/sanitize/asan.supp"
export UBSAN_OPTIONS="log_path=$log_dir/ubsan:print_stacktrace=1:suppressions=$root/scripts/sanitize/ubsan.supp"
export LSAN_OPTIONS="suppressions=$root/scripts/sanitize/lsan.supp:print_suppressions=0"

status=0
ctest --test-dir "$build_dir" -LE long --no-tests=error --output-on-failure -j "$jobs" \
  --timeout 1800 "$@" || status=$?

# A log file holds a report when it has an error line (suppressed reports
# leave no such line).
reports=$(grep -l -r -E "ERROR: [A-Za-z]*Sanitizer|runtime error:" "$log_dir" | sort || true)
if [ -n "$reports" ]; then
  echo "sanitize.sh: sanitizer reports:" >&2
  for f in $reports; do
    echo "== $f" >&2
    cat "$f" >&2
  done
  status=1
fi
if [ "$status" -eq 0 ]; then
  echo "sanitize.sh: suite passed with no sanitizer report ($build_dir)"
fi
exit "$status"
