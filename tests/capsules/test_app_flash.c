/* App flash capsule (driver 0x50000) over the NOR flash model backing the
 * process's own flash: spec §8.12, §10.39, libtock-c-surface §1.5.
 *
 * The fixture's flash is moved to a low address (the command passes the
 * address in 32 bits, as on the emulator's layout below 2 GiB), and a flash
 * model over that memory stands where the board puts the app flash backing.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "app_flash_driver.h"
#include "flash_env.h"
#include "nonvolatile_to_pages.h"

#define AF         TK_DRIVER_NUM_APP_FLASH
#define FLASH_LEN  4096
#define FLASH_PAGE 512

struct env {
    struct tk_kernel k;
    struct tk_process *p;
    uint8_t *flash; /* the process's flash, mapped low */
    struct emu_flash_options o;
    struct emu_flash *model;
    struct tk_nonvolatile_to_pages pages;
    uint8_t page_buffer[FLASH_PAGE];
    struct tk_app_flash af;
};

/* Flash below 4 GiB: try a few fixed spots that are free. */
static uint8_t *map_low(void)
{
    for (uintptr_t at = 0x30000000; at < 0x7F000000; at += 0x01000000) {
        void *m = mmap((void *)at, FLASH_LEN, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (m != MAP_FAILED)
            return m;
    }
    ck_abort_msg("no free low address for the app flash");
    return NULL;
}

static struct env *env_new(void)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    e->p = fx_process_new(&e->k, "app", 0);
    e->flash = map_low();
    memset(e->flash, 0xFF, FLASH_LEN);
    e->p->flash_start = (uint64_t)(uintptr_t)e->flash;
    ck_assert_uint_eq(e->p->flash_len, FLASH_LEN);

    /* The board's wiring: model over the app flash, pages, capsule. */
    e->o = flash_env_options(NULL, FLASH_PAGE, FLASH_LEN / FLASH_PAGE);
    e->o.memory = e->flash;
    e->o.memory_len = FLASH_LEN;
    e->model = flash_env_open(&e->k, &e->o);
    struct tk_flash *fl = emu_flash_partition(e->model, 0, FLASH_LEN / FLASH_PAGE, NULL);
    tk_nonvolatile_to_pages_init(&e->pages, fl, e->page_buffer, e->p->flash_start);
    tk_app_flash_init(&e->af, &e->pages.storage);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->af.driver), 0);
    fx_assert_variant(fx_subscribe(&e->k, e->p, AF, 0, fx_upcall_fn(e->p, 1), 0),
                      TK_RV_SUCCESS_U32_U32);
    return e;
}

static void env_free(struct env *e)
{
    emu_flash_free(e->model);
    emu_flash_options_fini(&e->o);
    fx_kernel_fini(&e->k);
    munmap(e->flash, FLASH_LEN);
    free(e);
}

/* Fill `len` RAM bytes at `off` with `value` and allow them as RO 0. */
static void allow_bytes(struct env *e, size_t off, size_t len, uint8_t value)
{
    memset(fx_ram(e->p, off), value, len);
    fx_assert_variant(fx_allow_ro(&e->k, e->p, AF, 0, fx_addr(e->p, off), len),
                      TK_RV_SUCCESS_U32_U32);
}

static uint32_t flash_addr(struct env *e, size_t offset)
{
    return (uint32_t)(e->p->flash_start + offset);
}

static struct tk_syscall_return write_at(struct env *e, size_t offset)
{
    return fx_command(&e->k, e->p, AF, 1, flash_addr(e, offset), 0);
}

static bool all_bytes(const uint8_t *p, size_t len, uint8_t value)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != value)
            return false;
    return true;
}

START_TEST(command_0_exists_and_unknown_is_nosupport)
{
    /* spec §8.12: command 0 S; spec §8: unknown command F(NOSUPPORT). */
    struct env *e = env_new();
    fx_assert_success(fx_command(&e->k, e->p, AF, 0, 0, 0));
    fx_assert_failure(fx_command(&e->k, e->p, AF, 2, 0, 0), TK_NOSUPPORT);
    env_free(e);
}
END_TEST

