/* Buzzer (0x90000) and servo (0x90009) capsules over the actuator models,
 * whose changes are pins events.
 *
 * capsules/extra/src/buzzer_driver.rs and servo.rs @65608d71, on
 * buzzer_pwm.rs (PwmBuzzer) and sg90.rs (Sg90).
 */
#include <check.h>

#include "buzzer_driver.h"
#include "emu_actuators.h"
#include "fake_hil.h"
#include "fixture.h"
#include "servo.h"

#define BUZZER      TK_DRIVER_NUM_BUZZER
#define SERVO       TK_DRIVER_NUM_SERVO
#define NULL_UPCALL TK_TASK_RETURN_VALUE
#define MS          1000000ull

struct actuator_env {
    struct tk_kernel k;
    struct emu_pins pins;
    struct emu_buzzer buzzer;
    struct emu_servo servo;
    struct tk_buzzer_driver buzzer_driver;
    struct tk_servo_driver servo_driver;
    struct tk_process *p[2];
};

static void env_init(struct actuator_env *e)
{
    fx_kernel_init(&e->k);
    ck_assert_int_eq(emu_pins_init(&e->pins, &e->k, NULL, NULL), 0);
    emu_buzzer_init(&e->buzzer, &e->k, &e->pins);
    emu_servo_init(&e->servo, &e->pins, 0);
    tk_buzzer_driver_init(&e->buzzer_driver, &e->buzzer.hil);
    struct tk_servo *servos[] = {&e->servo.hil};
    tk_servo_driver_init(&e->servo_driver, servos, 1);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->buzzer_driver.driver), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->servo_driver.driver), 0);
    for (unsigned i = 0; i < 2; i++) {
        e->p[i] = fx_process_new(&e->k, i == 0 ? "one" : "two", 0);
        /* The grant exists only once the app subscribed (or waited in line). */
        fx_subscribe(&e->k, e->p[i], BUZZER, 0, 0, 0);
    }
}

static void env_fini(struct actuator_env *e)
{
    emu_buzzer_fini(&e->buzzer);
    emu_pins_fini(&e->pins);
    fx_kernel_fini(&e->k);
}

/* The latest pins event, formatted. */
static const char *last_event(struct actuator_env *e, char *buf, size_t len)
{
    size_t n = emu_pins_event_count(&e->pins);
    ck_assert_uint_gt(n, 0);
    emu_pins_event_format(emu_pins_event_at(&e->pins, n - 1), buf, len);
    return buf;
}

