/* Windows: memory the kernel shows one app child for a while (emu/process/window.c).
 *
 * IPC shares a client's buffer with a service at the client's address, and a
 * capsule may lend kernel memory to an app for one upcall (issue 12); a
 * sandboxed child cannot map anything, so the transport shows it copies
 * through a window it mapped at start. The rules, each checked against a
 * real forked app (rt_attacker, which peeks and pokes addresses typed on its
 * console):
 *   - a shown range reads what its owner last wrote, at the owner's address;
 *   - a writable range's writes reach the owner before it runs again; a
 *     read-only range's never do;
 *   - once hidden, or in a restarted child, the same address faults, also
 *     when the restart is made in place, in the kept child (spawn.c);
 *   - the arguments are checked (never the child's own RAM, never outside
 *     the arenas, a bounded number of ranges).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "emu_uart.h"
#include "host.h"
#include "machine.h"

#define APP(name) TOCKEMU_BUILD_ROOT "/libtock-host/apps/" name ".tbf"
#define MS        1000000ull

struct seen {
    char console[4096];
    size_t console_len;
    char diagnostics[4096];
    int null_fd;
};

static void on_event(const struct emu_machine_event *ev, void *ctx)
{
    struct seen *s = ctx;
    if (ev->kind != EMU_MACHINE_EV_CONSOLE_OUT)
        return;
    size_t room = sizeof s->console - 1 - s->console_len;
    size_t n = ev->len < room ? ev->len : room;
    memcpy(s->console + s->console_len, ev->bytes, n);
    s->console_len += n;
}

static void on_diagnostic(const char *line, void *ctx)
{
    struct seen *s = ctx;
    size_t used = strlen(s->diagnostics);
    snprintf(s->diagnostics + used, sizeof s->diagnostics - used, "%s\n", line);
}

static struct emu_machine *machine_with(struct seen *s, const char *const *files,
                                        enum tk_fault_policy policy)
{
    memset(s, 0, sizeof *s);
    s->null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    ck_assert_int_ge(s->null_fd, 0);
    struct emu_machine_options o = {.files = files,
                                    .fault_policy = policy,
                                    .console_output_fd = s->null_fd,
                                    .no_console_input = true,
                                    .on_event = on_event,
                                    .on_diagnostic = on_diagnostic,
                                    .ctx = s};
    struct emu_err err;
    struct emu_machine *m = emu_machine_new(&o, &err);
    ck_assert_msg(m != NULL, "emu_machine_new: %s", err.msg);
    return m;
}

static void machine_done(struct emu_machine *m, struct seen *s)
{
    emu_machine_free(m);
    close(s->null_fd);
}

static struct tk_process *process_named(struct emu_machine *m, const char *name)
{
    struct tk_kernel *k = emu_machine_kernel(m);
    for (unsigned i = 0; i < k->process_count; i++)
        if (k->processes[i] != NULL && strcmp(k->processes[i]->name, name) == 0)
            return k->processes[i];
    ck_abort_msg("no process %s", name);
    return NULL;
}

/* A machine running rt_attacker alone, and its process in *p. */
static struct emu_machine *attacker_machine(struct seen *s, enum tk_fault_policy policy,
                                            struct tk_process **p)
{
    const char *files[] = {APP("rt_attacker"), NULL};
    struct emu_machine *m = machine_with(s, files, policy);
    *p = process_named(m, "rt_attacker");
    return m;
}

/* Type a line to the apps' console and run until virtual time `until_ms`. */
static void type_and_run(struct emu_machine *m, uint64_t until_ms, const char *fmt,
                         unsigned long long a, unsigned long long b)
{
    char line[96];
    int n = snprintf(line, sizeof line, fmt, a, b);
    emu_uart_inject(emu_board_uart(emu_machine_board(m)), (const uint8_t *)line, (size_t)n);
    emu_machine_run_until(m, until_ms * MS);
}

static bool console_has(const struct seen *s, const char *fmt, unsigned long long a,
                        unsigned long long b)
{
    char want[96];
    snprintf(want, sizeof want, fmt, a, b);
    return strstr(s->console, want) != NULL;
}

