#!/usr/bin/env bash
# Set up a Debian machine for tockemu: packages, build, install.
#
# Installs the Debian packages tockemu needs when they are missing (with
# apt-get, as root or through sudo), configures and builds the meson build in
# $BUILD (default: build/; extra arguments go to `meson setup`, e.g.
# --prefix), then installs tockemu, tockbin, tockemu-make, tockemu-cc,
# libtock-host, the harness, the pkg-config files and the man pages under the
# build's prefix (/usr/local by default; as root, or through sudo when the
# prefix is not writable). Safe to run again: it only does what is missing or
# out of date. TOCKEMU_NO_INSTALL=1 stops after the build.
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
    cmake                                      # a CMake project using the install (tests/sdk)
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
ninja -C "$BUILD" --quiet | { grep -v '^ninja: no work to do\.$' || true; }

[ "${TOCKEMU_NO_INSTALL:-}" = 1 ] && exit 0
# What `meson install` would copy, and whether any installed copy differs:
# an unchanged build installs nothing (and asks sudo for nothing).
stale=$(meson introspect --installed "$BUILD" | python3 -c '
import filecmp, json, os, sys
def same(src, dst):
    if os.path.isdir(src):
        if not os.path.isdir(dst):
            return False
        c = filecmp.dircmp(src, dst)
        return (not c.left_only and not c.diff_files and not c.funny_files
                and all(same(os.path.join(src, d), os.path.join(dst, d)) for d in c.common_dirs))
    return os.path.exists(dst) and (not os.path.isabs(src) or filecmp.cmp(src, dst, shallow=False))
def fresh(src, dst):
    try:
        return same(src, dst)
    except OSError:  # another set-up is installing right now
        return False
print(sum(not fresh(s, d) for s, d in json.load(sys.stdin).items()))')
if [ "$stale" != 0 ]; then
    prefix=$(meson introspect --buildoptions "$BUILD" |
        python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
    echo "setup: installing tockemu under $prefix" >&2
    sudo=""
    dir=$prefix
    while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done
    [ "$(id -u)" -eq 0 ] || [ -w "$dir" ] || sudo=sudo
    # One install at a time on a machine: meson's remove-then-copy of a file
    # fails when another install removed it first.
    $sudo flock "${TMPDIR:-/tmp}/tockemu-install.lock" \
        meson install -C "$BUILD" --no-rebuild --quiet >/dev/null
    # The harness is a shared library: refresh the loader's cache when it
    # went into a system directory.
    if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then $sudo ldconfig; fi
fi
