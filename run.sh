#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs the main job: interpsim demo.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install_deps.sh
./scripts/build.sh
exec "${BUILD_DIR:-build}/sim/interpsim" demo "$@"
