/* Read-only state tests: commands, the userspace-readable allow, refreshes.
 *
 * Spec §8.7 and the userspace-readable allow TRD. The test calls the
 * context-switch hook itself, as the kernel loop does before each switch.
 */
#include <check.h>
#include <string.h>

#include "fake_hil.h"
#include "fixture.h"
#include "read_only_state.h"

#define DRIVER TK_DRIVER_NUM_READ_ONLY_STATE

struct bench {
    struct tk_kernel k;
    struct tk_read_only_state ros;
    struct fake_alarm timer;
    struct tk_process *p;
};

static void bench_init(struct bench *b)
{
    memset(b, 0, sizeof *b);
    fx_kernel_init(&b->k);
    fake_alarm_init(&b->timer, 0, 32768);
    tk_read_only_state_init(&b->ros, &b->timer.alarm);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->ros.driver), 0);
    b->p = fx_process_new(&b->k, "app", 0);
}

/* Allow `len` bytes at offset 0 of the app's RAM, filled with 0xee. */
static uint8_t *allow_state(struct bench *b, size_t len)
{
    uint8_t *buf = fx_ram(b->p, 0);
    memset(buf, 0xee, 32);
    fx_assert_variant(fx_allow_ur(&b->k, b->p, DRIVER, 0, fx_addr(b->p, 0), len),
                      TK_RV_SUCCESS_U32_U32);
    return buf;
}

static uint64_t le(const uint8_t *bytes, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)bytes[i] << (8 * i);
    return v;
}

