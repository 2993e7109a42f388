/* The kernel side of the mailbox: hand the CPU to a child, wait for its trap.
 *
 * Plays the role of a Tock arch crate's switch_to_process: write what the
 * process is to do next (return values, an upcall, the init call), give it
 * the turn, and wait until it traps back with a syscall, is preempted at the
 * end of its timeslice, faults, or dies. Preemption is a SIGUSR2 the child
 * answers with EMU_TRAP_PREEMPTED once the child has used a timeslice of CPU
 * time; it is re-sent every timeslice until the child traps, since a signal
 * landing mid-syscall is ignored by the child.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "host.h"

static void write_resume(struct emu_mailbox *mb, const struct tk_resume *r)
{
    static const uint32_t op_of[] = {
        [TK_RESUME_START] = EMU_OP_START,
        [TK_RESUME_RETURN] = EMU_OP_RETURN,
        [TK_RESUME_UPCALL] = EMU_OP_UPCALL,
        [TK_RESUME_CONTINUE] = EMU_OP_CONTINUE,
    };
    mb->op = op_of[r->kind];
    mb->app_break = r->app_break;
    if (r->kind == TK_RESUME_RETURN) {
        mb->written = r->ret.written;
        memcpy(mb->ret, r->ret.reg, sizeof mb->ret);
    } else if (r->kind == TK_RESUME_UPCALL || r->kind == TK_RESUME_START) {
        mb->written = 0;
        mb->pc = r->pc;
        memcpy(mb->ret, r->arg, sizeof mb->ret);
    }
}

static void died(struct tk_trap *trap, const struct tk_fault *fault)
{
    trap->kind = TK_TRAP_FAULT;
    trap->fault = *fault;
}

/* CPU time the child has used, in ns (0 if it cannot be read). */
static uint64_t child_cpu_ns(pid_t pid)
{
    clockid_t clock;
    struct timespec ts;
    if (clock_getcpuclockid(pid, &clock) != 0 || clock_gettime(clock, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Wait for the child's trap and report the CPU time it used in *ran_ns. The
 * fast path (a trap within the spin) reports 0: the kernel charges each
 * syscall a fixed cost instead, so quick syscalls cost the same on every
 * run. On the slow path the child's CPU clock is read, never wall time: a
 * busy host must not make an app look like it computed, since expirations
 * move virtual time (architecture.md "Time"). Returns false if the child
 * died. */
static bool wait_for_trap(struct emu_process_host *h, uint64_t timeslice_ns, uint64_t *ran_ns,
                          struct tk_fault *fault)
{
    struct emu_mailbox *mb = h->mailbox;
    if (emu_channel_spin(mb, EMU_TURN_KERNEL, EMU_CHANNEL_SPINS)) {
        *ran_ns = 0;
        return true;
    }
    uint64_t cpu0 = child_cpu_ns(h->pid);
    uint64_t budget = timeslice_ns;
    uint64_t used = 0;
    for (;;) {
        uint64_t left = budget > used ? budget - used : 0;
        struct timespec timeout = {(time_t)(left / 1000000000ull), (long)(left % 1000000000ull)};
        if (emu_channel_wait(mb, EMU_TURN_KERNEL, &mb->kernel_waiting, 0, &timeout) == 0)
            break;
        if (emu__reap(h, fault))
            return false;
        uint64_t cpu = child_cpu_ns(h->pid);
        used = cpu > cpu0 ? cpu - cpu0 : 0;
        if (used >= budget) {
            kill(h->pid, SIGUSR2);
            budget = used + timeslice_ns; /* re-send if the signal was ignored */
        }
    }
    *ran_ns = used;
    return true;
}

static void host_switch_to(struct tk_process *p, const struct tk_resume *resume,
                           uint64_t timeslice_ns, struct tk_trap *trap)
{
    struct emu_process_host *h = p->host;
    struct emu_mailbox *mb = h->mailbox;
    struct tk_fault fault = {.kind = TK_FAULT_DIED};

    memset(trap, 0, sizeof *trap);
    if (h->pid <= 0) {
        died(trap, &fault);
        return;
    }
    write_resume(mb, resume);
    emu_channel_give(mb, EMU_TURN_APP, &mb->app_waiting);
    if (!wait_for_trap(h, timeslice_ns, &trap->ran_ns, &fault)) {
        died(trap, &fault);
        return;
    }

    switch (mb->trap) {
    case EMU_TRAP_SYSCALL:
        trap->kind = TK_TRAP_SYSCALL;
        trap->syscall.class_id = mb->class_id;
        memcpy(trap->syscall.arg, mb->arg, sizeof trap->syscall.arg);
        break;
    case EMU_TRAP_PREEMPTED:
        trap->kind = TK_TRAP_TIMESLICE;
        tk_process_note_stack_pointer(p, mb->stack_pointer);
        break;
    case EMU_TRAP_FAULT:
        trap->kind = TK_TRAP_FAULT;
        emu__fault_from_mailbox(mb, &trap->fault);
        tk_process_note_stack_pointer(p, mb->stack_pointer);
        break;
    default:
        /* A protocol violation by the app (it wrote its own mailbox). */
        trap->kind = TK_TRAP_FAULT;
        trap->fault.kind = TK_FAULT_OTHER;
        break;
    }
}

static int host_start(struct tk_process *p)
{
    struct emu_process_host *h = p->host;
    struct emu_err err;
    int rc = emu__spawn(h, &err);
    if (rc != 0 && h->verbose)
        fprintf(stderr, "tockemu: %s\n", err.msg);
    return rc;
}

static void host_stop(struct tk_process *p)
{
    emu__kill(p->host);
}

static void host_destroy(struct tk_process *p)
{
    emu_process_host_free(p->host);
    p->host = NULL;
}

const struct tk_process_ops emu_forked_process_ops = {
    .start = host_start,
    .switch_to = host_switch_to,
    .stop = host_stop,
    .destroy = host_destroy,
};
