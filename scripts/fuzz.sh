#!/usr/bin/env bash
# Fuzz the TBF parser, flash scan, footer walk and AppID rules with libFuzzer.
#
#   scripts/fuzz.sh [SECONDS]      default 300; new inputs go to build-fuzz/corpus
#
# Needs clang and its runtime (installed here when missing). Crashes are
# written as crash-* files in the current directory, as libFuzzer does.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
scripts/setup.sh
for p in clang libclang-rt-14-dev; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo=sudo
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$p" >&2
    fi
done
[ -f build-fuzz/build.ninja ] || CC=clang meson setup build-fuzz -Dfuzz=true >/dev/null
ninja -C build-fuzz --quiet tests/fuzz/fuzz_tbf
mkdir -p build-fuzz/corpus
exec build-fuzz/tests/fuzz/fuzz_tbf -max_total_time="$seconds" -print_final_stats=1 \
    build-fuzz/corpus tests/fuzz/corpus/tbf
