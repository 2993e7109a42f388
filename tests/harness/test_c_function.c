/* App bodies next to their tests (tockemu/lth_app.h).
 *
 * This file is compiled twice: into lth-test-c-function, where the
 * LTH_TEST_APP bodies are dropped, and with -DLTH_APP_SIDE into the app
 * lth_c_function_apps (tests/apps/meson.build), where they run.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libtock/interface/led.h>
#include <tockemu/lth_app.h>
#include <tockemu/lth_assert.h>

LTH_TEST_APP(counts_to_three)
{
    for (int i = 1; i <= 3; i++)
        printf("%d\n", i);
    return 3;
}

LTH_TEST_APP(lights_led_two)
{
    libtock_led_on(2);
    return 0;
}

LTH_TEST_APP(lights_led_three_at_0x90000)
{
    syscall_return_t r = command(0x90000, 1, 3, 0);
    return tock_command_return_novalue_to_returncode(r) == RETURNCODE_SUCCESS ? 0 : 1;
}

LTH_TEST_APP(asserts_in_the_app)
{
    int x = 2;
    lth_assert_int_eq(x, 5);
    return 0;
}

LTH_TEST_APP(writes_through_a_null_pointer)
{
    volatile uintptr_t address = 8; /* hidden from the compiler's bounds checks */
    *(volatile uint32_t *)address = 1;
    return 0;
}

/* Reads one value of each sensor driver (temperature, humidity, ambient
 * light) with raw syscalls and exits with their sum. */
static int sensor_value;
static bool sensor_done;

static void on_sensor(int value, int unused1, int unused2, void *userdata)
{
    (void)unused1, (void)unused2, (void)userdata;
    sensor_value = value;
    sensor_done = true;
}

LTH_TEST_APP(reads_three_sensors)
{
    int sum = 0;
    for (uint32_t driver = 0x60000; driver <= 0x60002; driver++) {
        subscribe_return_t s = subscribe(driver, 0, on_sensor, NULL);
        (void)s;
        sensor_done = false;
        if (tock_command_return_novalue_to_returncode(command(driver, 1, 0, 0)) != 0)
            return 1000 + (int)(driver & 0xf);
        yield_for(&sensor_done);
        printf("0x%lx: %d\n", (unsigned long)driver, sensor_value);
        sum += sensor_value;
    }
    return sum;
}

#ifndef LTH_APP_SIDE
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <tockemu/harness.h>

#define APPS LTH_APP("lth_c_function_apps")

START_TEST(body_output_and_exit_code)
{
    struct lth *t = lth_new(NULL);
    int app = lth_load_test_app(t, APPS, "counts_to_three");
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 3);
    lth_assert_console(t, "1\n2\n3\n");
    lth_free(t);
}
END_TEST

START_TEST(body_against_a_fake)
{
    struct lth *t = lth_new(NULL);
    lth_fake_led(t, 4);
    int app = lth_load_test_app(t, APPS, "lights_led_two");
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    ck_assert(lth_led_is_on(t, 2));
    lth_free(t);
}
END_TEST

START_TEST(real_capsule_at_another_number)
{
    /* The real LED capsule moved to 0x90000; nothing is left at 0x2. */
    struct lth_board b = {.move = {{LTH_DRIVER_LED, 0x90000}}, .move_count = 1};
    struct lth *t = lth_new(&b);
    int app = lth_load_test_app(t, APPS, "lights_led_three_at_0x90000");
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    ck_assert(lth_led_is_on(t, 3));
    ck_assert_ptr_null(tk_kernel_driver(lth_kernel(t), LTH_DRIVER_LED));
    lth_free(t);
}
END_TEST

START_TEST(body_assertion_reaches_the_test)
{
    struct lth_board b = {.collect_failures = true};
    struct lth *t = lth_new(&b);
    lth_load_test_app(t, APPS, "asserts_in_the_app");
    ck_assert_int_eq(lth_run(t), LTH_RUN_FAILED);
    ck_assert_ptr_nonnull(strstr(lth_failures(t), "test_c_function.c:"));
    ck_assert_ptr_nonnull(strstr(lth_failures(t), ": x == 5 failed: 2 != 5"));
    lth_free(t);
}
END_TEST

START_TEST(body_fault_is_read_like_any_app)
{
    struct lth *t = lth_new(NULL);
    int app = lth_load_test_app(t, APPS, "writes_through_a_null_pointer");
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_fault_at(t, app, TK_FAULT_MEMORY, 8);
    lth_free(t);
}
END_TEST

START_TEST(sensor_fakes_at_their_three_numbers)
{
    struct lth *t = lth_new(NULL);
    lth_sensor_push(lth_fake_sensor(t, LTH_DRIVER_TEMPERATURE), 2150);
    struct lth_fake *humidity = lth_fake_sensor(t, LTH_DRIVER_HUMIDITY);
    lth_sensor_set_latency(humidity, LTH_MS(20));
    lth_sensor_push(humidity, 4500);
    lth_sensor_push(lth_fake_sensor(t, LTH_DRIVER_AMBIENT_LIGHT), 300);
    int app = lth_load_test_app(t, APPS, "reads_three_sensors");
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 2150 + 4500 + 300);
    lth_assert_console(t, "0x60000: 2150\n0x60001: 4500\n0x60002: 300\n");
    ck_assert_uint_eq(lth_now(t), LTH_MS(1 + 20 + 1));
    lth_free(t);
}
END_TEST

START_TEST(missing_reading_is_a_failed_start)
{
    struct lth *t = lth_new(NULL);
    lth_fake_sensor(t, LTH_DRIVER_TEMPERATURE); /* nothing pushed: FAIL */
    int app = lth_load_test_app(t, APPS, "reads_three_sensors");
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 1000);
    lth_free(t);
}
END_TEST

START_TEST(fault_policy_restart_restarts_the_body)
{
    struct lth_board b = {.fault_policy = TK_FAULT_POLICY_THRESHOLD_RESTART, .fault_threshold = 2};
    struct lth *t = lth_new(&b);
    int app = lth_load_test_app(t, APPS, "writes_through_a_null_pointer");
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_fault_at(t, app, TK_FAULT_MEMORY, 8);
    /* Tock restarts while restart_count <= threshold: counts 0, 1, 2. */
    ck_assert_uint_eq(lth_kernel(t)->processes[app]->restart_count, 3);
    lth_free(t);
}
END_TEST

START_TEST(unknown_body_is_named)
{
    struct lth *t = lth_new(NULL);
    int app = lth_load_test_app(t, APPS, "no_such_body");
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, LTH_ASSERT_EXIT_CODE);
    lth_assert_console(t, "lth: no test app named 'no_such_body' in this binary\n");
    lth_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("c_function");
    TCase *tc = tcase_create("c_function");
    tcase_add_test(tc, body_output_and_exit_code);
    tcase_add_test(tc, body_against_a_fake);
    tcase_add_test(tc, real_capsule_at_another_number);
    tcase_add_test(tc, body_assertion_reaches_the_test);
    tcase_add_test(tc, body_fault_is_read_like_any_app);
    tcase_add_test(tc, sensor_fakes_at_their_three_numbers);
    tcase_add_test(tc, missing_reading_is_a_failed_start);
    tcase_add_test(tc, fault_policy_restart_restarts_the_body);
    tcase_add_test(tc, unknown_body_is_named);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
#endif
