/* End to end: DAC, gpio_async, I2C master, touch and text screen through
 * one app (tests/apps/io_drivers, slot 63) and libtock-c's API names, each
 * part doing what libtock-c's example for the driver does; what the
 * devices show is checked in the trace's `device` events. Virtual time
 * only, so the output is exact.
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

static const char io_drivers_out[] =
    "Number of touches: 2\n"
    "pressed (1): 10 y 20\n"
    "0: pressed (1): 10 y 20, \n"
    "moved (2): 30 y 40\n"
    "0: moved (2): 30 y 40, 1: pressed (1): 50 y 60, \n"
    "released (0): 30 y 40\n"
    "0: released (0): 30 y 40, 1: released (0): 50 y 60, \n"
    "gesture 3\n"
    "[TEST] DAC: Sine test app\n"
    "[TEST] GPIO Async\n"
    "exists: 0\n"
    "Enabling rising edge interrupt on port 0 pin 1\n"
    "Toggling port 0 pin 0\n"
    "INTERRUPT port:0 pin:0 val:1\n"
    "INTERRUPT port:0 pin:0 val:1\n"
    "INTERRUPT port:0 pin:0 val:1\n"
    "INTERRUPT port:0 pin:0 val:1\n"
    "INTERRUPT port:0 pin:0 val:1\n"
    "INTERRUPT port:0 pin:0 val:1\n"
    "Now disabling interrupt\n"
    "interrupts 6, pin 1 reads 0 (Success)\n"
    "Sending as master\n"
    "Sent.\n"
    "eeprom 0x10: Tock\n"
    "too long: An invalid parameter was passed\n"
    "text screen on: Success\n"
    "text screen clear: Success\n"
    "text screen 16x2: Success\n"
    "[Tock] ADC Single Buffered Test\n"
    "Channel: 0\tCount: 16\tAvg: 12893\tMin: 12893\tMax: 12893\n"
    "[Tock] ADC Continuous Buffered Test\n"
    "buffer 0: Channel: 0\tCount: 16\tAvg: 12893\tMin: 12893\tMax: 12893\n"
    "buffer 1: Channel: 0\tCount: 16\tAvg: 12893\tMin: 12893\tMax: 12893\n"
    "buffer 0: Channel: 0\tCount: 16\tAvg: 12893\tMin: 12893\tMax: 12893\n"
    "io_drivers: done\n";

static const char touch_scenario[] = "0ms adc 0 1000\n"
                                     "100ms touch press 10 20\n"
                                     "200ms touch move 30 40 press 50 60\n"
                                     "300ms touch release 30 40 release 50 60\n"
                                     "400ms touch gesture swipe-left\n";

/* The trace's `device` lines, without their times, one per line. */
static char *device_lines(const char *trace_path)
{
    size_t len = 0;
    char *text = e2e_read_file(trace_path, &len);
    ck_assert_ptr_nonnull(text);
    GString *out = g_string_new(NULL);
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l != NULL; l++) {
        const char *at = strstr(*l, " kernel device ");
        if (at != NULL)
            g_string_append_printf(out, "%s\n", at + strlen(" kernel device "));
    }
    g_strfreev(lines);
    g_free(text);
    return g_string_free(out, FALSE);
}

