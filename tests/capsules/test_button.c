/* Button capsule (driver 0x3): commands, errors and press/release upcalls.
 *
 * Spec §8.4, §10.38 and §2.2; capsules/core/src/button.rs.
 */
#include <check.h>

#include "button.h"
#include "fake_hil.h"
#include "fake_peripherals.h"
#include "fixture.h"

#define BUTTONS 3
#define DRV     TK_DRIVER_NUM_BUTTON

struct button_env {
    struct tk_kernel k;
    struct fake_pin pins[BUTTONS];
    struct tk_button button;
    struct tk_process *p[3];
};

/* Button 0 active high without pull, 1 active low with pull-up, 2 active
 * high with pull-down. */
static void button_env_init(struct button_env *e, unsigned processes)
{
    static const enum tk_gpio_activation_mode modes[BUTTONS] = {
        TK_GPIO_ACTIVE_HIGH, TK_GPIO_ACTIVE_LOW, TK_GPIO_ACTIVE_HIGH};
    static const enum tk_gpio_floating_state pulls[BUTTONS] = {TK_GPIO_PULL_NONE, TK_GPIO_PULL_UP,
                                                               TK_GPIO_PULL_DOWN};
    static const char *const names[] = {"one", "two", "three"};
    struct tk_button_pin wiring[BUTTONS];

    fx_kernel_init(&e->k);
    for (unsigned i = 0; i < BUTTONS; i++) {
        fake_pin_init(&e->pins[i]);
        wiring[i] = (struct tk_button_pin){&e->pins[i].hil, modes[i], pulls[i]};
    }
    e->pins[1].level = true; /* active low, released */
    tk_button_init(&e->button, wiring, BUTTONS);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->button.driver), 0);
    for (unsigned i = 0; i < processes; i++)
        e->p[i] = fx_process_new(&e->k, names[i], 0);
}

static void button_env_fini(struct button_env *e)
{
    fx_kernel_fini(&e->k);
}

START_TEST(button_command0_returns_number_of_buttons)
{
    /* spec §8.4: cmd 0 is S32(count). */
    struct button_env e;
    button_env_init(&e, 1);
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 0, 0, 0), BUTTONS);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_init_makes_each_pin_an_input_with_its_pull)
{
    /* spec §8.4 (Button::new): pins are inputs with the board's pull, tagged
     * with their index, with the capsule as interrupt client. */
    struct button_env e;
    button_env_init(&e, 0);
    ck_assert_int_eq(e.pins[0].config, TK_GPIO_CONFIG_INPUT);
    ck_assert_int_eq(e.pins[1].pull, TK_GPIO_PULL_UP);
    ck_assert_int_eq(e.pins[2].pull, TK_GPIO_PULL_DOWN);
    for (unsigned i = 0; i < BUTTONS; i++) {
        ck_assert_uint_eq(e.pins[i].hil.value, i);
        ck_assert_ptr_eq(e.pins[i].hil.client, &e.button.client);
        ck_assert(!e.pins[i].interrupt_enabled);
    }
    button_env_fini(&e);
}
END_TEST

