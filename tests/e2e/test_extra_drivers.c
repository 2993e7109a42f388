/* End to end: the RTC, crypto, buzzer, servo and isolated-storage drivers
 * through one real app (tests/apps/extra_drivers, slot 58) and libtock-c's
 * API names, in virtual time, so the output is exact.
 */
#include <check.h>
#include <string.h>

#include "e2e.h"

START_TEST(extra_drivers_run_as_libtock_c_examples_say)
{
    /* examples/tests/rtc: the date set (with its day of the week as given)
     * runs on virtual time: 2 s after the set it reads 12:30:03, then one
     * second per round; month 13 is refused with INVAL.
     * examples/tests/crc: every case's CRC is the expected one. */
    struct e2e_result r = e2e_run("@extra_drivers", NULL);
    ck_assert_msg(r.status == 0, "status %d\nout:\n%s\nerr:\n%s", r.status, r.out, r.err);
    ck_assert_str_eq(r.out, "Date: {year: 2023, month: 1, day: 1, day_of_week: 1, hour: 12, "
                            "minute: 30, seconds: 3}\n"
                            "Date: {year: 2023, month: 1, day: 1, day_of_week: 1, hour: 12, "
                            "minute: 30, seconds: 4}\n"
                            "rtc: month 13: An invalid parameter was passed\n"
                            "Case  0: result=00001541 (OK)\n"
                            "Case  1: result=0000b34b (OK)\n"
                            "Case  2: result=0e6f94bc (OK)\n"
                            "Case  3: result=44050cda (OK)\n"
                            "Case  4: result=2c775665 (OK)\n"
                            "Case  5: result=b5ddeb44 (OK)\n");
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_extra_drivers_suite(void)
{
    Suite *s = suite_create("e2e_extra_drivers");
    TCase *tc = tcase_create("apps");
    tcase_add_test(tc, extra_drivers_run_as_libtock_c_examples_say);
    suite_add_tcase(s, tc);
    return s;
}
