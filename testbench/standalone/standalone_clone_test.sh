#!/usr/bin/env bash
# The project stands on its own (docs/design.md, preamble): a copy of the
# working tree with nothing beside it configures, builds the FP-unit tests and
# passes them, TestFloat vectors included.
#
# The copy holds what a clone of the working tree would hold: tracked files and
# untracked files git does not ignore (git ls-files --cached --others
# --exclude-standard), at $tmp/x/interpsim, so $tmp/x/shared does not exist.
# Usage: standalone_clone_test.sh SOURCE_DIR   (JOBS=N sets the build width)
set -euo pipefail
[ "$#" -eq 1 ] || { echo "usage: standalone_clone_test.sh SOURCE_DIR" >&2; exit 2; }
src="$(cd "$1" && pwd)"
jobs="${JOBS:-2}"
fail() { echo "standalone_clone: FAIL: $*" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/interpsim-standalone.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
tree="$tmp/x/interpsim"
build="$tmp/build"
mkdir -p "$tree"
# Paths under $tmp become relative for ccache, so reruns hit the cache.
export CCACHE_BASEDIR="$tmp"
[ ! -e "$tmp/x/shared" ] || fail "$tmp/x/shared exists"

# 1. The files a clone would get (paths deleted in the work tree are skipped).
count=0
while IFS= read -r -d '' path; do
  [ -f "$src/$path" ] || [ -L "$src/$path" ] || continue
  mkdir -p "$tree/$(dirname "$path")"
  cp -P "$src/$path" "$tree/$path"
  count=$((count + 1))
done < <(git -C "$src" ls-files -z --cached --others --exclude-standard)
[ "$count" -gt 0 ] || fail "no files copied from $src"
echo "standalone_clone: copied $count files to $tree"

# 2. Nothing in the tree may point at the folder beside it (the patterns are
# split so that this file does not match itself).
beside='\.\./''shared' old_var='INTERPSIM_''SHARED_DIR'
if grep -rIn -e "$beside" -e "$old_var" "$tree"; then
  fail "the tree refers to the folder beside the checkout (lines above)"
fi
for f in f32_add_rne_level1 f32_sub_rne_level1 f32_mulAdd_rne_level1_every8th; do
  [ -s "$tree/testbench/fp/vectors/$f.txt.gz" ] || fail "testbench/fp/vectors/$f.txt.gz missing"
done

# 3. Configure and build only the FP-unit tests.
cmake -S "$tree" -B "$build" -DCMAKE_BUILD_TYPE=Release > "$tmp/configure.log" 2>&1 ||
  { tail -40 "$tmp/configure.log"; fail "cmake configure"; }
targets=(fp32_add_test fp32_fma_test)
command -v iverilog > /dev/null && targets+=(fp_iverilog_vectors)
cmake --build "$build" --target "${targets[@]}" -j "$jobs" > "$tmp/build.log" 2>&1 ||
  { tail -60 "$tmp/build.log"; fail "build of ${targets[*]}"; }

# 4. Run them; every TestFloat test must have run and passed, none skipped.
regex='^(Fp32AddTest|Fp32FmaTest)\.|^fp_units_iverilog$'
ctest --test-dir "$build" -R "$regex" --output-on-failure --timeout 600 2>&1 | tee "$tmp/ctest.log" ||
  fail "FP tests failed in the standalone copy"
expected=(Fp32AddTest.TestFloatAddVectors Fp32AddTest.TestFloatSubVectors
          Fp32FmaTest.TestFloatMulAddVectors)
command -v iverilog > /dev/null && expected+=(fp_units_iverilog)
for name in "${expected[@]}"; do
  grep -Eq "Test +#[0-9]+: ${name//./\\.} \.+ +Passed" "$tmp/ctest.log" ||
    fail "$name did not run and pass"
done
if grep -Eq 'Not Run|Skipped|\*\*\*Not|_NOT_BUILT' "$tmp/ctest.log"; then
  fail "a test was skipped or not built"
fi
grep -q '100% tests passed' "$tmp/ctest.log" || fail "ctest did not report 100% passed"
echo "standalone_clone: PASS (${#expected[@]} TestFloat/iverilog tests passed in $tree)"
