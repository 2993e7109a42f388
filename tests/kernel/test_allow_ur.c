/* Userspace-Readable Allow (class 7): RW memory rules, then the driver hook.
 *
 * Checks spec §3.1, §3.2 (class 7 paragraph) and §3.3 against
 * emu/kernel/dispatch.c.
 */
#include <check.h>

#include "kdriver.h"

START_TEST(allow_ur_default_is_nosupport_without_grant_allocation)
{
    /* spec §3.2: default Failure2(NOSUPPORT); the kernel allocates no grant. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t kernel_break = p->kernel_break;
    struct tk_syscall_return r = fx_allow_ur(&k, p, KD_NUM, 0, fx_addr(p, 0), 8);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    ck_assert_uint_eq(r.reg[2], fx_addr(p, 0));
    ck_assert_uint_eq(r.reg[3], 8);
    ck_assert_uint_eq(p->grants[kd.driver.grant_index], 0);
    ck_assert_uint_eq(p->kernel_break, kernel_break);
    r = fx_allow_ur(&k, p, KD_NOGRANT_NUM, 0, fx_addr(p, 0), 8);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_ur_driver_hook_swaps)
{
    /* spec §3.2: the driver's allow_userspace_readable decides. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    kd.ur_supported = true;
    struct tk_syscall_return r = fx_allow_ur(&k, p, KD_NUM, 0, fx_addr(p, 16), 8);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(r.reg[1], 0);
    r = fx_allow_ur(&k, p, KD_NUM, 0, 0, 0);
    ck_assert_uint_eq(r.reg[1], fx_addr(p, 16));
    ck_assert_uint_eq(r.reg[2], 8);
    ck_assert_uint_eq(p->allow_high_water_mark, fx_addr(p, 24));
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_ur_validates_before_the_driver)
{
    /* spec §3.2: steps 1-5 as RW; flash and above-break buffers are INVAL,
     * and the driver is not asked. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    kd.ur_supported = true;
    struct tk_syscall_return r = fx_allow_ur(&k, p, KD_NUM, 0, fx_flash_addr(p, 0), 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    r = fx_allow_ur(&k, p, KD_NUM, 0, p->app_break - 2, 4);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    ck_assert_uint_eq(kd.ur_calls, 0);
    r = fx_allow_ur(&k, p, KD_MISSING_NUM, 0, fx_addr(p, 0), 4);
    ck_assert_uint_eq(r.reg[1], TK_NODEVICE);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_ur_zero_length_reaches_driver_verbatim)
{
    /* spec §10.13: zero length accepted at any address. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    kd.ur_supported = true;
    fx_assert_variant(fx_allow_ur(&k, p, KD_NUM, 0, 0x99, 0), TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(kd.ur_addr, 0x99);
    ck_assert_uint_eq(kd.ur_len, 0);
    fx_kernel_fini(&k);
}
END_TEST

Suite *allow_ur_suite(void)
{
    Suite *s = suite_create("allow_ur");
    TCase *tc = tcase_create("allow_ur");
    tcase_add_test(tc, allow_ur_default_is_nosupport_without_grant_allocation);
    tcase_add_test(tc, allow_ur_driver_hook_swaps);
    tcase_add_test(tc, allow_ur_validates_before_the_driver);
    tcase_add_test(tc, allow_ur_zero_length_reaches_driver_verbatim);
    suite_add_tcase(s, tc);
    return s;
}
