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
exec meson test -C "$BUILD" "${args[@]}" "$@"
