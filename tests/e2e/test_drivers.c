/* End to end: the drivers of issue 16 through real apps (tests/apps, slots
 * 53..59) and libtock-c's own API names. Everything runs in virtual time,
 * with the sensor model's fixed latency, so the output is exact.
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

/* A scenario file holding `text`; g_free and unlink the path. */
static char *scenario_file(const char *text)
{
    return e2e_temp_file(text, strlen(text));
}

START_TEST(sensors_read_model_values_and_scenario_inputs)
{
    /* Sensor capsules 0x60000-0x6000B on the default board: the built-in
     * constants, a --sensor constant, and a scenario line that moves the
     * proximity reading out of the app's window at 50 ms. */
    char *scenario = scenario_file("50ms sensor proximity 230\n");
    struct e2e_result r =
        e2e_run("--sensor", "temperature=2150", "--sensor", "accelerometer=12,-3,998", "--scenario",
                scenario, "@sensors", NULL);
    ck_assert_msg(r.status == 0, "status %d\nout:\n%s\nerr:\n%s", r.status, r.out, r.err);
    ck_assert_str_eq(r.out, "temperature 2150\n"
                            "humidity 4500\n"
                            "ambient_light 300\n"
                            "moisture 3000\n"
                            "rainfall 0\n"
                            "sound_pressure 40\n"
                            "accelerometer 12 -3 998\n"
                            "gyroscope 0 0 0\n"
                            "pressure 0\n"
                            "proximity 230\n");
    e2e_result_free(&r);
    unlink(scenario);
    g_free(scenario);
}
END_TEST

START_TEST(sensor_option_error_exits_2)
{
    /* Bad user input: one line naming the option and the reason, status 2. */
    struct e2e_result r = e2e_run("--sensor", "wind=3", "@sensors", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "--sensor wind=3: expected NAME=VALUE"));
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_drivers_suite(void)
{
    Suite *s = suite_create("e2e_drivers");
    TCase *tc = tcase_create("sensors");
    tcase_add_test(tc, sensors_read_model_values_and_scenario_inputs);
    tcase_add_test(tc, sensor_option_error_exits_2);
    suite_add_tcase(s, tc);
    return s;
}
