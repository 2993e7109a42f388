/* What tockemu says about a fault: one line with the source location, and
 * the process dump of the debug fault policies.
 *
 * The dump mirrors tock/tock kernel/src/process_standard.rs
 * print_full_process @65608d71 (the process printer's overview, the stored
 * context, the grant table, the MPU regions, how to debug), with the x86-64
 * context a fault reports in place of Cortex-M registers.
 */
#ifndef EMU_FAULT_REPORT_H
#define EMU_FAULT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "kernel.h"
#include "symbols.h"

/* Below memory_start by at most this much: the stack (at the bottom of
 * process RAM, growing down) ran out. */
#define EMU_STACK_OVERFLOW_REACH (64 * 1024)

/* True if `f` is a memory fault just below `p`'s RAM: a stack overflow. */
bool emu_fault_is_stack_overflow(const struct tk_process *p, const struct tk_fault *f);

/* One line (no newline): the fault's kind, access, address and pc, then
 * the pc's symbol and file:line, and for a stack overflow the caller's:
 * "stack overflow: memory fault: write at 0x6b3fff70 (pc 0x4b402f49) in
 * recurse+0x19 at main.c:97, called from recurse+0x2e at main.c:100".
 * `symbols` may be NULL (addresses only). `p`'s RAM must still be mapped
 * (call it from the fault event) for the caller to be found. */
void emu_fault_line(struct emu_symbols *symbols, const struct tk_process *p,
                    const struct tk_fault *f, char *out, size_t len);

/* Append the process dump of a faulted `p` to `out`, lines ending "\r\n" as
 * the kernel's debug writer prints them. */
void emu_fault_dump(struct emu_symbols *symbols, const struct tk_process *p,
                    const struct tk_fault *f, GString *out);

/* The ELF of each app, for fault lines and dumps, opened at its first fault. */
struct emu_fault_reporter;

/* `elf_paths` (NULL-terminated, may be NULL): ELFs named by the user
 * (--elf); one whose file name is NAME.elf serves the app named NAME. */
struct emu_fault_reporter *emu_fault_reporter_new(const char *const *elf_paths);
void emu_fault_reporter_free(struct emu_fault_reporter *r);
/* The app in `slot` is `name`, loaded from `tbf_path` (its ELF is beside it,
 * NAME.tbf -> NAME.elf, unless --elf named one), its ELF at `load_base`. */
void emu_fault_reporter_add_app(struct emu_fault_reporter *r, unsigned slot, const char *name,
                                const char *tbf_path, uint64_t load_base);
/* The app's symbols, or NULL (no ELF, or it could not be read: *why says
 * so once, else is empty). */
struct emu_symbols *emu_fault_reporter_symbols(struct emu_fault_reporter *r, unsigned slot,
                                               char *why, size_t len);
/* The path of the app's ELF, or NULL if none is known (gdb's symbols). */
const char *emu_fault_reporter_elf_path(const struct emu_fault_reporter *r, unsigned slot);
/* Where that ELF is loaded (its link address 0 sits there); 0: linked where
 * it runs. */
uint64_t emu_fault_reporter_load_base(const struct emu_fault_reporter *r, unsigned slot);

#endif
