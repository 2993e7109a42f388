/* Asynchronous GPIO capsule (driver 0x80003) over the I/O expander model.
 *
 * Rules from tock/tock capsules/extra/src/gpio_async.rs @65608d71: port in
 * arg1's low 16 bits, INVAL past the ports, BUSY while any operation is in
 * flight, done -> upcall 0 (0, value, 0) to the starter, interrupts ->
 * upcall 1 (port, pin, 0) to every process with a grant; command 0 falls
 * through to NOSUPPORT.
 */
#include <check.h>

#include "devices.h"
#include "fake_hil.h"
#include "fixture.h"
#include "gpio_async.h"

#define DRV     0x80003
#define WAIT_NS 1000000ull /* past one expander transaction */

struct gpio_async_env {
    struct tk_kernel k;
    struct emu_expander ports[2];
    struct tk_gpio_async d;
    struct tk_process *p[2];
};

static void env_init(struct gpio_async_env *e)
{
    fx_kernel_init(&e->k);
    struct tk_gpio_async_port *ports[2];
    for (unsigned i = 0; i < 2; i++) {
        emu_expander_init(&e->ports[i], &e->k, i, i == 0 ? 0 : -1, 1);
        ports[i] = &e->ports[i].port;
    }
    tk_gpio_async_init(&e->d, ports, 2);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->d.driver), 0);
    for (unsigned i = 0; i < 2; i++) {
        e->p[i] = fx_process_new(&e->k, i == 0 ? "one" : "two", 0);
        fx_subscribe(&e->k, e->p[i], DRV, 0, fx_upcall_fn(e->p[i], 0), 0);
        fx_subscribe(&e->k, e->p[i], DRV, 1, fx_upcall_fn(e->p[i], 1), 0);
    }
}

static void env_fini(struct gpio_async_env *e)
{
    for (unsigned i = 0; i < 2; i++)
        emu_expander_fini(&e->ports[i]);
    fx_kernel_fini(&e->k);
}

START_TEST(gpio_async_command_0_falls_through_to_nosupport)
{
    /* gpio_async.rs @65608d71: command 0 builds a success and drops it;
     * 10 is S32(ports). */
    struct gpio_async_env e;
    env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 0, 0, 0), TK_NOSUPPORT);
    fake_assert_success_u32(fx_command(&e.k, e.p[0], DRV, 10, 0, 0), 2);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 0, 0, 2), TK_INVAL);
    env_fini(&e);
}
END_TEST

START_TEST(gpio_async_checks_port_then_busy_then_config)
{
    /* gpio_async.rs: port >= ports -> INVAL; an operation in flight -> BUSY
     * (for any process); bad pull or edge value -> INVAL. */
    struct gpio_async_env e;
    env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 0, 2), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 5, 0, 3u << 16), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 7, 0, 3u << 16), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 8, 0), TK_INVAL); /* the port's */
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 2, 0, 1), TK_BUSY);
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 99, 0, 0), TK_BUSY);
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 0, 0);
    ck_assert_uint_eq(fx_task_count(e.p[1]), 0);
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 99, 0, 0), TK_NOSUPPORT);
    env_fini(&e);
}
END_TEST

START_TEST(gpio_async_read_returns_level_and_interrupts_reach_everyone)
{
    /* gpio_async.rs: done(value) -> upcall 0 (0, value, 0) to the starter;
     * fired(pin, port) -> upcall 1 (port, pin, 0) to every grant. */
    struct gpio_async_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 5, 1, 0)); /* pin 1 input, no pull */
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 7, 1, 1u << 16)); /* rising */
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 1, 0, 0)); /* pin 0 output (loopback) */
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[1], DRV, 0, 0, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 2, 0, 0)); /* set: pin 1 rises */
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[0], DRV, 1, 0, 1, 0);
    fake_expect_upcall_on(e.p[1], DRV, 1, 0, 1, 0);
    fake_expect_upcall_on(e.p[1], DRV, 0, 0, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 6, 1, 0));
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 1, 0);
    emu_expander_drive(&e.ports[1], 3, true); /* no interrupt enabled there */
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    env_fini(&e);
}
END_TEST

Suite *gpio_async_suite(void)
{
    Suite *s = suite_create("gpio_async");
    TCase *tc = tcase_create("gpio_async");
    tcase_add_test(tc, gpio_async_command_0_falls_through_to_nosupport);
    tcase_add_test(tc, gpio_async_checks_port_then_busy_then_config);
    tcase_add_test(tc, gpio_async_read_returns_level_and_interrupts_reach_everyone);
    suite_add_tcase(s, tc);
    return s;
}
