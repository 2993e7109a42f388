#!/usr/bin/env bash
# Set up, build, and run the whole test suite.
#
#   scripts/test.sh              every suite, in parallel (meson test)
#   scripts/test.sh --valgrind   the same under valgrind memcheck (build-valgrind/,
#                                tockemu linked dynamically)
#   scripts/test.sh --sanitize   the same in an ASan+UBSan build (build-asan/)
#   scripts/test.sh SUITE...     only the named suites
#
# A full plain run also builds the libFuzzer targets (tests/fuzz/build.sh,
# clang) and runs each for TOCKEMU_FUZZ_SECONDS (default 4) from its seed
# corpus, then the AFL++ harness of the forked transport (tests/fuzz/afl.sh)
# as long; each target counts as one test in the closing line.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
mode=plain
case "${1:-}" in
--valgrind) mode=valgrind; shift ;;
--sanitize) mode=sanitize; shift ;;
esac

scripts/setup.sh
if [ "$mode" = sanitize ]; then
    BUILD=build-asan
    [ -f "$BUILD/build.ninja" ] ||
        meson setup "$BUILD" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
    # UBSan reports and goes on by default; a report must fail its test.
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
elif [ "$mode" = valgrind ]; then
    # memcheck finds heap errors by replacing malloc, which a static tockemu
    # (the default, emu/tools/meson.build) does not let it do.
    BUILD=build-valgrind
    [ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" -Dstatic_tools=false >/dev/null
fi
ninja -C "$BUILD" --quiet

args=(--num-processes "$(nproc)" --print-errorlogs)
if [ "$mode" = valgrind ]; then
    # Check forks each test by default; memcheck wants them in one process.
    memcheck="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --quiet"
    args+=(--wrapper "$memcheck" --timeout-multiplier 10)
    export CK_FORK=no
    # The end-to-end tests run tockemu under memcheck too (tests/e2e/e2e.c).
    export TOCKEMU_TEST_WRAPPER="$memcheck"
fi
status=0
meson test -C "$BUILD" "${args[@]}" "$@" || status=$?
fuzz_results="$BUILD/meson-logs/fuzz-results.txt"
rm -f "$fuzz_results"
if [ "$mode" = plain ] && [ $# -eq 0 ]; then
    # The fuzz build takes no compiler settings from the caller: clang, its defaults.
    if ! env -u CC -u CXX -u CFLAGS -u CXXFLAGS -u LIB_FUZZING_ENGINE -u OUT tests/fuzz/build.sh; then
        echo "fuzz build: FAIL" >"$fuzz_results"
        status=1
    elif ! RESULTS="$fuzz_results" tests/fuzz/run.sh "${TOCKEMU_FUZZ_SECONDS:-4}"; then
        status=1
    fi
    # AFL++ on the forked transport: a real app child, an instrumented emulator.
    if ! env -u CC -u CFLAGS RESULTS="$fuzz_results" BUILD_DIR="$BUILD" \
        tests/fuzz/afl.sh "${TOCKEMU_FUZZ_SECONDS:-4}"; then
        status=1
    fi
fi
# One closing line any CI reader understands, counted from meson's own log
# (meson names it after the wrapper when there is one).
log="$BUILD/meson-logs/testlog.json"
[ "$mode" = valgrind ] && log="$BUILD/meson-logs/testlog-valgrind.json"
python3 - "$log" "$fuzz_results" <<'PY' || true
import json, os, sys
path, fuzz_path = sys.argv[1], sys.argv[2]
passed = failed = skipped = 0
with open(path) as log:
    for line in log:
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
if os.path.exists(fuzz_path):
    with open(fuzz_path) as fuzz:
        for line in fuzz:
            if ": OK" in line:
                passed += 1
            elif ": FAIL" in line:
                failed += 1
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
