/* Every wait on a child has a bound (emu/process/switch.c).
 *
 * architecture.md: "every wait on an app has a bound". These tests drive the
 * forked transport's switch against plain forked children that ignore the
 * mailbox altogether, the way a hostile app could: one that computes
 * forever is preempted with SIGSTOP whatever it does; one that something
 * else holds (a ptrace tracer that swallows the stop) is killed as "did not
 * yield to preemption"; one stopped by someone else is continued; one that
 * sleeps without trapping is killed. Bounds are shortened to keep this fast.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process-internal.h"

struct bench {
    struct emu_process_host host;
    struct tk_process process;
};

/* A host around an already forked child and a fresh shared mailbox. */
static void bench_init(struct bench *b, pid_t child, struct emu_mailbox *mb)
{
    memset(b, 0, sizeof *b);
    b->host.pid = child;
    b->host.mailbox = mb;
    b->host.ram_fd = b->host.mailbox_fd = -1;
    b->host.stop_bound_ns = 200 * 1000 * 1000;
    b->host.stall_bound_ns = 300 * 1000 * 1000;
    b->process.host = &b->host;
}

static struct emu_mailbox *shared_mailbox(void)
{
    struct emu_mailbox *mb =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(mb, MAP_FAILED);
    mb->turn = EMU_TURN_APP;
    return mb;
}

static void switch_once(struct bench *b, uint64_t timeslice_ns, struct tk_trap *trap)
{
    struct tk_resume resume = {.kind = TK_RESUME_CONTINUE};
    emu_forked_process_ops.switch_to(&b->process, &resume, timeslice_ns, trap);
}

#define SHORT_SLICE (2ull * 1000 * 1000)
#define LONG_SLICE  (60ull * 1000 * 1000 * 1000) /* never used up here */

static pid_t fork_spinner(bool stop_first)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (stop_first)
            raise(SIGSTOP);
        for (volatile unsigned long i = 0;; i++)
            ;
    }
    return pid;
}

/* architecture.md "Process model": a child that exceeds its timeslice is
 * preempted, and cannot prevent it (SIGSTOP is neither blockable nor
 * catchable); it runs on after SIGCONT. */
START_TEST(child_that_never_traps_is_preempted_and_continued)
{
    struct emu_mailbox *mb = shared_mailbox();
    struct bench b;
    bench_init(&b, fork_spinner(false), mb);
    for (int round = 0; round < 2; round++) {
        struct tk_trap trap;
        switch_once(&b, SHORT_SLICE, &trap);
        ck_assert_int_eq(trap.kind, TK_TRAP_TIMESLICE);
        ck_assert(b.host.stopped);
        ck_assert_int_eq(emu__process_state(b.host.pid), 'T');
        ck_assert_uint_ge(trap.ran_ns, 2 * 1000 * 1000);
    }
    emu_process_host_kill(&b.host);
    munmap(mb, 4096);
}
END_TEST

/* issue 9 part 4: a child that does not stop (here a tracer swallows the
 * SIGSTOP, as a debugger that never resumes would) is killed and reported
 * as "did not yield to preemption" once stop_bound_ns has passed. */
START_TEST(child_that_cannot_be_stopped_is_killed)
{
    struct emu_mailbox *mb = shared_mailbox();
    pid_t child = fork_spinner(false);
    int ready[2];
    ck_assert_int_eq(pipe(ready), 0);
    pid_t tracer = fork();
    ck_assert_int_ge(tracer, 0);
    if (tracer == 0) {
        char ok = ptrace(PTRACE_SEIZE, child, 0, 0) == 0 ? 'y' : 'n';
        if (write(ready[1], &ok, 1) != 1)
            _exit(1);
        int status;
        while (waitpid(child, &status, __WALL) == child && !WIFEXITED(status) &&
               !WIFSIGNALED(status))
            ; /* hold every stop: never PTRACE_CONT */
        _exit(0);
    }
    char ok = 0;
    ck_assert_int_eq(read(ready[0], &ok, 1), 1);
    ck_assert_int_eq(ok, 'y');
    struct bench b;
    bench_init(&b, child, mb);
    struct tk_trap trap;
    switch_once(&b, SHORT_SLICE, &trap);
    ck_assert_int_eq(trap.kind, TK_TRAP_FAULT);
    ck_assert_int_eq(trap.fault.kind, TK_FAULT_UNRESPONSIVE);
    ck_assert_int_eq(b.host.pid, 0);
    char text[128];
    emu_fault_describe(&trap.fault, text, sizeof text);
    ck_assert_str_eq(text, "did not yield to preemption (killed)");
    waitpid(tracer, NULL, 0);
    close(ready[0]);
    close(ready[1]);
    munmap(mb, 4096);
}
END_TEST

/* issue 9 part 4: a stop the kernel did not ask for is noticed and undone,
 * so the child is preempted by its timeslice as usual. */
START_TEST(child_stopped_by_others_is_continued)
{
    struct emu_mailbox *mb = shared_mailbox();
    struct bench b;
    bench_init(&b, fork_spinner(true), mb);
    while (emu__process_state(b.host.pid) != 'T')
        usleep(100);
    struct tk_trap trap;
    switch_once(&b, SHORT_SLICE, &trap);
    ck_assert_int_eq(trap.kind, TK_TRAP_TIMESLICE);
    emu_process_host_kill(&b.host);
    munmap(mb, 4096);
}
END_TEST

/* architecture.md: a child that neither computes nor traps (it cannot even
 * sleep on its mailbox while it holds the turn: the seccomp filter allows
 * FUTEX_WAIT only once the turn is the kernel's) is killed after
 * stall_bound_ns. */
START_TEST(child_that_sleeps_without_trapping_is_killed)
{
    struct emu_mailbox *mb = shared_mailbox();
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0)
        for (;;)
            pause();
    struct bench b;
    bench_init(&b, child, mb);
    struct tk_trap trap;
    switch_once(&b, LONG_SLICE, &trap);
    ck_assert_int_eq(trap.kind, TK_TRAP_FAULT);
    ck_assert_int_eq(trap.fault.kind, TK_FAULT_UNRESPONSIVE);
    ck_assert_int_eq(b.host.pid, 0);
    munmap(mb, 4096);
}
END_TEST

Suite *process_switch_suite(void)
{
    Suite *s = suite_create("process_switch");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, child_that_never_traps_is_preempted_and_continued);
    tcase_add_test(tc, child_that_cannot_be_stopped_is_killed);
    tcase_add_test(tc, child_stopped_by_others_is_continued);
    tcase_add_test(tc, child_that_sleeps_without_trapping_is_killed);
    suite_add_tcase(s, tc);
    return s;
}
