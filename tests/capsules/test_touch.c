/* Touch capsule (driver 0x90002) over a fake multi-touch panel.
 *
 * Rules from tock/tock capsules/extra/src/touch.rs @65608d71: single touch
 * upcall 0 only on change, multi-touch upcall 2 with 8-byte entries and an
 * ack per report, gestures upcall 1, 100 -> number of touches, rotation
 * from the screen.
 */
#include <check.h>
#include <string.h>

#include "fake_hil.h"
#include "fixture.h"
#include "touch.h"

#define DRV 0x90002
#define BUF 512

struct fake_touch {
    struct tk_touch hil;
    unsigned enables, disables;
};

static int fake_enable(struct tk_touch *t)
{
    ((struct fake_touch *)t->state)->enables++;
    return 0;
}

static int fake_disable(struct tk_touch *t)
{
    ((struct fake_touch *)t->state)->disables++;
    return 0;
}

static size_t fake_touches(struct tk_touch *t)
{
    (void)t;
    return 2;
}

static const struct tk_touch_ops fake_ops = {fake_enable, fake_disable, fake_touches};

struct touch_env {
    struct tk_kernel k;
    struct fake_touch touch;
    struct tk_touch_driver d;
    struct tk_process *p;
};

static void env_init(struct touch_env *e)
{
    fx_kernel_init(&e->k);
    e->touch = (struct fake_touch){.hil = {.ops = &fake_ops, .state = &e->touch}};
    tk_touch_driver_init(&e->d, &e->touch.hil, NULL);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->d.driver), 0);
    e->p = fx_process_new(&e->k, "touch", 0);
    for (unsigned n = 0; n < 3; n++)
        fx_subscribe(&e->k, e->p, DRV, n, fx_upcall_fn(e->p, n), 0);
}

static void report(struct touch_env *e, const struct tk_touch_event *events, size_t count)
{
    e->d.client.touch_events(&e->d.client, events, count);
}

START_TEST(touch_commands_and_number_of_touches)
{
    /* touch.rs: 0 S; 1, 2, 10, 11, 12 S (enabling the panel as wished);
     * 100 S32(touches); other NOSUPPORT. */
    struct touch_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p, DRV, 0, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p, DRV, 1, 0, 0));
    ck_assert_uint_eq(e.touch.enables, 1);
    fx_assert_success(fx_command(&e.k, e.p, DRV, 2, 0, 0));
    ck_assert_uint_eq(e.touch.disables, 1);
    fx_assert_success(fx_command(&e.k, e.p, DRV, 10, 0, 0));
    fake_assert_success_u32(fx_command(&e.k, e.p, DRV, 100, 0, 0), 2);
    fx_assert_failure(fx_command(&e.k, e.p, DRV, 3, 0, 0), TK_NOSUPPORT);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(touch_single_upcall_only_when_the_touch_changes)
{
    /* touch.rs: upcall 0 (status, x << 16 | y, pressure << 16 | size) when
     * x, y or status differ from the last one the process saw. */
    struct touch_env e;
    env_init(&e);
    struct tk_touch_event t = {TK_TOUCH_PRESSED, 10, 20, 0, 3, 7};
    report(&e, &t, 1);
    fake_expect_upcall_on(e.p, DRV, 0, TK_TOUCH_PRESSED, 10u << 16 | 20, 7u << 16 | 3);
    report(&e, &t, 1);
    ck_assert_uint_eq(fx_task_count(e.p), 0); /* no buffer: no multi report */
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(touch_multi_report_waits_for_ack_and_keeps_upstream_bound)
{
    /* touch.rs: entries of 8 bytes (id, status, x, y LE, size, pressure);
     * written only while len > index + 8; upcall 2 (num, 0, lost); no
     * new report until command 10 acknowledges. */
    struct touch_env e;
    env_init(&e);
    uint8_t *buf = fx_ram(e.p, BUF), *small = fx_ram(e.p, BUF + 64);
    memset(small, 0xee, 8);
    fx_allow_rw(&e.k, e.p, DRV, 2, fx_addr(e.p, BUF), 16);
    struct tk_touch_event t[2] = {{TK_TOUCH_PRESSED, 0x102, 0x304, 0, -1, -1},
                                  {TK_TOUCH_MOVED, 5, 6, 1, 9, 8}};
    report(&e, t, 2);
    fake_expect_upcall_on(e.p, DRV, 0, TK_TOUCH_PRESSED, 0x102u << 16 | 0x304, 0);
    fake_expect_upcall_on(e.p, DRV, 2, 2, 0, 0);
    const uint8_t entries[16] = {0, 1, 0x02, 0x01, 0x04, 0x03, 0, 0, 1, 2, 5, 0, 6, 0, 9, 8};
    ck_assert_mem_eq(buf, entries, 16);
    t[0].x = 7;
    report(&e, t, 2);
    fake_expect_upcall_on(e.p, DRV, 0, TK_TOUCH_PRESSED, 7u << 16 | 0x304, 0);
    ck_assert_uint_eq(fx_task_count(e.p), 0); /* not acknowledged: dropped */
    fx_assert_success(fx_command(&e.k, e.p, DRV, 10, 0, 0));
    fx_allow_rw(&e.k, e.p, DRV, 2, fx_addr(e.p, BUF + 64), 8);
    t[0].x = 8;
    report(&e, t, 2);
    fake_expect_upcall_on(e.p, DRV, 0, TK_TOUCH_PRESSED, 8u << 16 | 0x304, 0);
    fake_expect_upcall_on(e.p, DRV, 2, 1, 0, 1); /* counted ... */
    ck_assert_uint_eq(small[0], 0xee);           /* ... yet 8 > 0 + 8 is false: not written */
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(touch_gestures_go_to_upcall_1)
{
    /* touch.rs: gesture_event -> upcall 1 (1..6, 0, 0). */
    struct touch_env e;
    env_init(&e);
    e.d.client.gesture_event(&e.d.client, TK_GESTURE_ZOOM_OUT);
    fake_expect_upcall_on(e.p, DRV, 1, 6, 0, 0);
    fx_kernel_fini(&e.k);
}
END_TEST

Suite *touch_suite(void)
{
    Suite *s = suite_create("touch");
    TCase *tc = tcase_create("touch");
    tcase_add_test(tc, touch_commands_and_number_of_touches);
    tcase_add_test(tc, touch_single_upcall_only_when_the_touch_changes);
    tcase_add_test(tc, touch_multi_report_waits_for_ack_and_keeps_upstream_bound);
    tcase_add_test(tc, touch_gestures_go_to_upcall_1);
    suite_add_tcase(s, tc);
    return s;
}
