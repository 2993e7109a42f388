#!/usr/bin/env bash
# Set up, build, and run the benchmark (figures on stdout, progress on stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
scripts/setup.sh
ninja -C "$BUILD" --quiet
exec "$BUILD/bench/tockemu-bench" "$(pwd)/$BUILD"
