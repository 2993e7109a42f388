/* Low-level debug capsule (driver 0x8) over a fake UART: spec §8.6. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_hil.h"
#include "fixture.h"
#include "low_level_debug.h"

#define LLD TK_DRIVER_NUM_LOW_LEVEL_DEBUG

struct env {
    struct tk_kernel k;
    struct fake_uart uart;
    struct tk_low_level_debug lld;
    struct tk_process *p[2];
};

static struct env *env_new(unsigned processes)
{
    static const char *const names[] = {"app0", "app1"};
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    fake_uart_init(&e->uart);
    tk_low_level_debug_init(&e->lld, &e->uart.uart);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->lld.driver), 0);
    for (unsigned i = 0; i < processes; i++)
        e->p[i] = fx_process_new(&e->k, names[i], 0);
    return e;
}

static void env_free(struct env *e)
{
    fx_kernel_fini(&e->k);
    free(e);
}

/* Everything the UART was given, as a string. */
static const char *output(struct env *e)
{
    ck_assert_uint_lt(e->uart.out_len, sizeof e->uart.out);
    e->uart.out[e->uart.out_len] = '\0';
    return (const char *)e->uart.out;
}

START_TEST(command_0_exists_and_unknown_is_nosupport)
{
    /* spec §8.6: command 0 S; others beyond 3 NOSUPPORT. */
    struct env *e = env_new(1);
    fx_assert_success(fx_command(&e->k, e->p[0], LLD, 0, 0, 0));
    fx_assert_failure(fx_command(&e->k, e->p[0], LLD, 4, 0, 0), TK_NOSUPPORT);
    ck_assert_uint_eq(e->uart.out_len, 0);
    env_free(e);
}
END_TEST

START_TEST(alert_code_line)
{
    /* spec §8.6: `LowLevelDebug: App 0x<n> alert code 0x<c>\n`. */
    struct env *e = env_new(1);
    char want[80];
    fx_assert_success(fx_command(&e->k, e->p[0], LLD, 1, 0x2, 0));
    snprintf(want, sizeof want, "LowLevelDebug: App 0x%x alert code 0x2\n", e->p[0]->id);
    ck_assert_str_eq(output(e), want);
    env_free(e);
}
END_TEST

START_TEST(print_one_number_line)
{
    /* spec §8.6: `LowLevelDebug: App 0x<n> prints 0x<a>\n`, lowercase hex
     * without leading zeros. */
    struct env *e = env_new(1);
    char want[80];
    fx_assert_success(fx_command(&e->k, e->p[0], LLD, 2, 0xdeadbeef, 7));
    snprintf(want, sizeof want, "LowLevelDebug: App 0x%x prints 0xdeadbeef\n", e->p[0]->id);
    ck_assert_str_eq(output(e), want);
    env_free(e);
}
END_TEST

START_TEST(print_two_numbers_line)
{
    /* spec §8.6: `LowLevelDebug: App 0x<n> prints 0x<a> 0x<b>\n`; zero is 0x0. */
    struct env *e = env_new(1);
    char want[80];
    fx_assert_success(fx_command(&e->k, e->p[0], LLD, 3, 0, 0xffffffff));
    snprintf(want, sizeof want, "LowLevelDebug: App 0x%x prints 0x0 0xffffffff\n", e->p[0]->id);
    ck_assert_str_eq(output(e), want);
    env_free(e);
}
END_TEST

START_TEST(app_number_is_the_process_id)
{
    /* spec §8.6: the app number is the ProcessId upstream prints (equal to
     * the slot before any restart); a restarted process prints its new one. */
    struct env *e = env_new(2);
    char want[160];
    unsigned old_id = e->p[1]->id;
    ck_assert_uint_eq(old_id, e->p[1]->slot);
    fx_command(&e->k, e->p[1], LLD, 2, 1, 0);
    fake_uart_drain(&e->uart, &e->k);
    ck_assert_int_eq(tk_process_try_restart(e->p[1], TK_COMPLETION_CODE, 0), 0);
    fx_command(&e->k, e->p[1], LLD, 2, 2, 0);
    ck_assert_uint_ne(e->p[1]->id, old_id);
    snprintf(want, sizeof want,
             "LowLevelDebug: App 0x%x prints 0x1\nLowLevelDebug: App 0x%x prints 0x2\n", old_id,
             e->p[1]->id);
    ck_assert_str_eq(output(e), want);
    env_free(e);
}
END_TEST

START_TEST(lines_queue_while_uart_busy)
{
    /* spec §8.6: a line while the UART is busy waits and goes out after. */
    struct env *e = env_new(1);
    char want[160];
    fx_command(&e->k, e->p[0], LLD, 2, 1, 0);
    fx_command(&e->k, e->p[0], LLD, 2, 2, 0);
    ck_assert_uint_eq(e->uart.transmit_calls, 1);
    fake_uart_drain(&e->uart, &e->k);
    unsigned n = e->p[0]->id;
    snprintf(want, sizeof want,
             "LowLevelDebug: App 0x%x prints 0x1\nLowLevelDebug: App 0x%x prints 0x2\n", n, n);
    ck_assert_str_eq(output(e), want);
    env_free(e);
}
END_TEST

