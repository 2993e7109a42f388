/* End to end: the drivers of issue 16 through real apps (tests/apps, slots
 * 53..59) and libtock-c's own API names. Everything runs in virtual time,
 * with the sensor model's fixed latency, so the output is exact.
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>
#include <stdlib.h>

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

/* The RGB pixels of a PNG file (free them), or NULL. */
static uint8_t *read_png(const char *path, unsigned *width, unsigned *height)
{
    png_image image = {.version = PNG_IMAGE_VERSION};
    if (!png_image_begin_read_from_file(&image, path))
        return NULL;
    image.format = PNG_FORMAT_RGB;
    uint8_t *pixels = malloc(PNG_IMAGE_SIZE(image));
    if (pixels == NULL || !png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        free(pixels);
        return NULL;
    }
    *width = image.width, *height = image.height;
    return pixels;
}

static bool png_equal(const char *a, const char *b)
{
    unsigned wa = 0, ha = 0, wb = 0, hb = 0;
    uint8_t *pa = read_png(a, &wa, &ha), *pb = read_png(b, &wb, &hb);
    bool equal = pa != NULL && pb != NULL && wa == wb && ha == hb &&
                 memcmp(pa, pb, (size_t)wa * ha * 3) == 0;
    free(pa);
    free(pb);
    return equal;
}

START_TEST(screen_updates_become_png_files)
{
    /* Screen 0x90001 on the default board (128x64, page format): each full
     * frame written is one update and one PNG with --screen-png; the last
     * one is the app's picture (tests/golden/screen_app.png). */
    char *dir = g_dir_make_tmp("tockemu-screen-XXXXXX", NULL);
    struct e2e_result r = e2e_run("--screen-png", dir, "@screen", NULL);
    ck_assert_msg(r.status == 0, "status %d\nout:\n%s\nerr:\n%s", r.status, r.out, r.err);
    ck_assert_str_eq(r.out, "screen: 128x64\nscreen: done\n");
    char *first = g_build_filename(dir, "screen-000000.png", NULL);
    char *second = g_build_filename(dir, "screen-000001.png", NULL);
    char *third = g_build_filename(dir, "screen-000002.png", NULL);
    ck_assert(g_file_test(first, G_FILE_TEST_EXISTS));
    ck_assert(!g_file_test(third, G_FILE_TEST_EXISTS));
    ck_assert(png_equal(second, TOCKEMU_SOURCE_ROOT "/tests/golden/screen_app.png"));
    ck_assert(!png_equal(first, second));
    e2e_result_free(&r);

    /* Every second update only: the fill's picture alone, named 000000. */
    unlink(first), unlink(second);
    r = e2e_run("--screen-png", dir, "--screen-png-every", "2", "@screen", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert(png_equal(first, TOCKEMU_SOURCE_ROOT "/tests/golden/screen_app.png"));
    ck_assert(!g_file_test(second, G_FILE_TEST_EXISTS));
    e2e_result_free(&r);
    unlink(first);
    rmdir(dir);
    g_free(first), g_free(second), g_free(third), g_free(dir);
}
END_TEST

START_TEST(screen_png_folder_is_made_or_refused_at_once)
{
    /* --screen-png makes a folder that is not there (as mkdir -p); one that
     * cannot be made is bad input: one line, status 2, before any frame. */
    char *dir = g_dir_make_tmp("tockemu-screen-XXXXXX", NULL);
    char *nested = g_build_filename(dir, "a", "b", NULL);
    struct e2e_result r = e2e_run("--screen-png", nested, "@screen", NULL);
    ck_assert_msg(r.status == 0, "status %d\nerr:\n%s", r.status, r.err);
    char *first = g_build_filename(nested, "screen-000000.png", NULL);
    ck_assert(g_file_test(first, G_FILE_TEST_EXISTS));
    e2e_result_free(&r);
    char *file = g_build_filename(dir, "file", NULL);
    ck_assert(g_file_set_contents(file, "x", 1, NULL));
    char *under_file = g_build_filename(file, "pngs", NULL);
    r = e2e_run("--screen-png", under_file, "@screen", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "cannot make that folder") != NULL &&
                      strchr(r.err, '\n') == strrchr(r.err, '\n'),
                  "%s", r.err);
    ck_assert_ptr_null(strstr(r.err, "cannot write PNG"));
    e2e_result_free(&r);
    char *cleanup = g_strdup_printf("rm -rf '%s'", dir);
    ck_assert_int_eq(system(cleanup), 0);
    g_free(cleanup), g_free(under_file), g_free(file), g_free(first), g_free(nested), g_free(dir);
}
END_TEST

