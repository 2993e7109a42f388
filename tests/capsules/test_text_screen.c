/* Text screen capsule (driver 0x90003) over a fake character screen.
 *
 * Rules from tock/tock capsules/extra/src/text_screen.rs @65608d71: one
 * command runs, one more per process waits (BUSY past that), waiting ones
 * run in slot order on completion; write copies RO allow 0 (length 0 ->
 * NOMEM); get size answers at once and leaves the screen claimed.
 */
#include <check.h>
#include <string.h>

#include "fake_hil.h"
#include "fixture.h"
#include "text_screen.h"

#define DRV 0x90003
#define BUF 256

struct fake_screen {
    struct tk_text_screen hil;
    unsigned commands, prints;
    int last_op;
    uint8_t *print_buffer;
    size_t print_len;
    char printed[80];
    size_t column, row;
};

static void fake_get_size(struct tk_text_screen *s, size_t *columns, size_t *rows)
{
    (void)s;
    *columns = 16, *rows = 2;
}

static int fake_print(struct tk_text_screen *s, uint8_t *buffer, size_t len)
{
    struct fake_screen *f = s->state;
    f->prints++;
    f->print_buffer = buffer, f->print_len = len;
    memcpy(f->printed, buffer, len < sizeof f->printed ? len : sizeof f->printed - 1);
    return 0;
}

static int fake_set_cursor(struct tk_text_screen *s, size_t column, size_t row)
{
    struct fake_screen *f = s->state;
    f->commands++, f->column = column, f->row = row;
    return 0;
}

static int fake_command(struct tk_text_screen *s, enum tk_text_screen_op op)
{
    struct fake_screen *f = s->state;
    f->commands++, f->last_op = (int)op;
    return 0;
}

static const struct tk_text_screen_ops fake_ops = {fake_get_size, fake_print, fake_set_cursor,
                                                   fake_command};

struct ts_env {
    struct tk_kernel k;
    struct fake_screen screen;
    struct tk_text_screen_driver d;
    struct tk_process *p[2];
};

static void env_init(struct ts_env *e)
{
    fx_kernel_init(&e->k);
    e->screen = (struct fake_screen){.hil = {.ops = &fake_ops, .state = &e->screen}};
    tk_text_screen_driver_init(&e->d, &e->screen.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->d.driver), 0);
    for (unsigned i = 0; i < 2; i++) {
        e->p[i] = fx_process_new(&e->k, i == 0 ? "one" : "two", 0);
        fx_subscribe(&e->k, e->p[i], DRV, 0, fx_upcall_fn(e->p[i], 0), 0);
    }
}

static void complete(struct ts_env *e)
{
    e->d.client.command_complete(&e->d.client, 0);
}

START_TEST(text_screen_queues_one_command_per_process)
{
    /* text_screen.rs enqueue_command: free -> run now; busy -> wait, a
     * second waiting one from the same process -> BUSY; on completion the
     * waiting ones run in slot order, except the finishing process's own:
     * schedule_callback clears its pending flag, so it is lost. */
    struct ts_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 2, 0, 0)); /* display on, runs */
    ck_assert_uint_eq(e.screen.commands, 1);
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 11, 3, 1)); /* waits */
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 9, 0, 0), TK_BUSY);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 10, 0, 0)); /* home, waits */
    complete(&e);
    fake_expect_upcall_on(e.p[1], DRV, 0, 0, 0, 0);
    ck_assert_int_eq(e.screen.last_op, TK_TEXT_SCREEN_CLEAR); /* slot 0 first; home clears */
    complete(&e);
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 0, 0);
    ck_assert_uint_eq(e.screen.commands, 2); /* p1's set cursor never runs */
    ck_assert_uint_eq(fx_task_count(e.p[1]), 0);
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 11, 3, 1)); /* the screen is free */
    ck_assert_uint_eq(e.screen.column, 3);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 12, 0, 0), TK_NOSUPPORT);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(text_screen_write_copies_allow_and_reports_length)
{
    /* text_screen.rs: 8 len -> print of min(len, 64) bytes of RO allow 0;
     * len 0 -> NOMEM; write_complete -> upcall (status, len, 0).
     * Deviation: len past the allowed buffer -> INVAL (upstream panics). */
    struct ts_env e;
    env_init(&e);
    memcpy(fx_ram(e.p[0], BUF), "Hello!", 6);
    fx_allow_ro(&e.k, e.p[0], DRV, 0, fx_addr(e.p[0], BUF), 6);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 8, 0, 0), TK_NOMEM);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 8, 7, 0), TK_INVAL);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 8, 6, 0));
    ck_assert_str_eq(e.screen.printed, "Hello!");
    e.d.client.write_complete(&e.d.client, e.screen.print_buffer, 6, 0);
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 6, 0);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(text_screen_get_size_leaves_the_screen_claimed)
{
    /* text_screen.rs @65608d71: GetResolution schedules (0, columns, rows)
     * at once but never clears current_app: later commands only wait. */
    struct ts_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 0, 0));
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 16, 2);
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 2, 0, 0));
    ck_assert_uint_eq(e.screen.commands, 0);
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 3, 0, 0), TK_BUSY);
    fx_kernel_fini(&e.k);
}
END_TEST

Suite *text_screen_suite(void)
{
    Suite *s = suite_create("text_screen");
    TCase *tc = tcase_create("text_screen");
    tcase_add_test(tc, text_screen_queues_one_command_per_process);
    tcase_add_test(tc, text_screen_write_copies_allow_and_reports_length);
    tcase_add_test(tc, text_screen_get_size_leaves_the_screen_claimed);
    suite_add_tcase(s, tc);
    return s;
}
