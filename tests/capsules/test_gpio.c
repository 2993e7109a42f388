/* GPIO capsule (driver 0x4): pin commands, their errors, and interrupts.
 *
 * Spec §8.5, §10.38; capsules/core/src/gpio.rs.
 */
#include <check.h>

#include "fake_hil.h"
#include "fake_peripherals.h"
#include "fixture.h"
#include "gpio.h"

#define SLOTS      4
#define EMPTY_SLOT 2
#define DRV        TK_DRIVER_NUM_GPIO

struct gpio_env {
    struct tk_kernel k;
    struct fake_pin pins[SLOTS];
    struct tk_gpio gpio;
    struct tk_process *p[3];
};

/* Four slots; slot 2 has no pin. */
static void gpio_env_init(struct gpio_env *e, unsigned processes)
{
    static const char *const names[] = {"one", "two", "three"};
    struct tk_gpio_pin *slots[SLOTS];

    fx_kernel_init(&e->k);
    for (unsigned i = 0; i < SLOTS; i++) {
        fake_pin_init(&e->pins[i]);
        slots[i] = i == EMPTY_SLOT ? NULL : &e->pins[i].hil;
    }
    tk_gpio_init(&e->gpio, slots, SLOTS);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->gpio.driver), 0);
    for (unsigned i = 0; i < processes; i++)
        e->p[i] = fx_process_new(&e->k, names[i], 0);
}

static void gpio_env_fini(struct gpio_env *e)
{
    fx_kernel_fini(&e->k);
}

/* The pin commands and a valid second argument for each. */
static const uint32_t pin_commands[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};

START_TEST(gpio_command0_succeeds)
{
    /* spec §8.5: cmd 0 is plain S. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 0, 0, 0));
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_command10_returns_number_of_slots)
{
    /* spec §8.5: cmd 10 is S32(slots), counting slots without a pin. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 10, 0, 0), SLOTS);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_unknown_command_is_nosupport)
{
    /* spec §8 intro: unknown command -> F(NOSUPPORT). */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 11, 0, 0), TK_NOSUPPORT);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_pin_index_out_of_range_is_inval)
{
    /* spec §8.5: index >= number of slots -> F(INVAL), for every pin command. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, pin_commands[_i], SLOTS, 0), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, pin_commands[_i], 0xffffffffu, 0), TK_INVAL);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_slot_without_pin_is_nodevice)
{
    /* spec §8.5: a slot without a pin -> F(NODEVICE), for every pin command. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, pin_commands[_i], EMPTY_SLOT, 0), TK_NODEVICE);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_output_set_clear_toggle_drive_the_pin)
{
    /* spec §8.5: cmd 1 makes an output; 2 sets, 3 clears, 4 toggles. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 3, 0));
    ck_assert_int_eq(e.pins[3].config, TK_GPIO_CONFIG_OUTPUT);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 2, 3, 0));
    ck_assert(e.pins[3].level);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 3, 3, 0));
    ck_assert(!e.pins[3].level);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 4, 3, 0));
    ck_assert(e.pins[3].level);
    ck_assert(!e.pins[0].level && !e.pins[1].level);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_read_returns_pin_level)
{
    /* spec §8.5: cmd 6 is S32(level 0/1). */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 6, 1, 0), 0);
    e.pins[1].level = true;
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 6, 1, 0), 1);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_input_sets_the_requested_pull)
{
    /* spec §8.5: cmd 5 makes an input, pull 0 none, 1 up, 2 down. */
    static const enum tk_gpio_floating_state expect[] = {TK_GPIO_PULL_NONE, TK_GPIO_PULL_UP,
                                                         TK_GPIO_PULL_DOWN};
    struct gpio_env e;
    gpio_env_init(&e, 1);
    e.pins[0].pull = _i == 0 ? TK_GPIO_PULL_UP : TK_GPIO_PULL_NONE;
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 5, 0, (uint32_t)_i));
    ck_assert_int_eq(e.pins[0].config, TK_GPIO_CONFIG_INPUT);
    ck_assert_int_eq(e.pins[0].pull, expect[_i]);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_input_with_unknown_pull_is_nosupport)
{
    /* spec §8.5: pull other than 0-2 -> F(NOSUPPORT); as in Tock the pin was
     * already made an input, its pull unchanged. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 5, 1, 3), TK_NOSUPPORT);
    ck_assert_int_eq(e.pins[1].config, TK_GPIO_CONFIG_INPUT);
    ck_assert_int_eq(e.pins[1].pull, TK_GPIO_PULL_NONE);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_interrupt_enable_sets_the_requested_edge)
{
    /* spec §8.5: cmd 7 edge 0 either, 1 rising, 2 falling. */
    static const enum tk_gpio_interrupt_edge expect[] = {TK_GPIO_EDGE_EITHER, TK_GPIO_EDGE_RISING,
                                                         TK_GPIO_EDGE_FALLING};
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 7, 3, (uint32_t)_i));
    ck_assert(e.pins[3].interrupt_enabled);
    ck_assert_int_eq(e.pins[3].edge, expect[_i]);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_interrupt_with_unknown_edge_is_nosupport)
{
    /* spec §8.5: edge other than 0-2 -> F(NOSUPPORT), interrupt left off. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 7, 0, 3), TK_NOSUPPORT);
    ck_assert(!e.pins[0].interrupt_enabled);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_disable_interrupt_also_deactivates_the_pin)
{
    /* spec §8.5: cmd 8 disables the interrupt and deactivates the pin. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_command(&e.k, e.p[0], DRV, 5, 1, 0);
    fx_command(&e.k, e.p[0], DRV, 7, 1, 0);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 8, 1, 0));
    ck_assert(!e.pins[1].interrupt_enabled);
    ck_assert_int_eq(e.pins[1].config, TK_GPIO_CONFIG_LOW_POWER);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_deactivate_puts_pin_in_low_power_keeping_interrupt)
{
    /* spec §8.5: cmd 9 only deactivates to low power. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_command(&e.k, e.p[0], DRV, 7, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 9, 0, 0));
    ck_assert_int_eq(e.pins[0].config, TK_GPIO_CONFIG_LOW_POWER);
    ck_assert_uint_eq(e.pins[0].deactivate_calls, 1);
    ck_assert(e.pins[0].interrupt_enabled);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_interrupt_commands_fail_nomem_first_without_grant)
{
    /* spec §8.5: cmds 7 and 8 fail NOMEM when the caller's grant cannot be
     * allocated, before the pin checks; other commands do not care. */
    struct gpio_env e;
    gpio_env_init(&e, 1);
    fx_assert_success(fx_memop(&e.k, e.p[0], 0, e.p[0]->kernel_break));
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 7, 0, 0), TK_NOMEM);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 7, SLOTS, 0), TK_NOMEM);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 8, EMPTY_SLOT, 0), TK_NOMEM);
    ck_assert(!e.pins[0].interrupt_enabled);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 2, SLOTS, 0), TK_INVAL);
    gpio_env_fini(&e);
}
END_TEST

