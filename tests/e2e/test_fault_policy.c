/* End to end: each --fault-policy with a crashing app (spec §5.3): the
 * exact lines the kernel prints on the console (tockemu's stdout), the
 * number of restarts, the final state and completion code (--summary, spec
 * §5.4) and tockemu's exit status (tockemu --help).
 *
 * `crash` writes to NULL in every run; `crash_twice` in its first two runs
 * and then exits 0 (it reads its restart count from ProcessInfo).
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

enum { EXIT_ALL_OK = 0, EXIT_APP_FAILED = 1, EXIT_PANIC = 3 };

struct policy_case {
    const char *policy;
    const char *app;
    const char *debug_line; /* the §5.3 line, or NULL if the policy prints none */
    int debug_lines;        /* how often it is printed */
    int faults;             /* fault lines on stderr */
    const char *summary;    /* the app's --summary line from the state on */
    int status;
};

static const struct policy_case cases[] = {
    {"stop", "crash", NULL, 0, 1, "'crash': Faulted, completion code Faulted, 0 restarts",
     EXIT_APP_FAILED},
    {"stop-debug", "crash", "Process crash faulted and was stopped.", 1, 1,
     "'crash': Faulted, completion code Faulted, 0 restarts", EXIT_APP_FAILED},
    {"restart", "crash_twice", NULL, 0, 2,
     "'crash_twice': Terminated, completion code 0, 2 restarts", EXIT_APP_FAILED},
    {"restart-debug", "crash_twice", "Process crash_twice faulted and will be restarted.", 2, 2,
     "'crash_twice': Terminated, completion code 0, 2 restarts", EXIT_APP_FAILED},
    /* Restart while restart_count <= 2: three restarts, the fourth fault stops. */
    {"threshold-restart:2", "crash", NULL, 0, 4,
     "'crash': Faulted, completion code Faulted, 3 restarts", EXIT_APP_FAILED},
    /* n = 0 still restarts once: restart_count 0 <= 0. */
    {"threshold-restart:0", "crash", NULL, 0, 2,
     "'crash': Faulted, completion code Faulted, 1 restarts", EXIT_APP_FAILED},
    {"threshold-restart-panic:2", "crash", "Kernel panic: Process crash had a fault", 1, 4,
     "'crash': Faulted, completion code Faulted, 3 restarts", EXIT_PANIC},
    /* Panic: state Faulted but never terminated, so no completion code. */
    {"panic", "crash", "Kernel panic: Process crash had a fault", 1, 1,
     "'crash': Faulted, completion code none, 0 restarts", EXIT_PANIC},
};

static int count_substrings(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

/* Spec §5.3: policy, printed lines, restarts, final state, exit status. */
START_TEST(fault_policy_prints_restarts_and_ends_as_the_spec_says)
{
    const struct policy_case *c = &cases[_i];
    char app[64];
    g_snprintf(app, sizeof app, "@%s", c->app);
    struct e2e_result r = e2e_run("--summary", "--fault-policy", c->policy, app, NULL);
    if (c->debug_line != NULL)
        ck_assert_msg(e2e_count_lines(r.out, c->debug_line) == c->debug_lines,
                      "%s: want %d x '%s' on stdout:\n%s", c->policy, c->debug_lines, c->debug_line,
                      r.out);
    else
        ck_assert_msg(strstr(r.out, "Process ") == NULL && strstr(r.out, "panic") == NULL,
                      "%s prints nothing:\n%s", c->policy, r.out);
    char *fault = g_strdup_printf("tockemu: app '%s' faulted: memory fault: write at 0x0", c->app);
    ck_assert_int_eq(count_substrings(r.err, fault), c->faults);
    ck_assert_msg(strstr(r.err, c->summary) != NULL, "%s: no '%s' in:\n%s", c->policy, c->summary,
                  r.err);
    ck_assert_int_eq(r.status, c->status);
    g_free(fault);
    e2e_result_free(&r);
}
END_TEST

/* The restarting policies really run the app again: crash_twice's third
 * run gets to its exit. */
START_TEST(restart_policy_runs_the_app_again_to_its_exit)
{
    struct e2e_result r = e2e_run("--fault-policy", "restart", "@crash_twice", NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "crash_twice: run 0 faults"), 1);
    ck_assert_int_eq(e2e_count_lines(r.out, "crash_twice: run 1 faults"), 1);
    ck_assert_int_eq(e2e_count_lines(r.out, "crash_twice: run 2 exits"), 1);
    e2e_result_free(&r);
}
END_TEST

