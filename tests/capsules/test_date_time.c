/* Date-time capsule (driver 0x90007) over the RTC model.
 *
 * capsules/extra/src/date_time.rs @65608d71; the packing and the range
 * checks are the capsule's, the calendar the model's (emu_rtc.h).
 */
#include <check.h>

#include "date_time.h"
#include "emu_rtc.h"
#include "fake_hil.h"
#include "fixture.h"

#define DRV         TK_DRIVER_NUM_DATE_TIME
#define NULL_UPCALL TK_TASK_RETURN_VALUE /* nothing subscribed */
#define SECOND      1000000000ull

/* The packing both ways: year << 9 | month << 5 | day, and
 * day_of_week << 17 | hour << 12 | minute << 6 | seconds. */
#define DATE(y, mo, d) ((uint32_t)(y) << 9 | (uint32_t)(mo) << 5 | (uint32_t)(d))
#define TIME(dow, h, mi, s)                                                                        \
    ((uint32_t)(dow) << 17 | (uint32_t)(h) << 12 | (uint32_t)(mi) << 6 | (s))

struct date_time_env {
    struct tk_kernel k;
    struct emu_rtc rtc;
    struct tk_date_time_driver driver;
    struct tk_process *p[2];
};

static void env_init(struct date_time_env *e)
{
    fx_kernel_init(&e->k);
    emu_rtc_init(&e->rtc, &e->k, EMU_RTC_DEFAULT_START);
    tk_date_time_driver_init(&e->driver, &e->rtc.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->driver.driver), 0);
    e->p[0] = fx_process_new(&e->k, "one", 0);
    e->p[1] = fx_process_new(&e->k, "two", 0);
}

START_TEST(date_time_command0_succeeds_and_unknown_is_nosupport)
{
    /* date_time.rs command: 0 -> S; 3 and up -> F(NOSUPPORT). */
    struct date_time_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 0, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 3, 0, 0), TK_NOSUPPORT);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(date_time_read_upcalls_packed_date_and_time)
{
    /* Command 1 -> S, then upcall 0 (0, date, time). The model starts at
     * 2025-01-01 00:00:00 UTC, a Wednesday (3). */
    struct date_time_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 0, 0));
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, DATE(2025, 1, 1), TIME(3, 0, 0, 0));
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(date_time_set_then_clock_runs_on_virtual_time)
{
    /* Command 2 (date, time) -> S, upcall (0, 0, 0); the set day of the week
     * is kept even when wrong (2023-01-01 was a Sunday) and advances with
     * the date; seconds follow virtual time. */
    struct date_time_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 2, DATE(2023, 1, 1), TIME(1, 23, 59, 58)));
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, 0, 0);
    fx_advance(&e.k, 2 * SECOND + SECOND / 2);
    fx_command(&e.k, e.p[0], DRV, 1, 0, 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, DATE(2023, 1, 2), TIME(2, 0, 0, 0));
    fx_kernel_fini(&e.k);
}
END_TEST

static const struct {
    uint32_t date, time;
} bad_sets[] = {
    {DATE(2024, 0, 1), TIME(0, 0, 0, 0)},  /* month 0 */
    {DATE(2024, 13, 1), TIME(0, 0, 0, 0)}, /* month 13 */
    {DATE(2024, 1, 1), TIME(7, 0, 0, 0)},  /* day of week 7 */
    {DATE(2024, 1, 1), TIME(0, 25, 0, 0)}, /* hour 25 */
    {DATE(2024, 1, 1), TIME(0, 0, 61, 0)}, /* minute 61 */
    {DATE(2024, 1, 1), TIME(0, 0, 0, 61)}, /* seconds 61 */
};

