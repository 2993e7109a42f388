/* Process info tests: listing, inspecting and controlling processes.
 *
 * Spec §8.8, §10.22-§10.24. A fixture kernel with the capsule registered;
 * the calling app allows a buffer at the start of its RAM.
 */
#include <check.h>
#include <string.h>

#include "fixture.h"
#include "process_info.h"

#define DRIVER TK_DRIVER_NUM_PROCESS_INFO

struct bench {
    struct tk_kernel k;
    struct tk_process_info info;
    struct tk_process *caller;
};

static void bench_init(struct bench *b)
{
    fx_kernel_init(&b->k);
    tk_process_info_init(&b->info, &b->k);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->info.driver), 0);
    b->caller = fx_process_new(&b->k, "caller", 0);
}

/* Allow `len` bytes at offset 0 of the caller's RAM, filled with 0xee. */
static uint8_t *allow_buffer(struct bench *b, size_t len)
{
    uint8_t *buf = fx_ram(b->caller, 0);
    memset(buf, 0xee, 64);
    fx_assert_variant(fx_allow_rw(&b->k, b->caller, DRIVER, 0, fx_addr(b->caller, 0), len),
                      TK_RV_SUCCESS_U32_U32);
    return buf;
}

static uint32_t word(const uint8_t *buf, size_t index)
{
    const uint8_t *w = buf + 4 * index;
    return (uint32_t)w[0] | (uint32_t)w[1] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 24;
}

static void assert_success_u32(struct tk_syscall_return ret, uint32_t value)
{
    fx_assert_variant(ret, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq((uint32_t)ret.reg[1], value);
}

START_TEST(process_info_command_0_and_unknown)
{
    /* spec §8.8: 0 is S; unknown numbers are NOSUPPORT. */
    struct bench b;
    bench_init(&b);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 0, 0, 0));
    fx_assert_failure(fx_command(&b.k, b.caller, DRIVER, 7, 0, 0), TK_NOSUPPORT);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_count_includes_every_state)
{
    /* spec §8.8: command 1 counts processes in slots, any state. */
    struct bench b;
    bench_init(&b);
    struct tk_process *gone = fx_process_new(&b.k, "gone", 0);
    tk_process_terminate(gone, TK_COMPLETION_CODE, 0);
    assert_success_u32(fx_command(&b.k, b.caller, DRIVER, 1, 0, 0), 2);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_ids_fill_whole_words)
{
    /* spec §8.8: command 2 writes u32 LE ids as far as whole words fit and
     * returns the total count. */
    struct bench b;
    bench_init(&b);
    struct tk_process *second = fx_process_new(&b.k, "second", 0);
    struct tk_process *third = fx_process_new(&b.k, "third", 0);
    uint8_t *buf = allow_buffer(&b, 6);
    assert_success_u32(fx_command(&b.k, b.caller, DRIVER, 2, 0, 0), 3);
    ck_assert_uint_eq(word(buf, 0), b.caller->id);
    ck_assert_uint_eq(buf[4], 0xee); /* the partial second word is untouched */
    ck_assert_uint_eq(buf[5], 0xee);

    allow_buffer(&b, 16);
    assert_success_u32(fx_command(&b.k, b.caller, DRIVER, 2, 0, 0), 3);
    ck_assert_uint_eq(word(buf, 0), b.caller->id);
    ck_assert_uint_eq(word(buf, 1), second->id);
    ck_assert_uint_eq(word(buf, 2), third->id);
    ck_assert_uint_eq(word(buf, 3), 0xeeeeeeee);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_ids_without_buffer_still_count)
{
    /* The grant's empty buffer takes nothing but the count is returned. */
    struct bench b;
    bench_init(&b);
    fx_process_new(&b.k, "second", 0);
    assert_success_u32(fx_command(&b.k, b.caller, DRIVER, 2, 0, 0), 2);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_short_ids)
{
    /* spec §8.8: command 3, LocallyUnique as 0. */
    struct bench b;
    bench_init(&b);
    struct tk_process *fixed = fx_process_new(&b.k, "fixed", 0);
    fixed->short_id = 0x1d19e248;
    uint8_t *buf = allow_buffer(&b, 8);
    assert_success_u32(fx_command(&b.k, b.caller, DRIVER, 3, 0, 0), 2);
    ck_assert_uint_eq(word(buf, 0), 0);
    ck_assert_uint_eq(word(buf, 1), 0x1d19e248);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_name_truncated_to_buffer)
{
    /* spec §8.8: command 4 copies as much of the name as fits and returns
     * its full length; an unknown id is INVAL. */
    struct bench b;
    bench_init(&b);
    struct tk_process *p = fx_process_new(&b.k, "blinky_app", 0);
    uint8_t *buf = allow_buffer(&b, 5);
    assert_success_u32(fx_command(&b.k, b.caller, DRIVER, 4, p->id, 0), 10);
    ck_assert_int_eq(memcmp(buf, "blink", 5), 0);
    ck_assert_uint_eq(buf[5], 0xee);
    fx_assert_failure(fx_command(&b.k, b.caller, DRIVER, 4, 999, 0), TK_INVAL);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_stats_layout)
{
    /* spec §8.8: command 5 writes expirations, syscalls, restarts, state;
     * an unknown id is S with nothing written. */
    struct bench b;
    bench_init(&b);
    struct tk_process *p = fx_process_new(&b.k, "target", 0);
    p->timeslice_expirations = 11;
    p->restart_count = 2;
    fx_command(&b.k, p, DRIVER, 0, 0, 0);
    fx_command(&b.k, p, DRIVER, 0, 0, 0);
    fx_syscall(&b.k, p, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    uint8_t *buf = allow_buffer(&b, 16);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 5, p->id, 0));
    ck_assert_uint_eq(word(buf, 0), 11);
    ck_assert_uint_eq(word(buf, 1), 3);
    ck_assert_uint_eq(word(buf, 2), 2);
    ck_assert_uint_eq(word(buf, 3), 1); /* Yielded */

    allow_buffer(&b, 16);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 5, 999, 0));
    ck_assert_uint_eq(word(buf, 0), 0xeeeeeeee);
    fx_kernel_fini(&b.k);
}
END_TEST

