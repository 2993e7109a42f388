/* private to libtock-host: the app-side runtime state and its entry points.
 *
 * One app is one Linux process, so the runtime's state is one object,
 * `lth__rt`. It lives in the app's RAM like libtock-c's own globals do.
 */
#ifndef LTH_PRIVATE_H
#define LTH_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

long lth__raw_syscall(long nr, long a, long b, long c, long d, long e, long f);
#define EMU_CHANNEL_FUTEX(addr, op, val, timeout)                                                  \
    lth__raw_syscall(SYS_futex, (long)(addr), (op), (long)(val), (long)(timeout), 0, 0)
/* The app has no clock (the seccomp filter refuses them): spin budgets are
 * in CPU cycles, ~50 us at 3 GHz. */
#define EMU_CHANNEL_CLOCK       __builtin_ia32_rdtsc
#define EMU_CHANNEL_SPIN_BUDGET 150000u
#include "channel.h"

struct lth_runtime {
    struct emu_mailbox *mailbox; /* set by the start-up code before anything else runs */
    uint64_t memory_start, memory_len;
    uint64_t stack_top; /* also where .data starts (__lth_rw_start) */
};

extern struct lth_runtime lth__rt;

/* Issue one Tock syscall. `ret` receives r0-r3: the registers the kernel
 * did not write keep the values passed in (spec §1.3). If the kernel answers
 * with an upcall (a yield), the upcall runs before this returns. */
void lth__syscall(uint32_t class_id, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t ret[4]);

/* The same, on an explicit mailbox and without upcalls: for start-up code
 * that runs before RAM (and so lth__rt) exists. */
void lth__syscall_on(struct emu_mailbox *mb, uint32_t class_id, uint64_t a0, uint64_t a1,
                     uint64_t a2, uint64_t a3, uint64_t ret[4]);

/* Run `fn(argc, argv, envp)` on the stack whose top is `stack_top`. */
int lth__call_on_stack(int (*fn)(int, char **, char **), int argc, char **argv, char **envp,
                       uint64_t stack_top);

/* Give up: report an ABORT trap with `msg` to the kernel, which ends the
 * process through its fault policy. Usable before RAM exists. */
void lth__abort_on(struct emu_mailbox *mb, const char *msg, uint64_t pc) __attribute__((noreturn));

#endif
