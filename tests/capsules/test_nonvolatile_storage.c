/* Nonvolatile storage capsule (driver 0x50001) over a flash partition of the
 * NOR flash model: spec §8.13.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "flash_env.h"
#include "nonvolatile_storage_driver.h"
#include "nonvolatile_to_pages.h"

#define NVS        TK_DRIVER_NUM_NONVOLATILE_STORAGE
#define PAGE       512
#define PAGES      8
#define USER_START 1024 /* device offset of userspace offset 0 */
#define USER_LEN   2048

struct env {
    struct tk_kernel k;
    struct tk_process *p[2];
    struct emu_flash_options o;
    struct emu_flash *model;
    struct tk_nonvolatile_to_pages pages;
    uint8_t page_buffer[PAGE];
    struct tk_nonvolatile_storage_driver nvs;
};

static struct env *env_new(void)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    e->o = flash_env_options(NULL, PAGE, PAGES);
    e->model = flash_env_open(&e->k, &e->o);
    struct tk_flash *fl = emu_flash_partition(e->model, 0, PAGES, NULL);
    tk_nonvolatile_to_pages_init(&e->pages, fl, e->page_buffer, 0);
    tk_nonvolatile_storage_driver_init(&e->nvs, &e->pages.storage, USER_START, USER_LEN);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->nvs.driver), 0);
    e->p[0] = fx_process_new(&e->k, "app0", 0);
    e->p[1] = fx_process_new(&e->k, "app1", 0);
    for (unsigned i = 0; i < 2; i++)
        for (unsigned up = 0; up < 2; up++)
            fx_assert_variant(fx_subscribe(&e->k, e->p[i], NVS, up, fx_upcall_fn(e->p[i], up), 0),
                              TK_RV_SUCCESS_U32_U32);
    return e;
}

static void env_free(struct env *e)
{
    emu_flash_free(e->model);
    emu_flash_options_fini(&e->o);
    fx_kernel_fini(&e->k);
    free(e);
}

static uint8_t *device(struct env *e, size_t user_offset)
{
    return emu_flash_data(e->model) + USER_START + user_offset;
}

/* RO allow 0 of `len` bytes of `value` at RAM offset 0. */
static void allow_source(struct env *e, struct tk_process *p, size_t len, uint8_t value)
{
    memset(fx_ram(p, 0), value, len);
    fx_assert_variant(fx_allow_ro(&e->k, p, NVS, 0, fx_addr(p, 0), len), TK_RV_SUCCESS_U32_U32);
}

/* RW allow 0 of `len` zeroed bytes at RAM offset 4096. */
static uint8_t *allow_destination(struct env *e, struct tk_process *p, size_t len)
{
    uint8_t *ram = fx_ram(p, 4096);
    memset(ram, 0, len);
    fx_assert_variant(fx_allow_rw(&e->k, p, NVS, 0, fx_addr(p, 4096), len), TK_RV_SUCCESS_U32_U32);
    return ram;
}

static bool all_bytes(const uint8_t *p, size_t len, uint8_t value)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != value)
            return false;
    return true;
}

START_TEST(command_1_returns_userspace_length)
{
    /* spec §8.13: cmd 0 S, cmd 1 S32(userspace_length), others NOSUPPORT. */
    struct env *e = env_new();
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 0, 0, 0));
    struct tk_syscall_return r = fx_command(&e->k, e->p[0], NVS, 1, 0, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq(r.reg[1], USER_LEN);
    fx_assert_failure(fx_command(&e->k, e->p[0], NVS, 4, 0, 0), TK_NOSUPPORT);
    env_free(e);
}
END_TEST

START_TEST(write_then_read_round_trips_with_length_upcalls)
{
    /* spec §8.13: upcall 1 = write done (length, 0, 0); upcall 0 = read done
     * (length, 0, 0); offsets are relative to the userspace region. */
    struct env *e = env_new();
    allow_source(e, e->p[0], 100, 0xC3);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 3, 10, 100));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 100, 0, 0);
    ck_assert(all_bytes(device(e, 10), 100, 0xC3));
    ck_assert_uint_eq(*device(e, 9), 0xFF);
    ck_assert_uint_eq(*device(e, 110), 0xFF);

    uint8_t *out = allow_destination(e, e->p[1], 100);
    fx_assert_success(fx_command(&e->k, e->p[1], NVS, 2, 10, 100));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[1], 100, 0, 0);
    ck_assert(all_bytes(out, 100, 0xC3));
    env_free(e);
}
END_TEST

START_TEST(write_across_a_page_boundary_keeps_neighbours)
{
    /* spec §8.13 over nonvolatile_to_pages: a write spanning two pages
     * rewrites both and keeps the bytes around it. */
    struct env *e = env_new();
    allow_source(e, e->p[0], 200, 0x01);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 3, 0, 200));
    fx_settle(&e->k);
    allow_source(e, e->p[0], 100, 0x00);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 3, PAGE - 50, 100));
    fx_settle(&e->k);
    ck_assert(all_bytes(device(e, 0), 200, 0x01));
    ck_assert(all_bytes(device(e, PAGE - 50), 100, 0x00));
    ck_assert_uint_eq(*device(e, PAGE + 50), 0xFF);
    env_free(e);
}
END_TEST

