#!/usr/bin/env bash
# Run every fuzz target in $OUT (tests/fuzz/build.sh) for a few seconds.
#
# Each target starts from its seed corpus with its dictionary and options,
# two at a time. One line per target, "fuzz NAME: OK" or "fuzz NAME: FAIL"
# with the crash's reproducer path, also appended to $RESULTS when set (the
# test script counts them). Exit status 1 if any target failed.
#
#   tests/fuzz/run.sh [SECONDS]          (default 4; OUT as for build.sh)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-$SRC/build-fuzz/out}
SECONDS_EACH=${1:-4}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

run_one() {
    local name=$1 short=${1#fuzz_}
    mkdir -p "$WORK/$name/corpus" "$WORK/$name/crash"
    if "$OUT/$name" -max_total_time="$SECONDS_EACH" -print_final_stats=1 -dict="$OUT/$name.dict" \
        -artifact_prefix="$WORK/$name/crash/" "$WORK/$name/corpus" "$SRC/tests/fuzz/corpus/$short" \
        >"$WORK/$name/log" 2>&1; then
        echo "fuzz $name: OK ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$WORK/$name/log" |
            grep -o '[0-9]*$' || echo '?') runs)"
    else
        mkdir -p "$SRC/build-fuzz/crashes"
        cp "$WORK/$name/crash/"* "$SRC/build-fuzz/crashes/" 2>/dev/null || true
        tail -n 30 "$WORK/$name/log" >&2
        echo "fuzz $name: FAIL (reproducers in build-fuzz/crashes/)"
    fi
}

names=()
for bin in "$OUT"/fuzz_*; do
    case $bin in *.*) continue ;; esac
    names+=("$(basename "$bin")")
done
status=0
results=$(printf '%s\n' "${names[@]}" | xargs -P 2 -I{} bash -c "$(declare -f run_one); \
    SRC='$SRC' OUT='$OUT' WORK='$WORK' SECONDS_EACH='$SECONDS_EACH' run_one {}")
echo "$results"
[ -n "${RESULTS:-}" ] && echo "$results" >>"$RESULTS"
grep -q ': FAIL' <<<"$results" && status=1
exit $status
