#!/usr/bin/env bash
# Stages the built CUDA tools (gpu_ref_check, gpu_bench, gpu_ref_eval) with
# the shared libraries they need beyond glibc and the GCC runtime into one
# folder, so that a GPU machine with a CUDA driver but without this project's
# build dependencies (Boost) can run them as they are: the lent GPU machine
# of docs/gpu_ref.md, "Running on a lent GPU". The binaries are built here
# (nvcc needs no GPU); the machine needs a driver for CUDA 13 (580 or newer)
# and a glibc and libstdc++ at least as new as this machine's.
#
# Usage: scripts/gpu_bundle.sh [BUILD_DIR [BUNDLE_DIR]]
#   BUILD_DIR   the CMake build folder holding gpu_ref/ (default: build)
#   BUNDLE_DIR  the folder to (re)create (default: .gpu-bundle, ignored by git)
# Then, on the GPU machine, from the repository root:
#   scripts/gpu_device_check.sh BUNDLE_DIR OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -gt 2 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "usage: scripts/gpu_bundle.sh [BUILD_DIR [BUNDLE_DIR]]" >&2
  exit 2
fi
build="${1:-build}"
bundle="${2:-.gpu-bundle}"
tools=(gpu_ref_check gpu_bench gpu_ref_eval)
for tool in "${tools[@]}"; do
  if [ ! -x "$build/gpu_ref/$tool" ]; then
    echo "gpu_bundle.sh: $build/gpu_ref/$tool: not built (cmake --build $build --target $tool; needs nvcc)" >&2
    exit 2
  fi
done

# Libraries the GPU machine has anyway: glibc's, the GCC runtime, the driver's.
system_library='^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libstdc\+\+|libgcc_s|libcuda)\.so'

staging="$(mktemp -d "${bundle%/}.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/lib"
for tool in "${tools[@]}"; do
  cp "$build/gpu_ref/$tool" "$staging/"
  # ldd lines: "libname.so.N => /path/libname.so.N (0x...)" (or "not found").
  while read -r name arrow path _; do
    [ "$arrow" = "=>" ] || continue
    if [[ "$name" =~ $system_library ]]; then continue; fi
    if [ "$path" = "not" ]; then
      echo "gpu_bundle.sh: $tool needs $name, which is not found here" >&2
      exit 1
    fi
    cp -L "$path" "$staging/lib/$name"
  done < <(ldd "$build/gpu_ref/$tool")
done
{
  echo "built_on: $(uname -n) $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "nvcc: $(nvcc --version 2>/dev/null | tail -1 || echo unknown)"
  echo "libraries: $(find "$staging/lib" -type f -printf '%f ')"
} >"$staging/BUNDLE"
rm -rf "$bundle"
chmod 755 "$staging"
mv "$staging" "$bundle"
trap - EXIT
echo "gpu_bundle.sh: $bundle ($(du -sh "$bundle" | cut -f1)): ${tools[*]} and $(find "$bundle/lib" -type f | wc -l) libraries"
