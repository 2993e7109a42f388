/* The in-process transport: a process whose code is a sequence of syscalls.
 *
 * No fork, no mailbox: the process's "code" is a callback that the kernel's
 * switch_to calls, and that answers with the next syscall (or a timeslice
 * expiry, or a fault). Fuzzers, replays, the bench and the kernel and
 * capsule tests drive processes this way, at the speed of a function call.
 *
 * Memory is laid out as the forked transport lays it out (host.h): RAM is a
 * private mapping of memory_len bytes at memory_start (a fixed address, as
 * the forked transport maps a TBF's fixed RAM address, or wherever mmap puts
 * it), and flash is the TBF's bytes, either in place in a caller's app flash
 * or in a copy this transport owns. One inaccessible guard page sits on each
 * side of both, so a kernel read or write that runs off the end of process
 * RAM or flash faults at once instead of landing in a neighbour.
 *
 *   guard | RAM [memory_start, memory_start + memory_len) | guard
 *   guard | flash [flash_start, flash_start + flash_len)   | guard   (owned copy)
 *
 * Upstream counterpart: none; Tock runs processes on the CPU. The forked
 * transport (switch.c) is the real mode.
 */
#ifndef EMU_PROCESS_INPROC_H
#define EMU_PROCESS_INPROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"
#include "kernel.h"
#include "loader.h"

/* The process's code. Called from switch_to on the kernel's thread with how
 * the code is to continue (`resume`: the init call, a syscall's return, an
 * upcall, or a plain continue). It fills `trap` (zeroed on entry) with what
 * the code does next: usually trap->kind = TK_TRAP_SYSCALL and the call in
 * trap->syscall. It may read and write the process's RAM below the break, as
 * app code would. */
typedef void emu_inproc_code(void *ctx, struct tk_process *p, const struct tk_resume *resume,
                             struct tk_trap *trap);

struct emu_inproc_options {
    const char *name;      /* package name; NULL: "" */
    uint64_t memory_start; /* fixed RAM address (page aligned); 0: anywhere */
    uint64_t memory_len;   /* RAM bytes, rounded up to 4 KiB; 0: 64 KiB */
    /* App break at creation and after every reset, as an offset from
     * memory_start. The forked transport uses 0 (spec §10.16). */
    uint64_t initial_break_offset;
    /* Flash. With `tbf` (verdict TK_LOAD_OK), the process is that TBF: its
     * bytes in place when `tbf_in_place` (the caller's app flash, which must
     * outlive the process), else in a copy; init_pc, the protected size,
     * writeable flash regions and ShortId come from its header. Without it,
     * `flash_len` zero bytes (0: 4 KiB) of which the first
     * `flash_protected_size` are protected, with init_pc right after them. */
    const struct tk_tbf_object *tbf;
    bool tbf_in_place;
    uint64_t flash_len;
    uint64_t flash_protected_size;
    uint8_t ram_fill;                         /* every RAM byte at creation */
    const struct tk_permissions *permissions; /* syscall filter (spec §1.7); NULL: none */
    emu_inproc_code *code; /* NULL: the code answers every switch with Yield-Wait */
    void *code_ctx;
};

/* What the kernel asked of an in-process process's host context. */
struct emu_inproc_counts {
    unsigned starts;   /* ops->start: creation and every restart */
    unsigned stops;    /* ops->stop */
    unsigned switches; /* ops->switch_to */
};

/* Create a process on `k` as `o` says. Returns the process, or NULL with
 * `err` filled (the mapping failed: -errno in *rc if `rc` is not NULL; or the
 * kernel refused it: its error code in *rc, positive); on NULL nothing was
 * created. The kernel owns the process; tk_kernel_fini frees its memory. */
struct tk_process *emu_inproc_process_new(struct tk_kernel *k, const struct emu_inproc_options *o,
                                          int *rc, struct emu_err *err);

/* Issue `sc` as `p` straight into the dispatcher, outside the kernel loop,
 * and return what the kernel wrote back (written == 0 when nothing was, as
 * for a yield that suspends). The process's pending resume is consumed. */
struct tk_syscall_return emu_inproc_syscall(struct tk_kernel *k, struct tk_process *p,
                                            const struct tk_syscall *sc);

/* Counters and the last resume given to switch_to (kind START before any). */
const struct emu_inproc_counts *emu_inproc_counts(const struct tk_process *p);
const struct tk_resume *emu_inproc_last_resume(const struct tk_process *p);

/* Change the code of `p` (e.g. between phases of a test). */
void emu_inproc_set_code(struct tk_process *p, emu_inproc_code *code, void *ctx);

/* True if `p` runs on this transport. */
bool emu_inproc_is_inproc(const struct tk_process *p);

/* A replay: code that issues `calls[0..count)` in order, one per switch,
 * then Exit-terminate with code 0. `next` counts the calls issued. */
struct emu_inproc_script {
    const struct tk_syscall *calls;
    size_t count;
    size_t next;
};
emu_inproc_code emu_inproc_script_code; /* ctx: struct emu_inproc_script * */

#endif
