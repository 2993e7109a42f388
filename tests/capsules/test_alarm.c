/* Alarm capsule (driver 0x0) over a fake alarm: spec §8.1, §10.37. */
#include <check.h>
#include <stdlib.h>

#include "alarm.h"
#include "fake_hil.h"
#include "fixture.h"

#define ALM TK_DRIVER_NUM_ALARM

struct env {
    struct tk_kernel k;
    struct fake_alarm hw;
    struct tk_alarm_driver alarm;
    struct tk_process *p[3];
};

/* A kernel with the alarm capsule over a `width`-bit 32768 Hz fake alarm
 * and `processes` processes, each subscribed to upcall 0. */
static struct env *env_new(unsigned processes, uint8_t width)
{
    static const char *const names[] = {"app0", "app1", "app2"};
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    fake_alarm_init(&e->hw, width, 32768);
    tk_alarm_driver_init(&e->alarm, &e->hw.alarm);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->alarm.driver), 0);
    for (unsigned i = 0; i < processes; i++) {
        e->p[i] = fx_process_new(&e->k, names[i], 0);
        fx_assert_variant(fx_subscribe(&e->k, e->p[i], ALM, 0, fx_upcall_fn(e->p[i], 1), 0),
                          TK_RV_SUCCESS_U32_U32);
    }
    return e;
}

static void env_free(struct env *e)
{
    fx_kernel_fini(&e->k);
    free(e);
}