START_TEST(gpio_interrupt_reaches_every_process_with_a_grant)
{
    /* spec §8.5, §10.38: the upcall (pin, level, 0) goes to every process
     * with a GPIO grant, not only the one that enabled the interrupt; any
     * command allocates the grant ("two" only asked cmd 0), and "three" never
     * used the driver. */
    struct gpio_env e;
    gpio_env_init(&e, 3);
    fx_subscribe(&e.k, e.p[0], DRV, 0, fx_upcall_fn(e.p[0], 0), 1);
    fx_command(&e.k, e.p[0], DRV, 5, 3, 0);
    fx_command(&e.k, e.p[0], DRV, 7, 3, 0);
    fx_command(&e.k, e.p[1], DRV, 0, 0, 0);
    fake_pin_fire(&e.pins[3], true);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 3, 1, 0);
    fake_expect_upcall(e.p[1], TK_TASK_RETURN_VALUE, DRV, 3, 1, 0);
    ck_assert_uint_eq(fx_task_count(e.p[2]), 0);
    fake_pin_fire(&e.pins[3], false);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 3, 0, 0);
    fake_expect_upcall(e.p[1], TK_TASK_RETURN_VALUE, DRV, 3, 0, 0);
    gpio_env_fini(&e);
}
END_TEST

Suite *gpio_suite(void)
{
    Suite *s = suite_create("gpio");
    int pin_command_count = (int)(sizeof pin_commands / sizeof pin_commands[0]);
    TCase *tc = tcase_create("commands");
    tcase_add_test(tc, gpio_command0_succeeds);
    tcase_add_test(tc, gpio_command10_returns_number_of_slots);
    tcase_add_test(tc, gpio_unknown_command_is_nosupport);
    tcase_add_loop_test(tc, gpio_pin_index_out_of_range_is_inval, 0, pin_command_count);
    tcase_add_loop_test(tc, gpio_slot_without_pin_is_nodevice, 0, pin_command_count);
    tcase_add_test(tc, gpio_output_set_clear_toggle_drive_the_pin);
    tcase_add_test(tc, gpio_read_returns_pin_level);
    tcase_add_loop_test(tc, gpio_input_sets_the_requested_pull, 0, 3);
    tcase_add_test(tc, gpio_input_with_unknown_pull_is_nosupport);
    suite_add_tcase(s, tc);

    tc = tcase_create("interrupts");
    tcase_add_loop_test(tc, gpio_interrupt_enable_sets_the_requested_edge, 0, 3);
    tcase_add_test(tc, gpio_interrupt_with_unknown_edge_is_nosupport);
    tcase_add_test(tc, gpio_disable_interrupt_also_deactivates_the_pin);
    tcase_add_test(tc, gpio_deactivate_puts_pin_in_low_power_keeping_interrupt);
    tcase_add_test(tc, gpio_interrupt_commands_fail_nomem_first_without_grant);
    tcase_add_test(tc, gpio_interrupt_reaches_every_process_with_a_grant);
    suite_add_tcase(s, tc);
    return s;
}
