/* End to end: every kind of fault, reported with its address and access
 * kind, and the emulator surviving each (issue: the MPU, faults,
 * exit/restart). Spec §5.2 (what counts as a fault), architecture.md
 * "Memory model" (the MPU is mprotect; a direct Linux system call is a
 * fidelity bug caught by seccomp).
 *
 * The apps are tests/apps/faults/main.c built under one name per kind. Each
 * prints "expect: <description>" with the address it computed from the
 * kernel's memop answers; the test checks the description's kind itself and
 * that tockemu's stderr line carries exactly that address.
 */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

static const struct fault_case {
    const char *app;
    const char *kind; /* how the expected description must start */
    bool has_pc;      /* a "(pc 0x...)" follows the description */
} cases[] = {
    {"fault_grant_read", "memory fault: read at 0x", true},
    {"fault_grant_write", "memory fault: write at 0x", true},
    {"fault_flash_write", "memory fault: write at 0x", true},
    {"fault_past_break", "memory fault: read at 0x", true},
    {"fault_null", "memory fault: read at 0x0", true},
    {"fault_illegal", "illegal instruction at 0x", false},
    {"fault_host_syscall", "direct Linux system call 1 at 0x", false},
    /* Even kill() and exit_group() are direct system calls: neither runs. */
    {"fault_killed", "direct Linux system call 39 at 0x", false},
    {"fault_host_exit", "direct Linux system call 231 at 0x", false},
};

/* The text after "expect: " in the app's output (g_free it). */
static char *expected_description(const char *out)
{
    const char *line = strstr(out, "expect: ");
    ck_assert_msg(line != NULL, "the app printed no expectation:\n%s", out);
    line += strlen("expect: ");
    return g_strndup(line, strcspn(line, "\n"));
}

/* Spec §5.2: each kind is a fault, stderr names its address and access. */
START_TEST(fault_is_reported_with_address_and_access)
{
    const struct fault_case *c = &cases[_i];
    char app[64];
    snprintf(app, sizeof app, "@%s", c->app);
    struct e2e_result r = e2e_run("--summary", app, NULL);
    char *want = expected_description(r.out);
    ck_assert_msg(g_str_has_prefix(want, c->kind), "%s: expected '%s...', app says '%s'", c->app,
                  c->kind, want);
    char *line = g_strdup_printf("tockemu: app '%s' faulted: %s%s", c->app, want,
                                 c->has_pc ? " (pc 0x" : "");
    ck_assert_msg(strstr(r.err, line) != NULL, "stderr lacks '%s':\n%s", line, r.err);
    char *still = g_strdup_printf("%s: still alive", c->app);
    ck_assert_ptr_null(strstr(r.out, still));
    ck_assert_ptr_null(strstr(r.out, "FAIL"));
    /* Default policy: stop (tockemu --help). */
    ck_assert_ptr_nonnull(strstr(r.err, "': Faulted, completion code Faulted, 0 restarts"));
    ck_assert_int_eq(r.status, 1);
    g_free(still);
    g_free(line);
    g_free(want);
    e2e_result_free(&r);
}
END_TEST

/* Spec §5.2, §5.6: the stack is the bottom of RAM; overflowing it writes
 * just below memory_start, which the child does not map. */
START_TEST(stack_overflow_faults_just_below_memory_start)
{
    struct e2e_result r = e2e_run("@fault_stack", NULL);
    unsigned long memory_start = 0, address = 0;
    const char *m = strstr(r.out, "memory_start 0x");
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(sscanf(m, "memory_start 0x%lx", &memory_start), 1);
    const char *f = strstr(r.err, "faulted: stack overflow: memory fault: write at 0x");
    ck_assert_msg(f != NULL, "%s", r.err);
    ck_assert_int_eq(sscanf(f, "faulted: stack overflow: memory fault: write at 0x%lx", &address),
                     1);
    ck_assert_uint_lt(address, memory_start);
    ck_assert_uint_ge(address, memory_start - 4096);
    ck_assert_int_eq(r.status, 1);
    e2e_result_free(&r);
}
END_TEST