START_TEST(button_index_out_of_range_is_inval)
{
    /* spec §8.4: cmds 1-3 with index >= count fail INVAL. */
    struct button_env e;
    button_env_init(&e, 1);
    uint32_t command = 1 + (uint32_t)_i;
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, command, BUTTONS, 0), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, command, 32, 0), TK_INVAL);
    for (unsigned i = 0; i < BUTTONS; i++)
        ck_assert(!e.pins[i].interrupt_enabled);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_unknown_command_is_nosupport)
{
    /* spec §8 intro: unknown command -> F(NOSUPPORT). */
    struct button_env e;
    button_env_init(&e, 1);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 4, 0, 0), TK_NOSUPPORT);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_read_reports_pressed_per_activation_mode)
{
    /* spec §8.4: cmd 3 is S32(1 pressed / 0 released); "pressed" follows the
     * board's activation mode (button 1 is active low). */
    struct button_env e;
    button_env_init(&e, 1);
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 3, 0, 0), 0);
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 3, 1, 0), 0);
    e.pins[0].level = true;
    e.pins[1].level = false;
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 3, 0, 0), 1);
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 3, 1, 0), 1);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_enable_turns_on_interrupt_on_either_edge)
{
    /* spec §8.4: cmd 1 enables the button for the caller, on either edge. */
    struct button_env e;
    button_env_init(&e, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 2, 0));
    ck_assert(e.pins[2].interrupt_enabled);
    ck_assert_int_eq(e.pins[2].edge, TK_GPIO_EDGE_EITHER);
    ck_assert(!e.pins[0].interrupt_enabled);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_upcall_on_press_and_on_release)
{
    /* spec §8.4, §10.38: upcall 0 is (index, 1 pressed / 0 released, 0), on
     * both edges, with the subscriber's userdata. */
    struct button_env e;
    button_env_init(&e, 1);
    fx_subscribe(&e.k, e.p[0], DRV, 0, fx_upcall_fn(e.p[0], 1), 0x55);
    fx_command(&e.k, e.p[0], DRV, 1, 1, 0);
    fake_pin_fire(&e.pins[1], false); /* active low: pressed */
    fake_pin_fire(&e.pins[1], true);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 2);
    struct tk_task head = e.p[0]->tasks[e.p[0]->task_head];
    ck_assert_uint_eq(head.pc, fx_upcall_fn(e.p[0], 1));
    ck_assert_uint_eq(head.arg[3], 0x55);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 1, 1, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 1, 0, 0);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_upcall_reaches_every_process_that_enabled_that_button)
{
    /* spec §8.4: sent to every process that enabled the button, and only to
     * them: "three" enabled another button. */
    struct button_env e;
    button_env_init(&e, 3);
    for (unsigned i = 0; i < 3; i++)
        fx_subscribe(&e.k, e.p[i], DRV, 0, fx_upcall_fn(e.p[i], 0), i);
    fx_command(&e.k, e.p[0], DRV, 1, 0, 0);
    fx_command(&e.k, e.p[1], DRV, 1, 0, 0);
    fx_command(&e.k, e.p[2], DRV, 1, 2, 0);
    fake_pin_fire(&e.pins[0], true);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 0, 1, 0);
    fake_expect_upcall(e.p[1], TK_TASK_FUNCTION_CALL, DRV, 0, 1, 0);
    ck_assert_uint_eq(fx_task_count(e.p[2]), 0);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_event_without_subscribe_is_queued_as_null_upcall)
{
    /* spec §2.2: with no upcall subscribed the event is still queued, as a
     * ReturnValue (Yield-WaitFor can take it). */
    struct button_env e;
    button_env_init(&e, 1);
    fx_command(&e.k, e.p[0], DRV, 1, 2, 0);
    fake_pin_fire(&e.pins[2], true);
    fake_expect_upcall(e.p[0], TK_TASK_RETURN_VALUE, DRV, 2, 1, 0);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_disable_stops_upcalls_for_that_process_only)
{
    /* spec §8.4: cmd 2 disables the button for the caller; the interrupt
     * stays on while another process wants it. */
    struct button_env e;
    button_env_init(&e, 2);
    fx_command(&e.k, e.p[0], DRV, 1, 0, 0);
    fx_command(&e.k, e.p[1], DRV, 1, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 2, 0, 0));
    ck_assert(e.pins[0].interrupt_enabled);
    fake_pin_fire(&e.pins[0], true);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fake_expect_upcall(e.p[1], TK_TASK_RETURN_VALUE, DRV, 0, 1, 0);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_interrupt_disabled_when_no_process_wants_it)
{
    /* spec §8.4: cmd 2 disables the hardware interrupt when no process has
     * the button enabled any more. */
    struct button_env e;
    button_env_init(&e, 2);
    fx_command(&e.k, e.p[0], DRV, 1, 0, 0);
    fx_command(&e.k, e.p[1], DRV, 1, 0, 0);
    fx_command(&e.k, e.p[0], DRV, 2, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 2, 0, 0));
    ck_assert(!e.pins[0].interrupt_enabled);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_disable_of_never_enabled_button_succeeds_and_disables)
{
    /* spec §8.4: cmd 2 is S even if the caller never enabled the button, and
     * the unwanted interrupt is turned off. */
    struct button_env e;
    button_env_init(&e, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 2, 1, 0));
    ck_assert_uint_eq(e.pins[1].disable_calls, 1);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_interrupt_for_vanished_process_disables_itself)
{
    /* spec §8.4 (Button::fired): an interrupt that finds no process wanting
     * it (the only one was terminated, its grant wiped) turns itself off. */
    struct button_env e;
    button_env_init(&e, 1);
    fx_command(&e.k, e.p[0], DRV, 1, 0, 0);
    tk_process_terminate(e.p[0], TK_COMPLETION_CODE, 0);
    fake_pin_fire(&e.pins[0], true);
    ck_assert(!e.pins[0].interrupt_enabled);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    button_env_fini(&e);
}
END_TEST

START_TEST(button_enable_fails_nomem_when_grant_cannot_be_allocated)
{
    /* spec §8 intro, §10.42: cmd 1 enters the grant; no RAM left -> NOMEM,
     * and the interrupt stays off. */
    struct button_env e;
    button_env_init(&e, 1);
    fx_assert_success(fx_memop(&e.k, e.p[0], 0, e.p[0]->kernel_break));
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 0, 0), TK_NOMEM);
    ck_assert(!e.pins[0].interrupt_enabled);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 2, 0, 0), TK_NOMEM);
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 3, 0, 0), 0);
    button_env_fini(&e);
}
END_TEST

Suite *button_suite(void)
{
    Suite *s = suite_create("button");
    TCase *tc = tcase_create("commands");
    tcase_add_test(tc, button_command0_returns_number_of_buttons);
    tcase_add_test(tc, button_init_makes_each_pin_an_input_with_its_pull);
    tcase_add_loop_test(tc, button_index_out_of_range_is_inval, 0, 3);
    tcase_add_test(tc, button_unknown_command_is_nosupport);
    tcase_add_test(tc, button_read_reports_pressed_per_activation_mode);
    tcase_add_test(tc, button_enable_turns_on_interrupt_on_either_edge);
    tcase_add_test(tc, button_enable_fails_nomem_when_grant_cannot_be_allocated);
    suite_add_tcase(s, tc);

    tc = tcase_create("upcalls");
    tcase_add_test(tc, button_upcall_on_press_and_on_release);
    tcase_add_test(tc, button_upcall_reaches_every_process_that_enabled_that_button);
    tcase_add_test(tc, button_event_without_subscribe_is_queued_as_null_upcall);
    tcase_add_test(tc, button_disable_stops_upcalls_for_that_process_only);
    tcase_add_test(tc, button_interrupt_disabled_when_no_process_wants_it);
    tcase_add_test(tc, button_disable_of_never_enabled_button_succeeds_and_disables);
    tcase_add_test(tc, button_interrupt_for_vanished_process_disables_itself);
    suite_add_tcase(s, tc);
    return s;
}
