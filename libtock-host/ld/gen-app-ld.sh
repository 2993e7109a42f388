#!/bin/sh
# Generate the link layout of a tockemu app from the system linker's own
# default script for position-independent executables (`ld -pie --verbose`),
# so it follows whatever binutils is installed. The app is linked at 0 and
# runs wherever tockemu places its TBF (emu/process/host.h):
#
#   TBF start (flash)         + 0x1000          the ELF, executed in place
#   TBF start + LTH_RAM_OFFSET                  memory_start: the stack,
#   ... + LTH_STACK_SIZE + LTH_RUNTIME_STACK    then the RW segment (TLS, init
#                                               arrays, GOT, .data, .bss)
#
# x86-64 code reaches its data PC-relative, so RAM sits at a fixed distance
# from the code; what moves is the pair. Edits to the default script:
#   - the RW segment starts at LTH_RAM_OFFSET - 0x1000 + the stack (the ELF
#     sits 0x1000 into its TBF) instead of right after the text, and
#     the RELRO/DATA_SEGMENT bookkeeping that assumes adjacency goes;
#   - __lth_ram_start (memory_start) and __lth_rw_start (the stack top) mark
#     it for the runtime and for tockbin.
# LTH_STACK_SIZE (the app's STACK_SIZE) comes from --defsym on the link line.
# LTH_RUNTIME_STACK is what the runtime adds on top, part of its RAM
# footprint: musl's printf of a double alone takes 7.4 KiB of stack
# (fmt_fp's big[] array), which newlib-nano's printf on a board does not.
set -eu
out="$1"
ld_bin="${LD:-ld}"
# Keep in step with EMU_APP_RAM_OFFSET (emu/process/host.h).
ram="LTH_RAM_OFFSET = 0x20000000; . = LTH_RAM_OFFSET - 0x1000; HIDDEN(__lth_ram_start = .); LTH_RUNTIME_STACK = 8192; . += LTH_STACK_SIZE + LTH_RUNTIME_STACK; . = ALIGN(16); HIDDEN(__lth_rw_start = .);"
"$ld_bin" -pie --verbose | sed -n '/^======/,/^======/p' | sed '1d;$d' |
    sed -e "s/^  \. = DATA_SEGMENT_ALIGN (CONSTANT (MAXPAGESIZE), CONSTANT (COMMONPAGESIZE));/  $ram/" \
        -e 's/^  \. = DATA_SEGMENT_RELRO_END ([^;]*;//' \
        -e 's/^  \. = DATA_SEGMENT_END (\.);//' > "$out.tmp"
for want in 'SEGMENT_START("text-segment", 0)' __lth_rw_start; do
    if ! grep -qF "$want" "$out.tmp"; then
        echo "gen-app-ld.sh: the system linker script changed shape; $want not found" >&2
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
