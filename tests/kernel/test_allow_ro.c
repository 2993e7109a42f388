/* Read-Only Allow (class 4): RAM or non-protected flash, own namespace.
 *
 * Checks spec §3.1-§3.3 and §10.13-§10.15 against emu/kernel/dispatch.c and
 * grant.c.
 */
#include <check.h>

#include "kdriver.h"

START_TEST(allow_ro_flash_accepted_without_raising_mark)
{
    /* spec §3.3: RO buffers in flash do not move the high-water mark. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_allow_ro(&k, p, KD_NUM, 0, fx_flash_addr(p, 0), 100);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(p->allow_high_water_mark, p->memory_start);
    struct tk_buffer b = tk_allow_ro_get(&kd.driver, p, 0);
    ck_assert_uint_eq((uint64_t)(uintptr_t)b.ptr, fx_flash_addr(p, 0));
    ck_assert_uint_eq(b.len, 100);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_ro_protected_flash_is_inval)
{
    /* spec §10.15: the TBF header / protected region is not app flash. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_allow_ro(&k, p, KD_NUM, 0, p->flash_start, 8);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    r = fx_allow_ro(&k, p, KD_NUM, 0, fx_flash_addr(p, 0) - 1, 8);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    r = fx_allow_ro(&k, p, KD_NUM, 0, p->flash_start + p->flash_len - 4, 5);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_ro_ram_accepted_and_raises_mark)
{
    /* spec §3.3: RAM buffers raise the mark for RO allows too. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_assert_variant(fx_allow_ro(&k, p, KD_NUM, 1, fx_addr(p, 200), 10), TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(p->allow_high_water_mark, fx_addr(p, 210));
    struct tk_syscall_return r = fx_allow_ro(&k, p, KD_NUM, 1, p->app_break, 1);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_ro_and_rw_numbers_are_independent)
{
    /* spec §3.1: RO and RW allow numbers are separate namespaces. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 0), 4);
    struct tk_syscall_return r = fx_allow_ro(&k, p, KD_NUM, 0, fx_addr(p, 8), 4);
    ck_assert_uint_eq(r.reg[1], 0);
    ck_assert_uint_eq(r.reg[2], 0);
    ck_assert_uint_eq((uint64_t)(uintptr_t)tk_allow_rw_get(&kd.driver, p, 0).ptr, fx_addr(p, 0));
    ck_assert_uint_eq((uint64_t)(uintptr_t)tk_allow_ro_get(&kd.driver, p, 0).ptr, fx_addr(p, 8));
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_ro_error_paths)
{
    /* spec §3.2: NODEVICE, NOMEM (no grant), NOSUPPORT (number), all with
     * the caller's address and size. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t a = fx_flash_addr(p, 4);
    struct tk_syscall_return r = fx_allow_ro(&k, p, KD_MISSING_NUM, 0, a, 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NODEVICE);
    ck_assert_uint_eq(r.reg[2], a);
    ck_assert_uint_eq(r.reg[3], 4);
    r = fx_allow_ro(&k, p, KD_NOGRANT_NUM, 0, a, 4);
    ck_assert_uint_eq(r.reg[1], TK_NOMEM);
    r = fx_allow_ro(&k, p, KD_NUM, KD_RO, a, 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(allow_ro_zero_length_verbatim)
{
    /* spec §10.13: zero-length, any address, returned verbatim. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_allow_ro(&k, p, KD_NUM, 1, 0x42, 0);
    ck_assert_ptr_null(tk_allow_ro_get(&kd.driver, p, 1).ptr);
    struct tk_syscall_return r = fx_allow_ro(&k, p, KD_NUM, 1, 0, 0);
    ck_assert_uint_eq(r.reg[1], 0x42);
    ck_assert_uint_eq(r.reg[2], 0);
    fx_kernel_fini(&k);
}
END_TEST

Suite *allow_ro_suite(void)
{
    Suite *s = suite_create("allow_ro");
    TCase *tc = tcase_create("allow_ro");
    tcase_add_test(tc, allow_ro_flash_accepted_without_raising_mark);
    tcase_add_test(tc, allow_ro_protected_flash_is_inval);
    tcase_add_test(tc, allow_ro_ram_accepted_and_raises_mark);
    tcase_add_test(tc, allow_ro_and_rw_numbers_are_independent);
    tcase_add_test(tc, allow_ro_error_paths);
    tcase_add_test(tc, allow_ro_zero_length_verbatim);
    suite_add_tcase(s, tc);
    return s;
}
