/* Source locations of app addresses, from the app's ELF through elfutils'
 * libdw: "main+0x1a at tests/apps/crash/main.c:9".
 *
 * Apps are static position-independent executables: an address the app
 * faulted at is its ELF's link address + the load base (the ELF's place in
 * flash); a fixed-address ELF has no bias. The ELF lives beside the TBF (NAME.tbf -> NAME.elf, as
 * the build puts them) or is named with --elf.
 */
#ifndef EMU_SYMBOLS_H
#define EMU_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"

struct emu_symbols;

/* Read the ELF at `path`, loaded at `load_base`, for symbols and line
 * tables. Returns NULL with *err ("app.elf: not an ELF file") if it cannot
 * be used. */
struct emu_symbols *emu_symbols_new(const char *path, uint64_t load_base, struct emu_err *err);
void emu_symbols_free(struct emu_symbols *s);

/* "SYMBOL+0xOFF at FILE:LINE" for `pc`, the parts it can find ("SYMBOL+0xOFF"
 * without line tables, "0xPC" without a symbol). Returns false if nothing
 * is known about `pc` (out says "0xPC"). */
bool emu_symbols_describe(struct emu_symbols *s, uint64_t pc, char *out, size_t len);

/* The memory an unwinder may read: one app's RAM, mapped at the same
 * address in the emulator (architecture.md "Memory model"). */
struct emu_symbols_memory {
    uint64_t start, len;
};

/* The return address of the frame that faulted at `pc` with stack pointer
 * `sp`, found through the ELF's call-frame information (libdw's unwinder),
 * reading the stack only inside `memory`. `dwarf_regs` (NULL: none) are the
 * fault's general registers in DWARF order, `dwarf_count` of them: a frame
 * whose CFA is its frame pointer (code built with frame pointers) needs
 * them. Returns false if it cannot be found (no CFI, the frame needs
 * registers the fault did not report). */
bool emu_symbols_caller(struct emu_symbols *s, uint64_t pc, uint64_t sp, const uint64_t *dwarf_regs,
                        unsigned dwarf_count, const struct emu_symbols_memory *memory,
                        uint64_t *caller_pc);

/* The ELF beside a TBF: "dir/NAME.tbf" -> "dir/NAME.elf" (g_free it), or
 * NULL if the path does not end in .tbf. */
char *emu_symbols_elf_beside(const char *tbf_path);

#endif
