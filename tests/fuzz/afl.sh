#!/usr/bin/env bash
# AFL++ on the forked transport: tockemu runs one app (tests/apps/afl_syscalls)
# whose system calls are AFL's input, read from the console on stdin, through
# the real mailbox into an instrumented emulator built with ASan and UBSan.
#
# The emulator is built with clang in build-afl/, with LLVM's trace-pc-guard
# coverage (AFL++'s runtime, afl-compiler-rt.o, serves it: AFL++'s "native"
# PCGUARD mode) and linked by this script, since only tockemu may carry
# AFL's runtime (the loader it starts is freestanding). The app itself comes
# from the ordinary build (build/): its code is the input, not the target.
#
#   tests/fuzz/afl.sh [SECONDS]    run for SECONDS (default 10; 0: until Ctrl-C)
#
# Findings go to build-afl/findings/ (AFL's layout). A crash reproduces with
#   build-afl/tockemu-afl --stop-after 10s build/libtock-host/apps/afl_syscalls.tbf < CRASH
# or with any tockemu, which prints the fault or the kernel panic. One closing
# line, "fuzz afl_syscalls: OK (N execs)" or "... FAIL", also appended to
# $RESULTS when set; exit status 1 on a crash.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_TO_RUN=${1:-10}
BUILD=${AFL_BUILD:-$SRC/build-afl}
APP_BUILD=${BUILD_DIR:-$SRC/build}
RT=/usr/lib/afl/afl-compiler-rt.o
[ -f "$RT" ] || { echo "afl.sh: $RT missing: install afl++ (scripts/setup.sh does)" >&2; exit 2; }

flags="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fsanitize-coverage=trace-pc-guard"
if [ ! -f "$BUILD/build.ninja" ]; then
    echo "afl: configuring $BUILD/" >&2
    CC=clang CFLAGS="$flags" meson setup "$BUILD" "$SRC" --buildtype=plain -Db_lundef=false \
        -Dstatic_tools=false >/dev/null
fi
archives=(emu/tools/libtockemu_main.a emu/machine/libtockemu_machine.a emu/tbf/libtockemu_tbf.a
    emu/kernel/libtockemu_kernel.a emu/hw/libtockemu_hw.a emu/capsules/libtockemu_capsules.a
    emu/process/libtockemu_process.a)
ninja -C "$BUILD" --quiet "${archives[@]}"
ninja -C "$APP_BUILD" --quiet libtock-host/apps/afl_syscalls.tbf
# shellcheck disable=SC2046,SC2086 # flags and pkg-config output are word lists
clang $flags -o "$BUILD/tockemu-afl" -Wl,--start-group "${archives[@]/#/$BUILD/}" -Wl,--end-group \
    "$RT" $(pkg-config --libs glib-2.0 libcrypto libdw libpng) -lm

findings="$BUILD/findings"
rm -rf "$findings"
limit=()
[ "$SECONDS_TO_RUN" -gt 0 ] && limit=(-V "$SECONDS_TO_RUN")
# Quiet and unattended: no UI, no CPU pinning or frequency checks (a shared
# CI machine), crashes as ASan aborts; an app's 10 s of virtual time is a
# few milliseconds of wall time, so 2 s of wall time per input is generous.
AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_SKIP_BIN_CHECK=1 ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 \
    afl-fuzz "${limit[@]}" -i "$SRC/tests/fuzz/corpus/afl_syscalls" -o "$findings" -t 2000 -m none \
    -- "$BUILD/tockemu-afl" --stop-after 10s "$APP_BUILD/libtock-host/apps/afl_syscalls.tbf" \
    >"$BUILD/afl.log" 2>&1 || { tail -n 20 "$BUILD/afl.log" >&2; }

stats="$findings/default/fuzzer_stats"
execs=$(sed -n 's/^execs_done *: *//p' "$stats" 2>/dev/null || echo 0)
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
if [ ! -f "$stats" ] || [ "${execs:-0}" -eq 0 ]; then
    line="fuzz afl_syscalls: FAIL (afl-fuzz did not run: $BUILD/afl.log)"
elif [ "$crashes" -gt 0 ]; then
    line="fuzz afl_syscalls: FAIL ($crashes crashes in $findings/default/crashes/)"
else
    line="fuzz afl_syscalls: OK ($execs execs)"
fi
echo "$line"
[ -n "${RESULTS:-}" ] && echo "$line" >>"$RESULTS"
case $line in *": OK"*) exit 0 ;; *) exit 1 ;; esac
