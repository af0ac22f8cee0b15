#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs every test with ctest.
# Long tests (exhaustive sweeps) carry the ctest label `long` and are excluded;
# run them with: ctest --test-dir build -L long
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install_deps.sh
./scripts/build.sh
exec ctest --test-dir "${BUILD_DIR:-build}" -LE long --no-tests=error --output-on-failure -j "${JOBS:-$(nproc)}"