/* Put `p` in the state of row `i` of the spec §8.8 state table. */
static void enter_state(struct bench *b, struct tk_process *p, int i)
{
    switch (i) {
    case 0:
        break; /* Running */
    case 1:
        fx_syscall(&b->k, p, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
        break;
    case 2:
        fx_syscall(&b->k, p, TK_CLASS_YIELD, TK_YIELD_WAIT_FOR, 1, 0, 0);
        break;
    case 3:
        tk_process_stop(p);
        break;
    case 4:
        tk_process_set_fault(p, &(struct tk_fault){.kind = TK_FAULT_KERNEL_FORCED});
        break;
    case 5:
        tk_process_terminate(p, TK_COMPLETION_CODE, 0);
        break;
    }
}

START_TEST(process_info_state_numbers)
{
    /* spec §8.8: 0 Running, 1 Yielded, 2 YieldedFor, 3 Stopped, 4 Faulted
     * (Stop policy), 5 Terminated. */
    struct bench b;
    bench_init(&b);
    struct tk_process *p = fx_process_new(&b.k, "target", 0);
    enter_state(&b, p, _i);
    uint8_t *buf = allow_buffer(&b, 16);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 5, p->id, 0));
    ck_assert_uint_eq(word(buf, 3), (uint32_t)_i);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_control_actions)
{
    /* spec §8.8: 2 stop, 1 resume, 4 terminate, 5 boot, other ignored. */
    struct bench b;
    bench_init(&b);
    struct tk_process *p = fx_process_new(&b.k, "target", 0);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, p->id, 2));
    ck_assert_int_eq(p->state, TK_STATE_STOPPED);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, p->id, 1));
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, p->id, 5)); /* not Terminated */
    ck_assert_uint_eq(p->restart_count, 0);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, p->id, 9));
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, p->id, 4));
    ck_assert_int_eq(p->state, TK_STATE_TERMINATED);
    ck_assert_int_eq(p->completion, TK_COMPLETION_FAULTED); /* spec §10.23 */
    uint32_t old_id = p->id;
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, p->id, 5));
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    ck_assert_uint_eq(p->restart_count, 1);
    ck_assert_uint_ne(p->id, old_id);
    fx_assert_failure(fx_command(&b.k, b.caller, DRIVER, 6, old_id, 2), TK_INVAL);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_fault_follows_policy)
{
    /* spec §10.22: under Stop the target ends Faulted and boot refuses it. */
    struct bench b;
    bench_init(&b);
    struct tk_process *p = fx_process_new(&b.k, "target", 0);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, p->id, 3));
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, p->id, 5));
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_stop_self_is_undone)
{
    /* spec §10.24: writing the command's return value sets Running again. */
    struct bench b;
    bench_init(&b);
    fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, b.caller->id, 2));
    ck_assert_int_eq(b.caller->state, TK_STATE_RUNNING);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(process_info_terminate_or_fault_self_is_undone)
{
    /* spec §10.24: terminate (4) records the completion code and wipes
     * grants; fault (3) under the Stop policy terminates and marks the
     * caller Faulted (§10.22), as ProcessStandard::set_fault_state does.
     * Either way the command's return value puts the caller back to
     * Running; the completion code stays. */
    static const uint32_t actions[] = {4, 3};
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        struct bench b;
        bench_init(&b);
        fx_assert_success(fx_command(&b.k, b.caller, DRIVER, 6, b.caller->id, actions[i]));
        ck_assert_int_eq(b.caller->state, TK_STATE_RUNNING);
        ck_assert_int_eq(b.caller->completion, TK_COMPLETION_FAULTED);
        fx_kernel_fini(&b.k);
    }
}
END_TEST

