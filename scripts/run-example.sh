#!/usr/bin/env bash
# Set up, build, and run an example app in the emulator (default: hello).
#
#   scripts/run-example.sh [EXAMPLE] [tockemu options...]
#
# Examples: hello, timer, exit_code, printer_a, printer_b (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
example=${1:-hello}
shift || true
scripts/setup.sh
ninja -C "$BUILD" --quiet
exec "$BUILD/emu/tools/tockemu" "$@" "$BUILD/libtock-host/apps/$example.tbf"
