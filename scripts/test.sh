#!/usr/bin/env bash
# Set up, build, and run the whole test suite.
#
#   scripts/test.sh              every suite, in parallel (meson test)
#   scripts/test.sh --valgrind   the same under valgrind memcheck
#   scripts/test.sh --sanitize   the same in an ASan+UBSan build (build-asan/)
#   scripts/test.sh SUITE...     only the named suites
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
# One closing line any CI reader understands, counted from meson's own log
# (meson names it after the wrapper when there is one).
log="$BUILD/meson-logs/testlog.json"
[ "$mode" = valgrind ] && log="$BUILD/meson-logs/testlog-valgrind.json"
python3 - "$log" <<'PY' || true
import json, sys
path = sys.argv[1]
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
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
