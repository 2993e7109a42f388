/* The kernel loop: round-robin scheduling and running one process.
 *
 * Mirrors tock/tock kernel/src/kernel.rs (kernel_loop, do_process) and
 * kernel/src/scheduler/round_robin.rs @65608d71 (spec §2.3, §2.4). A process
 * runs until it has no work left, its timeslice ends, or it faults; host
 * contexts are stopped or restarted only between processes ("sweep"), never
 * inside a syscall or capsule callback (style §7).
 */
#include "kernel-internal.h"

/* Why a process left the CPU (Tock StoppedExecutingReason). */
enum left_reason { LEFT_NO_WORK, LEFT_TIMESLICE, LEFT_INTERRUPTED, LEFT_STOPPED };

/* Apply what terminate/reset marked: stop dead contexts, restart reset ones. */
static void sweep_process(struct tk_process *p)
{
    if (p->host_restart_pending) {
        p->host_restart_pending = false;
        tk__process_host_stop(p);
        if (!tk__process_host_start(p)) {
            tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
            return;
        }
        /* Deviation: a command that restarted its own caller had its return
         * force Running (spec §10.24); a fresh context cannot take a syscall
         * return, so it starts from the queued init call instead. */
        if (p->state == TK_STATE_RUNNING)
            tk__process_set_state(p, TK_STATE_YIELDED);
        return;
    }
    if (!tk_process_is_alive(p) || p->kernel->panicked)
        tk__process_host_stop(p);
}

static void sweep(struct tk_kernel *k)
{
    for (unsigned i = 0; i < k->process_count; i++)
        sweep_process(k->processes[i]);
}

/* Complete the pending yield with a dequeued task (do_process, Yielded and
 * YieldedFor arms). */
static void deliver(struct tk_kernel *k, struct tk_process *p, const struct tk_task *task,
                    bool wait_for)
{
    if (task->lends)
        tk__lend_begin(p, task); /* shown for the span of this upcall */
    if (wait_for) {
        /* spec §10.11: r0-r2 = the upcall arguments, no variant id. */
        struct tk_syscall_return ret = {{task->arg[0], task->arg[1], task->arg[2], 0}, 0x7};
        tk__process_set_return(p, &ret);
    } else {
        p->pending = (struct tk_resume){
            .kind = task->from_kernel ? TK_RESUME_START : TK_RESUME_UPCALL, .pc = task->pc};
        for (unsigned i = 0; i < 4; i++)
            p->pending.arg[i] = task->arg[i];
        tk__process_set_state(p, TK_STATE_RUNNING);
    }
    if (tk__kernel_wants(k, TK_EV_UPCALL)) {
        struct tk_event ev = {.kind = TK_EV_UPCALL, .process = p, .task = *task};
        tk_kernel_emit(k, &ev);
    }
}

/* Yielded: one dequeue. False when the process has nothing left to do. */
static bool service_yielded(struct tk_kernel *k, struct tk_process *p)
{
    struct tk_task task, converted;

    if (!tk_process_dequeue(p, &task))
        return false; /* NoWorkLeft */
    switch (task.kind) {
    case TK_TASK_FUNCTION_CALL:
        deliver(k, p, &task, false);
        break;
    case TK_TASK_RETURN_VALUE:
        break; /* spec §10.7: discarded, the process stays Yielded */
    case TK_TASK_IPC:
        /* spec §2.3: converted and appended at the tail. */
        if (k->ipc_deliver != NULL &&
            k->ipc_deliver(k, p, &task, &converted, k->ipc_deliver_ctx) == 0)
            tk_process_enqueue(p, &converted);
        break;
    }
    return true;
}

static bool service_yielded_for(struct tk_kernel *k, struct tk_process *p)
{
    struct tk_task task;

    if (!tk__process_take_matching(p, p->waiting_for, &task))
        return false;
    deliver(k, p, &task, true);
    return true;
}

/* A whole timeslice of CPU went by: count it and move the clock by it. */
static void timeslice_expired(struct tk_kernel *k, struct tk_process *p)
{
    p->timeslice_expirations++;
    if (tk__kernel_wants(k, TK_EV_TIMESLICE)) {
        struct tk_event ev = {.kind = TK_EV_TIMESLICE, .process = p};
        tk_kernel_emit(k, &ev);
    }
    tk_kernel_advance(k, k->now_ns + k->config.timeslice_ns);
}

/* Hand the CPU to a Running process once and act on the trap. */
static enum left_reason run_once(struct tk_kernel *k, struct tk_process *p, uint64_t *remaining)
{
    struct tk_trap trap = {.kind = TK_TRAP_FAULT};

