/* Unit test of the heartbeat library across one hour of virtual time.
 *
 * Real alarm and LED capsules; the virtual clock jumps from alarm to alarm,
 * so 360 beats 10,000 ms apart take a fraction of a second of wall time.
 */
#include <check.h>
#include <stdlib.h>

#include <tockemu/harness.h>

START_TEST(beats_every_ten_seconds_for_an_hour)
{
    struct lth *t = lth_new(NULL);
    int app = lth_load(t, LTH_APP("lth_heartbeat"));

    /* Half an hour (and half a second, so the last beat is clear of the
     * limit): 180 beats, an even number of toggles. */
    ck_assert_int_eq(lth_run_for(t, LTH_S(1800) + LTH_MS(500)), LTH_RUN_TIME_UP);
    ck_assert_uint_eq(lth_now(t), LTH_S(1800) + LTH_MS(500));
    lth_assert_upcalls(t, app, LTH_DRIVER_ALARM, 0, 180);
    lth_assert_console(t, "beat 60\nbeat 120\nbeat 180\n");
    ck_assert(!lth_led_is_on(t, 0));

    /* The second half goes on from where the first stopped. */
    ck_assert_int_eq(lth_run_for(t, LTH_S(1800)), LTH_RUN_TIME_UP);
    ck_assert_uint_eq(lth_now(t), LTH_S(3600) + LTH_MS(500));
    lth_assert_upcalls(t, app, LTH_DRIVER_ALARM, 0, 360);
    lth_assert_console(t, "beat 60\nbeat 120\nbeat 180\nbeat 240\nbeat 300\nbeat 360\n");
    ck_assert_int_eq(lth_state(t, app), TK_STATE_YIELDED);
    lth_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("heartbeat");
    TCase *tc = tcase_create("heartbeat");
    tcase_add_test(tc, beats_every_ten_seconds_for_an_hour);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
