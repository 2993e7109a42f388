/* The kernel side of the mailbox: hand the CPU to a child, wait for its trap.
 *
 * Plays the role of a Tock arch crate's switch_to_process: write what the
 * process is to do next (return values, an upcall, the init call), give it
 * the turn, and wait until it traps back with a syscall, is preempted at the
 * end of its timeslice, faults, or dies.
 *
 * Preemption is a board's timer interrupt: once the child has used a
 * timeslice of CPU time, the kernel stops it with SIGSTOP (which no app code
 * can block, catch or see) and continues it with SIGCONT when it is
 * scheduled again. Every wait has a bound: a child that does not stop within
 * stop_bound_ns of wall time, or that neither computes nor traps for
 * stall_bound_ns (struct emu_process_host), is killed (time spent runnable
 * but unscheduled does not count: that is the host's load, not the app) and reported as a fault
 * ("did not yield to preemption"). A child stopped by anyone else is noticed and continued.
 *
 * Everything read from the mailbox page is the app's to write: it is copied
 * once, then validated (architecture.md "Memory model").
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "process-internal.h"

#define EMU_POLL_NS (10ull * 1000000ull) /* longest single futex sleep */

static void write_resume(struct emu_mailbox *mb, const struct tk_resume *r)
{
    static const uint32_t op_of[] = {
        [TK_RESUME_START] = EMU_OP_START,
        [TK_RESUME_RETURN] = EMU_OP_RETURN,
        [TK_RESUME_UPCALL] = EMU_OP_UPCALL,
    };
    mb->op = op_of[r->kind];
    if (r->kind == TK_RESUME_RETURN) {
        mb->written = r->ret.written;
        memcpy(mb->ret, r->ret.reg, sizeof mb->ret);
    } else {
        mb->written = 0;
        mb->pc = r->pc;
        memcpy(mb->ret, r->arg, sizeof mb->ret);
    }
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

/* The stack pointer of a stopped child, from /proc/PID/syscall ("-1 SP PC"
 * outside a system call, "NR ARGS... SP PC" inside one); 0 if unknown. */
static uint64_t stopped_stack_pointer(pid_t pid)
{
    char path[48], text[256];
    snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    char *words[9], *save = NULL;
    int count = 0;
    for (char *w = strtok_r(text, " \n", &save); w != NULL && count < 9;
         w = strtok_r(NULL, " \n", &save))
        words[count++] = w;
    return count >= 3 ? strtoull(words[count - 2], NULL, 16) : 0;
}

char emu__process_state(pid_t pid)
{
    char path[48], text[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return '?';
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return '?';
    text[n] = '\0';
    const char *close_paren = strrchr(text, ')');
    return close_paren != NULL && close_paren[1] == ' ' ? close_paren[2] : '?';
}

static void sleep_ns(uint64_t ns)
{
    struct timespec ts = {(time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull)};
    nanosleep(&ts, NULL);
}

static void fault_died(struct tk_fault *fault, int status)
{
    memset(fault, 0, sizeof *fault);
    fault->kind = TK_FAULT_DIED;
    fault->status = status;
    fault->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

/* The child failed a bound: kill it and say so. */
static void unresponsive(struct emu_process_host *h, struct tk_fault *fault)
{
    emu_process_host_kill(h);
    memset(fault, 0, sizeof *fault);
    fault->kind = TK_FAULT_UNRESPONSIVE;
}

/* Preempt: SIGSTOP, then wait (bounded) until Linux says the child stopped.
 * Time the child spends runnable does not count against the bound: on a
 * busy host it stops as soon as it is scheduled, and no app code can stay
 * runnable past a SIGSTOP. Returns false, with `fault` filled, if it died or
 * would not stop. */
static bool stop_child(struct emu_process_host *h, struct tk_fault *fault)
{
    kill(h->pid, SIGSTOP);
    uint64_t held_since = emu_monotonic_ns();
    for (uint64_t pause_ns = 1000;; pause_ns = pause_ns < 1000000 ? pause_ns * 2 : pause_ns) {
        int status;
        pid_t r = waitpid(h->pid, &status, WUNTRACED | WNOHANG);
        if (r == h->pid && WIFSTOPPED(status)) {
            h->stopped = true;
            return true;
        }
        if (r == h->pid) {
            h->pid = 0;
            fault_died(fault, status);
            return false;
        }
        uint64_t now = emu_monotonic_ns();
        if (emu__process_state(h->pid) == 'R')
            held_since = now;
        else if (now - held_since > h->stop_bound_ns) {
            unresponsive(h, fault);
            return false;
        }
        sleep_ns(pause_ns);
    }
}

/* A stop the kernel did not ask for (a stray SIGSTOP or SIGTSTP): continue
 * the child, so that it cannot hold the whole board. */
static void continue_if_stopped_by_others(struct emu_process_host *h)
{
    int status;
    if (waitpid(h->pid, &status, WUNTRACED | WNOHANG) == h->pid && WIFSTOPPED(status))
        kill(h->pid, SIGCONT);
}

/* Wait for the child's trap and report the CPU time it used in *ran_ns. The
 * fast path (a trap within the spin) reports 0: the kernel charges each
 * syscall a fixed cost instead, so quick syscalls cost the same on every
 * run. On the slow path the child's CPU clock is read, never wall time: a
 * busy host must not make an app look like it computed, since expirations
 * move virtual time (architecture.md "Time"). Returns false, with `fault`
 * filled, if the child died or failed a bound; *preempted says the
 * timeslice ended without a trap. */
static bool wait_for_trap(struct emu_process_host *h, uint64_t timeslice_ns, uint64_t *ran_ns,
                          bool *preempted, struct tk_fault *fault)
{
    struct emu_mailbox *mb = h->mailbox;
    *preempted = false;
    *ran_ns = 0;
    if (emu_channel_spin(mb, EMU_TURN_KERNEL, EMU_CHANNEL_SPINS))
        return true;
    uint64_t cpu0 = child_cpu_ns(h->pid), used = 0, last_progress = emu_monotonic_ns();
    bool traced = false, held = false; /* by a debugger, now and ever in this wait */
    for (;;) {
        uint64_t left = timeslice_ns > used ? timeslice_ns - used : 0;
        if (left > EMU_POLL_NS || traced)
            left = EMU_POLL_NS;
        struct timespec timeout = {(time_t)(left / 1000000000ull), (long)(left % 1000000000ull)};
        if (emu_channel_wait(mb, EMU_TURN_KERNEL, &mb->kernel_waiting, 0, &timeout) == 0)
            break;
        if (emu__reap(h, fault))
            return false;
        uint64_t cpu = child_cpu_ns(h->pid), now = emu_monotonic_ns();
        uint64_t was = used;
        used = cpu > cpu0 ? cpu - cpu0 : 0;
        /* Runnable counts as progress: a busy host may not schedule it. */
        if (used != was || emu__process_state(h->pid) == 'R')
            last_progress = now;
        /* Deviation: the debugger it was handed to (--gdb) holds the app
         * (docs/debugging.md), and the board waits with it, as a chip
         * halts at a hardware breakpoint.
         * No preemption (the SIGSTOP would reach the debugger, not stop
         * the app) and no stall bound: its user decides how long. Nor is
         * the CPU time it used charged (below): single steps would move
         * virtual time, and a --replay handed to gdb would diverge. */
        if ((traced = h->debugger_expected && emu_process_host_is_traced(h))) {
            held = true;
            last_progress = now;
            continue;
        }
        if (used >= timeslice_ns) {
            if (!stop_child(h, fault))
                return false;
            *ran_ns = used;
            /* A trap that raced the stop is a trap, not a preemption. */
            *preempted = __atomic_load_n(&mb->turn, __ATOMIC_ACQUIRE) != EMU_TURN_KERNEL;
            return true;
        }
        if (now - last_progress > h->stall_bound_ns) {
            unresponsive(h, fault);
            return false;
        }
        continue_if_stopped_by_others(h);
    }
    *ran_ns = held ? 0 : used;
    return true;
}

static void host_switch_to(struct tk_process *p, const struct tk_resume *resume,
                           uint64_t timeslice_ns, struct tk_trap *trap)
{
    struct emu_process_host *h = p->host;
    struct emu_mailbox *mb = h->mailbox;

    memset(trap, 0, sizeof *trap);
    trap->kind = TK_TRAP_FAULT;
    trap->fault.kind = TK_FAULT_DIED;
    if (h->pid <= 0)
        return;
    /* The child sees what the windows' owners last wrote (window.c); it is
     * frozen (waiting for its turn or stopped) while they are copied. */
    emu__window_copy_in(h);
    /* After a preemption the turn is still the app's: only continue it. */
    if (resume->kind != TK_RESUME_CONTINUE) {
        write_resume(mb, resume);
        emu_channel_give(mb, EMU_TURN_APP, &mb->app_waiting);
    }
    if (h->stopped) {
        h->stopped = false;
        kill(h->pid, SIGCONT);
    }
    bool preempted;
    bool trapped = wait_for_trap(h, timeslice_ns, &trap->ran_ns, &preempted, &trap->fault);
    emu__window_copy_out(h);
    if (!trapped)
        return;
    if (preempted) {
        trap->kind = TK_TRAP_TIMESLICE;
        tk_process_note_stack_pointer(p, stopped_stack_pointer(h->pid));
        return;
    }

    /* One copy of the page, then only the copy is read. */
    struct emu_mailbox copy;
    memcpy(&copy, mb, sizeof copy);
    switch (copy.trap) {
    case EMU_TRAP_SYSCALL:
        trap->kind = TK_TRAP_SYSCALL;
        trap->syscall.class_id = copy.class_id;
        memcpy(trap->syscall.arg, copy.arg, sizeof trap->syscall.arg);
        tk_process_note_stack_pointer(p, copy.fault_sp); /* checked there */
        break;
    case EMU_TRAP_FAULT:
    case EMU_TRAP_ABORT:
        trap->kind = TK_TRAP_FAULT;
        emu__fault_from_mailbox(&copy, &trap->fault);
        tk_process_note_stack_pointer(p, copy.fault_sp);
        break;
    default:
        /* A protocol violation: the app wrote its own mailbox. */
        trap->kind = TK_TRAP_FAULT;
        trap->fault.kind = TK_FAULT_PROTOCOL;
        trap->fault.address = copy.trap;
        break;
    }
}

static int host_start(struct tk_process *p)
{
    struct emu_process_host *h = p->host;
    struct emu_err err = {{0}};
    int rc = emu_process_host_spawn(h, p->app_break, &err);
    if (rc != 0 && h->verbose)
        fprintf(stderr, "tockemu: %s\n", err.msg);
    return rc;
}

static int host_set_break(struct tk_process *p, uint64_t app_break)
{
    return emu_process_host_set_break(p->host, app_break);
}

static void host_stop(struct tk_process *p)
{
    emu_process_host_retire(p->host);
}

static int host_window_show(struct tk_process *p, uint64_t address, uint64_t len, bool writable)
{
    return emu_process_host_window_show(p->host, address, len, writable);
}

static int host_window_hide(struct tk_process *p, uint64_t address, uint64_t len)
{
    return emu_process_host_window_hide(p->host, address, len);
}

static uint64_t host_lend_area(struct tk_process *p, uint64_t *len)
{
    const struct emu_process_host *h = p->host;
    uint64_t at = emu_process_host_lend_area(h);
    *len = at != 0 ? h->memory_len : 0;
    return at;
}

static void host_destroy(struct tk_process *p)
{
    emu_process_host_free(p->host);
    p->host = NULL;
}

const struct tk_process_ops emu_forked_process_ops = {
    .start = host_start,
    .switch_to = host_switch_to,
    .set_break = host_set_break,
    .zeroed_growth_granule = 4096, /* region.c: RAM grows by whole fresh pages */
    .stop = host_stop,
    .destroy = host_destroy,
    .window_show = host_window_show,
    .window_hide = host_window_hide,
    .lend_area = host_lend_area,
};
