/* The kernel side of the mailbox: hand the CPU to a child, wait for its trap.
 *
 * Plays the role of a Tock arch crate's switch_to_process: write what the
 * process is to do next (return values, an upcall, the init call), give it
 * the turn, and wait until it traps back with a syscall, is preempted at the
 * end of its timeslice, faults, or dies. Preemption is a SIGUSR2 the child
 * answers with EMU_TRAP_PREEMPTED; it is re-sent every timeslice until the
 * child traps, since a signal landing mid-syscall is ignored by the child.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "host.h"

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

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
    uint64_t start = monotonic_ns();
    uint64_t preempt_at = start + timeslice_ns;
    emu_channel_give(mb, EMU_TURN_APP, &mb->app_waiting);

    for (;;) {
        uint64_t now = monotonic_ns();
        uint64_t left = preempt_at > now ? preempt_at - now : 0;
        struct timespec timeout = {(time_t)(left / 1000000000ull), (long)(left % 1000000000ull)};
        if (emu_channel_wait(mb, EMU_TURN_KERNEL, &mb->kernel_waiting, EMU_CHANNEL_SPINS,
                             &timeout) == 0)
            break;
        if (emu__reap(h, &fault)) {
            trap->ran_ns = monotonic_ns() - start;
            died(trap, &fault);
            return;
        }
        if (monotonic_ns() >= preempt_at) {
            kill(h->pid, SIGUSR2);
            preempt_at = monotonic_ns() + timeslice_ns;
        }
    }
    trap->ran_ns = monotonic_ns() - start;

    switch (mb->trap) {
    case EMU_TRAP_SYSCALL:
        trap->kind = TK_TRAP_SYSCALL;
        trap->syscall.class_id = mb->class_id;
        memcpy(trap->syscall.arg, mb->arg, sizeof trap->syscall.arg);
        p->lowest_stack_pointer = 0;
        break;
    case EMU_TRAP_PREEMPTED:
        trap->kind = TK_TRAP_TIMESLICE;
        break;
    case EMU_TRAP_FAULT:
        trap->kind = TK_TRAP_FAULT;
        emu__fault_from_mailbox(mb, &trap->fault);
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
    int rc = emu__spawn(h, p->initial_break, &err);
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
