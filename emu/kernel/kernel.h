/* The kernel object: process table, driver table, scheduler, virtual clock.
 *
 * Mirrors tock/tock kernel/src/kernel.rs @65608d71 (spec §1.5, §2.3). All
 * kernel state hangs off `struct tk_kernel`, so a test can run several kernels
 * and a fuzzer can reset one. The kernel knows nothing of the host: it runs
 * code through `struct tk_process_ops`, hears of the outside world through
 * deadlines, deferred calls and the `platform` hooks, and reports everything
 * it does as events.
 */
#ifndef TK_KERNEL_H
#define TK_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver.h"
#include "process.h"
#include "syscall.h"

#define TK_MAX_PROCESSES 16
#define TK_MAX_DRIVERS   64
#define TK_NO_DEADLINE   UINT64_MAX

/* Fault policies (capsules/system/src/process_policies.rs, spec §5.3).
 * DEFAULT (the zero value) is what every front end uses unless told
 * otherwise; tk_kernel_init resolves it (kernel.c says which). */
enum tk_fault_policy {
    TK_FAULT_POLICY_DEFAULT = 0,
    TK_FAULT_POLICY_PANIC,
    TK_FAULT_POLICY_STOP,
    TK_FAULT_POLICY_STOP_WITH_DEBUG,
    TK_FAULT_POLICY_RESTART,
    TK_FAULT_POLICY_RESTART_WITH_DEBUG,
    TK_FAULT_POLICY_THRESHOLD_RESTART,
    TK_FAULT_POLICY_THRESHOLD_RESTART_THEN_PANIC,
};

/* A point on the virtual clock at which a model wants to run. Owned by the
 * model; armed and disarmed through tk_deadline_*. Ties fire in arming order:
 * arming inserts after every deadline due at the same time. */
struct tk_deadline {
    uint64_t when_ns;
    void (*fire)(struct tk_deadline *dl);
    void *owner;
    /* private to the kernel */
    struct tk_deadline *next;
    bool armed;
};

/* Work a model defers to the kernel loop (Tock DeferredCall): runs before the
 * next process is scheduled, in scheduling order. */
struct tk_deferred_call {
    void (*fn)(struct tk_deferred_call *dc);
    void *owner;
    /* private to the kernel */
    struct tk_deferred_call *next;
    bool pending;
};

/* Everything observable, as one stream (trace, syscall log, console counters). */
enum tk_event_kind {
    TK_EV_SYSCALL,        /* syscall + its return (or none for yields) */
    TK_EV_UPCALL,         /* task delivered: upcall run or Yield-WaitFor completed */
    TK_EV_UPCALL_DROPPED, /* enqueue failed */
    TK_EV_STATE,          /* state change */
    TK_EV_FAULT,
    TK_EV_TIMESLICE,     /* timeslice expired */
    TK_EV_DEBUG,         /* a line of kernel debug output (policy messages) */
    TK_EV_UPCALL_QUEUED, /* task enqueued (the start of an upcall's flow) */
    TK_EV_DEVICE,        /* a simulated device's visible state changed (text) */
};

struct tk_event {
    enum tk_event_kind kind;
    uint64_t time_ns;
    const struct tk_process *process;   /* may be NULL */
    struct tk_syscall syscall;          /* SYSCALL */
    struct tk_syscall_return ret;       /* SYSCALL (written == 0: no return) */
    struct tk_task task;                /* UPCALL, UPCALL_QUEUED, UPCALL_DROPPED */
    int error;                          /* UPCALL_DROPPED reason */
    enum tk_state old_state, new_state; /* STATE */
    struct tk_fault fault;              /* FAULT */
    const char *text;                   /* DEBUG, DEVICE */
};

/* Hooks into the host, all optional. */
struct tk_platform {
    /* Called when no process can run. `next_deadline_ns` is the earliest
     * armed deadline or TK_NO_DEADLINE. The host polls its inputs and may
     * wait (in real-time mode until the deadline). Returns true if any input
     * can still arrive in the future, false if none ever can. */
    bool (*idle)(struct tk_kernel *k, uint64_t next_deadline_ns, void *ctx);
    /* Called between processes while apps are busy, to poll inputs. */
    void (*poll)(struct tk_kernel *k, void *ctx);
    /* Every event (of the kinds `event_filter` selects). */
    void (*event)(struct tk_kernel *k, const struct tk_event *ev, void *ctx);
    /* Kernel debug output (fault-policy messages, panic dump), one line. */
    void (*debug)(struct tk_kernel *k, const char *line, void *ctx);
    /* Asked when every process has ended: true keeps the kernel running, as
     * a real board does, e.g. while scripted input that may `boot` a process
     * through the process console is still to come. NULL: the run ends. */
    bool (*keep_running)(struct tk_kernel *k, void *ctx);
    void *ctx;
    uint32_t event_filter; /* 0: every kind; else only kinds whose bit (1u << kind) is set */
};

