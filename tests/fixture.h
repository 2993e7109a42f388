/* An in-process kernel and processes for kernel and capsule tests.
 *
 * No fork: a fixture process has RAM from the test's heap and an ops table
 * that records what the kernel asked of it. Tests issue syscalls directly
 * through tk_kernel_handle_syscall and inspect the return registers, the
 * process state and its task queue. Fork appears only in tests/process and
 * tests/e2e (style §8).
 */
#ifndef TK_TEST_FIXTURE_H
#define TK_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

/* Default RAM of a fixture process and where its break starts: the bottom
 * half of RAM is app-accessible, so buffers from fx_ram() pass allow checks. */
#define FX_RAM_SIZE (64 * 1024)

/* Initialise `k` with default config (virtual time 0, Stop fault policy). */
void fx_kernel_init(struct tk_kernel *k);
/* tk_kernel_fini plus freeing every fixture process's memory. */
void fx_kernel_fini(struct tk_kernel *k);

/* Create a process named `name` with `ram_size` bytes of RAM (0 = default)
 * and 4 KiB of fake flash (first 64 bytes "protected"). The app break is
 * memory_start + ram_size / 2. The init task is dequeued, so the queue is
 * empty and the state is Running, as if the app had started. */
struct tk_process *fx_process_new(struct tk_kernel *k, const char *name, size_t ram_size);

/* Move every address of `p` by a fixed amount so RAM starts at `ram` and
 * flash at `flash`: the layout stays the kernel's, the numbers are fixed
 * (for golden output). Save `*p` before and put it back after printing: the
 * process's memory does not move. */
void fx_process_rebase(struct tk_process *p, uint64_t ram, uint64_t flash);

/* Pointer to `offset` bytes into the process's RAM (must be below the break
 * for allows to succeed), and the matching app address. */
void *fx_ram(struct tk_process *p, size_t offset);
uint64_t fx_addr(struct tk_process *p, size_t offset);
/* An address in the process's non-protected flash, and its bytes. */
uint64_t fx_flash_addr(struct tk_process *p, size_t offset);

/* Issue one syscall as `p` and return what the kernel wrote back
 * (ret.written == 0 if nothing, e.g. for yields). */
struct tk_syscall_return fx_syscall(struct tk_kernel *k, struct tk_process *p, uint32_t class_id,
                                    uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);
struct tk_syscall_return fx_command(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                    uint32_t command, uint32_t arg0, uint32_t arg1);
struct tk_syscall_return fx_subscribe(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                      uint32_t number, uint64_t fn, uint64_t userdata);
struct tk_syscall_return fx_allow_ro(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                     uint32_t number, uint64_t addr, uint64_t len);
struct tk_syscall_return fx_allow_rw(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                     uint32_t number, uint64_t addr, uint64_t len);
struct tk_syscall_return fx_allow_ur(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                     uint32_t number, uint64_t addr, uint64_t len);
struct tk_syscall_return fx_memop(struct tk_kernel *k, struct tk_process *p, uint32_t op,
                                  uint64_t arg);

/* A valid upcall function address for `p` (inside its non-protected flash). */
uint64_t fx_upcall_fn(struct tk_process *p, unsigned index);

/* Task queue inspection: number queued, and pop the head (false if empty). */
unsigned fx_task_count(const struct tk_process *p);
bool fx_pop_task(struct tk_process *p, struct tk_task *out);

/* Run deferred calls and advance virtual time by `ns`, firing deadlines. */
void fx_run_deferred(struct tk_kernel *k);
void fx_advance(struct tk_kernel *k, uint64_t ns);

/* What the kernel asked of a fixture process's host context: ops->start
 * and ops->stop calls, ops->switch_to calls, and the last resume given. The
 * fixture's switch_to answers every switch with Yield-Wait. */
unsigned fx_start_count(const struct tk_process *p);
unsigned fx_stop_count(const struct tk_process *p);
unsigned fx_switch_count(const struct tk_process *p);
const struct tk_resume *fx_last_resume(const struct tk_process *p);

/* What the kernel showed and hid to fixture processes through their window
 * hooks (tk_process_ops.window_show/hide: IPC shares, loans), in order.
 * fx_window_log_attach() replaces `p`'s hooks by recorders that append to
 * `log`, which must stay where it is while the process lives; any number
 * of processes (up to FX_WINDOW_PROCS) may share one log. */
enum { FX_WINDOW_CALLS = 16, FX_WINDOW_PROCS = 4 };
struct fx_window_call {
    bool show; /* false: hide */
    bool writable;
    unsigned slot; /* of the process shown or hidden to */
    uint64_t address, len;
};
struct fx_window_log {
    struct fx_window_call calls[FX_WINDOW_CALLS];
    unsigned count;
    struct fx_window_hooks {
        struct tk_process_ops ops; /* the process's own, hooks replaced */
        struct fx_window_log *log;
    } hooks[FX_WINDOW_PROCS];
    unsigned procs;
};
void fx_window_log_attach(struct fx_window_log *log, struct tk_process *p);
/* Call `index` of `log` was a show (or hide) to `slot` of [address, +len). */
void fx_assert_window_call(const struct fx_window_log *log, unsigned index, bool show,
                           unsigned slot, uint64_t address, uint64_t len);

/* Assertion helpers for Check: the exact variant and the registers. */
#define fx_assert_variant(ret, v) ck_assert_uint_eq((uint32_t)(ret).reg[0], (v))
#define fx_assert_failure(ret, err)                                                                \
    do {                                                                                           \
        struct tk_syscall_return fx__ret = (ret); /* evaluate a syscall once */                    \
        ck_assert_uint_eq((uint32_t)fx__ret.reg[0], TK_RV_FAILURE);                                \
        ck_assert_uint_eq((uint32_t)fx__ret.reg[1], (err));                                        \
    } while (0)
/* A failed allow or subscribe: Failure with two values (spec §1.3). */
#define fx_assert_failure2(ret, err)                                                               \
    do {                                                                                           \
        struct tk_syscall_return fx__ret = (ret);                                                  \
        ck_assert_uint_eq((uint32_t)fx__ret.reg[0], TK_RV_FAILURE_U32_U32);                        \
        ck_assert_uint_eq((uint32_t)fx__ret.reg[1], (err));                                        \
    } while (0)
#define fx_assert_success(ret) ck_assert_uint_eq((uint32_t)(ret).reg[0], TK_RV_SUCCESS)

#endif
