#!/bin/sh
# Generate the link layout of a tockemu app from the system linker's own
# default script (`ld --verbose`), so it follows whatever binutils is
# installed. Two edits:
#   - the text segment starts at LTH_TEXT_START (flash start + 4096, where the
#     ELF sits inside its TBF), instead of the fixed 0x400000;
#   - the RW segment (TLS, init arrays, GOT, .data, .bss) starts at
#     LTH_RAM_DATA (RAM start + stack size) instead of right after the text,
#     and the RELRO/DATA_SEGMENT bookkeeping that assumes adjacency goes.
# Both symbols come from --defsym on the link line.
set -eu
out="$1"
ld_bin="${LD:-ld}"
"$ld_bin" --verbose | sed -n '/^======/,/^======/p' | sed '1d;$d' |
    sed -e 's/SEGMENT_START("text-segment", 0x400000)/LTH_TEXT_START/g' \
        -e 's/^  \. = DATA_SEGMENT_ALIGN (CONSTANT (MAXPAGESIZE), CONSTANT (COMMONPAGESIZE));/  . = LTH_RAM_DATA; PROVIDE_HIDDEN(__lth_rw_start = .);/' \
        -e 's/^  \. = DATA_SEGMENT_RELRO_END ([^;]*;//' \
        -e 's/^  \. = DATA_SEGMENT_END (\.);//' > "$out.tmp"
for want in LTH_TEXT_START LTH_RAM_DATA; do
    if ! grep -q "$want" "$out.tmp"; then
        echo "gen-app-ld.sh: the system linker script changed shape; $want not placed" >&2
        rm -f "$out.tmp"
        exit 1
    fi
done
if grep -q DATA_SEGMENT "$out.tmp"; then
    echo "gen-app-ld.sh: DATA_SEGMENT directives left in the script" >&2
    rm -f "$out.tmp"
    exit 1
fi
mv "$out.tmp" "$out"
