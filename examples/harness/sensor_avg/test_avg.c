/* Unit tests of the avg library (avg.c) against a fake temperature driver.
 *
 * The app lth_sensor_avg runs avg_read(0x60000, 4) in a forked child under
 * the in-tree kernel; the test scripts the fake's readings and BUSY answers
 * and checks what the library made of them.
 *
 * The tests share one app loader and app flash (lth_shared, made in an
 * unchecked fixture), so that run in one process (CK_FORK=no) each world
 * after the first restarts the last one's app child instead of starting
 * a process: a test then costs a fraction of a millisecond. In Check's
 * default fork mode the same file works, each test starting its own.
 */
#include <check.h>
#include <stdlib.h>

#include <tockemu/harness.h>

static struct lth_shared *shared;

static void make_shared(void)
{
    shared = lth_shared_new();
    ck_assert_ptr_nonnull(shared);
}

static void free_shared(void)
{
    lth_shared_free(shared);
}

/* A world on the default board, with what the tests share. */
static struct lth *world(void)
{
    return lth_new(&(struct lth_board){.shared = shared});
}

START_TEST(avg_of_four_readings_retries_one_busy)
{
    struct lth *t = world();
    struct lth_fake *temp = lth_fake_sensor(t, LTH_DRIVER_TEMPERATURE);
    lth_sensor_push(temp, 2000);
    lth_sensor_push_error(temp, TK_BUSY);
    lth_sensor_push(temp, 2100);
    lth_sensor_push(temp, 2200);
    lth_sensor_push(temp, 2300);
    int app = lth_load(t, LTH_APP("lth_sensor_avg"));

    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, "avg 2150 busy 1\n");
    /* Five starts (one refused), four readings delivered, 1 ms apart. */
    ck_assert_uint_eq(lth_log_count_commands(t, app, LTH_DRIVER_TEMPERATURE, 1), 5);
    lth_assert_upcalls(t, app, LTH_DRIVER_TEMPERATURE, 0, 4);
    ck_assert_uint_eq(lth_fake_call_count(temp), 5);
    lth_free(t);
}
END_TEST

START_TEST(busy_injected_by_an_expected_syscall)
{
    /* The same library, the BUSY coming from the kernel side instead: the
     * first start is answered by the expectation and never reaches the fake. */
    struct lth *t = world();
    struct lth_fake *temp = lth_fake_sensor(t, LTH_DRIVER_TEMPERATURE);
    for (uint32_t v = 1000; v < 1004; v++)
        lth_sensor_push(temp, v);
    lth_expect_subscribe(t, LTH_DRIVER_TEMPERATURE, 0);
    lth_expect_command_returns(t, LTH_DRIVER_TEMPERATURE, 1, 0, 0, tk_cmd_failure(TK_BUSY));
    int app = lth_load(t, LTH_APP("lth_sensor_avg"));

    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_expectations_met(t);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, "avg 1001 busy 1\n");
    ck_assert_uint_eq(lth_fake_call_count(temp), 4);
    const struct lth_log_entry *first = lth_log_syscall(t, app, TK_CLASS_COMMAND, 0);
    ck_assert(first->overridden);
    ck_assert_uint_eq(first->ret.reg[1], TK_BUSY);
    lth_free(t);
}
END_TEST

/* AVG_MAX_RETRIES (avg.h) is 3: a reading is started at most 1 + 3 times. */
START_TEST(gives_up_after_three_retries)
{
    struct lth *t = world();
    struct lth_fake *temp = lth_fake_sensor(t, LTH_DRIVER_TEMPERATURE);
    for (int i = 0; i < 4; i++)
        lth_sensor_push_error(temp, TK_BUSY);
    lth_sensor_push(temp, 2000); /* a fifth start would get this */
    int app = lth_load(t, LTH_APP("lth_sensor_avg"));

    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 1);
    lth_assert_console(t, "error -2\n");
    /* The first start and three retries, all refused; no fifth. */
    ck_assert_uint_eq(lth_log_count_commands(t, app, LTH_DRIVER_TEMPERATURE, 1), 4);
    ck_assert_uint_eq(lth_fake_call_count(temp), 4);
    lth_assert_upcalls(t, app, LTH_DRIVER_TEMPERATURE, 0, 0);
    lth_free(t);
}
END_TEST

START_TEST(third_retry_that_succeeds_is_used)
{
    /* The boundary: three BUSY answers, then the last allowed retry reads. */
    struct lth *t = world();
    struct lth_fake *temp = lth_fake_sensor(t, LTH_DRIVER_TEMPERATURE);
    for (int i = 0; i < 3; i++)
        lth_sensor_push_error(temp, TK_BUSY);
    lth_sensor_push(temp, 2000);
    lth_sensor_push(temp, 2100);
    lth_sensor_push(temp, 2200);
    lth_sensor_push(temp, 2300);
    int app = lth_load(t, LTH_APP("lth_sensor_avg"));

    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, "avg 2150 busy 3\n");
    /* Four starts for the first reading, one each for the other three. */
    ck_assert_uint_eq(lth_log_count_commands(t, app, LTH_DRIVER_TEMPERATURE, 1), 7);
    ck_assert_uint_eq(lth_fake_call_count(temp), 7);
    lth_assert_upcalls(t, app, LTH_DRIVER_TEMPERATURE, 0, 4);
    lth_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sensor_avg");
    TCase *tc = tcase_create("avg");
    tcase_add_unchecked_fixture(tc, make_shared, free_shared);
    tcase_add_test(tc, avg_of_four_readings_retries_one_busy);
    tcase_add_test(tc, busy_injected_by_an_expected_syscall);
    tcase_add_test(tc, gives_up_after_three_retries);
    tcase_add_test(tc, third_retry_that_succeeds_is_used);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
