#!/usr/bin/env bash
# Installs the Debian packages interpsim needs (DESIGN.md section 2); skips what is present.
set -euo pipefail
packages=(build-essential cmake verilator libsystemc-dev libboost-program-options-dev
  libgtest-dev googletest iverilog yosys nlohmann-json3-dev libbenchmark-dev
  python3-numpy python3-matplotlib zlib1g-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
echo "install_deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
