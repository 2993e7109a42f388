/* private to libtock-host: the app-side runtime state and its entry points.
 *
 * One app is one Linux process, so the runtime's state is one object,
 * `lth__rt`. It lives in the app's RAM like libtock-c's own globals do.
 */
#ifndef LTH_PRIVATE_H
#define LTH_PRIVATE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

long lth__raw_syscall(long nr, long a, long b, long c, long d, long e, long f);
#define EMU_CHANNEL_FUTEX(addr, op, val, timeout)                                                  \
    lth__raw_syscall(SYS_futex, (long)(addr), (op), (long)(val), (long)(timeout), 0, 0)
#include "channel.h"

struct lth_runtime {
    struct emu_mailbox *mailbox; /* NULL until attached */
    uint64_t memory_start, memory_len;
    uint64_t stack_top; /* also where .data starts (__lth_rw_start) */
    uint64_t mpu_end;   /* end of the RAM the app may touch, as last applied */
    bool mpu_enabled;
    volatile sig_atomic_t in_kernel; /* a syscall or preemption is in flight */
};

extern struct lth_runtime lth__rt;

/* Issue one Tock syscall. `ret` receives r0-r3: the registers the kernel
 * did not write keep the values passed in (spec §1.3). If the kernel answers
 * with an upcall (a yield), the upcall runs before this returns. */
void lth__syscall(uint32_t class_id, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t ret[4]);

/* Run `fn(argc, argv, envp)` on the stack whose top is `stack_top`. */
int lth__call_on_stack(int (*fn)(int, char **, char **), int argc, char **argv, char **envp,
                       uint64_t stack_top);

/* Apply the MPU for the current app break (mprotect in this process). */
void lth__mpu_apply(uint64_t app_break);

/* Install the seccomp filter (seccomp.c): from now on a Linux system call
 * not issued by lth__raw_syscall raises SIGSYS, a fault. Returns 0, or -1
 * with nothing installed. */
int lth__seccomp_install(void);

/* Write a diagnostic to the host's stderr (fd 2) without stdio. */
void lth__die(const char *msg) __attribute__((noreturn));

#endif
