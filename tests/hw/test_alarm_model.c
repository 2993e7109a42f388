/* The virtual-time alarm model (emu/hw/alarm.c) alone and under the alarm
 * capsule: spec §8.1; architecture "Time" (one virtual clock). */
#include <check.h>
#include <stdlib.h>

#include "alarm.h"
#include "emu_alarm.h"
#include "fake_hil.h"
#include "fixture.h"

struct counting_client {
    struct tk_alarm_client client;
    struct tk_alarm *alarm;
    unsigned fired;
    uint32_t now_at_fire;
    uint64_t ns_at_fire;
    struct tk_kernel *k;
};

static void count_fired(struct tk_alarm_client *c)
{
    struct counting_client *cc = (struct counting_client *)c;
    cc->fired++;
    cc->now_at_fire = cc->alarm->ops->now(cc->alarm);
    cc->ns_at_fire = tk_kernel_now(cc->k);
}

struct env {
    struct tk_kernel k;
    struct emu_alarm *model;
    struct tk_alarm *alarm;
    struct counting_client client;
};

static struct env *env_new(void)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    e->model = emu_alarm_new(&e->k);
    ck_assert_ptr_nonnull(e->model);
    e->alarm = emu_alarm_device(e->model);
    e->client = (struct counting_client){{count_fired}, e->alarm, 0, 0, 0, &e->k};
    e->alarm->client = &e->client.client;
    return e;
}

static void env_free(struct env *e)
{
    emu_alarm_free(e->model);
    fx_kernel_fini(&e->k);
    free(e);
}

START_TEST(counter_is_32768_hz_and_32_bits)
{
    /* spec §8.1: the model's counter is 32-bit at 32768 Hz. */
    struct env *e = env_new();
    ck_assert_uint_eq(e->alarm->ops->frequency(e->alarm), 32768);
    ck_assert_uint_eq(tk_alarm_mask(e->alarm), 0xffffffffu);
    ck_assert_uint_eq(tk_alarm_padding(e->alarm), 0);
    env_free(e);
}
END_TEST

START_TEST(ticks_follow_the_virtual_clock)
{
    /* architecture "Time": ticks = floor(now_ns * 32768 / 1e9). */
    struct env *e = env_new();
    ck_assert_uint_eq(e->alarm->ops->now(e->alarm), 0);
    fx_advance(&e->k, 30517); /* 0.99997 tick */
    ck_assert_uint_eq(e->alarm->ops->now(e->alarm), 0);
    fx_advance(&e->k, 1);
    ck_assert_uint_eq(e->alarm->ops->now(e->alarm), 1);
    fx_advance(&e->k, 1000000000ull - 30518);
    ck_assert_uint_eq(e->alarm->ops->now(e->alarm), 32768);
    env_free(e);
}
END_TEST

START_TEST(tick_conversion_is_exact_both_ways)
{
    /* The first ns of tick T maps back to T, and the ns before to T-1. */
    const uint64_t ticks[] = {1, 2, 10, 32767, 32768, 32769, 1ull << 32, (1ull << 40) + 12345};
    for (unsigned i = 0; i < sizeof ticks / sizeof ticks[0]; i++) {
        uint64_t ns = emu_alarm_ns_of_tick(ticks[i]);
        ck_assert_uint_eq(emu_alarm_ticks_at(ns), ticks[i]);
        ck_assert_uint_eq(emu_alarm_ticks_at(ns - 1), ticks[i] - 1);
    }
    ck_assert_uint_eq(emu_alarm_ns_of_tick(10), 305176); /* ceil(10e9 / 32768) */
}
END_TEST

START_TEST(counter_wraps_at_2_pow_32)
{
    /* spec §8.1: the 32-bit counter wraps. */
    struct env *e = env_new();
    fx_advance(&e->k, emu_alarm_ns_of_tick((1ull << 32) + 5));
    ck_assert_uint_eq(e->alarm->ops->now(e->alarm), 5);
    env_free(e);
}
END_TEST

START_TEST(alarm_fires_at_the_exact_ns_of_the_tick)
{
    /* hil/time.h: fires when now() reaches reference + dt, never early. */
    struct env *e = env_new();
    e->alarm->ops->set_alarm(e->alarm, 0, 10);
    ck_assert(e->alarm->ops->is_armed(e->alarm));
    ck_assert_uint_eq(e->alarm->ops->get_alarm(e->alarm), 10);
    ck_assert_uint_eq(tk_kernel_next_deadline(&e->k), 305176);
    fx_advance(&e->k, 305175);
    ck_assert_uint_eq(e->client.fired, 0);
    fx_advance(&e->k, 1);
    ck_assert_uint_eq(e->client.fired, 1);
    ck_assert_uint_eq(e->client.now_at_fire, 10);
    ck_assert_uint_eq(e->client.ns_at_fire, 305176);
    ck_assert(!e->alarm->ops->is_armed(e->alarm));
    env_free(e);
}
END_TEST

