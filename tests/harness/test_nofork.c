/* The harness in Check's no-fork mode (docs/harness.md, many tests in one
 * process): a test that fails with its world open leaves it behind (Check
 * jumps out of the test), and the next world given the same lth_shared
 * must still start, fresh, with nothing of the abandoned one left.
 *
 * Check cannot run a suite inside one of its tests, so this program is its
 * own runner: it runs a no-fork suite whose first tests fail on purpose,
 * then checks every test's verdict and that the app processes are gone. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <tockemu/harness.h>

#include "worlds.h"

static struct lth_shared *shared;

/* A world given `shared` with `app` loaded. */
static struct lth *world_with(const char *app)
{
    struct lth_board b = {.shared = shared};
    struct lth *t = lth_new(&b);
    (void)lth_load(t, app);
    return t;
}

/* Fails after its app ran: the world holds a stopped app child. */
START_TEST(fails_after_the_run)
{
    struct lth *t = world_with(LTH_APP("lth_hello"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_console(t, "not what it printed\n");
    lth_free(t); /* not reached */
}
END_TEST

/* Fails with an app loaded into flash and never run. */
START_TEST(fails_before_the_run)
{
    struct lth *t = world_with(LTH_APP("lth_hello"));
    ck_abort_msg("on purpose, with lth_hello loaded");
    lth_free(t); /* not reached */
}
END_TEST

/* Fails between two runs, its app waiting in a yield for inputs. */
START_TEST(fails_between_two_runs)
{
    struct lth *t = world_with(LTH_APP("lth_inputs"));
    ck_assert_int_eq(lth_run_for(t, LTH_MS(1)), LTH_RUN_TIME_UP);
    ck_abort_msg("on purpose, with lth_inputs waiting");
    lth_free(t); /* not reached */
}
END_TEST

/* After them, a world starts as if they had freed theirs: its app runs
 * from flash holding only what it loaded, in fresh memory. */
START_TEST(next_world_starts_fresh)
{
    world_restart_starts_fresh(shared);
}
END_TEST

START_TEST(hello_after_them)
{
    world_hello(shared);
}
END_TEST

struct expected {
    const char *name;
    const TTest *test;
    const char *failure; /* in the failure message; NULL: the test passes */
};
#define TEST_COUNT 6

int main(void)
{
    const struct expected tests[TEST_COUNT] = {
        {"fails_after_the_run", fails_after_the_run, "console: expected"},
        {"next_world_starts_fresh", next_world_starts_fresh, NULL},
        {"fails_before_the_run", fails_before_the_run, "on purpose, with lth_hello loaded"},
        {"hello_after_them", hello_after_them, NULL},
        {"fails_between_two_runs", fails_between_two_runs, "on purpose, with lth_inputs waiting"},
        {"next_world_starts_fresh_again", next_world_starts_fresh, NULL},
    };
    shared = lth_shared_new();
    if (shared == NULL) {
        fprintf(stderr, "test_nofork: cannot make the shared loader\n");
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("nofork");
    for (int i = 0; i < TEST_COUNT; i++) { /* a case each: results name it */
        TCase *tc = tcase_create(tests[i].name);
        tcase_add_test(tc, tests[i].test);
        suite_add_tcase(s, tc);
    }
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_SILENT);
    int bad = 0;
    TestResult **results = srunner_results(sr);
    if (srunner_ntests_run(sr) != TEST_COUNT) {
        fprintf(stderr, "test_nofork: %d tests ran, not %d\n", srunner_ntests_run(sr), TEST_COUNT);
        bad++;
    }
    for (int i = 0; i < srunner_ntests_run(sr) && i < TEST_COUNT; i++) {
        bool failed = tr_rtype(results[i]) != CK_PASS;
        const char *want = tests[i].failure;
        if (failed != (want != NULL) || (failed && strstr(tr_msg(results[i]), want) == NULL)) {
            fprintf(stderr, "test_nofork: %s %s: %s\n", tr_tcname(results[i]),
                    failed ? "failed" : "passed, but should have failed", tr_msg(results[i]));
            bad++;
        }
    }
    free(results);
    srunner_free(sr);
    /* The abandoned worlds' apps and the loader end with the shared one:
     * no child of ours is left, not even a zombie. */
    lth_shared_free(shared);
    if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
        fprintf(stderr, "test_nofork: a child is left after lth_shared_free\n");
        bad++;
    }
    return bad == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