START_TEST(read_only_state_commands)
{
    /* spec §8.7: 0 S, 1 S32(1), others NOSUPPORT. */
    struct bench b;
    bench_init(&b);
    fx_assert_success(fx_command(&b.k, b.p, DRIVER, 0, 0, 0));
    struct tk_syscall_return ret = fx_command(&b.k, b.p, DRIVER, 1, 0, 0);
    fx_assert_variant(ret, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq((uint32_t)ret.reg[1], 1);
    fx_assert_failure(fx_command(&b.k, b.p, DRIVER, 2, 0, 0), TK_NOSUPPORT);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(read_only_state_allow_swaps_and_rejects_other_numbers)
{
    /* Allow 0 returns the previous buffer; other numbers are NOSUPPORT. */
    struct bench b;
    bench_init(&b);
    struct tk_syscall_return ret = fx_allow_ur(&b.k, b.p, DRIVER, 0, fx_addr(b.p, 0), 16);
    fx_assert_variant(ret, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(ret.reg[1], 0);
    ck_assert_uint_eq(ret.reg[2], 0);
    ret = fx_allow_ur(&b.k, b.p, DRIVER, 0, fx_addr(b.p, 32), 8);
    ck_assert_uint_eq(ret.reg[1], fx_addr(b.p, 0));
    ck_assert_uint_eq(ret.reg[2], 16);
    ret = fx_allow_ur(&b.k, b.p, DRIVER, 1, fx_addr(b.p, 0), 16);
    fx_assert_variant(ret, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(ret.reg[1], TK_NOSUPPORT);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(read_only_state_refresh_writes_all_fields)
{
    /* spec §8.7: switch count (before this switch), pending tasks, ticks. */
    struct bench b;
    bench_init(&b);
    uint8_t *buf = allow_state(&b, 16);
    b.timer.now = 0xfedcba98;
    struct tk_task task = {.kind = TK_TASK_FUNCTION_CALL, .id = {DRIVER, 0}};
    ck_assert_int_eq(tk_process_enqueue(b.p, &task), 0);
    ck_assert_int_eq(tk_process_enqueue(b.p, &task), 0);

    tk_read_only_state_refresh(&b.ros, b.p);
    ck_assert_uint_eq(le(buf, 4), 0);
    ck_assert_uint_eq(le(buf + 4, 4), 2);
    ck_assert_uint_eq(le(buf + 8, 8), 0xfedcba98);

    tk_read_only_state_before_switch(&b.k, b.p, &b.ros);
    ck_assert_uint_eq(le(buf, 4), 1);
    ck_assert_uint_eq(buf[16], 0xee);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(read_only_state_fields_only_if_they_fit)
{
    /* spec §8.7: a field is written only when the buffer holds it whole. */
    static const size_t lens[] = {3, 4, 8, 15};
    static const size_t written[] = {0, 4, 8, 8};
    struct bench b;
    bench_init(&b);
    uint8_t *buf = allow_state(&b, lens[_i]);
    b.timer.now = 7;
    tk_read_only_state_refresh(&b.ros, b.p);
    for (size_t i = 0; i < 16; i++)
        if (i >= written[_i])
            ck_assert_msg(buf[i] == 0xee, "byte %zu written with len %zu", i, lens[_i]);
        else if (i >= 4)
            ck_assert_uint_eq(buf[i], 0); /* no pending tasks */
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(read_only_state_counts_switches_without_buffer)
{
    /* The count moves on every switch, buffer or not; the hook allocates
     * the grant as the reference's enter() does. */
    struct bench b;
    bench_init(&b);
    ck_assert_ptr_null(tk_grant_get(&b.ros.driver, b.p));
    tk_read_only_state_refresh(&b.ros, b.p);
    tk_read_only_state_refresh(&b.ros, b.p);
    ck_assert_ptr_nonnull(tk_grant_get(&b.ros.driver, b.p));
    uint8_t *buf = allow_state(&b, 4);
    tk_read_only_state_refresh(&b.ros, b.p);
    ck_assert_uint_eq(le(buf, 4), 2);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(read_only_state_restart_forgets_buffer)
{
    /* spec §10.21: terminate wipes the grant, so the buffer and count go. */
    struct bench b;
    bench_init(&b);
    uint8_t *buf = allow_state(&b, 16);
    tk_read_only_state_refresh(&b.ros, b.p);
    tk_process_terminate(b.p, TK_COMPLETION_CODE, 0);
    ck_assert_int_eq(tk_process_start(b.p), 0);
    memset(buf, 0xee, 16);
    tk_read_only_state_refresh(&b.ros, b.p);
    ck_assert_uint_eq(buf[0], 0xee);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(read_only_state_faulted_process_is_not_refreshed)
{
    /* A process Faulted under the Panic policy keeps its grant (only the
     * Stop policy's terminate wipes it), but the kernel no longer lets a
     * capsule enter it (emu/kernel/grant.c: InactiveApp, spec §1.4), so a
     * refresh writes nothing into the buffer it still names. */
    struct bench b;
    bench_init(&b);
    uint8_t *buf = allow_state(&b, 16);
    tk_read_only_state_refresh(&b.ros, b.p); /* alive: written */
    ck_assert_uint_eq(le(buf, 4), 0);
    b.k.config.fault_policy = TK_FAULT_POLICY_PANIC;
    struct tk_fault fault = {.kind = TK_FAULT_KERNEL_FORCED};
    tk_process_set_fault(b.p, &fault);
    ck_assert_int_eq(b.p->state, TK_STATE_FAULTED);
    ck_assert_ptr_nonnull(tk_grant_get(&b.ros.driver, b.p)); /* the grant is still there */
    memset(buf, 0xee, 16);
    tk_read_only_state_refresh(&b.ros, b.p);
    for (int i = 0; i < 16; i++)
        ck_assert_uint_eq(buf[i], 0xee);
    fx_kernel_fini(&b.k);
}
END_TEST

Suite *read_only_state_suite(void)
{
    Suite *s = suite_create("read_only_state");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, read_only_state_commands);
    tcase_add_test(tc, read_only_state_allow_swaps_and_rejects_other_numbers);
    tcase_add_test(tc, read_only_state_refresh_writes_all_fields);
    tcase_add_loop_test(tc, read_only_state_fields_only_if_they_fit, 0, 4);
    tcase_add_test(tc, read_only_state_counts_switches_without_buffer);
    tcase_add_test(tc, read_only_state_restart_forgets_buffer);
    tcase_add_test(tc, read_only_state_faulted_process_is_not_refreshed);
    suite_add_tcase(s, tc);
    return s;
}