START_TEST(lent_memory_is_seen_while_shown_and_faults_once_hidden)
{
    struct seen s;
    struct tk_process *p;
    struct emu_machine *m = attacker_machine(&s, TK_FAULT_POLICY_STOP, &p);
    uint64_t len = 0;
    uint64_t lend = p->ops->lend_area(p, &len);
    ck_assert_uint_ne(lend, 0);
    ck_assert_uint_ge(len, 4096);
    volatile uint32_t *kernel_word = (volatile uint32_t *)(uintptr_t)(lend + 64);
    *kernel_word = 0x600dbeef;
    ck_assert_int_eq(p->ops->window_show(p, lend + 64, 4, false), 0);

    type_and_run(m, 10, "peek %llx\n", lend + 64, 0);
    ck_assert_msg(console_has(&s, "peek %llx = 600dbeef", lend + 64, 0), "console:\n%s", s.console);
    /* The owner writes again: the child sees the new bytes on its next run. */
    *kernel_word = 0x12345678;
    type_and_run(m, 20, "peek %llx\n", lend + 64, 0);
    ck_assert_msg(console_has(&s, "peek %llx = 12345678", lend + 64, 0), "console:\n%s", s.console);

    ck_assert_int_eq(p->ops->window_hide(p, lend + 64, 4), 0);
    type_and_run(m, 30, "peek %llx\n", lend + 64, 0);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    char fault[96];
    snprintf(fault, sizeof fault, "memory fault: read at 0x%llx", (unsigned long long)(lend + 64));
    ck_assert_msg(strstr(s.diagnostics, fault) != NULL, "diagnostics:\n%s", s.diagnostics);
    machine_done(m, &s);
}
END_TEST

START_TEST(writable_window_reaches_the_owner_and_read_only_does_not)
{
    const char *files[] = {APP("rt_attacker"), APP("rt_victim"), NULL};
    struct seen s;
    struct emu_machine *m = machine_with(&s, files, TK_FAULT_POLICY_STOP);
    struct tk_process *p = process_named(m, "rt_attacker");
    struct tk_process *owner = process_named(m, "rt_victim");
    /* Both apps start (the victim sets its break) before anything is shown.
     * The lowest words of the victim's RAM: the far end of its stack, which
     * it never reaches. */
    emu_machine_run_until(m, 1 * MS);
    uint64_t rw = owner->memory_start, ro = owner->memory_start + 8;
    volatile uint32_t *owner_rw = (volatile uint32_t *)(uintptr_t)rw;
    volatile uint32_t *owner_ro = (volatile uint32_t *)(uintptr_t)ro;
    *owner_ro = 0x0000feed;
    ck_assert_int_eq(p->ops->window_show(p, rw, 4, true), 0);
    ck_assert_int_eq(p->ops->window_show(p, ro, 4, false), 0);

    type_and_run(m, 6, "poke %llx %llx\n", rw, 0xcafef00d);
    ck_assert_msg(console_has(&s, "poke %llx done", rw, 0), "console:\n%s", s.console);
    ck_assert_uint_eq(*owner_rw, 0xcafef00d);

    /* Deviation (window.c): a write to a read-only range does not fault, but
     * never reaches the owner, and the next run sees the owner's bytes. */
    type_and_run(m, 10, "poke %llx %llx\n", ro, 0xbad);
    ck_assert_uint_eq(*owner_ro, 0x0000feed);
    type_and_run(m, 15, "peek %llx\n", ro, 0);
    ck_assert_msg(console_has(&s, "peek %llx = 0000feed", ro, 0), "console:\n%s", s.console);
    ck_assert_int_ne(p->state, TK_STATE_FAULTED);
    machine_done(m, &s);
}
END_TEST

/* Show `p` a marker in its lend area, writable, and see it read it there.
 * Returns the lend area's address; its length in *len. */
static uint64_t show_marker(struct emu_machine *m, struct seen *s, struct tk_process *p,
                            uint64_t *len)
{
    uint64_t lend = p->ops->lend_area(p, len);
    ck_assert_uint_ne(lend, 0);
    *(volatile uint32_t *)(uintptr_t)lend = 0x5ec7e7;
    ck_assert_int_eq(p->ops->window_show(p, lend, 4, true), 0);
    type_and_run(m, 10, "peek %llx\n", lend, 0);
    ck_assert_msg(console_has(s, "peek %llx = 005ec7e7", lend, 0), "console:\n%s", s->console);
    return lend;
}

/* Run to `until_ms` after a fresh start of `p`'s app: a peek of the marker
 * show_marker showed the app before must find nothing shown now. */
static void marker_is_gone(struct emu_machine *m, struct seen *s, uint64_t lend, uint64_t until_ms)
{
    s->console_len = 0;
    memset(s->console, 0, sizeof s->console);
    type_and_run(m, until_ms, "peek %llx\n", lend, 0);
    ck_assert_msg(!console_has(s, "peek %llx = ", lend, 0), "console:\n%s", s->console);
}