/* Allowing kernel-lent memory onward to a driver (lend.c). */
enum tk_lend_onward {
    TK_LEND_ONWARD_DENY,   /* Tock: not the app's memory, INVAL */
    TK_LEND_ONWARD_REVOKE, /* allowed; emptied when the loan returns */
    TK_LEND_ONWARD_KEEP,   /* allowed; the driver keeps reading kernel memory */
};

/* Zero in any field means the default, defined once in kernel.c. */
struct tk_kernel_config {
    enum tk_fault_policy fault_policy; /* 0: stop */
    unsigned fault_threshold;          /* for the THRESHOLD policies */
    uint64_t timeslice_ns;             /* 0: 10 ms */
    uint64_t syscall_cost_ns;          /* CPU time a syscall is charged (0: 1 us) */
    bool sticky_wait_for;              /* Deviation switch for spec §2.4 quirk; default false */
    enum tk_lend_onward lend_onward;   /* 0: deny (lend.c) */
    uint64_t lend_limit_ns;            /* fault an app holding a loan this long; 0: never */
};

struct tk_kernel {
    struct tk_kernel_config config;
    struct tk_platform platform;

    struct tk_process *processes[TK_MAX_PROCESSES];
    unsigned process_count; /* slots in use are [0, process_count) */
    uint32_t next_process_id;
    uint32_t next_task_seq; /* tk_task.seq of the next enqueued task */

    struct tk_driver *drivers[TK_MAX_DRIVERS];
    unsigned driver_count;

    uint64_t now_ns;                 /* the virtual clock */
    struct tk_deadline *deadlines;   /* sorted by when_ns, ties in arming order */
    struct tk_deadline restart_hold; /* the first held process's release (process.c) */
    struct tk_deferred_call *deferred_head, *deferred_tail;
    uint64_t deferred_calls_run; /* since init: with the time, a point in a run (replay) */
    struct tk_deadline lend_deadlines[TK_MAX_PROCESSES]; /* by slot (lend.c) */

    unsigned rr_next; /* round-robin cursor */
    bool panicked;
    char panic_message[160];
    bool stop_requested;

    /* Syscall filter hook (spec §1.5 step 2); NULL = allow all. Returns 0 to
     * allow, an error code to reject. */
    int (*filter)(struct tk_kernel *k, struct tk_process *p, const struct tk_syscall *sc);
    /* IPC delivery hook (spec §2.3, §8.9), called with ipc_deliver_ctx;
     * NULL = IPC tasks are discarded. Converts the IPC task dequeued from `p` into *out (a
     * FunctionCall or ReturnValue) and returns 0, or an error code to discard it. The kernel
     * appends *out at the tail of `p`'s queue. */
    int (*ipc_deliver)(struct tk_kernel *k, struct tk_process *p, const struct tk_task *task,
                       struct tk_task *out, void *ctx);
    void *ipc_deliver_ctx;
    /* Context-switch hook (Tock KernelResources::context_switch_callback,
     * spec §8.7); NULL = none. The loop calls it right before every switch
     * into `p`, with before_switch_ctx; the read-only-state capsule
     * (tk_read_only_state_before_switch) refreshes its buffer here. */
    void (*before_switch)(struct tk_kernel *k, struct tk_process *p, void *ctx);
    void *before_switch_ctx;
};

/* Why tk_kernel_run returned. */
enum tk_run_result {
    TK_RUN_ENDED = 0,   /* every process is Terminated or Faulted */
    TK_RUN_PANIC = 1,   /* the kernel panicked */
    TK_RUN_STUCK = 2,   /* processes wait for events that can never come */
    TK_RUN_STOPPED = 3, /* tk_kernel_request_stop */
};

/* Initialise a kernel with `config` (NULL or zero fields: defaults). */
void tk_kernel_init(struct tk_kernel *k, const struct tk_kernel_config *config);
/* Free every process (through ops->destroy) and unregister drivers. */
void tk_kernel_fini(struct tk_kernel *k);

/* Register a driver. Returns 0, or TK_NOMEM if the table is full, or
 * TK_ALREADY if the number is taken. Must happen before processes exist. */
int tk_kernel_add_driver(struct tk_kernel *k, struct tk_driver *d);
/* Unregister `d` (a board that fails half-way takes its drivers back).
 * Before processes exist only, as the grant index is the table index.
 * Not registered: nothing happens. */
void tk_kernel_remove_driver(struct tk_kernel *k, struct tk_driver *d);

