#!/usr/bin/env bash
# Installs the Debian packages interpsim needs (docs/design.md section 2); skips what
# is present, so it is cheap to call before every build. Other parts may add a
# package name to the list. Then the standard-cell library of the physical
# design flow (scripts/install_pdk.sh, not a Debian package).
set -euo pipefail
packages=(build-essential cmake verilator libsystemc-dev libboost-program-options-dev
  libgtest-dev googletest iverilog yosys nlohmann-json3-dev libbenchmark-dev
  python3-numpy python3-matplotlib python3-torch pybind11-dev dataset-fashion-mnist
  # OpenBLAS behind libblas.so.3: Debian's torch otherwise runs on the reference
  # BLAS, 5.3x slower per ViT training step (docs/design.md section 13).
  libopenblas0-pthread
  opensta python3-pip unzip)
if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "install_deps: no dpkg/apt-get (not Debian/Ubuntu); install these by hand:" \
    "${packages[*]}" >&2
  exec "$(dirname "$0")/install_pdk.sh"
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exec "$(dirname "$0")/install_pdk.sh"
fi
echo "install_deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install_deps: missing packages (${missing[*]}) and not root, no sudo;" \
      "install them as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  SUDO="sudo"
fi
$SUDO apt-get update -qq
# Several users may share a machine: wait for another apt's lock instead of failing.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -o DPkg::Lock::Timeout=600 -y -qq \
  --no-install-recommends "${missing[@]}"
exec "$(dirname "$0")/install_pdk.sh"