START_TEST(alarm_in_the_past_fires_at_next_deadline_run_not_inside_set)
{
    /* hil/time.h: an alarm whose time has passed fires as soon as possible,
     * but never from inside set_alarm(). */
    struct env *e = env_new();
    fx_advance(&e->k, 1000000000ull);
    e->alarm->ops->set_alarm(e->alarm, 100, 50);
    ck_assert_uint_eq(e->client.fired, 0);
    ck_assert_uint_eq(tk_kernel_next_deadline(&e->k), tk_kernel_now(&e->k));
    fx_advance(&e->k, 0);
    ck_assert_uint_eq(e->client.fired, 1);
    env_free(e);
}
END_TEST

START_TEST(alarm_across_the_wrap_fires_after_it)
{
    /* spec §8.1: reference + dt wraps past 2^32. */
    struct env *e = env_new();
    fx_advance(&e->k, emu_alarm_ns_of_tick(0xfffffff0u));
    e->alarm->ops->set_alarm(e->alarm, 0xfffffff0u, 0x20);
    ck_assert_uint_eq(tk_kernel_next_deadline(&e->k), emu_alarm_ns_of_tick((1ull << 32) + 0x10));
    fx_advance(&e->k, tk_kernel_next_deadline(&e->k) - tk_kernel_now(&e->k));
    ck_assert_uint_eq(e->client.fired, 1);
    ck_assert_uint_eq(e->client.now_at_fire, 0x10);
    env_free(e);
}
END_TEST

START_TEST(disarm_prevents_firing_and_rearm_replaces)
{
    /* hil/time.h: disarm stops the alarm; set_alarm replaces an armed one. */
    struct env *e = env_new();
    e->alarm->ops->set_alarm(e->alarm, 0, 10);
    ck_assert_int_eq(e->alarm->ops->disarm(e->alarm), 0);
    ck_assert(!e->alarm->ops->is_armed(e->alarm));
    ck_assert_uint_eq(tk_kernel_next_deadline(&e->k), TK_NO_DEADLINE);
    e->alarm->ops->set_alarm(e->alarm, 0, 10);
    e->alarm->ops->set_alarm(e->alarm, 0, 20);
    fx_advance(&e->k, emu_alarm_ns_of_tick(15));
    ck_assert_uint_eq(e->client.fired, 0);
    fx_advance(&e->k, emu_alarm_ns_of_tick(20) - tk_kernel_now(&e->k));
    ck_assert_uint_eq(e->client.fired, 1);
    env_free(e);
}
END_TEST

START_TEST(capsule_over_model_fires_after_one_virtual_second)
{
    /* spec §8.1: an app alarm of 32768 ticks fires after 1 s of virtual time
     * with (now, expiry). */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct emu_alarm *model = emu_alarm_new(&k);
    struct tk_alarm_driver drv;
    tk_alarm_driver_init(&drv, emu_alarm_device(model));
    ck_assert_int_eq(tk_kernel_add_driver(&k, &drv.driver), 0);
    struct tk_process *p = fx_process_new(&k, "app", 0);
    fx_subscribe(&k, p, TK_DRIVER_NUM_ALARM, 0, fx_upcall_fn(p, 1), 0);
    struct tk_syscall_return r = fx_command(&k, p, TK_DRIVER_NUM_ALARM, 5, 32768, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq(r.reg[1], 32768);
    ck_assert_uint_eq(tk_kernel_next_deadline(&k), 1000000000ull);
    fx_advance(&k, 999999999ull);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fx_advance(&k, 1);
    fake_expect_call(p, TK_DRIVER_NUM_ALARM, 0, 32768, 32768, 0);
    ck_assert_uint_eq(tk_kernel_next_deadline(&k), TK_NO_DEADLINE);
    emu_alarm_free(model);
    fx_kernel_fini(&k);
}
END_TEST

Suite *alarm_model_suite(void)
{
    Suite *s = suite_create("alarm_model");
    TCase *tc = tcase_create("counter");
    tcase_add_test(tc, counter_is_32768_hz_and_32_bits);
    tcase_add_test(tc, ticks_follow_the_virtual_clock);
    tcase_add_test(tc, tick_conversion_is_exact_both_ways);
    tcase_add_test(tc, counter_wraps_at_2_pow_32);
    suite_add_tcase(s, tc);

    tc = tcase_create("alarm");
    tcase_add_test(tc, alarm_fires_at_the_exact_ns_of_the_tick);
    tcase_add_test(tc, alarm_in_the_past_fires_at_next_deadline_run_not_inside_set);
    tcase_add_test(tc, alarm_across_the_wrap_fires_after_it);
    tcase_add_test(tc, disarm_prevents_firing_and_rearm_replaces);
    tcase_add_test(tc, capsule_over_model_fires_after_one_virtual_second);
    suite_add_tcase(s, tc);
    return s;
}
