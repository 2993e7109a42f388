/* private to emu/kernel: helpers shared by the kernel core's files.
 *
 * Nothing outside emu/kernel includes this. The split mirrors the Rust
 * crate: process.c (process_standard.rs), grant.c (grant.rs, upcall.rs),
 * dispatch.c and kernel.c (kernel.rs), memop.c (memop.rs).
 */
#ifndef TK_KERNEL_INTERNAL_H
#define TK_KERNEL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel.h"

/* The platform listens for events of `kind`: build one only then. */
static inline bool tk__kernel_wants(const struct tk_kernel *k, enum tk_event_kind kind)
{
    return k->platform.event != NULL &&
           (k->platform.event_filter == 0 || (k->platform.event_filter & 1u << kind) != 0);
}

/* process.c */

/* Change the state and emit TK_EV_STATE if it differs. */
void tk__process_set_state(struct tk_process *p, enum tk_state state);
/* Set the syscall return value: pending = RETURN `ret`, state := Running
 * (spec §10.24) and the Yield-WaitFor readiness flag cleared (spec §2.4). */
void tk__process_set_return(struct tk_process *p, const struct tk_syscall_return *ret);
/* Enter YieldedFor(id), computing readiness from the queue (spec §2.4). */
void tk__process_yield_for(struct tk_process *p, struct tk_upcall_id id);
/* Schedulable now (ProcessStandard::ready, spec §2.4). */
bool tk__process_is_ready(const struct tk_process *p);
/* Remove the first task matching `id` (FunctionCall from the driver or
 * ReturnValue; never kernel or IPC tasks) into *out. False if none. */
bool tk__process_take_matching(struct tk_process *p, struct tk_upcall_id id, struct tk_task *out);
/* Remove every queued driver FunctionCall for `id` (spec §1.6 step 7). */
void tk__process_remove_upcalls(struct tk_process *p, struct tk_upcall_id id);
/* Size of the kernel-owned top of RAM (spec §5.6), and the kernel break just
 * below it for `p`. */
uint64_t tk__process_top_size(void);
uint64_t tk__process_kernel_top(const struct tk_process *p);
/* Stop the host context if it runs (ops->stop); host_active := false. */
void tk__process_host_stop(struct tk_process *p);
/* Start the host context (ops->start; none: nothing to start). Sets and
 * returns host_active: false if the start failed. */
bool tk__process_host_start(struct tk_process *p);
/* Empty the queue and queue the init call (spec §1.8); the scheduler turns
 * it into a START resume when it delivers it. */
void tk__process_queue_init(struct tk_process *p);

/* grant.c */

/* Forget every grant of `p`, telling each driver that had one (spec §10.21). */
void tk__grant_wipe(struct tk_process *p);
/* Free every grant's storage without telling drivers (process destroyed). */
void tk__grant_free_all(struct tk_process *p);
/* Swap a subscribe slot (grant.rs `subscribe`): allocates the grant on first
 * use. Returns 0 with the previous (fn, userdata), TK_NOMEM (no grant) or
 * TK_NOSUPPORT (number out of range); on failure the slot is unchanged. */
int tk__grant_subscribe(struct tk_driver *d, struct tk_process *p, uint32_t number, uint64_t fn,
                        uint64_t userdata, uint64_t *prev_fn, uint64_t *prev_userdata);

/* Swap a read-only or read-write allow slot (grant.rs `allow_ro`/`allow_rw`),
 * same results as tk__grant_subscribe. */
int tk__grant_allow(struct tk_driver *d, struct tk_process *p, bool read_only, uint32_t number,
                    uint64_t addr, uint64_t len, uint64_t *prev_addr, uint64_t *prev_len);

/* lend.c */

/* The loan `task` carries is being delivered to `p`: show it (read-only)
 * and arm the limit. */
void tk__lend_begin(struct tk_process *p, const struct tk_task *task);
/* End p's loan, if any (yield, exit, restart, fault): hide it, disarm the
 * limit, and empty onward allows under REVOKE. */
void tk__lend_return(struct tk_process *p);
/* [address, +len) lies in p's loan and the policy lets it go onward. */
bool tk__lend_covers(const struct tk_process *p, uint64_t address, uint64_t len);

/* memop.c: one memop call (spec §4); fills *ret. */
void tk__memop(struct tk_process *p, const struct tk_syscall *sc, struct tk_syscall_return *ret);

/* syscall.c: register images of the non-command variants. */
struct tk_syscall_return tk__ret_failure(enum tk_errorcode e);
struct tk_syscall_return tk__ret_failure2(enum tk_errorcode e, uint64_t a, uint64_t b);
struct tk_syscall_return tk__ret_success(void);
struct tk_syscall_return tk__ret_success1(uint64_t a);
struct tk_syscall_return tk__ret_success2(uint64_t a, uint64_t b);

#endif
