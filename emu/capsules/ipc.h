/* IPC capsule (driver 0x10000): discovery, notifications, shared buffers.
 *
 * Mirrors tock/tock kernel/src/ipc.rs @65608d71 (spec §8.9); the syscall
 * interface and the sharing rules are in ipc.c.
 */
#ifndef TK_CAPSULE_IPC_H
#define TK_CAPSULE_IPC_H

#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "kernel.h"

/* One buffer a process shared (its RW allow number `viewer`) that the
 * kernel showed to the process in slot `viewer` at a delivery. */
struct tk_ipc_window {
    bool shown;
    uint64_t address, len;
    uint32_t viewer_id; /* the viewer's ProcessId when it was shown */
};

/* May a process IPC-share memory it was only shown (issue 12)? */
enum tk_ipc_reshare {
    TK_IPC_RESHARE_DENY,  /* Tock: not its memory, the allow fails INVAL */
    TK_IPC_RESHARE_ALLOW, /* the next process is shown the same memory */
    TK_IPC_RESHARE_COPY,  /* the next process gets a read-only copy */
};

struct tk_ipc {
    struct tk_driver driver; /* what the board registers */
    enum tk_ipc_reshare reshare;
    /* shown[owner slot][viewer slot]: what the viewer sees of the owner. A
     * process shares at most one buffer with each other slot (its RW allow
     * number is the viewer's slot), so this is every window IPC made. */
    struct tk_ipc_window shown[TK_MAX_PROCESSES][TK_MAX_PROCESSES];
};

/* Set up `ipc` with re-sharing policy `reshare` (TK_IPC_RESHARE_DENY is
 * Tock's); `ipc->driver` gets number TK_DRIVER_NUM_IPC. NUM_PROCS
 * (upcalls and RW allows) is TK_MAX_PROCESSES. The board registers the
 * driver, then installs tk_ipc_deliver with `ipc` as the kernel's IPC hook:
 *   tk_kernel_set_ipc_deliver(k, tk_ipc_deliver, ipc); */
void tk_ipc_init(struct tk_ipc *ipc, enum tk_ipc_reshare reshare);

/* The kernel's IPC hook (ipc.rs schedule_upcall), `ctx` the registered
 * struct tk_ipc: turn the IPC task `task` that `receiver` dequeued into its
 * upcall, showing the notifier's buffer to the receiver. Returns 0 with
 * *out set, or an error code when the notification is dropped (self-notify
 * TK_ALREADY, notifier gone TK_FAIL, a grant fails). */
int tk_ipc_deliver(struct tk_kernel *k, struct tk_process *receiver, const struct tk_task *task,
                   struct tk_task *out, void *ctx);

#endif
