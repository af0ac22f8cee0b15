#!/usr/bin/env bash
# Runs on a GPU machine, from the repository root, the device checks and
# measurements the project needs from a GPU (docs/gpu_ref.md, "Running on a
# lent GPU"), with the tools of a bundle made by scripts/gpu_bundle.sh:
#   1. nvidia-smi -q                      -> OUT/nvidia-smi.txt
#   2. gpu_ref_check (device vs host path vs golden model; must print PASS)
#                                         -> OUT/gpu_ref_check.txt
#   3. gpu_bench at the paper's size, every harness, fp32 (what `interpsim
#      paper` compares)                   -> OUT/gpu-NAME.csv, OUT/gpu_bench.json,
#                                            OUT/gpu_bench.txt (tables and progress)
#   4. gpu_bench with its defaults (two sizes, the 8/16-bit formats)
#                                         -> OUT/gpu_bench_full.csv, gpu_bench_full.txt
#   5. OUT/summary.txt: the device, each step's exit status and time.
# Step 3 comes first and writes its own files, so that a failure in the
# longer step 4 loses nothing the comparison needs.
# NAME is the GPU's model from nvidia-smi in lower case (h100, h200, a100):
# copy gpu-NAME.csv to docs/results/ and `interpsim paper` puts the SIMT
# model's prediction (configs/NAME.ini) beside each measurement.
#
# Usage: scripts/gpu_device_check.sh BUNDLE_DIR OUT_DIR [GPU_BENCH_OPTION...]
# The options go to both gpu_bench steps. Environment: STEP_TIMEOUT (seconds
# per step, default 240), PAPER_SIZE (step 3's element count, default
# 5000000), FULL_SIZES (step 4's --sizes, default gpu_bench's).
# Without a CUDA device the steps print SKIPPED and the script exits 0; it
# exits 1 when gpu_ref_check fails or a step errs, 2 on bad arguments.
set -uo pipefail
if [ "$#" -lt 2 ] || [ ! -x "$1/gpu_ref_check" ] || [ ! -x "$1/gpu_bench" ]; then
  echo "usage: scripts/gpu_device_check.sh BUNDLE_DIR OUT_DIR [GPU_BENCH_OPTION...]" \
    "(BUNDLE_DIR from scripts/gpu_bundle.sh)" >&2
  exit 2
fi
bundle="$(cd "$1" && pwd)"
out="$2"
shift 2
mkdir -p "$out" || exit 2
step_timeout="${STEP_TIMEOUT:-240}"
export LD_LIBRARY_PATH="$bundle/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
summary="$out/summary.txt"
: >"$summary"
status=0

note() { echo "$*" | tee -a "$summary"; }
# step NAME LOG COMMAND...: runs COMMAND under the step timeout, output to LOG.
step() {
  local name="$1" log="$2" start rc
  shift 2
  start=$(date +%s%N)
  timeout "$step_timeout" "$@" >"$log" 2>&1
  rc=$?
  note "$name: exit $rc, $((($(date +%s%N) - start) / 1000000)) ms"
  return "$rc"
}

note "bundle: $(tr '\n' ';' <"$bundle/BUNDLE")"
gpu=unknown
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi -q >"$out/nvidia-smi.txt" 2>&1
  model="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)"
  note "nvidia-smi: $model"
  # "NVIDIA H100 80GB HBM3" -> h100, "Tesla V100-SXM2-16GB" -> v100.
  gpu="$(echo "$model" | grep -o -E '\b[A-Z][0-9]{2,4}\b' | head -1 | tr '[:upper:]' '[:lower:]')"
  gpu="${gpu:-unknown}"
else
  note "nvidia-smi: not found"
fi

step gpu_ref_check "$out/gpu_ref_check.txt" "$bundle/gpu_ref_check"
check_rc=$?
if grep -q '^SKIPPED' "$out/gpu_ref_check.txt"; then
  note "gpu_ref_check: $(grep '^SKIPPED' "$out/gpu_ref_check.txt" | head -1)"
  note "result: SKIPPED (no CUDA device)"
  exit 0
fi
if [ "$check_rc" -ne 0 ] || ! grep -q 'PASS' "$out/gpu_ref_check.txt"; then
  note "gpu_ref_check: FAILED (see gpu_ref_check.txt)"
  status=1
else
  note "gpu_ref_check: PASS"
fi

if ! step gpu_bench "$out/gpu_bench.txt" "$bundle/gpu_bench" --sizes "${PAPER_SIZE:-5000000}" \
  --harness all --formats none --csv "$out/gpu-$gpu.csv" --json "$out/gpu_bench.json" "$@"; then
  status=1
fi
full_sizes=()
if [ -n "${FULL_SIZES:-}" ]; then full_sizes=(--sizes "$FULL_SIZES"); fi
if ! step gpu_bench_full "$out/gpu_bench_full.txt" "$bundle/gpu_bench" "${full_sizes[@]}" \
  --csv "$out/gpu_bench_full.csv" "$@"; then
  status=1
fi
note "$(grep -m1 '^device:' "$out/gpu_bench.txt" || echo 'device: (gpu_bench printed none)')"
note "result: $([ "$status" -eq 0 ] && echo OK || echo FAILED)"
exit "$status"