START_TEST(date_time_set_out_of_range_is_inval)
{
    /* date_from_u32_tuple: month 1..12, day of week 0..6, hour <= 24,
     * minute <= 60, seconds <= 60, else F(INVAL) and no upcall. */
    struct date_time_env e;
    env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 2, bad_sets[_i].date, bad_sets[_i].time),
                      TK_INVAL);
    fx_run_deferred(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(date_time_hour_24_and_minute_60_pass_the_check)
{
    /* Upstream's bounds are inclusive: 24:60:60 is accepted (the calendar
     * then normalises it: 2024-02-28 24:60:60 is 2024-02-29 01:01:00). */
    struct date_time_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 2, DATE(2024, 2, 28), TIME(3, 24, 60, 60)));
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, 0, 0);
    fx_command(&e.k, e.p[0], DRV, 1, 0, 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, DATE(2024, 2, 29), TIME(3, 1, 1, 0));
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(date_time_one_read_answers_every_waiting_reader)
{
    /* get_date_time_done serves every process whose task is a read; a
     * command while the clock is busy answers S and waits. */
    struct date_time_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 1, 0, 0));
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, DATE(2025, 1, 1), TIME(3, 0, 0, 0));
    fake_expect_upcall(e.p[1], NULL_UPCALL, DRV, 0, DATE(2025, 1, 1), TIME(3, 0, 0, 0));
    fx_run_deferred(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p[0]) + fx_task_count(e.p[1]), 0);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(date_time_set_completion_goes_to_the_setter_then_next_starts)
{
    /* set_date_time_done upcalls only the process in progress; then
     * queue_next_command starts the waiting read, which sees the new date. */
    struct date_time_env e;
    env_init(&e);
    fx_command(&e.k, e.p[0], DRV, 2, DATE(2030, 6, 15), TIME(6, 12, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 1, 0, 0));
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, 0, 0);
    ck_assert_uint_eq(fx_task_count(e.p[1]), 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[1], NULL_UPCALL, DRV, 0, DATE(2030, 6, 15), TIME(6, 12, 0, 0));
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(date_time_command_while_own_request_waits_is_success_and_keeps_it)
{
    /* Quirk: enqueue_command drops the grant's BUSY; with the clock busy the
     * second command answers S and the first request stays the one served. */
    struct date_time_env e;
    env_init(&e);
    fx_command(&e.k, e.p[1], DRV, 1, 0, 0); /* the clock is busy for p1 */
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 2, DATE(2030, 1, 1), TIME(2, 0, 0, 0)));
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 0, 0));
    fx_run_deferred(&e.k);
    /* p1's read is answered; p0's task is still the set, which runs next. */
    fake_expect_upcall(e.p[1], NULL_UPCALL, DRV, 0, DATE(2025, 1, 1), TIME(3, 0, 0, 0));
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, 0, 0);
    ck_assert_int_eq(emu_rtc_seconds(&e.rtc), 1893456000); /* 2030-01-01 */
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(date_time_refused_set_stays_recorded_and_upcalls_its_error)
{
    /* Quirk: a set the range check refuses answers F(INVAL) but stays the
     * process's task: its next read is started and completes, yet the read
     * is not delivered to it (its task is not a read); queue_next_command
     * retries the set and upcalls (INVAL, 0, 0). */
    struct date_time_env e;
    env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 2, DATE(2024, 13, 1), 0), TK_INVAL);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 0, 0));
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, TK_INVAL, 0, 0);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fx_kernel_fini(&e.k);
}
END_TEST

Suite *date_time_suite(void)
{
    Suite *s = suite_create("date_time");
    TCase *tc = tcase_create("capsule");
    tcase_add_test(tc, date_time_command0_succeeds_and_unknown_is_nosupport);
    tcase_add_test(tc, date_time_read_upcalls_packed_date_and_time);
    tcase_add_test(tc, date_time_set_then_clock_runs_on_virtual_time);
    tcase_add_loop_test(tc, date_time_set_out_of_range_is_inval, 0,
                        (int)(sizeof bad_sets / sizeof bad_sets[0]));
    tcase_add_test(tc, date_time_hour_24_and_minute_60_pass_the_check);
    tcase_add_test(tc, date_time_one_read_answers_every_waiting_reader);
    tcase_add_test(tc, date_time_set_completion_goes_to_the_setter_then_next_starts);
    tcase_add_test(tc, date_time_command_while_own_request_waits_is_success_and_keeps_it);
    tcase_add_test(tc, date_time_refused_set_stays_recorded_and_upcalls_its_error);
    suite_add_tcase(s, tc);
    return s;
}