START_TEST(process_info_grant_exhausted)
{
    /* A caller whose grant cannot be allocated: 2 and 3 answer S32(0) as the
     * reference ignores the error, 4 and 5 fail with NOMEM. */
    struct bench b;
    bench_init(&b);
    b.caller->app_break = b.caller->kernel_break;
    assert_success_u32(fx_command(&b.k, b.caller, DRIVER, 2, 0, 0), 0);
    assert_success_u32(fx_command(&b.k, b.caller, DRIVER, 3, 0, 0), 0);
    fx_assert_failure(fx_command(&b.k, b.caller, DRIVER, 4, b.caller->id, 0), TK_NOMEM);
    fx_assert_failure(fx_command(&b.k, b.caller, DRIVER, 5, b.caller->id, 0), TK_NOMEM);
    assert_success_u32(fx_command(&b.k, b.caller, DRIVER, 1, 0, 0), 1);
    fx_kernel_fini(&b.k);
}
END_TEST

Suite *process_info_suite(void)
{
    Suite *s = suite_create("process_info");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, process_info_command_0_and_unknown);
    tcase_add_test(tc, process_info_count_includes_every_state);
    tcase_add_test(tc, process_info_ids_fill_whole_words);
    tcase_add_test(tc, process_info_ids_without_buffer_still_count);
    tcase_add_test(tc, process_info_short_ids);
    tcase_add_test(tc, process_info_name_truncated_to_buffer);
    tcase_add_test(tc, process_info_stats_layout);
    tcase_add_loop_test(tc, process_info_state_numbers, 0, 6);
    tcase_add_test(tc, process_info_control_actions);
    tcase_add_test(tc, process_info_fault_follows_policy);
    tcase_add_test(tc, process_info_stop_self_is_undone);
    tcase_add_test(tc, process_info_terminate_or_fault_self_is_undone);
    tcase_add_test(tc, process_info_grant_exhausted);
    suite_add_tcase(s, tc);
    return s;
}
