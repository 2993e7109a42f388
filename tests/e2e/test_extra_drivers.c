/* End to end: the RTC, crypto, buzzer, servo and isolated-storage drivers
 * through one real app (tests/apps/extra_drivers, slot 58) and libtock-c's
 * API names, in virtual time, so the output is exact. The app's storage
 * permissions (its ShortId as write id) need --appid tbf-header.
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

START_TEST(extra_drivers_run_as_libtock_c_examples_say)
{
    /* Each section prints what libtock-c's example for the driver prints.
     * examples/tests/rtc: the date set (with its day of the week as given)
     * runs on virtual time: 2 s after the set it reads 12:30:03, then one
     * second per round; month 13 is refused with INVAL.
     * examples/tests/crc, sha, hmac: every result is the expected one.
     * examples/music: the tones play (each ends with an upcall).
     * examples/servo: one SG90; 181 degrees is beyond it; it cannot report
     * its angle.
     * examples/tests/isolated_nonvolatile_storage/invs_read_write: a 2048-byte
     * region; writes past its end fail with EINVAL (-6).
     * examples/tests/aes (CTR): NIST SP 800-38A F.5.1's first two blocks. */
    struct e2e_result r = e2e_run("--appid", "tbf-header", "@extra_drivers", NULL);
    ck_assert_msg(r.status == 0, "status %d\nout:\n%s\nerr:\n%s", r.status, r.out, r.err);
    ck_assert_str_eq(
        r.out,
        "Date: {year: 2023, month: 1, day: 1, day_of_week: 1, hour: 12, minute: 30, seconds: 3}\n"
        "Date: {year: 2023, month: 1, day: 1, day_of_week: 1, hour: 12, minute: 30, seconds: 4}\n"
        "rtc: month 13: An invalid parameter was passed\n"
        "Case  0: result=00001541 (OK)\n"
        "Case  1: result=0000b34b (OK)\n"
        "Case  2: result=0e6f94bc (OK)\n"
        "Case  3: result=44050cda (OK)\n"
        "Case  4: result=2c775665 (OK)\n"
        "Case  5: result=b5ddeb44 (OK)\n"
        "[TEST] SHA\n"
        "SHA computation finished.\n"
        "Correct: d91344acb529e08ac17bf4209e664248366c5d95ecfe95d1e5077780659a915b\n"
        "Got    : d91344acb529e08ac17bf4209e664248366c5d95ecfe95d1e5077780659a915b\n"
        "SHA computation correct.\n"
        "[TEST] HMAC\n"
        "[HMAC] Computed Output: b5055553bd5e75d4fc96bf2559d655b77a58aea8b4c4076c52f774851bba06d8\n"
        "[HMAC] Expected Output: b5055553bd5e75d4fc96bf2559d655b77a58aea8b4c4076c52f774851bba06d8\n"
        "[HMAC] Matched!\n"
        "buzzer: played 4 notes\n"
        "The number of available servomotors is: 1\n"
        "\n"
        "Angle 181 exceeds the servo's limit angle.\n"
        "\n"
        " This servo cannot return its angle.\n"
        "[TEST] Isolated Nonvolatile Storage\n"
        "Have 2048 bytes of nonvolatile storage\n"
        "\tTest with read size 14 and write size 256 ...\n"
        "\tTest with read size 14 and write size 256 ...\n"
        "\tTest with read size 512 and write size 512 ...\n"
        "Write to end of region (offset 1536)\n"
        "\tTest with read size 512 and write size 500 ...\n"
        "Write beyond end region, should fail (offset 2048)\n"
        "\tTest with read size 512 and write size 501 ...\n"
        "\tERROR calling write. returncode: -6\n"
        "Write starts before start region, should fail (offset -1)\n"
        "\tTest with read size 512 and write size 512 ...\n"
        "\tERROR calling write. returncode: -6\n"
        "All tests succeeded\n"
        "aes: CTR 32 bytes: 87 4d 61 91 b6 20 e3 26 1b ef 68 64 99 0d b6 ce 98 06 f6 6b 79 70 "
        "fd ff 86 17 18 7b b9 ff fd ff\n");
    e2e_result_free(&r);
}
END_TEST

START_TEST(buzzer_and_servo_changes_are_in_the_trace)
{
    /* docs/trace.md: actuator changes are pins events, in virtual time: the
     * music section's first tone starts at 4 s (after the RTC's 4 s of
     * delays) and lasts 450 ms; the servo moves to 0, 90, 180 degrees. */
    char *trace = e2e_temp_file("", 0);
    struct e2e_result r =
        e2e_run("--appid", "tbf-header", "--trace", trace, "@extra_drivers", NULL);
    ck_assert_int_eq(r.status, 0);
    gchar *text = NULL;
    ck_assert(g_file_get_contents(trace, &text, NULL, NULL));
    ck_assert_ptr_nonnull(strstr(text, "4.000000000s pins buzzer 0 tone 330 Hz\n"));
    ck_assert_ptr_nonnull(strstr(text, "4.450000000s pins buzzer 0 off\n"));
    ck_assert_ptr_nonnull(strstr(text, "pins servo 0 angle 0\n"));
    ck_assert_ptr_nonnull(strstr(text, "pins servo 0 angle 90\n"));
    ck_assert_ptr_nonnull(strstr(text, "pins servo 0 angle 180\n"));
    ck_assert_ptr_null(strstr(text, "pins servo 0 angle 181"));
    g_free(text);
    e2e_result_free(&r);
    unlink(trace);
    g_free(trace);
}
END_TEST

Suite *e2e_extra_drivers_suite(void)
{
    Suite *s = suite_create("e2e_extra_drivers");
    TCase *tc = tcase_create("apps");
    tcase_add_test(tc, extra_drivers_run_as_libtock_c_examples_say);
    tcase_add_test(tc, buzzer_and_servo_changes_are_in_the_trace);
    suite_add_tcase(s, tc);
    return s;
}