START_TEST(io_drivers_app_runs_as_the_libtock_c_examples_say)
{
    /* Default board: DAC 0x6, gpio_async 0x80003 (port 0 pin 0 wired to
     * pin 1), I2C 0x20003 (an EEPROM at 0x50, nothing at 0x41), touch
     * 0x90002 (2 touches), text screen 0x90003 (16x2). */
    char *scenario = e2e_temp_file(touch_scenario, strlen(touch_scenario));
    char *trace = e2e_temp_file("", 0);
    struct e2e_result r = e2e_run("--scenario", scenario, "--trace", trace, "@io_drivers", NULL);
    ck_assert_msg(r.status == 0, "status %d\nout:\n%s\nerr:\n%s", r.status, r.out, r.err);
    ck_assert_str_eq(r.out, io_drivers_out);
    char *devices = device_lines(trace);
    /* The touches as the panel saw them, the sine's first samples, the
     * I2C transfers and the screen's last three states. */
    const char *expected[] = {
        "touch 1 pressed 10 20\n",
        "touch gesture 3\n",
        "dac 512\ndac 544\ndac 576\ndac 607\ndac 639\n",
        "gpio-async 0 0 high\n",
        "i2c 0x41 write: nak\n",
        "i2c 0x50 write 10 54 6f 63 6b\n",
        "i2c 0x50 write 10\ni2c 0x50 read 54 6f 63 6b\n",
        "text-screen |Hello!          |                |\n"
        "text-screen |Hello!          |Goodbyee!       |\n"
        "text-screen |                |                |\n",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        ck_assert_msg(strstr(devices, expected[i]) != NULL, "no '%s' in:\n%s", expected[i],
                      devices);
    ck_assert_int_eq(e2e_count_lines(devices, "gpio-async 0 0 high"), 8);
    g_free(devices);
    e2e_result_free(&r);
    unlink(scenario);
    unlink(trace);
    g_free(scenario);
    g_free(trace);
}
END_TEST

START_TEST(device_scenario_errors_exit_2)
{
    /* Bad user input: one line naming the file, the line and the form. */
    static const char bad[] = "5ms touch press 10\n";
    char *scenario = e2e_temp_file(bad, strlen(bad));
    struct e2e_result r = e2e_run("--scenario", scenario, "@io_drivers", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, ":1: expected 'TIME touch press|move|release X Y"));
    const char *newline = strchr(r.err, '\n');
    ck_assert_msg(newline != NULL && newline[1] == 0, "not one line: %s", r.err);
    e2e_result_free(&r);
    unlink(scenario);
    g_free(scenario);
}
END_TEST

START_TEST(board_file_leaves_drivers_out_and_moves_devices)
{
    /* --board: [drivers] text-screen = false makes 0x90003 missing
     * (NODEVICE); [i2c] moves the EEPROM to 0x41, so the ping-pong message
     * is acknowledged and 0x50 answers NOACK. */
    static const char board[] = "[drivers]\ntext-screen = false\n[i2c]\ndevices = eeprom@0x41\n";
    char *scenario = e2e_temp_file(touch_scenario, strlen(touch_scenario));
    char *board_path = e2e_temp_file(board, strlen(board));
    char *trace = e2e_temp_file("", 0);
    struct e2e_result r = e2e_run("--board", board_path, "--scenario", scenario, "--trace", trace,
                                  "@io_drivers", NULL);
    ck_assert_msg(r.status == 0, "status %d\nout:\n%s\nerr:\n%s", r.status, r.out, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "text screen on: Device does not exist\n"));
    char *devices = device_lines(trace);
    ck_assert_ptr_nonnull(strstr(devices, "i2c 0x41 write 48 65 6c 6c 6f"));
    ck_assert_ptr_nonnull(strstr(devices, "i2c 0x50 write: nak"));
    ck_assert_ptr_null(strstr(devices, "text-screen"));
    g_free(devices);
    e2e_result_free(&r);
    unlink(scenario);
    unlink(board_path);
    unlink(trace);
    g_free(scenario);
    g_free(board_path);
    g_free(trace);
}
END_TEST

START_TEST(bad_board_file_exits_2_naming_the_file)
{
    /* Bad user input: one line naming the file and the reason, status 2,
     * before any app runs. */
    static const char board[] = "[text-screen]\nrows = 9\n";
    char *board_path = e2e_temp_file(board, strlen(board));
    struct e2e_result r = e2e_run("--board", board_path, "@io_drivers", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_str_eq(r.out, "");
    char *expected = g_strdup_printf("tockemu: --board %s: [text-screen] rows = '9': expected a "
                                     "number from 1 to 4 (see tockemu --help)\n",
                                     board_path);
    ck_assert_str_eq(r.err, expected);
    g_free(expected);
    e2e_result_free(&r);
    unlink(board_path);
    g_free(board_path);
}
END_TEST

Suite *e2e_io_drivers_suite(void)
{
    Suite *s = suite_create("e2e_io_drivers");
    TCase *tc = tcase_create("io_drivers");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, io_drivers_app_runs_as_the_libtock_c_examples_say);
    tcase_add_test(tc, device_scenario_errors_exit_2);
    tcase_add_test(tc, board_file_leaves_drivers_out_and_moves_devices);
    tcase_add_test(tc, bad_board_file_exits_2_naming_the_file);
    suite_add_tcase(s, tc);
    return s;
}