START_TEST(out_of_range_requests_are_inval)
{
    /* spec §8.13: offset >= size, length > size or offset + length > size
     * -> F(INVAL), before any allow check. */
    struct env *e = env_new();
    fx_assert_failure(fx_command(&e->k, e->p[0], NVS, 2, USER_LEN, 0), TK_INVAL);
    fx_assert_failure(fx_command(&e->k, e->p[0], NVS, 3, 0, USER_LEN + 1), TK_INVAL);
    fx_assert_failure(fx_command(&e->k, e->p[0], NVS, 3, USER_LEN - 10, 11), TK_INVAL);
    fx_assert_failure(fx_command(&e->k, e->p[0], NVS, 2, 0xFFFFFFF0u, 0x20), TK_INVAL);
    allow_source(e, e->p[0], 10, 0x00);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 3, USER_LEN - 10, 10));
    fx_settle(&e->k);
    ck_assert(all_bytes(device(e, USER_LEN - 10), 10, 0x00));
    ck_assert_uint_eq(*device(e, USER_LEN), 0xFF); /* nothing past the region */
    env_free(e);
}
END_TEST

START_TEST(missing_allow_is_reserve)
{
    /* spec §8.13: the relevant allow missing or zero-length -> F(RESERVE). */
    struct env *e = env_new();
    fx_assert_failure(fx_command(&e->k, e->p[0], NVS, 2, 0, 10), TK_RESERVE);
    fx_assert_failure(fx_command(&e->k, e->p[0], NVS, 3, 0, 10), TK_RESERVE);
    allow_destination(e, e->p[0], 10); /* RW does not stand in for RO */
    fx_assert_failure(fx_command(&e->k, e->p[0], NVS, 3, 0, 10), TK_RESERVE);
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    env_free(e);
}
END_TEST

START_TEST(length_is_min_of_request_allow_and_512)
{
    /* spec §8.13: effective length = min(length, allow length, 512). */
    struct env *e = env_new();
    allow_source(e, e->p[0], 1000, 0x10);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 3, 0, 800));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 512, 0, 0);
    ck_assert_uint_eq(*device(e, 512), 0xFF);
    allow_source(e, e->p[0], 50, 0x20);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 3, 1000, 100));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 50, 0, 0);
    ck_assert_uint_eq(*device(e, 1050), 0xFF);
    uint8_t *out = allow_destination(e, e->p[0], 30);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 2, 1000, 40));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 30, 0, 0);
    ck_assert(all_bytes(out, 30, 0x20));
    env_free(e);
}
END_TEST

START_TEST(request_while_another_runs_is_reserve)
{
    /* spec §8.13 says queued/NOMEM; upstream's kernel buffer is lent out
     * while a userspace operation runs, so enqueue_command fails RESERVE. */
    struct env *e = env_new();
    allow_source(e, e->p[0], 10, 0x00);
    allow_source(e, e->p[1], 10, 0x00);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 3, 0, 10));
    fx_assert_failure(fx_command(&e->k, e->p[1], NVS, 3, 100, 10), TK_RESERVE);
    fx_assert_failure(fx_command(&e->k, e->p[0], NVS, 3, 100, 10), TK_RESERVE);
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 10, 0, 0);
    ck_assert_uint_eq(fx_task_count(e->p[1]), 0);
    fx_assert_success(fx_command(&e->k, e->p[1], NVS, 3, 100, 10));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[1], 10, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(read_copies_into_the_allow_current_at_completion)
{
    /* spec §3.4: buffers may change at any time; the capsule re-reads the
     * allow when the read completes and copies at most its length. */
    struct env *e = env_new();
    allow_source(e, e->p[0], 64, 0x44);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 3, 0, 64));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 64, 0, 0);
    allow_destination(e, e->p[0], 64);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 2, 0, 64));
    uint8_t *small = fx_ram(e->p[0], 8192);
    memset(small, 0, 17);
    fx_assert_variant(fx_allow_rw(&e->k, e->p[0], NVS, 0, fx_addr(e->p[0], 8192), 16),
                      TK_RV_SUCCESS_U32_U32);
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 64, 0, 0);
    ck_assert(all_bytes(small, 16, 0x44));
    ck_assert_uint_eq(small[16], 0);
    env_free(e);
}
END_TEST

START_TEST(operation_of_a_terminated_process_completes_silently)
{
    /* spec §3.4: an in-flight operation of a process that is gone is
     * dropped. Deviation (nonvolatile_storage_driver.c): the kernel buffer
     * is kept, so the next request is served instead of RESERVE. */
    struct env *e = env_new();
    allow_destination(e, e->p[0], 10);
    fx_assert_success(fx_command(&e->k, e->p[0], NVS, 2, 0, 10));
    tk_process_terminate(e->p[0], TK_COMPLETION_CODE, 0);
    fx_settle(&e->k);
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    allow_source(e, e->p[1], 10, 0x00);
    fx_assert_success(fx_command(&e->k, e->p[1], NVS, 3, 0, 10));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[1], 10, 0, 0);
    env_free(e);
}
END_TEST

Suite *nonvolatile_storage_suite(void)
{
    Suite *s = suite_create("nonvolatile_storage");
    TCase *tc = tcase_create("nonvolatile_storage");
    tcase_add_test(tc, command_1_returns_userspace_length);
    tcase_add_test(tc, write_then_read_round_trips_with_length_upcalls);
    tcase_add_test(tc, write_across_a_page_boundary_keeps_neighbours);
    tcase_add_test(tc, out_of_range_requests_are_inval);
    tcase_add_test(tc, missing_allow_is_reserve);
    tcase_add_test(tc, length_is_min_of_request_allow_and_512);
    tcase_add_test(tc, request_while_another_runs_is_reserve);
    tcase_add_test(tc, read_copies_into_the_allow_current_at_completion);
    tcase_add_test(tc, operation_of_a_terminated_process_completes_silently);
    suite_add_tcase(s, tc);
    return s;
}
