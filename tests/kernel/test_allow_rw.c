/* Read-Write Allow (class 3): validation order, swap, high-water mark.
 *
 * Checks spec §3.1-§3.4 and §10.5, §10.6, §10.13-§10.15, §10.21 against
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

START_TEST(allow_rw_first_returns_zero_then_previous)
{
    /* spec §3.2 step 8: Success2(previous addr, previous len); first (0,0). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, 1, fx_addr(p, 64), 16);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(r.reg[1], 0);
    ck_assert_uint_eq(r.reg[2], 0);
    r = fx_allow_rw(&k, p, KD_NUM, 1, 0, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(r.reg[1], fx_addr(p, 64));
    ck_assert_uint_eq(r.reg[2], 16);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_buffer_visible_to_capsule)
{
    /* spec §3.4: the capsule reads the allowed bytes in place. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 128), 32);
    struct tk_buffer b = tk_allow_rw_get(&kd.driver, p, 0);
    ck_assert_ptr_eq(b.ptr, fx_ram(p, 128));
    ck_assert_uint_eq(b.len, 32);
    b = tk_allow_rw_get(&kd.driver, p, 1);
    ck_assert_ptr_null(b.ptr);
    b = tk_allow_rw_get(&kd.driver, p, KD_RW);
    ck_assert_ptr_null(b.ptr);
    ck_assert_uint_eq(b.len, 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_missing_driver_is_nodevice_with_callers_values)
{
    /* spec §3.2 step 2: Failure2(NODEVICE, addr, size). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_MISSING_NUM, 0, 0x1234, 5);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NODEVICE);
    ck_assert_uint_eq(r.reg[2], 0x1234);
    ck_assert_uint_eq(r.reg[3], 5);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_zero_length_any_address_returned_verbatim)
{
    /* spec §10.13: (garbage, 0) is accepted and comes back verbatim; the
     * capsule sees NULL. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t garbage = 0xdeadbeefcafe0001ull;
    fx_assert_variant(fx_allow_rw(&k, p, KD_NUM, 0, garbage, 0), TK_RV_SUCCESS_U32_U32);
    struct tk_buffer b = tk_allow_rw_get(&kd.driver, p, 0);
    ck_assert_ptr_null(b.ptr);
    ck_assert_uint_eq(b.len, 0);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, 0, 0, 0);
    ck_assert_uint_eq(r.reg[1], garbage);
    ck_assert_uint_eq(r.reg[2], 0);
    ck_assert_uint_eq(p->allow_high_water_mark, p->memory_start);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_outside_app_ram_is_inval)
{
    /* spec §3.2 step 5: the range must lie in [memory_start, app_break). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    size_t brk = (size_t)(p->app_break - p->memory_start);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, brk - 8), 9);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    ck_assert_uint_eq(r.reg[2], fx_addr(p, brk - 8));
    ck_assert_uint_eq(r.reg[3], 9);
    fx_assert_variant(fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, brk - 8), 8), TK_RV_SUCCESS_U32_U32);
    r = fx_allow_rw(&k, p, KD_NUM, 0, p->memory_start - 1, 4);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    r = fx_allow_rw(&k, p, KD_NUM, 0, p->kernel_break, 4); /* grant region */
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_wrapping_range_is_inval)
{
    /* spec §3.2 step 5: [addr, addr+size) must not wrap. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 16), UINT64_MAX);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_in_flash_is_inval)
{
    /* spec §3.1: Read-Write buffers must be in RAM. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, 0, fx_flash_addr(p, 0), 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_driver_without_grant_is_nomem_but_raises_mark)
{
    /* spec §10.6, §10.14: NOMEM, and the validated range still counts. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NOGRANT_NUM, 0, fx_addr(p, 100), 50);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOMEM);
    ck_assert_uint_eq(p->allow_high_water_mark, fx_addr(p, 150));
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_number_out_of_range_is_nosupport)
{
    /* spec §10.5: NOSUPPORT, not INVAL. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, KD_RW, fx_addr(p, 0), 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    ck_assert_uint_eq(p->allow_high_water_mark, fx_addr(p, 4));
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_grant_allocation_failure_is_nomem)
{
    /* spec §3.2 step 6: no room for the grant -> NOMEM. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_assert_success(fx_memop(&k, p, 0, p->kernel_break));
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 0), 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOMEM);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_mark_blocks_brk_below_it)
{
    /* spec §10.14: brk can never go below the end of an allowed range. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 1000), 24);
    fx_allow_rw(&k, p, KD_NUM, 0, 0, 0); /* returning it does not lower it */
    fx_assert_failure(fx_memop(&k, p, 0, fx_addr(p, 1023)), TK_NOMEM);
    fx_assert_success(fx_memop(&k, p, 0, fx_addr(p, 1024)));
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_aliasing_and_growth_accepted)
{
    /* spec §3.4: overlapping buffers and re-allowing larger are legal. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_assert_variant(fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 0), 8), TK_RV_SUCCESS_U32_U32);
    fx_assert_variant(fx_allow_rw(&k, p, KD_NUM, 1, fx_addr(p, 0), 8), TK_RV_SUCCESS_U32_U32);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 0), 64);
    ck_assert_uint_eq(r.reg[2], 8);
    ck_assert_uint_eq(tk_allow_rw_get(&kd.driver, p, 0).len, 64);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_filtered_is_plain_failure)
{
    /* spec §10.2: a filtered allow gets variant 0. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    k.filter = reject_all;
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 0), 4);
    fx_assert_failure(r, TK_NODEVICE);
    ck_assert_uint_eq(p->allow_high_water_mark, p->memory_start);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_rw_forgotten_after_terminate)
{
    /* spec §10.21: terminate wipes grants; capsules see length 0. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 0), 4);
    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    struct tk_buffer b = tk_allow_rw_get(&kd.driver, p, 0);
    ck_assert_ptr_null(b.ptr);
    ck_assert_uint_eq(b.len, 0);
    fx_kernel_fini(&k);
}
END_TEST

Suite *allow_rw_suite(void)
{
    Suite *s = suite_create("allow_rw");
    TCase *tc = tcase_create("allow_rw");
    tcase_add_test(tc, allow_rw_first_returns_zero_then_previous);
    tcase_add_test(tc, allow_rw_buffer_visible_to_capsule);
    tcase_add_test(tc, allow_rw_missing_driver_is_nodevice_with_callers_values);
    tcase_add_test(tc, allow_rw_zero_length_any_address_returned_verbatim);
    tcase_add_test(tc, allow_rw_outside_app_ram_is_inval);
    tcase_add_test(tc, allow_rw_wrapping_range_is_inval);
    tcase_add_test(tc, allow_rw_in_flash_is_inval);
    tcase_add_test(tc, allow_rw_driver_without_grant_is_nomem_but_raises_mark);
    tcase_add_test(tc, allow_rw_number_out_of_range_is_nosupport);
    tcase_add_test(tc, allow_rw_grant_allocation_failure_is_nomem);
    tcase_add_test(tc, allow_rw_mark_blocks_brk_below_it);
    tcase_add_test(tc, allow_rw_aliasing_and_growth_accepted);
    tcase_add_test(tc, allow_rw_filtered_is_plain_failure);
    tcase_add_test(tc, allow_rw_forgotten_after_terminate);
    suite_add_tcase(s, tc);
    return s;
}
