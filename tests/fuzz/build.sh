#!/usr/bin/env bash
# Build every fuzz target the OSS-Fuzz way and lay them out in $OUT.
#
# Honours the variables OSS-Fuzz and ClusterFuzzLite set: $CC $CXX $CFLAGS
# $CXXFLAGS (every library is compiled with $CFLAGS, so the whole emulator
# carries the sanitizers and the coverage instrumentation) and
# $LIB_FUZZING_ENGINE (how a target links its engine). For each target it
# puts beside the binary in $OUT: NAME_seed_corpus.zip (tests/fuzz/corpus/),
# NAME.dict and NAME.options. Without those variables it builds libFuzzer
# targets with ASan+UBSan into build-fuzz/out. Extra arguments go to
# `meson setup` (e.g. -Dwerror=false for a newer clang).
#
#   tests/fuzz/build.sh && tests/fuzz/run.sh          # build, then a short run of each
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
export CC=${CC:-clang} CXX=${CXX:-clang++}
export CFLAGS=${CFLAGS:--O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all}
export CXXFLAGS=${CXXFLAGS:-$CFLAGS}
LIB_FUZZING_ENGINE=${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}
OUT=${OUT:-$SRC/build-fuzz/out}
BUILD=${FUZZ_BUILD:-$SRC/build-fuzz}

# The sanitizers must be linked too: meson links with $LDFLAGS.
if [ ! -f "$BUILD/build.ninja" ]; then
    LDFLAGS="${LDFLAGS:-} $CFLAGS" meson setup "$BUILD" "$SRC" --buildtype=plain \
        -Db_lundef=false -Dfuzz=true -Dfuzz_engine="$LIB_FUZZING_ENGINE" "$@" >/dev/null
fi
targets=()
for src in "$SRC"/tests/fuzz/fuzz_*.c; do
    targets+=("$(basename "$src" .c)")
done
ninja -C "$BUILD" --quiet "${targets[@]/#/tests/fuzz/}"

mkdir -p "$OUT"
for name in "${targets[@]}"; do
    short=${name#fuzz_}
    cp "$BUILD/tests/fuzz/$name" "$OUT/$name"
    rm -f "$OUT/${name}_seed_corpus.zip"
    (cd "$SRC/tests/fuzz/corpus/$short" && python3 -m zipfile -c "$OUT/${name}_seed_corpus.zip" ./*)
    cp "$SRC/tests/fuzz/$short.dict" "$OUT/$name.dict"
    cp "$SRC/tests/fuzz/$short.options" "$OUT/$name.options"
done
echo "fuzz: built ${targets[*]} into $OUT" >&2
