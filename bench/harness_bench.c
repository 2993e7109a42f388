/* harness bench: what one harness test costs (a benchmark, never a test).
 *
 *   1. one test, in process: lth_new, load lth_hello, run it to its exit,
 *      check its console and exit code, lth_free; N times, median and p90;
 *      once with a loader per world, once with one shared (lth_shared_new);
 *   2. N such tests through Check: fork mode (a fresh child per test, as
 *      `meson test` runs a suite by default), and CK_FORK=no mode with a
 *      shared loader; total wall time of each, beside N empty tests through
 *      Check in the same mode, taken in the same run: what Check itself
 *      costs on this machine, which no harness can go below.
 *
 * Targets (issue 10): one test <= 1 ms median; 1,000 tests through Check
 * <= 2 s on a 2-core machine.
 *
 *   harness-bench [N [shared]]   (default 1000; "shared": only the in-process
 *                                 tests with a shared loader, for profiling)
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tockemu/harness.h>

#include "worlds.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Check tests take no arguments: what main sets up for them lives here
 * (the bench is a program, not emulator code). */
static struct lth_shared *shared; /* NULL: each world starts its own loader */
static uint64_t *timed_samples;

/* The test being measured: boot, run a small app to its exit, check. */
static void one_test(void)
{
    world_hello(shared);
}

START_TEST(hello_test)
{
    one_test();
}
END_TEST

START_TEST(empty_test)
{
    ck_assert_int_eq(_i, _i);
}
END_TEST

START_TEST(timed_hello_test)
{
    uint64_t t0 = now_ns();
    one_test();
    timed_samples[_i] = now_ns() - t0;
}
END_TEST

static int run_suite(const TTest *test, int n, enum fork_status mode)
{
    Suite *s = suite_create("bench");
    TCase *tc = tcase_create("bench");
    tcase_add_loop_test(tc, test, 0, n);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, mode);
    srunner_run_all(sr, CK_SILENT);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed;
}

static void timed_in_process(int n, const char *label, int *failed)
{
    timed_samples = calloc((size_t)n, sizeof *timed_samples);
    *failed += run_suite(timed_hello_test, n, CK_NOFORK);
    qsort(timed_samples, (size_t)n, sizeof *timed_samples, by_value);
    printf("one test (boot, run lth_hello to exit, check, free), %s, %d runs: median %.2f ms, "
           "p90 %.2f ms, min %.2f ms\n",
           label, n, timed_samples[n / 2] / 1e6, timed_samples[n * 9 / 10] / 1e6,
           timed_samples[0] / 1e6);
    free(timed_samples);
}

static double seconds_through_check(const TTest *test, int n, enum fork_status mode, int *failed)
{
    uint64_t t0 = now_ns();
    *failed += run_suite(test, n, mode);
    return (double)(now_ns() - t0) / 1e9;
}

static void through_check(int n, enum fork_status mode, const char *label, int *failed)
{
    double empty = seconds_through_check(empty_test, n, mode, failed);
    double total = seconds_through_check(hello_test, n, mode, failed);
    printf("%d tests through Check, %s: %.2f s total, %.2f ms each; %d empty tests %.2f s "
           "(%.2f ms each): the harness's part %.2f ms each\n",
           n, label, total, total * 1e3 / n, n, empty, empty * 1e3 / n, (total - empty) * 1e3 / n);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    if (n <= 0)
        n = 1000;
    int failed = 0;
    fprintf(stderr, "harness-bench: %d tests in each of four ways\n", n);

    /* 1. In process (Check no-fork mode gives the asserts a test to report
     * to); each sample is taken inside the test body. */
    if (argc <= 2)
        timed_in_process(n, "a loader per world", &failed);
    shared = lth_shared_new();
    if (shared == NULL) {
        fprintf(stderr, "harness-bench: cannot start the shared loader\n");
        return EXIT_FAILURE;
    }
    timed_in_process(n, "shared loader", &failed);
    if (argc > 2 && strcmp(argv[2], "shared") == 0) {
        lth_shared_free(shared);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    }

    /* 2. As meson test runs a suite (fork mode: the shared loader cannot
     * serve forked tests, each starts its own), then in one process. */
    through_check(n, CK_FORK, "fork mode", &failed);
    through_check(n, CK_NOFORK, "CK_FORK=no, shared loader", &failed);
    lth_shared_free(shared);
    if (failed != 0)
        fprintf(stderr, "harness-bench: %d tests failed\n", failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
