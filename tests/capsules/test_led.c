/* LED capsule (driver 0x2): commands, errors, and no grant.
 *
 * Spec §8.3 and §10.6; capsules/core/src/led.rs.
 */
#include <check.h>

#include "fake_hil.h"
#include "fake_peripherals.h"
#include "fixture.h"
#include "led.h"

#define LEDS 4

struct led_env {
    struct tk_kernel k;
    struct fake_led leds[LEDS];
    struct tk_led_driver driver;
    struct tk_process *p;
};

static void led_env_init(struct led_env *e)
{
    struct tk_led *hil[LEDS];
    fx_kernel_init(&e->k);
    for (unsigned i = 0; i < LEDS; i++) {
        fake_led_init(&e->leds[i]);
        e->leds[i].lit = true; /* the board left them on */
        hil[i] = &e->leds[i].hil;
    }
    tk_led_driver_init(&e->driver, hil, LEDS);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->driver.driver), 0);
    e->p = fx_process_new(&e->k, "app", 0);
}

static void led_env_fini(struct led_env *e)
{
    fx_kernel_fini(&e->k);
}

START_TEST(led_command0_returns_number_of_leds)
{
    /* spec §8.3: cmd 0 is S32(count), not plain Success. */
    struct led_env e;
    led_env_init(&e);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 0, 0, 0), LEDS);
    led_env_fini(&e);
}
END_TEST

START_TEST(led_init_initialises_and_turns_off_every_led)
{
    /* spec §8.3 (LedDriver::new): every LED is initialised and off. */
    struct led_env e;
    led_env_init(&e);
    for (unsigned i = 0; i < LEDS; i++) {
        ck_assert_uint_eq(e.leds[i].init_calls, 1);
        ck_assert(!e.leds[i].lit);
    }
    led_env_fini(&e);
}
END_TEST

START_TEST(led_on_off_toggle_change_only_that_led)
{
    /* spec §8.3: cmd 1 on, 2 off, 3 toggle, each S. */
    struct led_env e;
    led_env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 1, 2, 0));
    ck_assert(e.leds[2].lit);
    ck_assert(!e.leds[1].lit && !e.leds[3].lit);
    fx_assert_success(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 2, 2, 0));
    ck_assert(!e.leds[2].lit);
    fx_assert_success(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 3, 0, 0));
    ck_assert(e.leds[0].lit);
    fx_assert_success(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 3, 0, 0));
    ck_assert(!e.leds[0].lit);
    led_env_fini(&e);
}
END_TEST

START_TEST(led_command4_reads_the_led_state)
{
    /* spec §8.3: cmd 4 is S32(0 off / 1 on). */
    struct led_env e;
    led_env_init(&e);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 4, 3, 0), 0);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 1, 3, 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 4, 3, 0), 1);
    led_env_fini(&e);
}
END_TEST

START_TEST(led_index_out_of_range_is_inval)
{
    /* spec §8.3: cmds 1-4 with index >= count fail INVAL and touch nothing. */
    struct led_env e;
    led_env_init(&e);
    uint32_t command = 1 + (uint32_t)_i;
    fx_assert_failure(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, command, LEDS, 0), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, command, 0xffffffffu, 0), TK_INVAL);
    for (unsigned i = 0; i < LEDS; i++)
        ck_assert(!e.leds[i].lit);
    led_env_fini(&e);
}
END_TEST

START_TEST(led_unknown_command_is_nosupport)
{
    /* spec §8 intro: unknown command -> F(NOSUPPORT). */
    struct led_env e;
    led_env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 5, 0, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 0xffffffffu, 0, 0), TK_NOSUPPORT);
    led_env_fini(&e);
}
END_TEST

START_TEST(led_subscribe_fails_nomem_without_grant)
{
    /* spec §10.6: LED has no grant, so subscribe fails NOMEM (even number 0). */
    struct led_env e;
    led_env_init(&e);
    struct tk_syscall_return ret =
        fx_subscribe(&e.k, e.p, TK_DRIVER_NUM_LED, 0, fx_upcall_fn(e.p, 0), 7);
    fx_assert_variant(ret, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(ret.reg[1], TK_NOMEM);
    led_env_fini(&e);
}
END_TEST

START_TEST(led_allows_fail_nomem_without_grant)
{
    /* spec §10.6: LED has no grant, so RO and RW allows fail NOMEM. */
    struct led_env e;
    led_env_init(&e);
    struct tk_syscall_return ro = fx_allow_ro(&e.k, e.p, TK_DRIVER_NUM_LED, 0, fx_addr(e.p, 0), 4);
    struct tk_syscall_return rw = fx_allow_rw(&e.k, e.p, TK_DRIVER_NUM_LED, 0, fx_addr(e.p, 0), 4);
    fx_assert_variant(ro, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(ro.reg[1], TK_NOMEM);
    fx_assert_variant(rw, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(rw.reg[1], TK_NOMEM);
    led_env_fini(&e);
}
END_TEST

START_TEST(led_commands_work_when_process_memory_is_full)
{
    /* spec §8.3: the LED driver needs no grant, so a process whose RAM is
     * exhausted (break at the kernel break) can still drive LEDs. */
    struct led_env e;
    led_env_init(&e);
    fx_assert_success(fx_memop(&e.k, e.p, 0, e.p->kernel_break));
    fx_assert_success(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 1, 1, 0));
    ck_assert(e.leds[1].lit);
    led_env_fini(&e);
}
END_TEST

Suite *led_suite(void)
{
    Suite *s = suite_create("led");
    TCase *tc = tcase_create("commands");
    tcase_add_test(tc, led_command0_returns_number_of_leds);
    tcase_add_test(tc, led_init_initialises_and_turns_off_every_led);
    tcase_add_test(tc, led_on_off_toggle_change_only_that_led);
    tcase_add_test(tc, led_command4_reads_the_led_state);
    tcase_add_loop_test(tc, led_index_out_of_range_is_inval, 0, 4);
    tcase_add_test(tc, led_unknown_command_is_nosupport);
    suite_add_tcase(s, tc);

    tc = tcase_create("no_grant");
    tcase_add_test(tc, led_subscribe_fails_nomem_without_grant);
    tcase_add_test(tc, led_allows_fail_nomem_without_grant);
    tcase_add_test(tc, led_commands_work_when_process_memory_is_full);
    suite_add_tcase(s, tc);
    return s;
}
