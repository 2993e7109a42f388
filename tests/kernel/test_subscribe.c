/* Subscribe (class 1): check order, swap results, purge of queued calls.
 *
 * Checks spec §1.6 (Subscribe), §2.2, §2.6, §2.7 and §10.2-§10.8 against
 * emu/kernel/dispatch.c and grant.c.
 */
#include <check.h>

#include "kdriver.h"

static int reject_all(struct tk_kernel *k, struct tk_process *p, const struct tk_syscall *sc)
{
    (void)k;
    (void)p;
    (void)sc;
    return TK_NODEVICE;
}

START_TEST(subscribe_first_returns_null_upcall)
{
    /* spec §2.6: every slot starts as the Null Upcall: Success2(0, 0). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 0, fx_upcall_fn(p, 0), 9);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(r.reg[1], 0);
    ck_assert_uint_eq(r.reg[2], 0);
    ck_assert_uint_eq(r.written, 0x7);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_swap_returns_previous_fn_and_userdata)
{
    /* spec §1.6 step 6: Success2(previous fn, previous userdata), 64-bit. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t fn = fx_upcall_fn(p, 1), userdata = 0xfeedfacecafebeefull;
    fx_subscribe(&k, p, KD_NUM, 2, fn, userdata);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 2, fx_upcall_fn(p, 2), 1);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(r.reg[1], fn);
    ck_assert_uint_eq(r.reg[2], userdata);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_null_upcall_is_success_and_keeps_userdata)
{
    /* spec §1.6: subscribing pointer 0 succeeds; its userdata comes back. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 0, 0, 1234);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    r = fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    ck_assert_uint_eq(r.reg[1], 0);
    ck_assert_uint_eq(r.reg[2], 1234);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_invalid_pointer_checked_before_driver)
{
    /* spec §10.3: INVAL even for a missing driver, with the caller's values. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t bad = 0x10;
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_MISSING_NUM, 0, bad, 77);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    ck_assert_uint_eq(r.reg[2], bad);
    ck_assert_uint_eq(r.reg[3], 77);
    ck_assert_uint_eq(r.written, 0xf);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_pointer_in_protected_flash_is_inval)
{
    /* spec §1.6 step 2: the TBF header / protected region is not code. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 0, p->flash_start, 0);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    /* The last 4 bytes of flash are fine, 3 bytes before the end are not. */
    r = fx_subscribe(&k, p, KD_NUM, 0, p->flash_start + p->flash_len - 4, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    r = fx_subscribe(&k, p, KD_NUM, 0, p->flash_start + p->flash_len - 3, 0);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_pointer_in_ram_must_lie_below_break)
{
    /* spec §1.6 step 2: RAM [memory_start, app_break) holds valid code. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 0, p->memory_start, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    r = fx_subscribe(&k, p, KD_NUM, 0, p->app_break - 2, 0);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_missing_driver_returns_callers_values)
{
    /* spec §10.4: Failure2(NODEVICE, passed fn, passed userdata). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t fn = fx_upcall_fn(p, 3);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_MISSING_NUM, 0, fn, 55);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NODEVICE);
    ck_assert_uint_eq(r.reg[2], fn);
    ck_assert_uint_eq(r.reg[3], 55);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_driver_without_grant_is_nomem)
{
    /* spec §10.6: no grant (LED) -> NOMEM after one allocation attempt. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NOGRANT_NUM, 0, 0, 3);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOMEM);
    ck_assert_uint_eq(r.reg[3], 3);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_grant_allocation_failure_is_nomem)
{
    /* spec §10.42: no room between app break and kernel break -> NOMEM. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_assert_success(fx_memop(&k, p, 0, p->kernel_break));
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOMEM);
    ck_assert_uint_eq(p->grants[kd.driver.grant_index], 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_number_out_of_range_is_nosupport)
{
    /* spec §10.5: NOSUPPORT (TRD says INVAL); the grant is allocated first. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, KD_UPCALLS, 0, 8);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    ck_assert_uint_eq(r.reg[3], 8);
    ck_assert_uint_ne(p->grants[kd.driver.grant_index], 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_success_purges_function_calls_not_return_values)
{
    /* spec §10.8: queued FunctionCalls of the id go; ReturnValues and other
     * ids stay. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    kd_schedule(&kd, p, 0, 1); /* ReturnValue (0) */
    fx_subscribe(&k, p, KD_NUM, 0, fx_upcall_fn(p, 0), 0);
    fx_subscribe(&k, p, KD_NUM, 1, fx_upcall_fn(p, 1), 0);
    kd_schedule(&kd, p, 0, 2); /* FunctionCall (0) */
    kd_schedule(&kd, p, 1, 3); /* FunctionCall (1) */
    kd_schedule(&kd, p, 0, 4); /* FunctionCall (0) */
    ck_assert_uint_eq(fx_task_count(p), 4);
    fx_assert_variant(fx_subscribe(&k, p, KD_NUM, 0, fx_upcall_fn(p, 5), 0), TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(fx_task_count(p), 2);
    struct tk_task t;
    fx_pop_task(p, &t);
    ck_assert_int_eq(t.kind, TK_TASK_RETURN_VALUE);
    ck_assert_uint_eq(t.arg[0], 1);
    fx_pop_task(p, &t);
    ck_assert_int_eq(t.kind, TK_TASK_FUNCTION_CALL);
    ck_assert_uint_eq(t.id.subscribe, 1);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_failure_keeps_old_upcall_and_queue)
{
    /* spec §2.7: a failed subscribe changes nothing. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t fn = fx_upcall_fn(p, 0);
    fx_subscribe(&k, p, KD_NUM, 0, fn, 6);
    kd_schedule(&kd, p, 0, 1);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 0, 0x10, 0);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    ck_assert_uint_eq(fx_task_count(p), 1);
    r = fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    ck_assert_uint_eq(r.reg[1], fn);
    ck_assert_uint_eq(r.reg[2], 6);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subscribe_filtered_returns_plain_failure)
{
    /* spec §10.2: a filtered subscribe is Failure(err), variant 0. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    k.filter = reject_all;
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    fx_assert_failure(r, TK_NODEVICE);
    ck_assert_uint_eq(r.written, 0x3);
    ck_assert_uint_eq(p->syscall_count, 1);
    ck_assert_uint_eq(p->grants[kd.driver.grant_index], 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(scheduled_upcall_carries_userdata_as_fourth_argument)
{
    /* spec §2.2: FunctionCall{pc = fn, a0, a1, a2, arg3 = userdata}. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t fn = fx_upcall_fn(p, 4);
    fx_subscribe(&k, p, KD_NUM, 2, fn, 0xabcdef0123ull);
    ck_assert_int_eq(kd_schedule(&kd, p, 2, 10), 0);
    struct tk_task t;
    ck_assert(fx_pop_task(p, &t));
    ck_assert_int_eq(t.kind, TK_TASK_FUNCTION_CALL);
    ck_assert(!t.from_kernel);
    ck_assert_uint_eq(t.pc, fn);
    ck_assert_uint_eq(t.id.driver, KD_NUM);
    ck_assert_uint_eq(t.id.subscribe, 2);
    ck_assert_uint_eq(t.arg[0], 10);
    ck_assert_uint_eq(t.arg[3], 0xabcdef0123ull);
    fx_kernel_fini(&k);
}
END_TEST

Suite *subscribe_suite(void)
{
    Suite *s = suite_create("subscribe");
    TCase *tc = tcase_create("subscribe");
    tcase_add_test(tc, subscribe_first_returns_null_upcall);
    tcase_add_test(tc, subscribe_swap_returns_previous_fn_and_userdata);
    tcase_add_test(tc, subscribe_null_upcall_is_success_and_keeps_userdata);
    tcase_add_test(tc, subscribe_invalid_pointer_checked_before_driver);
    tcase_add_test(tc, subscribe_pointer_in_protected_flash_is_inval);
    tcase_add_test(tc, subscribe_pointer_in_ram_must_lie_below_break);
    tcase_add_test(tc, subscribe_missing_driver_returns_callers_values);
    tcase_add_test(tc, subscribe_driver_without_grant_is_nomem);
    tcase_add_test(tc, subscribe_grant_allocation_failure_is_nomem);
    tcase_add_test(tc, subscribe_number_out_of_range_is_nosupport);
    tcase_add_test(tc, subscribe_success_purges_function_calls_not_return_values);
    tcase_add_test(tc, subscribe_failure_keeps_old_upcall_and_queue);
    tcase_add_test(tc, subscribe_filtered_returns_plain_failure);
    tcase_add_test(tc, scheduled_upcall_carries_userdata_as_fourth_argument);
    suite_add_tcase(s, tc);
    return s;
}