    /* Where Tock's arch switch hook runs: the read-only-state capsule
     * refreshes its buffer here (spec §8.7). */
    if (k->before_switch != NULL)
        k->before_switch(k, p, k->before_switch_ctx);
    p->ops->switch_to(p, &p->pending, *remaining, &trap);
    /* The slice is charged a fixed cost per syscall plus the CPU time the
     * host measured, which it does only when the app computed past the
     * channel's spin (~50 us). So a process that polls with quick syscalls
     * uses up its slice after the same number of calls on every run, whatever
     * the host's load; long computation is charged as it really ran
     * (architecture.md "Time"). */
    uint64_t spent = trap.ran_ns + (trap.kind == TK_TRAP_SYSCALL ? k->config.syscall_cost_ns : 0);
    *remaining -= spent < *remaining ? spent : *remaining;
    switch (trap.kind) {
    case TK_TRAP_SYSCALL:
        tk_kernel_handle_syscall(k, p, &trap.syscall);
        /* A slice used up by a process still running is an expiration, as
         * Tock's timer would see it; time moves on, so a poll loop waiting
         * for a deadline gets there. Its syscall return stays pending. */
        if (*remaining == 0) {
            if (p->state == TK_STATE_RUNNING)
                timeslice_expired(k, p);
            return LEFT_TIMESLICE;
        }
        /* do_process leaves when bottom-half work is pending; round robin
         * then gives the same process the CPU again. */
        return k->deferred_head != NULL ? LEFT_INTERRUPTED : LEFT_STOPPED;
    case TK_TRAP_TIMESLICE:
        p->pending = (struct tk_resume){.kind = TK_RESUME_CONTINUE};
        timeslice_expired(k, p);
        return LEFT_TIMESLICE;
    case TK_TRAP_FAULT:
        tk_process_set_fault(p, &trap.fault);
        return LEFT_NO_WORK;
    }
    return LEFT_NO_WORK;
}

/* Kernel::do_process. LEFT_STOPPED from run_once means "keep going". */
static enum left_reason do_process(struct tk_kernel *k, struct tk_process *p)
{
    uint64_t remaining = k->config.timeslice_ns;

    for (;;) {
        sweep_process(p);
        if (k->panicked || k->stop_requested)
            return LEFT_NO_WORK;
        bool more;
        switch (p->state) {
        case TK_STATE_RUNNING: {
            enum left_reason why = run_once(k, p, &remaining);
            if (why != LEFT_STOPPED)
                return why;
            more = true;
            break;
        }
        case TK_STATE_YIELDED:
            more = service_yielded(k, p);
            break;
        case TK_STATE_YIELDED_FOR:
            more = service_yielded_for(k, p);
            break;
        default:
            more = false;
            break;
        }
        if (!more)
            return LEFT_NO_WORK;
    }
}

/* Round robin: the first ready process from the cursor. O(n), n <= 16. */
static struct tk_process *next_ready(struct tk_kernel *k)
{
    for (unsigned i = 0; i < k->process_count; i++) {
        struct tk_process *p = k->processes[(k->rr_next + i) % k->process_count];
        if (tk__process_is_ready(p))
            return p;
    }
    return NULL;
}

static bool any_ready(struct tk_kernel *k)
{
    return next_ready(k) != NULL;
}

static bool all_ended(const struct tk_kernel *k)
{
    for (unsigned i = 0; i < k->process_count; i++)
        if (tk_process_is_alive(k->processes[i]))
            return false;
    return true;
}

/* Nothing can run: let the host wait, or jump the clock, or give up. */
static bool handle_idle(struct tk_kernel *k)
{
    if (all_ended(k) &&
        (k->platform.keep_running == NULL || !k->platform.keep_running(k, k->platform.ctx)))
        return false;
    uint64_t next = tk_kernel_next_deadline(k);
    bool inputs_possible = false;
    if (k->platform.idle != NULL) {
        inputs_possible = k->platform.idle(k, next, k->platform.ctx);
        if (k->stop_requested || k->panicked)
            return false;
        if (any_ready(k) || k->deferred_head != NULL)
            return true;
        /* The host may have moved the clock past the deadline itself. */
        next = tk_kernel_next_deadline(k);
    }
    if (next != TK_NO_DEADLINE) {
        tk_kernel_advance(k, next);
        return true;
    }
    return inputs_possible;
}

bool tk_kernel_step(struct tk_kernel *k)
{
    if (k->panicked || k->stop_requested)
        return false;
    tk_kernel_run_deferred_calls(k);
    sweep(k);
    if (k->panicked || k->stop_requested)
        return false;

    struct tk_process *p = next_ready(k);
    if (p == NULL) {
        if (k->deferred_head != NULL)
            return true;
        return handle_idle(k);
    }
    enum left_reason why = do_process(k, p);
    k->rr_next = why == LEFT_INTERRUPTED ? p->slot : (p->slot + 1) % k->process_count;
    if (k->platform.poll != NULL)
        k->platform.poll(k, k->platform.ctx);
    sweep(k);
    return !k->panicked && !k->stop_requested;
}

enum tk_run_result tk_kernel_run(struct tk_kernel *k)
{
    while (tk_kernel_step(k))
        ;
    sweep(k);
    if (k->panicked)
        return TK_RUN_PANIC;
    if (k->stop_requested) {
        k->stop_requested = false; /* the request is answered */
        return TK_RUN_STOPPED;
    }
    return all_ended(k) ? TK_RUN_ENDED : TK_RUN_STUCK;
}