/* Setters: only the kernel writes its fields. */
void tk_kernel_set_platform(struct tk_kernel *k, const struct tk_platform *platform);
void tk_kernel_set_filter(struct tk_kernel *k,
                          int (*filter)(struct tk_kernel *k, struct tk_process *p,
                                        const struct tk_syscall *sc));
/* The context-switch hook (see before_switch); NULL fn: none. */
void tk_kernel_set_before_switch(struct tk_kernel *k,
                                 void (*fn)(struct tk_kernel *k, struct tk_process *p, void *ctx),
                                 void *ctx);
/* The IPC delivery hook (see ipc_deliver); NULL fn: IPC tasks are dropped. */
void tk_kernel_set_ipc_deliver(struct tk_kernel *k,
                               int (*fn)(struct tk_kernel *k, struct tk_process *p,
                                         const struct tk_task *task, struct tk_task *out,
                                         void *ctx),
                               void *ctx);
/* Ask the loop to stop at the next step boundary; tk_kernel_run then
 * returns TK_RUN_STOPPED and forgets the request, so a later run goes on. */
void tk_kernel_request_stop(struct tk_kernel *k);
struct tk_driver *tk_kernel_driver(struct tk_kernel *k, uint32_t number);

/* Memory and identity a loader supplies for a new process. */
struct tk_process_config {
    const char *name;
    uint32_t short_id;
    uint64_t memory_start, memory_len; /* RAM region, mapped by the host */
    uint64_t flash_start, flash_len, flash_protected_size;
    uint64_t init_pc;
    uint64_t initial_break; /* memory_start + arch minimum */
    const struct tk_flash_region *flash_regions;
    unsigned flash_region_count;
    const struct tk_permissions *permissions;
    const struct tk_process_ops *ops;
    void *host;
    void *tbf;
};

/* Create a process in the next slot: state Yielded with the init call queued
 * (spec §1.8), then ops->start(). Returns the process, or NULL with *err set
 * (TK_INVAL more than TK_MAX_FLASH_REGIONS writeable flash regions, TK_NOMEM
 * no slot or memory too small, TK_FAIL start failed). */
struct tk_process *tk_kernel_create_process(struct tk_kernel *k,
                                            const struct tk_process_config *cfg, int *err);

/* Run until every process is Terminated or Faulted, the kernel panics,
 * nothing can ever happen again, or a stop is requested; says which. */
enum tk_run_result tk_kernel_run(struct tk_kernel *k);
/* Run one scheduling step (one process quantum, or idle handling). Returns
 * false when tk_kernel_run would return. */
bool tk_kernel_step(struct tk_kernel *k);

/* Handle one syscall from `p` exactly as Kernel::handle_syscall does. Used by
 * the loop and directly by tests and fuzzers (in-process transport). */
void tk_kernel_handle_syscall(struct tk_kernel *k, struct tk_process *p,
                              const struct tk_syscall *sc);
/* tk_kernel_handle_syscall for a caller outside the loop that acts as the
 * process itself (the in-process transport): the return registers when the
 * call returns at once, a zero return when it does not (the process yielded,
 * exited, restarted or faulted: its state says which). */
struct tk_syscall_return tk_kernel_syscall(struct tk_kernel *k, struct tk_process *p,
                                           const struct tk_syscall *sc);

/* Virtual time. */
static inline uint64_t tk_kernel_now(const struct tk_kernel *k)
{
    return k->now_ns;
}
void tk_deadline_arm(struct tk_kernel *k, struct tk_deadline *dl, uint64_t when_ns);
void tk_deadline_disarm(struct tk_kernel *k, struct tk_deadline *dl);
uint64_t tk_kernel_next_deadline(const struct tk_kernel *k);
/* Advance the clock to `when_ns` (never backwards), firing due deadlines. */
void tk_kernel_advance(struct tk_kernel *k, uint64_t when_ns);
void tk_deferred_call_schedule(struct tk_kernel *k, struct tk_deferred_call *dc);
/* Run the deferred calls pending now (ones they schedule wait for the next
 * round). Returns true if any ran. */
bool tk_kernel_run_deferred_calls(struct tk_kernel *k);

/* Events and debug output. */
/* Stamp `ev` (the caller's, built for this call) with the virtual time and
 * hand it to the platform's event hook. */
void tk_kernel_emit(struct tk_kernel *k, struct tk_event *ev);
void tk_kernel_debugf(struct tk_kernel *k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A TK_EV_DEVICE event: a model's visible state as one line of at most 255
 * bytes ("dac 512"), for the trace; nothing if nobody listens. */
void tk_kernel_device_event(struct tk_kernel *k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Kernel panic: records the message, stops every process, ends the run. */
void tk_kernel_panic(struct tk_kernel *k, const char *message);

#endif