START_TEST(write_lands_in_own_flash_and_upcalls_zeroes)
{
    /* spec §8.12: cmd 1 writes RO allow 0 at the absolute address; upcall 0
     * is (0, 0, 0). Bytes around it are kept (page read-modify-write). */
    struct env *e = env_new();
    e->flash[1000] = 0x77;
    allow_bytes(e, 0, 100, 0xA5);
    fx_assert_success(write_at(e, 1001));
    ck_assert_uint_eq(fx_task_count(e->p), 0);
    fx_settle(&e->k);
    ck_assert(all_bytes(e->flash + 1001, 100, 0xA5));
    ck_assert_uint_eq(e->flash[1000], 0x77);
    ck_assert_uint_eq(e->flash[1101], 0xFF);
    fx_expect_upcall(e->p, 0, 0, 0);
    ck_assert_uint_eq(fx_task_count(e->p), 0);
    env_free(e);
}
END_TEST

START_TEST(write_spanning_pages_lands_whole)
{
    /* spec §8.12: non-page-aligned writes are handled (nonvolatile_to_pages). */
    struct env *e = env_new();
    allow_bytes(e, 0, 300, 0x3C);
    fx_assert_success(write_at(e, FLASH_PAGE - 100));
    fx_settle(&e->k);
    ck_assert(all_bytes(e->flash + FLASH_PAGE - 100, 300, 0x3C));
    fx_expect_upcall(e->p, 0, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(write_into_protected_header_is_inval)
{
    /* spec §8.12: the address must be >= the non-protected flash start. */
    struct env *e = env_new();
    allow_bytes(e, 0, 4, 0);
    size_t protected_size = e->p->flash_protected_size;
    fx_assert_failure(write_at(e, protected_size - 1), TK_INVAL);
    fx_assert_success(write_at(e, protected_size));
    fx_settle(&e->k);
    env_free(e);
}
END_TEST

START_TEST(write_ending_exactly_at_flash_end_is_inval)
{
    /* spec §10.39: address + length < flash end, so ending exactly at the
     * end is refused; one byte earlier is accepted. */
    struct env *e = env_new();
    allow_bytes(e, 0, 16, 0);
    fx_assert_failure(write_at(e, FLASH_LEN - 16), TK_INVAL);
    fx_assert_failure(write_at(e, FLASH_LEN), TK_INVAL);
    fx_assert_failure(write_at(e, FLASH_LEN + 4096), TK_INVAL);
    ck_assert_uint_eq(fx_task_count(e->p), 0);
    fx_assert_success(write_at(e, FLASH_LEN - 17));
    fx_settle(&e->k);
    fx_expect_upcall(e->p, 0, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(write_length_is_capped_at_the_512_byte_kernel_buffer)
{
    /* spec §8.12: length written = min(buffer length, 512). */
    struct env *e = env_new();
    allow_bytes(e, 0, 600, 0x00);
    fx_assert_success(write_at(e, 1024));
    fx_settle(&e->k);
    ck_assert(all_bytes(e->flash + 1024, 512, 0x00));
    ck_assert_uint_eq(e->flash[1024 + 512], 0xFF);
    env_free(e);
}
END_TEST

START_TEST(write_without_buffer_writes_nothing_and_completes)
{
    /* spec §8.12 says RESERVE without a buffer; upstream enqueue_write enters
     * the empty slot as a 0-byte slice and completes (0,0,0). */
    struct env *e = env_new();
    fx_assert_success(write_at(e, 1024));
    fx_settle(&e->k);
    fx_expect_upcall(e->p, 0, 0, 0);
    ck_assert(all_bytes(e->flash + 64, FLASH_LEN - 64, 0xFF));
    env_free(e);
}
END_TEST

START_TEST(second_request_is_queued_and_a_third_is_nomem)
{
    /* spec §8.12: while busy, one request per process is queued; a second
     * queued one fails NOMEM. The queued one runs after the first. */
    struct env *e = env_new();
    allow_bytes(e, 0, 512, 0x11);
    fx_assert_success(write_at(e, 512));
    fx_assert_success(write_at(e, 1024));
    fx_assert_failure(write_at(e, 1536), TK_NOMEM);
    fx_settle(&e->k);
    ck_assert(all_bytes(e->flash + 512, 1024, 0x11));
    ck_assert_uint_eq(e->flash[1536], 0xFF);
    fx_expect_upcall(e->p, 0, 0, 0);
    fx_expect_upcall(e->p, 0, 0, 0);
    ck_assert_uint_eq(fx_task_count(e->p), 0);
    env_free(e);
}
END_TEST

START_TEST(queued_request_runs_only_with_a_512_byte_buffer)
{
    /* spec §8.12: queued requests only proceed if the buffer is exactly 512
     * bytes; otherwise it is dropped without an upcall. */
    struct env *e = env_new();
    allow_bytes(e, 0, 100, 0x22);
    fx_assert_success(write_at(e, 512));
    fx_assert_success(write_at(e, 1024));
    fx_settle(&e->k);
    ck_assert(all_bytes(e->flash + 512, 100, 0x22));
    ck_assert_uint_eq(e->flash[1024], 0xFF);
    fx_expect_upcall(e->p, 0, 0, 0);
    ck_assert_uint_eq(fx_task_count(e->p), 0);
    /* The driver is free again. */
    fx_assert_success(write_at(e, 2048));
    fx_settle(&e->k);
    ck_assert_uint_eq(e->flash[2048], 0x22);
    env_free(e);
}
END_TEST

START_TEST(queued_request_is_checked_again_with_the_buffer_it_writes)
{
    /* spec §10.39: a write never reaches past the process's flash end. A
     * request queued with a 1-byte buffer just below the end must not run
     * once the app has allowed 512 bytes instead: the rest of the flash
     * model (here standing for the next app's flash) stays untouched. */
    struct env *e = env_new();
    e->p->flash_len = FLASH_LEN / 2;
    allow_bytes(e, 0, 512, 0x33);
    fx_assert_success(write_at(e, 512));
    allow_bytes(e, 0, 1, 0x33);
    fx_assert_success(write_at(e, FLASH_LEN / 2 - 2));
    allow_bytes(e, 0, 512, 0x33);
    fx_settle(&e->k);
    fx_expect_upcall(e->p, 0, 0, 0);
    ck_assert_uint_eq(fx_task_count(e->p), 0);
    ck_assert(all_bytes(e->flash + FLASH_LEN / 2 - 2, FLASH_LEN / 2 + 2, 0xFF));
    env_free(e);
}
END_TEST

START_TEST(app_state_survives_a_restarted_emulator_in_a_file)
{
    /* libtock-c-surface §1.5: state saved into a writeable flash region is
     * found again after a restart when the board backs app flash by the
     * flash file. Here: a file model at the app flash addresses. */
    struct env *e = env_new();
    char *dir;
    char *path = flash_env_tmpfile(&dir);
    struct emu_flash_options o = flash_env_options(path, FLASH_PAGE, FLASH_LEN / FLASH_PAGE);
    struct emu_flash *file = flash_env_open(&e->k, &o);
    struct tk_flash *fl = emu_flash_partition(file, 0, FLASH_LEN / FLASH_PAGE, NULL);
    tk_nonvolatile_to_pages_init(&e->pages, fl, e->page_buffer, e->p->flash_start);
    allow_bytes(e, 0, 32, 0x5E);
    fx_assert_success(write_at(e, 2048));
    fx_settle(&e->k);
    emu_flash_free(file);
    file = flash_env_open(&e->k, &o);
    ck_assert(all_bytes(emu_flash_data(file) + 2048, 32, 0x5E));
    emu_flash_free(file);
    emu_flash_options_fini(&o);
    flash_env_tmp_free(dir, path);
    env_free(e);
}
END_TEST

Suite *app_flash_suite(void)
{
    Suite *s = suite_create("app_flash");
    TCase *tc = tcase_create("app_flash");
    tcase_add_test(tc, command_0_exists_and_unknown_is_nosupport);
    tcase_add_test(tc, write_lands_in_own_flash_and_upcalls_zeroes);
    tcase_add_test(tc, write_spanning_pages_lands_whole);
    tcase_add_test(tc, write_into_protected_header_is_inval);
    tcase_add_test(tc, write_ending_exactly_at_flash_end_is_inval);
    tcase_add_test(tc, write_length_is_capped_at_the_512_byte_kernel_buffer);
    tcase_add_test(tc, write_without_buffer_writes_nothing_and_completes);
    tcase_add_test(tc, second_request_is_queued_and_a_third_is_nomem);
    tcase_add_test(tc, queued_request_runs_only_with_a_512_byte_buffer);
    tcase_add_test(tc, queued_request_is_checked_again_with_the_buffer_it_writes);
    tcase_add_test(tc, app_state_survives_a_restarted_emulator_in_a_file);
    suite_add_tcase(s, tc);
    return s;
}
