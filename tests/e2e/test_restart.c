/* End to end: exit-terminate and exit-restart in a real forked app (spec
 * §5.1 reset, §5.4, §10.20, §10.21). tests/apps/restart restarts itself
 * twice, then exits with completion code 5; each run prints
 * "run <restart count> pid <ProcessId>" and "ok <rule>"/"FAIL <rule>" for
 * what a fresh start must give it. (Exit with r0 not in {0,1} is in
 * e2e_syscalls.)
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "e2e.h"

enum { RUNS = 3 };

static const char *const fresh_rules[] = {
    "ram_zeroed",                        /* §5.1: fresh memory, also in place */
    "data_fresh",                        /* §5.1: .data from the ELF */
    "bss_fresh",                         /* §5.1 */
    "heap_zeroed",                       /* §4: brk growth zero-fills */
    "subscribe_first_returns_null_pair", /* §10.21 */
    "allow_first_returns_null_pair",     /* §10.21 */
};

/* Each rule holds in every one of the three runs. */
START_TEST(exit_restart_gives_a_fresh_app)
{
    struct e2e_result r = e2e_run("@restart", NULL);
    char want[96];
    snprintf(want, sizeof want, "ok %s", fresh_rules[_i]);
    ck_assert_msg(e2e_count_lines(r.out, want) == RUNS, "want %d x '%s':\n%s", RUNS, want, r.out);
    ck_assert_ptr_null(strstr(r.out, "FAIL"));
    e2e_result_free(&r);
}
END_TEST

/* §10.20: every restart assigns a new ProcessId and counts one more
 * restart, as ProcessInfo reports them to the app. */
START_TEST(exit_restart_gives_new_process_id_and_counts)
{
    struct e2e_result r = e2e_run("@restart", NULL);
    unsigned pids[RUNS];
    const char *p = r.out;
    for (unsigned run = 0; run < RUNS; run++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "run %u pid ", run);
        p = strstr(p, prefix);
        ck_assert_msg(p != NULL, "no '%s' in order:\n%s", prefix, r.out);
        ck_assert_int_eq(sscanf(p + strlen(prefix), "%u", &pids[run]), 1);
        for (unsigned earlier = 0; earlier < run; earlier++)
            ck_assert_uint_ne(pids[run], pids[earlier]);
    }
    e2e_result_free(&r);
}
END_TEST

/* §5.4: the last exit's completion code reaches the summary, stderr and the
 * exit status; exit-restarts are not faults. */
START_TEST(exit_terminate_after_restarts_reports_its_completion_code)
{
    struct e2e_result r = e2e_run("--summary", "@restart", NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "'restart': Terminated, completion code 5, 2 restarts"));
    ck_assert_ptr_nonnull(strstr(r.err, "tockemu: app 'restart' exited with completion code 5"));
    ck_assert_ptr_null(strstr(r.err, "faulted"));
    ck_assert_int_eq(r.status, 1);
    e2e_result_free(&r);
}
END_TEST

/* §10.20: exit-restart never consults the fault policy, even panic. */
START_TEST(exit_restart_ignores_the_panic_policy)
{
    struct e2e_result r = e2e_run("--summary", "--fault-policy", "panic", "@restart", NULL);
    ck_assert_ptr_null(strstr(r.out, "Kernel panic"));
    ck_assert_ptr_nonnull(strstr(r.err, "'restart': Terminated, completion code 5, 2 restarts"));
    ck_assert_int_eq(r.status, 1);
    e2e_result_free(&r);
}
END_TEST

/* tockemu --help (usage epilogue): how completion codes, faults, panics and
 * the other ends of a run map to the exit status. */
static const struct status_case {
    const char *args[5];
    int status;
} status_cases[] = {
    {{"@hello"}, 0},                                    /* every app exited 0 */
    {{"@exit_code"}, 1},                                /* a non-zero completion code */
    {{"@crash"}, 1},                                    /* a fault (stop) */
    {{"--fault-policy", "restart", "@crash_twice"}, 1}, /* faulted, then exited 0 */
    {{"--no-such-flag", "@hello"}, 2},                  /* bad input */
    {{"--fault-policy", "panic", "@crash"}, 3},         /* kernel panic */
    {{"@button"}, 4},                                   /* waits for a press that never comes */
    {{"--stop-after", "100ms", "@spin"}, 5},            /* time limit with apps running */
};

START_TEST(exit_status_follows_the_usage_epilogue)
{
    const struct status_case *c = &status_cases[_i];
    struct e2e_result r = e2e_run(c->args[0], c->args[1], c->args[2], c->args[3], c->args[4], NULL);
    ck_assert_msg(r.status == c->status, "%s %s %s: status %d, want %d\n%s", c->args[0],
                  c->args[1] ? c->args[1] : "", c->args[2] ? c->args[2] : "", r.status, c->status,
                  r.err);
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_restart_suite(void)
{
    Suite *s = suite_create("e2e_restart");
    TCase *tc = tcase_create("restart");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, exit_restart_gives_a_fresh_app, 0,
                        (int)(sizeof fresh_rules / sizeof fresh_rules[0]));
    tcase_add_test(tc, exit_restart_gives_new_process_id_and_counts);
    tcase_add_test(tc, exit_terminate_after_restarts_reports_its_completion_code);
    tcase_add_test(tc, exit_restart_ignores_the_panic_policy);
    tcase_add_loop_test(tc, exit_status_follows_the_usage_epilogue, 0,
                        (int)(sizeof status_cases / sizeof status_cases[0]));
    suite_add_tcase(s, tc);
    return s;
}
