/* harness bench: what one harness test costs (a benchmark, never a test).
 *
 *   1. one test, in process: lth_new, load lth_hello, run it to its exit,
 *      check its console and exit code, lth_free; N times, median and p90;
 *   2. N such tests as Check runs them under `meson test`: one srunner, fork
 *      mode (a fresh child per test), total wall time.
 *
 * Targets (issue "Unit-test userland libraries on a laptop"): (1) median
 * <= 5 ms; (2) 1,000 tests <= 10 s on a 2-core machine.
 *
 *   harness-bench [N]     (default 1000)
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <tockemu/harness.h>

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

/* The test being measured: boot, run a small app to its exit, check. */
static void one_test(void)
{
    struct lth *t = lth_new(NULL);
    int app = lth_load(t, LTH_APP("lth_hello"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, "hello harness\n");
    lth_free(t);
}

START_TEST(hello_test)
{
    one_test();
}
END_TEST

/* Check tests take no arguments: the samples of part 1 live here, set by
 * main only (the bench is a program, not emulator code). */
static uint64_t *timed_samples;

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

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    if (n <= 0)
        n = 1000;

    /* 1. In process (Check no-fork mode gives the asserts a test to
     * report to); each sample is taken inside the test body. */
    timed_samples = calloc((size_t)n, sizeof *timed_samples);
    int failed = run_suite(timed_hello_test, n, CK_NOFORK);
    qsort(timed_samples, (size_t)n, sizeof *timed_samples, by_value);
    printf("one test (boot, run lth_hello to exit, check, free), %d runs: median %.2f ms, "
           "p90 %.2f ms, min %.2f ms, %d failed\n",
           n, timed_samples[n / 2] / 1e6, timed_samples[n * 9 / 10] / 1e6, timed_samples[0] / 1e6,
           failed);
    free(timed_samples);

    /* 2. As meson test runs a suite: Check fork mode, one child per test. */
    uint64_t t0 = now_ns();
    failed += run_suite(hello_test, n, CK_FORK);
    double total = (double)(now_ns() - t0) / 1e9;
    printf("%d tests through Check (fork mode): %.2f s total, %.2f ms each\n", n, total,
           total * 1e3 / n);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