START_TEST(restarted_child_sees_nothing_it_was_shown)
{
    struct seen s;
    struct tk_process *p;
    struct emu_machine *m = attacker_machine(&s, TK_FAULT_POLICY_RESTART, &p);
    uint64_t len = 0;
    uint64_t lend = show_marker(m, &s, p, &len);

    /* Fault (a peek of nothing shown), and the restart policy starts a
     * fresh child: it must not see the range shown to the old one. */
    type_and_run(m, 20, "peek %llx\n", lend + len - 4, 0);
    ck_assert_uint_eq(p->restart_count, 1);
    marker_is_gone(m, &s, lend, 30);
    ck_assert_uint_eq(p->restart_count, 2);
    machine_done(m, &s);
}
END_TEST

/* spec §5.1 (a process starts afresh): the kernel terminates an app that
 * computes (preempted, its child stopped mid-loop) and starts it again; the
 * transport starts it in the same child (kept, stopped, and brought back
 * into its loader by a signal), which must not see the range shown to the
 * app before. */
START_TEST(child_restarted_in_place_sees_nothing_it_was_shown)
{
    struct seen s;
    struct tk_process *p;
    struct emu_machine *m = attacker_machine(&s, TK_FAULT_POLICY_STOP, &p);
    const struct emu_process_host *h = p->host;
    uint64_t len = 0;
    uint64_t lend = show_marker(m, &s, p, &len);
    type_and_run(m, 20, "spin\n", 0, 0);
    ck_assert_msg(console_has(&s, "attack spin", 0, 0), "console:\n%s", s.console);

    pid_t child = h->pid;
    tk_process_terminate(p, TK_COMPLETION_NONE, 0);
    ck_assert_int_eq(tk_process_start(p), 0);
    ck_assert_int_eq(h->pid, child); /* the same child, started afresh */
    marker_is_gone(m, &s, lend, 30);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    machine_done(m, &s);
}
END_TEST

/* The signal that restarts a kept child in place, sent by anyone at a time
 * the kernel did not ask for a restart, is a fault of the app's, not a
 * silent fresh start the kernel knows nothing of. */
START_TEST(restart_signal_the_kernel_did_not_send_is_a_fault)
{
    struct seen s;
    struct tk_process *p;
    struct emu_machine *m = attacker_machine(&s, TK_FAULT_POLICY_STOP, &p);
    const struct emu_process_host *h = p->host;
    emu_machine_run_until(m, 5 * MS); /* waiting for a console line */
    ck_assert_int_gt(h->pid, 0);
    ck_assert_int_eq(kill(h->pid, SIGUSR1), 0);
    type_and_run(m, 10, "peek %llx\n", p->memory_start, 0);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_int_eq(p->last_fault.signal, SIGUSR1); /* reported, as any fault signal */
    ck_assert_msg(!console_has(&s, "peek ", 0, 0), "console:\n%s", s.console);
    machine_done(m, &s);
}
END_TEST

START_TEST(window_arguments_are_checked)
{
    struct seen s;
    struct tk_process *p;
    struct emu_machine *m = attacker_machine(&s, TK_FAULT_POLICY_STOP, &p);
    uint64_t len = 0;
    uint64_t lend = p->ops->lend_area(p, &len);
    ck_assert_int_eq(p->ops->window_show(p, p->memory_start + 16, 4, false), -EINVAL);
    ck_assert_int_eq(p->ops->window_show(p, p->memory_start - 2, 4, false), -EINVAL);
    ck_assert_int_eq(p->ops->window_show(p, lend, 0, false), -EINVAL);
    ck_assert_int_eq(p->ops->window_show(p, ~0ull - 2, 8, false), -EINVAL);
    ck_assert_int_eq(p->ops->window_show(p, 0x1000, 4, false), -ERANGE);
    ck_assert_int_eq(p->ops->window_hide(p, lend, 4), -ENOENT);
    for (unsigned i = 0; i < 16; i++)
        ck_assert_int_eq(p->ops->window_show(p, lend + 8 * i, 4, false), 0);
    ck_assert_int_eq(p->ops->window_show(p, lend + 8 * 16, 4, false), -ENOSPC);
    /* Showing the same range again only changes its access. */
    ck_assert_int_eq(p->ops->window_show(p, lend, 4, true), 0);
    machine_done(m, &s);
}
END_TEST

Suite *process_window_suite(void)
{
    Suite *s = suite_create("process_window");
    TCase *tc = tcase_create("window");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, lent_memory_is_seen_while_shown_and_faults_once_hidden);
    tcase_add_test(tc, writable_window_reaches_the_owner_and_read_only_does_not);
    tcase_add_test(tc, restarted_child_sees_nothing_it_was_shown);
    tcase_add_test(tc, child_restarted_in_place_sees_nothing_it_was_shown);
    tcase_add_test(tc, restart_signal_the_kernel_did_not_send_is_a_fault);
    tcase_add_test(tc, window_arguments_are_checked);
    suite_add_tcase(s, tc);
    return s;
}