START_TEST(screen_option_error_exits_2)
{
    /* Bad user input: one line naming the option and the reason, status 2. */
    struct e2e_result r = e2e_run("--screen", "12x:rgb", "@screen", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "--screen 12x:rgb: expected WIDTHxHEIGHT"));
    e2e_result_free(&r);
}
END_TEST

START_TEST(adc_sync_sample_wakes_only_with_sticky_wait_for)
{
    /* spec §2.4 quirk: libtocksync_adc_sample's Yield-WaitFor for upcall 0
     * never wakes on the kernel at 65608d71 (upcall 1 is queued after it);
     * --sticky-wait-for, the deviation switch, keeps its readiness. */
    char *scenario = scenario_file("0ms adc 2 1000\n");
    struct e2e_result r = e2e_run("--stop-after", "1s", "--scenario", scenario, "@adc_sync", NULL);
    ck_assert_msg(strstr(r.out, "adc_sync:") == NULL, "out:\n%s\nerr:\n%s", r.out, r.err);
    e2e_result_free(&r);
    r = e2e_run("--sticky-wait-for", "--scenario", scenario, "@adc_sync", NULL);
    ck_assert_msg(r.status == 0, "status %d\nout:\n%s\nerr:\n%s", r.status, r.out, r.err);
    ck_assert_str_eq(r.out, "adc_sync: Success, sample 16000\n");
    e2e_result_free(&r);
    unlink(scenario);
    g_free(scenario);
}
END_TEST

START_TEST(adc_samples_scenario_values)
{
    /* ADC 0x5 on the default board: a scenario line sets channel 2 to code
     * 1000 at 2 ms; samples are left-justified (1000 << 4); continuous
     * sampling at 1 kHz until the app stops it. */
    char *scenario = scenario_file("2ms adc 2 1000\n");
    struct e2e_result r = e2e_run("--scenario", scenario, "@adc", NULL);
    ck_assert_msg(r.status == 0, "status %d\nout:\n%s\nerr:\n%s", r.status, r.out, r.err);
    ck_assert_str_eq(r.out, "adc: 8 channels, 12 bits, 3300 mV\n"
                            "adc: mode 0 channel 2 sample 0\n"
                            "adc: mode 0 channel 2 sample 16000\n"
                            "adc: channel 9: An invalid parameter was passed\n"
                            "adc: mode 1 channel 2 sample 16000\n"
                            "adc: mode 1 channel 2 sample 16000\n"
                            "adc: mode 1 channel 2 sample 16000\n"
                            "adc: done\n");
    e2e_result_free(&r);
    unlink(scenario);
    g_free(scenario);
}
END_TEST

Suite *e2e_drivers_suite(void)
{
    Suite *s = suite_create("e2e_drivers");
    TCase *tc = tcase_create("sensors");
    tcase_add_test(tc, sensors_read_model_values_and_scenario_inputs);
    tcase_add_test(tc, sensor_option_error_exits_2);
    suite_add_tcase(s, tc);
    tc = tcase_create("screen");
    tcase_add_test(tc, screen_updates_become_png_files);
    tcase_add_test(tc, screen_png_folder_is_made_or_refused_at_once);
    tcase_add_test(tc, screen_option_error_exits_2);
    suite_add_tcase(s, tc);
    tc = tcase_create("adc");
    tcase_add_test(tc, adc_samples_scenario_values);
    tcase_add_test(tc, adc_sync_sample_wakes_only_with_sticky_wait_for);
    suite_add_tcase(s, tc);
    return s;
}