START_TEST(queue_overflow_prints_dropped_count)
{
    /* spec §8.6: 4 queued entries; on overflow the last becomes a drop
     * counter, printed as `LowLevelDebug: Dropped 0x<k> entries for app
     * 0x<n>\n` (k = overwritten entry + each new one). */
    struct env *e = env_new(1);
    for (uint32_t i = 1; i <= 7; i++)
        fx_assert_success(fx_command(&e->k, e->p[0], LLD, 2, i, 0));
    fake_uart_drain(&e->uart, &e->k);
    char want[400];
    unsigned n = e->p[0]->id;
    snprintf(want, sizeof want,
             "LowLevelDebug: App 0x%x prints 0x1\n"
             "LowLevelDebug: App 0x%x prints 0x2\n"
             "LowLevelDebug: App 0x%x prints 0x3\n"
             "LowLevelDebug: App 0x%x prints 0x4\n"
             "LowLevelDebug: Dropped 0x3 entries for app 0x%x\n",
             n, n, n, n, n);
    ck_assert_str_eq(output(e), want);
    env_free(e);
}
END_TEST

START_TEST(queued_lines_drain_in_slot_order)
{
    /* spec §8.6: after each line, the first process in slot order with a
     * queued entry goes next. */
    struct env *e = env_new(2);
    fx_command(&e->k, e->p[1], LLD, 2, 0xa, 0); /* on the UART */
    fx_command(&e->k, e->p[1], LLD, 2, 0xb, 0); /* queued */
    fx_command(&e->k, e->p[0], LLD, 2, 0xc, 0); /* queued, slot 0 */
    fake_uart_drain(&e->uart, &e->k);
    char want[300];
    unsigned a = e->p[0]->id, b = e->p[1]->id;
    snprintf(want, sizeof want,
             "LowLevelDebug: App 0x%x prints 0xa\n"
             "LowLevelDebug: App 0x%x prints 0xc\n"
             "LowLevelDebug: App 0x%x prints 0xb\n",
             b, a, b);
    ck_assert_str_eq(output(e), want);
    env_free(e);
}
END_TEST

START_TEST(grant_failure_prints_notice_when_uart_frees)
{
    /* low_level_debug: a queued line whose grant cannot be allocated is
     * lost, and `LowLevelDebug: grant init failed\n` follows. */
    struct env *e = env_new(2);
    fx_command(&e->k, e->p[0], LLD, 2, 1, 0);
    e->p[1]->app_break = e->p[1]->kernel_break;
    fx_assert_success(fx_command(&e->k, e->p[1], LLD, 2, 2, 0));
    fake_uart_drain(&e->uart, &e->k);
    char want[200];
    snprintf(want, sizeof want,
             "LowLevelDebug: App 0x%x prints 0x1\nLowLevelDebug: grant init failed\n", e->p[0]->id);
    ck_assert_str_eq(output(e), want);
    env_free(e);
}
END_TEST

START_TEST(queue_of_a_gone_process_is_dropped)
{
    /* spec §3.4: queued lines go with the terminated process's grant. */
    struct env *e = env_new(1);
    fx_command(&e->k, e->p[0], LLD, 2, 1, 0);
    fx_command(&e->k, e->p[0], LLD, 2, 2, 0);
    tk_process_terminate(e->p[0], TK_COMPLETION_CODE, 0);
    fake_uart_drain(&e->uart, &e->k);
    ck_assert_uint_eq(e->uart.transmit_calls, 1);
    env_free(e);
}
END_TEST

Suite *low_level_debug_suite(void)
{
    Suite *s = suite_create("low_level_debug");
    TCase *tc = tcase_create("lines");
    tcase_add_test(tc, command_0_exists_and_unknown_is_nosupport);
    tcase_add_test(tc, alert_code_line);
    tcase_add_test(tc, print_one_number_line);
    tcase_add_test(tc, print_two_numbers_line);
    tcase_add_test(tc, app_number_is_the_process_id);
    suite_add_tcase(s, tc);

    tc = tcase_create("queue");
    tcase_add_test(tc, lines_queue_while_uart_busy);
    tcase_add_test(tc, queue_overflow_prints_dropped_count);
    tcase_add_test(tc, queued_lines_drain_in_slot_order);
    tcase_add_test(tc, grant_failure_prints_notice_when_uart_frees);
    tcase_add_test(tc, queue_of_a_gone_process_is_dropped);
    suite_add_tcase(s, tc);
    return s;
}
