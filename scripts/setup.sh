#!/usr/bin/env bash
# Set up a Debian machine for tockemu and configure the build.
#
# Installs the Debian packages tockemu needs when they are missing (with
# apt-get, as root or through sudo), then configures the meson build in
# $BUILD (default: build/). Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
PACKAGES=(
    gcc libc6-dev meson ninja-build pkg-config # build
    make g++                                   # tockemu-make reads Makefiles; C++ apps
    musl-tools musl-dev                        # the C library apps are built against
    python3                                    # the build embeds the app loader
    libglib2.0-dev                             # options, key files, containers
    check                                      # the test suites
    libffcall-dev                              # named by the project; no code needs it yet
    libssl-dev                                 # hashes and signatures (libcrypto)
    libdw-dev                                  # app symbols and lines in fault reports
    valgrind                                   # memcheck runs of the suite
    tmux screen picocom socat telnet           # the console tests drive real terminals
    netcat-openbsd                             # ... and nc on the console socket
    libpng-dev                                 # screen frames as PNG files
    libpcre2-dev libelf-dev zlib1g-dev liblzma-dev libbz2-dev # archives a static tockemu links
    usbip tshark                               # USB/IP server tests: usbip list, dissector
    clang libclang-rt-14-dev                   # libFuzzer targets (tests/fuzz)
    afl++                                      # the AFL++ harness (tests/fuzz/afl.sh)
    gdb                                        # debugging apps (tests/e2e/test_gdb.c)
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
        "${missing[@]}" >&2
fi

if [ ! -f "$BUILD/build.ninja" ]; then
    echo "setup: configuring $BUILD/" >&2
    meson setup "$BUILD" "$@" >/dev/null
fi
