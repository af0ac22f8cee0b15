#!/usr/bin/env bash
# scripts/gpu_bundle.sh and scripts/gpu_device_check.sh, the lent-GPU run of
# docs/gpu_ref.md: the bundle holds the three tools and every library they
# load beyond glibc, the GCC runtime and the driver (ldd with the bundle's
# folder first must resolve each such library into the bundle, not to this
# machine's copy), and the device script runs the bundle: here, without a GPU,
# it reports SKIPPED and exits 0; on a GPU machine it runs a small gpu_bench.
# Bad arguments exit 2.
# Usage: gpu_bundle_test.sh BUILD_DIR
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "$1" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$repo/scripts/gpu_bundle.sh" "$build" "$work/bundle" >/dev/null
for tool in gpu_ref_check gpu_bench gpu_ref_eval; do
  [ -x "$work/bundle/$tool" ] || fail "$tool not in the bundle"
  while read -r name arrow path _; do
    [ "$arrow" = "=>" ] || continue
    case "$name" in
      linux-vdso* | ld-linux* | libc.so* | libm.so* | libdl.so* | libpthread.so* | librt.so* | \
        libstdc++.so* | libgcc_s.so* | libcuda.so*) continue ;;
    esac
    [ "$path" = "$work/bundle/lib/$name" ] || fail "$tool loads $name from $path, not the bundle"
  done < <(LD_LIBRARY_PATH="$work/bundle/lib" ldd "$work/bundle/$tool")
done
[ -n "$(ls "$work/bundle/lib")" ] || fail "no libraries bundled (Boost's program_options expected)"

STEP_TIMEOUT=300 PAPER_SIZE=100000 FULL_SIZES=100000 "$repo/scripts/gpu_device_check.sh" \
  "$work/bundle" "$work/out" --launches 20 --warmup 1 --segments 16,64 >/dev/null ||
  fail "gpu_device_check.sh exited $? ($(cat "$work/out/summary.txt"))"
grep -q -E '^result: (SKIPPED|OK)' "$work/out/summary.txt" || fail "no result in summary.txt"
if grep -q '^result: OK' "$work/out/summary.txt"; then
  grep -q '^gpu_ref_check: PASS' "$work/out/summary.txt" || fail "result OK without PASS"
  ls "$work/out"/gpu-*.csv >/dev/null || fail "no gpu-NAME.csv"
fi

set +e
"$repo/scripts/gpu_device_check.sh" "$work/nowhere" "$work/out2" 2>/dev/null
[ $? -eq 2 ] || fail "a missing bundle should exit 2"
"$repo/scripts/gpu_bundle.sh" "$work/nowhere" "$work/bundle2" 2>/dev/null
[ $? -eq 2 ] || fail "a build folder without the tools should exit 2"
echo "gpu_bundle_test: ok ($(grep '^result' "$work/out/summary.txt"))"