static void assert_success_u32(struct tk_syscall_return r, uint32_t value)
{
    fx_assert_variant(r, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq((uint32_t)r.reg[1], value);
}

START_TEST(command_0_exists)
{
    /* spec §8.1: command 0 -> S. */
    struct env *e = env_new(1, 32);
    fx_assert_success(fx_command(&e->k, e->p[0], ALM, 0, 0, 0));
    env_free(e);
}
END_TEST

START_TEST(command_1_is_frequency)
{
    /* spec §8.1: command 1 -> S32(frequency in Hz). */
    struct env *e = env_new(1, 32);
    assert_success_u32(fx_command(&e->k, e->p[0], ALM, 1, 0, 0), 32768);
    env_free(e);
}
END_TEST

START_TEST(command_2_is_now)
{
    /* spec §8.1: command 2 -> S32(now). */
    struct env *e = env_new(1, 32);
    e->hw.now = 0xdeadbeef;
    assert_success_u32(fx_command(&e->k, e->p[0], ALM, 2, 0, 0), 0xdeadbeef);
    env_free(e);
}
END_TEST

START_TEST(command_4_and_unknown_are_nosupport)
{
    /* spec §8.1: command 4 (legacy absolute alarm) and unknown -> NOSUPPORT. */
    struct env *e = env_new(1, 32);
    fx_assert_failure(fx_command(&e->k, e->p[0], ALM, 4, 100, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e->k, e->p[0], ALM, 7, 0, 0), TK_NOSUPPORT);
    ck_assert(!e->hw.armed);
    env_free(e);
}
END_TEST

START_TEST(no_allows_and_one_upcall)
{
    /* spec §8.1: subscribe 0 only; no allows. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    struct tk_syscall_return r = fx_subscribe(&e->k, p, ALM, 1, fx_upcall_fn(p, 0), 0);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    r = fx_allow_rw(&e->k, p, ALM, 0, fx_addr(p, 0), 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    r = fx_allow_ro(&e->k, p, ALM, 0, fx_addr(p, 0), 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    env_free(e);
}
END_TEST

START_TEST(relative_alarm_returns_expiry_and_fires_with_now_and_expiry)
{
    /* spec §8.1, §10.37: command 5 arms at now + dt and returns it; the
     * upcall is (now at fire, expiry, 0). */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    e->hw.now = 1000;
    assert_success_u32(fx_command(&e->k, p, ALM, 5, 100, 0), 1100);
    ck_assert(e->hw.armed);
    ck_assert_uint_eq(e->hw.reference, 1000);
    ck_assert_uint_eq(e->hw.dt, 100);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fake_alarm_fire(&e->hw, 1103);
    fake_expect_call(p, ALM, 0, 1103, 1100, 0);
    ck_assert(!e->hw.armed);
    env_free(e);
}
END_TEST

START_TEST(absolute_alarm_expiry_argument_is_reference_plus_dt)
{
    /* spec §10.37: the upcall's second argument is reference + dt, not the
     * reference. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    e->hw.now = 1000;
    assert_success_u32(fx_command(&e->k, p, ALM, 6, 900, 300), 1200);
    ck_assert_uint_eq(e->hw.reference, 900);
    ck_assert_uint_eq(e->hw.dt, 300);
    fake_alarm_fire(&e->hw, 1200);
    fake_expect_call(p, ALM, 0, 1200, 1200, 0);
    env_free(e);
}
END_TEST

START_TEST(dt_zero_fires_during_the_command)
{
    /* spec §8.1: dt = 0 is expired at once; the upcall is queued during the
     * command itself and the hardware alarm stays off. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    e->hw.now = 500;
    assert_success_u32(fx_command(&e->k, p, ALM, 5, 0, 0), 500);
    fake_expect_call(p, ALM, 0, 500, 500, 0);
    ck_assert(!e->hw.armed);
    fx_assert_failure(fx_command(&e->k, p, ALM, 3, 0, 0), TK_ALREADY);
    env_free(e);
}
END_TEST

START_TEST(expiry_in_the_past_fires_during_the_command)
{
    /* spec §8.1: an expiry already in the past fires immediately. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    e->hw.now = 1000;
    assert_success_u32(fx_command(&e->k, p, ALM, 6, 500, 100), 600);
    fake_expect_call(p, ALM, 0, 1000, 600, 0);
    ck_assert(!e->hw.armed);
    env_free(e);
}
END_TEST

START_TEST(reference_ahead_of_now_fires_during_the_command)
{
    /* spec §8.1: a cmd-6 reference ahead of now counts as expired, since
     * (now - reference) mod 2^32 >= dt. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    e->hw.now = 1000;
    assert_success_u32(fx_command(&e->k, p, ALM, 6, 2000, 10), 2010);
    fake_expect_call(p, ALM, 0, 1000, 2010, 0);
    env_free(e);
}
END_TEST

START_TEST(alarm_across_counter_wrap_fires_at_expiry_only)
{
    /* spec §8.1: arithmetic is mod 2^32; an early hardware firing before a
     * wrapped expiry does not deliver the upcall. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    e->hw.now = 0xfffffff0u;
    assert_success_u32(fx_command(&e->k, p, ALM, 5, 0x20, 0), 0x10);
    fake_alarm_fire(&e->hw, 0x5); /* wrapped, not yet expired */
    ck_assert_uint_eq(fx_task_count(p), 0);
    ck_assert(e->hw.armed);
    ck_assert_uint_eq(e->hw.reference, 0xfffffff0u);
    ck_assert_uint_eq(e->hw.dt, 0x20);
    fake_alarm_fire(&e->hw, 0x10);
    fake_expect_call(p, ALM, 0, 0x10, 0x10, 0);
    env_free(e);
}
END_TEST

START_TEST(rearm_replaces_the_previous_alarm)
{
    /* spec §8.1: arming replaces the process's alarm: only the new expiry
     * fires. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    e->hw.now = 0;
    fx_command(&e->k, p, ALM, 5, 100, 0);
    assert_success_u32(fx_command(&e->k, p, ALM, 5, 500, 0), 500);
    ck_assert_uint_eq(e->hw.dt, 500);
    fake_alarm_fire(&e->hw, 100);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fake_alarm_fire(&e->hw, 500);
    fake_expect_call(p, ALM, 0, 500, 500, 0);
    ck_assert_uint_eq(fx_task_count(p), 0);
    env_free(e);
}
END_TEST

START_TEST(alarm_is_one_shot)
{
    /* spec §8.1: firing clears the alarm; stop afterwards is ALREADY. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    fx_command(&e->k, p, ALM, 5, 10, 0);
    fake_alarm_fire(&e->hw, 10);
    fake_expect_call(p, ALM, 0, 10, 10, 0);
    ck_assert(!e->hw.armed);
    fake_alarm_fire(&e->hw, 20);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fx_assert_failure(fx_command(&e->k, p, ALM, 3, 0, 0), TK_ALREADY);
    env_free(e);
}
END_TEST

START_TEST(stop_clears_armed_alarm_and_second_stop_is_already)
{
    /* spec §8.1: command 3 -> S if an alarm was armed, F(ALREADY) if none. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    fx_assert_failure(fx_command(&e->k, p, ALM, 3, 0, 0), TK_ALREADY);
    fx_command(&e->k, p, ALM, 5, 100, 0);
    fx_assert_success(fx_command(&e->k, p, ALM, 3, 0, 0));
    ck_assert(!e->hw.armed);
    fx_assert_failure(fx_command(&e->k, p, ALM, 3, 0, 0), TK_ALREADY);
    fake_alarm_fire(&e->hw, 100);
    ck_assert_uint_eq(fx_task_count(p), 0);
    env_free(e);
}
END_TEST

START_TEST(hardware_alarm_follows_earliest_expiry_across_processes)
{
    /* spec §8.1: one alarm per process over one hardware alarm, always set
     * to the earliest pending expiry. */
    struct env *e = env_new(3, 32);
    e->hw.now = 0;
    fx_command(&e->k, e->p[0], ALM, 5, 500, 0);
    fx_command(&e->k, e->p[1], ALM, 5, 100, 0);
    e->hw.now = 50;
    fx_command(&e->k, e->p[2], ALM, 5, 200, 0); /* expiry 250 */
    ck_assert_uint_eq(e->hw.reference + e->hw.dt, 100);
    fake_alarm_fire(&e->hw, 100);
    fake_expect_call(e->p[1], ALM, 0, 100, 100, 0);
    ck_assert(e->hw.armed);
    ck_assert_uint_eq(e->hw.reference, 50);
    ck_assert_uint_eq(e->hw.dt, 200);
    fake_alarm_fire(&e->hw, 260);
    fake_expect_call(e->p[2], ALM, 0, 260, 250, 0);
    ck_assert_uint_eq(e->hw.reference + e->hw.dt, 500);
    fake_alarm_fire(&e->hw, 500);
    fake_expect_call(e->p[0], ALM, 0, 500, 500, 0);
    ck_assert(!e->hw.armed);
    env_free(e);
}
END_TEST

START_TEST(stop_reaims_hardware_alarm_at_next_earliest)
{
    /* spec §8.1: stopping one process's alarm leaves the others armed. */
    struct env *e = env_new(2, 32);
    fx_command(&e->k, e->p[0], ALM, 5, 100, 0);
    fx_command(&e->k, e->p[1], ALM, 5, 300, 0);
    fx_assert_success(fx_command(&e->k, e->p[0], ALM, 3, 0, 0));
    ck_assert(e->hw.armed);
    ck_assert_uint_eq(e->hw.dt, 300);
    env_free(e);
}
END_TEST

START_TEST(several_expired_alarms_fire_in_one_pass)
{
    /* spec §8.1: every expired alarm gets its upcall when the hardware
     * alarm fires late. */
    struct env *e = env_new(2, 32);
    fx_command(&e->k, e->p[0], ALM, 5, 100, 0);
    fx_command(&e->k, e->p[1], ALM, 5, 120, 0);
    fake_alarm_fire(&e->hw, 200);
    fake_expect_call(e->p[0], ALM, 0, 200, 100, 0);
    fake_expect_call(e->p[1], ALM, 0, 200, 120, 0);
    ck_assert(!e->hw.armed);
    env_free(e);
}
END_TEST

START_TEST(alarm_of_a_gone_process_is_dropped)
{
    /* spec §3.4: a terminated process's alarm disappears with its grant. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    fx_command(&e->k, p, ALM, 5, 100, 0);
    tk_process_terminate(p, TK_COMPLETION_CODE, 0);
    fake_alarm_fire(&e->hw, 100);
    ck_assert_uint_eq(fx_task_count(p), 0);
    ck_assert(!e->hw.armed);
    env_free(e);
}
END_TEST

START_TEST(unsubscribed_alarm_queues_null_upcall_event)
{
    /* spec §2.2: without a subscription the firing is a ReturnValue. */
    struct env *e = env_new(1, 32);
    struct tk_process *p = e->p[0];
    fx_subscribe(&e->k, p, ALM, 0, 0, 0);
    fx_command(&e->k, p, ALM, 5, 0, 0);
    struct tk_task t;
    ck_assert(fx_pop_task(p, &t));
    ck_assert_int_eq(t.kind, TK_TASK_RETURN_VALUE);
    ck_assert_uint_eq(t.id.driver, ALM);
    env_free(e);
}
END_TEST

START_TEST(narrow_counter_is_left_justified)
{
    /* spec §8.1: a W-bit counter is shifted left by 32-W in now and in the
     * frequency. */
    struct env *e = env_new(1, 24);
    e->hw.now = 0x123456;
    assert_success_u32(fx_command(&e->k, e->p[0], ALM, 2, 0, 0), 0x12345600);
    assert_success_u32(fx_command(&e->k, e->p[0], ALM, 1, 0, 0), 32768u << 8);
    env_free(e);
}
END_TEST

START_TEST(narrow_counter_rounds_expiry_up)
{
    /* spec §8.1: userspace values are shifted right, rounding the expiry up,
     * so the alarm never fires early. */
    struct env *e = env_new(1, 24);
    struct tk_process *p = e->p[0];
    e->hw.now = 0x100;
    /* dt 0x101 left-justified = 1 tick + a fraction: 2 ticks. */
    assert_success_u32(fx_command(&e->k, p, ALM, 5, 0x101, 0), 0x10200);
    ck_assert_uint_eq(e->hw.reference, 0x100);
    ck_assert_uint_eq(e->hw.dt, 2);
    /* reference 0x10080 (0x100 + half a tick), dt 0x100: expiry 0x10180 ->
     * tick 0x102. */
    assert_success_u32(fx_command(&e->k, p, ALM, 6, 0x10080, 0x100), 0x10200);
    ck_assert_uint_eq(e->hw.reference, 0x100);
    ck_assert_uint_eq(e->hw.dt, 2);
    fake_alarm_fire(&e->hw, 0x102);
    fake_expect_call(p, ALM, 0, 0x10200, 0x10200, 0);
    env_free(e);
}
END_TEST

START_TEST(narrow_counter_wraps_at_its_width)
{
    /* spec §8.1: a 24-bit counter wraps at 2^24; left-justified values wrap
     * at 2^32. */
    struct env *e = env_new(1, 24);
    struct tk_process *p = e->p[0];
    e->hw.now = 0xfffff0;
    assert_success_u32(fx_command(&e->k, p, ALM, 5, 0x2000, 0), 0x1000);
    fake_alarm_fire(&e->hw, 0x5);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fake_alarm_fire(&e->hw, 0x10);
    fake_expect_call(p, ALM, 0, 0x1000, 0x1000, 0);
    env_free(e);
}
END_TEST

START_TEST(grant_failure_precedes_command_number)
{
    /* spec §10.42: commands enter the grant first: NOMEM without room. */
    struct env *e = env_new(1, 32);
    struct tk_process *q = fx_process_new(&e->k, "small", 0);
    q->app_break = q->kernel_break;
    fx_assert_failure(fx_command(&e->k, q, ALM, 0, 0, 0), TK_NOMEM);
    fx_assert_failure(fx_command(&e->k, q, ALM, 4, 0, 0), TK_NOMEM);
    env_free(e);
}
END_TEST

Suite *alarm_suite(void)
{
    Suite *s = suite_create("alarm");
    TCase *tc = tcase_create("commands");
    tcase_add_test(tc, command_0_exists);
    tcase_add_test(tc, command_1_is_frequency);
    tcase_add_test(tc, command_2_is_now);
    tcase_add_test(tc, command_4_and_unknown_are_nosupport);
    tcase_add_test(tc, no_allows_and_one_upcall);
    tcase_add_test(tc, grant_failure_precedes_command_number);
    suite_add_tcase(s, tc);

    tc = tcase_create("expiry");
    tcase_add_test(tc, relative_alarm_returns_expiry_and_fires_with_now_and_expiry);
    tcase_add_test(tc, absolute_alarm_expiry_argument_is_reference_plus_dt);
    tcase_add_test(tc, dt_zero_fires_during_the_command);
    tcase_add_test(tc, expiry_in_the_past_fires_during_the_command);
    tcase_add_test(tc, reference_ahead_of_now_fires_during_the_command);
    tcase_add_test(tc, alarm_across_counter_wrap_fires_at_expiry_only);
    tcase_add_test(tc, rearm_replaces_the_previous_alarm);
    tcase_add_test(tc, alarm_is_one_shot);
    tcase_add_test(tc, stop_clears_armed_alarm_and_second_stop_is_already);
    tcase_add_test(tc, unsubscribed_alarm_queues_null_upcall_event);
    suite_add_tcase(s, tc);

    tc = tcase_create("multiplexing");
    tcase_add_test(tc, hardware_alarm_follows_earliest_expiry_across_processes);
    tcase_add_test(tc, stop_reaims_hardware_alarm_at_next_earliest);
    tcase_add_test(tc, several_expired_alarms_fire_in_one_pass);
    tcase_add_test(tc, alarm_of_a_gone_process_is_dropped);
    suite_add_tcase(s, tc);

    tc = tcase_create("narrow counter");
    tcase_add_test(tc, narrow_counter_is_left_justified);
    tcase_add_test(tc, narrow_counter_rounds_expiry_up);
    tcase_add_test(tc, narrow_counter_wraps_at_its_width);
    suite_add_tcase(s, tc);
    return s;
}