/* An app that faults early in every run does not restart forever at one
 * instant (a deviation, emu/kernel/process.c hold_fault_restart): each
 * fault that comes before virtual time moved waits one timeslice (10 ms),
 * doubling, at most 1 s, so --stop-after ends the run. Restarts run at 0,
 * 0, 10, 30, 70, 150, 310, 630 and 1270 ms; the next would be at 2270. */
START_TEST(restart_policy_backs_off_an_app_that_always_faults)
{
    char *trace = e2e_temp_file("", 0);
    struct e2e_result r = e2e_run("--summary", "--fault-policy", "restart", "--stop-after", "2s",
                                  "--trace", trace, "@crash", NULL);
    ck_assert_int_eq(count_substrings(r.err, "tockemu: app 'crash' faulted: "), 9);
    ck_assert_msg(strstr(r.err, "'crash': Yielded, completion code Faulted, 9 restarts") != NULL,
                  "%s", r.err);
    ck_assert_msg(strstr(r.err, "stopped at 2000.000 ms of virtual time") != NULL, "%s", r.err);
    size_t len;
    char *text = e2e_read_file(trace, &len);
    static const char *const restarts[] = {"0.000000000s", "0.010000000s", "0.030000000s",
                                           "0.070000000s", "0.150000000s", "0.310000000s",
                                           "0.630000000s", "1.270000000s"};
    for (size_t i = 0; i < sizeof restarts / sizeof restarts[0]; i++) {
        char *line = g_strdup_printf("\n%s 0:crash restart pc ", restarts[i]);
        ck_assert_msg(strstr(text, line) != NULL, "no restart at %s in:\n%s", restarts[i], text);
        g_free(line);
    }
    g_free(text);
    unlink(trace);
    g_free(trace);
    e2e_result_free(&r);
}
END_TEST

/* tockemu's default policy is stop (no line, state Faulted). */
START_TEST(default_fault_policy_is_stop)
{
    struct e2e_result r = e2e_run("--summary", "@crash", NULL);
    ck_assert_str_eq(r.out, "crash: about to write to NULL\n");
    ck_assert_ptr_nonnull(strstr(r.err, "'crash': Faulted, completion code Faulted, 0 restarts"));
    ck_assert_int_eq(r.status, EXIT_APP_FAILED);
    e2e_result_free(&r);
}
END_TEST

/* A panic halts the whole kernel: exit status 3 even when another app
 * exited 0, and the reason on stderr. */
START_TEST(panic_policy_halts_everything_with_status_3)
{
    /* `timer` prints a tick a virtual second for ten seconds; `crash`
     * faults at once. The panic ends the whole run there: no tick is ever
     * printed and timer never terminates. */
    struct e2e_result r = e2e_run("--summary", "--fault-policy", "panic", "@crash", "@timer", NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "tockemu: kernel panic: Process crash had a fault"));
    ck_assert_int_eq(r.status, EXIT_PANIC);
    ck_assert_msg(strstr(r.out, "tick ") == NULL, "timer ran on after the panic:\n%s", r.out);
    const char *timer = strstr(r.err, "'timer': ");
    ck_assert_msg(timer != NULL, "no summary line for timer:\n%s", r.err);
    ck_assert_msg(strncmp(timer, "'timer': Terminated", 19) != 0 &&
                      strncmp(strchr(timer, ','), ", completion code none,", 23) == 0,
                  "timer ended despite the panic:\n%s", r.err);
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_fault_policy_suite(void)
{
    Suite *s = suite_create("e2e_fault_policy");
    TCase *tc = tcase_create("policy");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, fault_policy_prints_restarts_and_ends_as_the_spec_says, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, restart_policy_runs_the_app_again_to_its_exit);
    tcase_add_test(tc, restart_policy_backs_off_an_app_that_always_faults);
    tcase_add_test(tc, default_fault_policy_is_stop);
    tcase_add_test(tc, panic_policy_halts_everything_with_status_3);
    suite_add_tcase(s, tc);
    return s;
}
