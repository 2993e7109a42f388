#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz entry point: $SRC/tockemu is the checkout; $CC,
# $CFLAGS, $LIB_FUZZING_ENGINE and $OUT come from the builder.
set -euo pipefail
cd "$SRC/tockemu"
# The runner image has none of the emulator's libraries (glib, libcrypto,
# libdw, libpng ...): ship every one but glibc's own in $OUT/lib.
export LDFLAGS="${LDFLAGS:-} -Wl,-rpath,\$ORIGIN/lib"
tests/fuzz/build.sh -Dwerror=false
mkdir -p "$OUT/lib"
for target in "$OUT"/fuzz_*; do
    case $target in *.*) continue ;; esac
    # (a library an earlier target brought along already resolves to $OUT/lib)
    ldd "$target" | awk '/=> \// { print $3 }' | grep -v "^$OUT/lib/" |
        grep -vE '/(libc|libm|libdl|librt|libpthread|libresolv|ld-linux[^/]*)\.so' |
        xargs -r -I{} cp -L {} "$OUT/lib/" || true # nothing new: grep finds no line
done
