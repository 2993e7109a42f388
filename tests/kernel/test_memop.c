/* Memop (class 5): brk/sbrk bounds and zero-fill, layout queries.
 *
 * Checks spec §4 and §10.14, §10.17, §10.18 against emu/kernel/memop.c.
 */
#include <check.h>
#include <string.h>

#include "kdriver.h"

static int reject_all(struct tk_kernel *k, struct tk_process *p, const struct tk_syscall *sc)
{
    (void)k;
    (void)p;
    (void)sc;
    return TK_NODEVICE;
}

START_TEST(memop_brk_grows_and_zero_fills)
{
    /* spec §4: brk -> Success (128); newly exposed bytes are zeroed. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t old = p->app_break;
    uint8_t *grown = (uint8_t *)(uintptr_t)old;
    memset(grown, 0xa5, 64);
    struct tk_syscall_return r = fx_memop(&k, p, 0, old + 64);
    fx_assert_success(r);
    ck_assert_uint_eq(r.written, 0x1);
    ck_assert_uint_eq(p->app_break, old + 64);
    for (unsigned i = 0; i < 64; i++)
        ck_assert_uint_eq(grown[i], 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_brk_shrinks_without_clearing)
{
    /* spec §4: shrinking is allowed down to the high-water mark. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_assert_success(fx_memop(&k, p, 0, p->memory_start));
    ck_assert_uint_eq(p->app_break, p->memory_start);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_brk_bounds_are_nomem)
{
    /* spec §10.17: >= memory end, > kernel break, < high-water mark -> NOMEM;
     * equal to the kernel break is allowed. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t end = p->memory_start + p->memory_len;
    fx_assert_failure(fx_memop(&k, p, 0, end), TK_NOMEM);
    fx_assert_failure(fx_memop(&k, p, 0, p->kernel_break + 1), TK_NOMEM);
    fx_assert_failure(fx_memop(&k, p, 0, p->memory_start - 1), TK_NOMEM);
    fx_assert_success(fx_memop(&k, p, 0, p->kernel_break));
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_brk_below_high_water_mark_is_nomem)
{
    /* spec §10.14: an allowed range pins the break above its end. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_allow_ro(&k, p, KD_NUM, 0, fx_addr(p, 512), 16);
    fx_assert_failure(fx_memop(&k, p, 0, fx_addr(p, 527)), TK_NOMEM);
    fx_assert_failure(fx_memop(&k, p, 1, (uint64_t) - (int64_t)(p->app_break - fx_addr(p, 500))),
                      TK_NOMEM);
    fx_assert_success(fx_memop(&k, p, 0, fx_addr(p, 528)));
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_sbrk_returns_old_break_64_bit)
{
    /* spec §4: sbrk -> Success+u32(old break) with the host address in r1;
     * r1 is a signed increment. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t old = p->app_break;
    struct tk_syscall_return r = fx_memop(&k, p, 1, 256);
    fx_assert_variant(r, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq(r.reg[1], old);
    ck_assert_uint_eq(r.written, 0x3);
    ck_assert_uint_eq(p->app_break, old + 256);
    r = fx_memop(&k, p, 1, (uint64_t)(int64_t)-128);
    ck_assert_uint_eq(r.reg[1], old + 256);
    ck_assert_uint_eq(p->app_break, old + 128);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_sbrk_out_of_range_is_nomem)
{
    /* spec §4: sbrk wraps, then the brk checks apply; nothing moves. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t old = p->app_break;
    fx_assert_failure(fx_memop(&k, p, 1, p->memory_len), TK_NOMEM);
    fx_assert_failure(fx_memop(&k, p, 1, (uint64_t)(int64_t)INT64_MIN), TK_NOMEM);
    ck_assert_uint_eq(p->app_break, old);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_layout_queries)
{
    /* spec §4 ops 2-7: Success+u32 with the addresses and counts. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    const struct {
        uint32_t op;
        uint64_t value;
    } cases[] = {
        {2, p->memory_start}, {3, p->memory_start + p->memory_len},
        {4, p->flash_start},  {5, p->flash_start + p->flash_len},
        {6, p->kernel_break}, {7, 0},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tk_syscall_return r = fx_memop(&k, p, cases[i].op, 0);
        fx_assert_variant(r, TK_RV_SUCCESS_U32);
        ck_assert_uint_eq(r.reg[1], cases[i].value);
    }
    /* Op 6 follows grant allocation. */
    fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    ck_assert_uint_eq(fx_memop(&k, p, 6, 0).reg[1], p->kernel_break);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_flash_regions_and_failures)
{
    /* spec §10.18: ops 8/9 give start/end; index past the end or a region
     * of size 0 -> Failure(FAIL). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    p->flash_regions[0] = (struct tk_flash_region){0x400, 0x100};
    p->flash_regions[1] = (struct tk_flash_region){0x800, 0};
    p->flash_region_count = 2;
    ck_assert_uint_eq(fx_memop(&k, p, 7, 0).reg[1], 2);
    struct tk_syscall_return r = fx_memop(&k, p, 8, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq(r.reg[1], p->flash_start + 0x400);
    r = fx_memop(&k, p, 9, 0);
    ck_assert_uint_eq(r.reg[1], p->flash_start + 0x500);
    fx_assert_failure(fx_memop(&k, p, 8, 1), TK_FAIL);
    fx_assert_failure(fx_memop(&k, p, 9, 1), TK_FAIL);
    fx_assert_failure(fx_memop(&k, p, 8, 2), TK_FAIL);
    fx_assert_failure(fx_memop(&k, p, 9, 2), TK_FAIL);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_counts_every_writeable_region_none_cut)
{
    /* spec §4: memop 7 is the TLV length / 8, with no limit in the kernel.
     * Nine regions (more than an older table of eight held) all answer; a
     * process with more than the table holds is refused, never cut short. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_flash_region regions[TK_MAX_FLASH_REGIONS + 1];
    for (unsigned i = 0; i < TK_MAX_FLASH_REGIONS + 1; i++)
        regions[i] = (struct tk_flash_region){0x100 * (i + 1), 0x10};
    for (unsigned i = 0; i < 9; i++)
        p->flash_regions[i] = regions[i];
    p->flash_region_count = 9;
    ck_assert_uint_eq(fx_memop(&k, p, 7, 0).reg[1], 9);
    ck_assert_uint_eq(fx_memop(&k, p, 8, 8).reg[1], p->flash_start + 0x900);

    struct tk_process_config cfg = {
        .name = "too_many",
        .memory_start = p->memory_start,
        .memory_len = p->memory_len,
        .flash_start = p->flash_start,
        .flash_len = p->flash_len,
        .flash_regions = regions,
        .flash_region_count = TK_MAX_FLASH_REGIONS + 1,
        .ops = p->ops,
    };
    int err = 0;
    unsigned before = k.process_count;
    ck_assert_ptr_null(tk_kernel_create_process(&k, &cfg, &err));
    ck_assert_int_eq(err, TK_INVAL);
    ck_assert_uint_eq(k.process_count, before);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_debug_hints_always_succeed)
{
    /* spec §10.18: ops 10/11 record in-range pointers only, always Success. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_assert_success(fx_memop(&k, p, 10, fx_addr(p, 100)));
    fx_assert_success(fx_memop(&k, p, 11, fx_addr(p, 200)));
    ck_assert_uint_eq(p->stack_start_hint, fx_addr(p, 100));
    ck_assert_uint_eq(p->heap_start_hint, fx_addr(p, 200));
    fx_assert_success(fx_memop(&k, p, 10, 4));
    fx_assert_success(fx_memop(&k, p, 11, p->memory_start + p->memory_len));
    ck_assert_uint_eq(p->stack_start_hint, fx_addr(p, 100));
    ck_assert_uint_eq(p->heap_start_hint, fx_addr(p, 200));
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(memop_unknown_op_is_nosupport_and_never_filtered)
{
    /* spec §4: other ops -> Failure(NOSUPPORT); §1.5: memop is not filtered. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    k.filter = reject_all;
    fx_assert_failure(fx_memop(&k, p, 12, 0), TK_NOSUPPORT);
    fx_assert_variant(fx_memop(&k, p, 2, 0), TK_RV_SUCCESS_U32);
    fx_kernel_fini(&k);
}
END_TEST

Suite *memop_suite(void)
{
    Suite *s = suite_create("memop");
    TCase *tc = tcase_create("memop");
    tcase_add_test(tc, memop_brk_grows_and_zero_fills);
    tcase_add_test(tc, memop_brk_shrinks_without_clearing);
    tcase_add_test(tc, memop_brk_bounds_are_nomem);
    tcase_add_test(tc, memop_brk_below_high_water_mark_is_nomem);
    tcase_add_test(tc, memop_sbrk_returns_old_break_64_bit);
    tcase_add_test(tc, memop_sbrk_out_of_range_is_nomem);
    tcase_add_test(tc, memop_layout_queries);
    tcase_add_test(tc, memop_flash_regions_and_failures);
    tcase_add_test(tc, memop_counts_every_writeable_region_none_cut);
    tcase_add_test(tc, memop_debug_hints_always_succeed);
    tcase_add_test(tc, memop_unknown_op_is_nosupport_and_never_filtered);
    suite_add_tcase(s, tc);
    return s;
}