START_TEST(buzzer_tone_plays_for_its_duration_then_upcalls)
{
    /* Command 1 (frequency, duration) -> S; the tone is a pins event; at its
     * end "off" and upcall 0 (0, 0, 0). */
    char text[64];
    struct actuator_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], BUZZER, 0, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[0], BUZZER, 1, 440, 250));
    ck_assert_str_eq(last_event(&e, text, sizeof text), "buzzer 0 tone 440 Hz");
    fx_advance(&e.k, 249 * MS);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fx_advance(&e.k, 1 * MS);
    ck_assert_str_eq(last_event(&e, text, sizeof text), "buzzer 0 off");
    fake_expect_upcall(e.p[0], NULL_UPCALL, BUZZER, 0, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(buzzer_duration_is_cut_to_five_seconds)
{
    /* DEFAULT_MAX_BUZZ_TIME_MS: a 9 s tone ends after 5 s. */
    struct actuator_env e;
    env_init(&e);
    fx_command(&e.k, e.p[0], BUZZER, 1, 1000, 9000);
    fx_advance(&e.k, 5000 * MS);
    fake_expect_upcall(e.p[0], NULL_UPCALL, BUZZER, 0, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(buzzer_other_app_waits_in_line_and_once_only)
{
    /* While one app's tone plays another's command 1 -> S (queued); a second
     * one -> F(NOMEM); commands 2 and 3 -> F(RESERVE). The queued tone plays
     * when the first ends. */
    char text[64];
    struct actuator_env e;
    env_init(&e);
    fx_command(&e.k, e.p[0], BUZZER, 1, 440, 100);
    fx_assert_success(fx_command(&e.k, e.p[1], BUZZER, 1, 880, 100));
    fx_assert_failure(fx_command(&e.k, e.p[1], BUZZER, 1, 880, 100), TK_NOMEM);
    fx_assert_failure(fx_command(&e.k, e.p[1], BUZZER, 2, 880, 100), TK_RESERVE);
    fx_assert_failure(fx_command(&e.k, e.p[1], BUZZER, 3, 0, 0), TK_RESERVE);
    fx_advance(&e.k, 100 * MS);
    fake_expect_upcall(e.p[0], NULL_UPCALL, BUZZER, 0, 0, 0);
    ck_assert_str_eq(last_event(&e, text, sizeof text), "buzzer 0 tone 880 Hz");
    fx_advance(&e.k, 100 * MS);
    fake_expect_upcall(e.p[1], NULL_UPCALL, BUZZER, 0, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(buzzer_stop_ends_the_tone_now_and_off_when_idle)
{
    /* Command 3 with nothing playing -> F(OFF); while playing -> S, then
     * the upcall at once (PwmBuzzer fires its alarm now). */
    struct actuator_env e;
    env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p[0], BUZZER, 3, 0, 0), TK_OFF);
    fx_command(&e.k, e.p[0], BUZZER, 2, 440, 1000);
    fx_assert_success(fx_command(&e.k, e.p[0], BUZZER, 3, 0, 0));
    fx_advance(&e.k, 0);
    fake_expect_upcall(e.p[0], NULL_UPCALL, BUZZER, 0, 0, 0);
    fx_assert_failure(fx_command(&e.k, e.p[0], BUZZER, 4, 0, 0), TK_NOSUPPORT);
    env_fini(&e);
}
END_TEST

START_TEST(buzzer_done_allocates_the_grant_and_upcalls)
{
    /* Command 1 on an idle buzzer enters no grant, but buzzer_done's
     * Grant::enter(processid) allocates it: an app that never subscribed
     * still gets its (null) upcall when the tone ends, which libtock-sync's
     * tone waits for (libtock-c's examples/music). */
    struct actuator_env e;
    env_init(&e);
    struct tk_process *q = fx_process_new(&e.k, "three", 0);
    fx_assert_success(fx_command(&e.k, q, BUZZER, 1, 440, 10));
    fx_advance(&e.k, 10 * MS);
    fake_expect_upcall(q, NULL_UPCALL, BUZZER, 0, 0, 0);
    ck_assert(!e.buzzer_driver.has_active);
    env_fini(&e);
}
END_TEST

START_TEST(servo_commands_follow_the_sg90)
{
    /* servo.rs: 1 -> S32(1); 2 sets (a pins event); index 1 -> NODEVICE;
     * angle above 180 -> the SG90's INVAL becomes F(FAIL); above 65535 ->
     * F(INVAL); 3 -> the SG90 cannot tell: F(NOSUPPORT). */
    char text[64];
    struct actuator_env e;
    env_init(&e);
    struct tk_syscall_return r = fx_command(&e.k, e.p[0], SERVO, 1, 0, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq(r.reg[1], 1);
    fx_assert_success(fx_command(&e.k, e.p[0], SERVO, 2, 0, 90));
    ck_assert_str_eq(last_event(&e, text, sizeof text), "servo 0 angle 90");
    fx_assert_failure(fx_command(&e.k, e.p[0], SERVO, 2, 1, 90), TK_NODEVICE);
    fx_assert_failure(fx_command(&e.k, e.p[0], SERVO, 2, 0, 181), TK_FAIL);
    fx_assert_failure(fx_command(&e.k, e.p[0], SERVO, 2, 0, 65536), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[0], SERVO, 3, 0, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p[0], SERVO, 3, 1, 0), TK_NODEVICE);
    /* No grant: subscribe fails NOMEM. */
    r = fx_subscribe(&e.k, e.p[0], SERVO, 0, 0, 0);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOMEM);
    env_fini(&e);
}
END_TEST

Suite *actuators_suite(void)
{
    Suite *s = suite_create("actuators");
    TCase *tc = tcase_create("buzzer");
    tcase_add_test(tc, buzzer_tone_plays_for_its_duration_then_upcalls);
    tcase_add_test(tc, buzzer_duration_is_cut_to_five_seconds);
    tcase_add_test(tc, buzzer_other_app_waits_in_line_and_once_only);
    tcase_add_test(tc, buzzer_stop_ends_the_tone_now_and_off_when_idle);
    tcase_add_test(tc, buzzer_done_allocates_the_grant_and_upcalls);
    suite_add_tcase(s, tc);
    tc = tcase_create("servo");
    tcase_add_test(tc, servo_commands_follow_the_sg90);
    suite_add_tcase(s, tc);
    return s;
}