/* architecture.md: the direct write never reaches the host's stdout. */
START_TEST(direct_linux_syscall_does_not_reach_the_host)
{
    struct e2e_result r = e2e_run("@fault_host_syscall", NULL);
    ck_assert_ptr_null(strstr(r.out, "written around the console"));
    ck_assert_ptr_null(strstr(r.out, "write returned"));
    ck_assert_ptr_nonnull(strstr(r.err, "faulted: direct Linux system call 1 at 0x"));
    e2e_result_free(&r);
}
END_TEST

/* architecture.md "Events": the fault is one event in the trace, in the
 * same words as the stderr line (kind, access, address, pc). */
START_TEST(fault_is_in_the_trace_with_the_same_description)
{
    char *trace = e2e_temp_file("", 0);
    struct e2e_result r = e2e_run("--trace", trace, "@fault_grant_write", NULL);
    char *want = expected_description(r.out);
    size_t len = 0;
    char *text = e2e_read_file(trace, &len);
    char *line = g_strdup_printf(" 0:fault_grant_write fault %s (pc 0x", want);
    ck_assert_msg(strstr(text, line) != NULL, "the trace lacks '%s':\n%s", line, text);
    g_free(line);
    g_free(text);
    g_free(want);
    unlink(trace);
    g_free(trace);
    e2e_result_free(&r);
}
END_TEST

/* Under the seccomp filter, stdio and malloc still work (they go through
 * the console and memop, not through Linux), and the host clocks answer
 * ENOSYS as newlib's do on a board. */
START_TEST(stdio_and_malloc_work_and_host_clocks_say_enosys_under_seccomp)
{
    struct e2e_result r = e2e_run("@host_calls", NULL);
    static const char *const calls[] = {"malloc", "snprintf", "clock_gettime", "gettimeofday",
                                        "time"};
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "ok %s", calls[i]);
        ck_assert_msg(e2e_count_lines(r.out, want) == 1, "no '%s':\n%s", want, r.out);
    }
    ck_assert_int_eq(e2e_count_lines(r.out, "stderr goes through the console too"), 1);
    ck_assert_str_eq(r.err, "");
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
}
END_TEST

/* Spec §5.2: a fault ends only its own process. Every kind at once, next
 * to a well-behaved app: the emulator reports each and runs hello to the
 * end. */
START_TEST(every_fault_kind_at_once_leaves_the_emulator_and_others_running)
{
    struct e2e_result r =
        e2e_run("--summary", "@fault_grant_read", "@fault_grant_write", "@fault_flash_write",
                "@fault_past_break", "@fault_null", "@fault_stack", "@fault_illegal",
                "@fault_host_syscall", "@fault_killed", "@fault_host_exit", "@hello", NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "Hello, World!"), 1);
    ck_assert_ptr_nonnull(strstr(r.err, "'hello': Terminated, completion code 0, 0 restarts"));
    int faults = 0;
    for (const char *p = r.err; (p = strstr(p, "' faulted: ")) != NULL; p++)
        faults++;
    ck_assert_int_eq(faults, 10);
    ck_assert_int_eq(r.status, 1);
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_faults_suite(void)
{
    Suite *s = suite_create("e2e_faults");
    TCase *tc = tcase_create("faults");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, fault_is_reported_with_address_and_access, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, stack_overflow_faults_just_below_memory_start);
    tcase_add_test(tc, direct_linux_syscall_does_not_reach_the_host);
    tcase_add_test(tc, fault_is_in_the_trace_with_the_same_description);
    tcase_add_test(tc, stdio_and_malloc_work_and_host_clocks_say_enosys_under_seccomp);
    tcase_add_test(tc, every_fault_kind_at_once_leaves_the_emulator_and_others_running);
    suite_add_tcase(s, tc);
    return s;
}
