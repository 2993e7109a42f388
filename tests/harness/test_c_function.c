/* App bodies next to their tests (tockemu/lth_app.h).
 *
 * This file is compiled twice: into lth-test-c-function, where the
 * LTH_TEST_APP bodies are dropped, and with -DLTH_APP_SIDE into the app
 * lth_c_function_apps (tests/apps/meson.build), where they run.
 */
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

START_TEST(body_assertion_reaches_the_test)
{
    struct lth_board b = {.collect_failures = true};
    struct lth *t = lth_new(&b);
    lth_load_test_app(t, APPS, "asserts_in_the_app");
    ck_assert_int_eq(lth_run(t), LTH_RUN_FAILED);
    ck_assert_ptr_nonnull(strstr(lth_failures(t), "test_c_function.c:30: x == 5 failed: 2 != 5"));
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
    tcase_add_test(tc, body_assertion_reaches_the_test);
    tcase_add_test(tc, body_fault_is_read_like_any_app);
    tcase_add_test(tc, unknown_body_is_named);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
#endif
