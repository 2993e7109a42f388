/* Isolated nonvolatile storage capsule (driver 0x50004) over a flash
 * partition of the NOR flash model.
 *
 * capsules/extra/src/isolated_nonvolatile_storage_driver.rs @65608d71:
 * region headers (version 1 << 24 | length, shortid, xor; little-endian),
 * 2048-byte regions, a 512-byte kernel buffer.
 */
#include <stdlib.h>

#include "flash_env.h"
#include "isolated_nonvolatile_storage_driver.h"
#include "nonvolatile_to_pages.h"

#define INVS  TK_DRIVER_NUM_ISOLATED_NONVOLATILE_STORAGE
#define PAGE  512
#define PAGES 16 /* 8 KiB: room for three regions and their headers */
#define BUF   0x100

struct env {
    struct tk_kernel k;
    struct tk_process *p[2];
    struct emu_flash_options o;
    struct emu_flash *model;
    struct tk_nonvolatile_to_pages pages;
    uint8_t page_buffer[PAGE];
    struct tk_isolated_nvs invs;
};

/* Permissions of an app with ShortId `id` that may read and modify its own
 * records (0: no write id). */
static struct tk_storage_permissions own(uint32_t id)
{
    return (struct tk_storage_permissions){
        .valid = id != 0, .write_id = id, .read_modify_self = true};
}

/* A kernel, two processes and the capsule over `PAGES` pages of flash, in
 * the file `path` (NULL: RAM). */
static struct env *env_on(const char *path)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    e->o = flash_env_options(path, PAGE, PAGES);
    e->model = flash_env_open(&e->k, &e->o);
    struct tk_flash *fl = emu_flash_partition(e->model, 0, PAGES, NULL);
    tk_nonvolatile_to_pages_init(&e->pages, fl, e->page_buffer, 0);
    tk_isolated_nvs_init(&e->invs, &e->pages.storage, 0, PAGES * PAGE);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->invs.driver), 0);
    for (unsigned i = 0; i < 2; i++) {
        e->p[i] = fx_process_new(&e->k, i == 0 ? "app0" : "app1", 0);
        e->p[i]->storage = own(0x100 + i);
        for (unsigned up = 0; up < 3; up++)
            fx_assert_variant(fx_subscribe(&e->k, e->p[i], INVS, up, fx_upcall_fn(e->p[i], up), 0),
                              TK_RV_SUCCESS_U32_U32);
    }
    return e;
}

static struct env *env_new(void)
{
    return env_on(NULL);
}

static void env_free(struct env *e)
{
    emu_flash_free(e->model);
    emu_flash_options_fini(&e->o);
    fx_kernel_fini(&e->k);
    free(e);
}

/* Put `len` bytes of `byte` at BUF and allow them RO 0 (write source). */
static void allow_write(struct env *e, struct tk_process *p, uint8_t byte, size_t len)
{
    memset(fx_ram(p, BUF), byte, len);
    fx_assert_variant(fx_allow_ro(&e->k, p, INVS, 0, fx_addr(p, BUF), len), TK_RV_SUCCESS_U32_U32);
}

/* Allow `len` bytes at BUF + 0x1000 (cleared) RW 0 (read destination). */
static uint8_t *allow_read(struct env *e, struct tk_process *p, size_t len)
{
    uint8_t *dest = fx_ram(p, BUF + 0x1000);
    memset(dest, 0, len);
    fx_assert_variant(fx_allow_rw(&e->k, p, INVS, 0, fx_addr(p, BUF + 0x1000), len),
                      TK_RV_SUCCESS_U32_U32);
    return dest;
}

static uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

START_TEST(invs_first_use_allocates_a_region_with_a_header)
{
    /* Command 1 -> S; the capsule discovers no header, writes one for the
     * app's write id at the start and erases the region; upcall 0 (0, 2048). */
    struct env *e = env_new();
    fx_assert_success(fx_command(&e->k, e->p[0], INVS, 1, 0, 0));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 0, TK_INVS_REGION_SIZE, 0);
    const uint8_t *flash = emu_flash_data(e->model);
    ck_assert_uint_eq(le32(flash), 1u << 24 | TK_INVS_REGION_SIZE);
    ck_assert_uint_eq(le32(flash + 4), 0x100);
    ck_assert_uint_eq(le32(flash + 8), (1u << 24 | TK_INVS_REGION_SIZE) ^ 0x100);
    env_free(e);
}
END_TEST

START_TEST(invs_write_then_read_back)
{
    /* Command 3 (offset) writes RO allow 0 into the app's region: upcall 2
     * (0, length); command 2 reads RW allow 0's length: upcall 1 (0, n). */
    struct env *e = env_new();
    allow_write(e, e->p[0], 0x5a, 100);
    fx_assert_success(fx_command(&e->k, e->p[0], INVS, 3, 10, 0));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 0, 100, 0);
    uint8_t *dest = allow_read(e, e->p[0], 120);
    fx_assert_success(fx_command(&e->k, e->p[0], INVS, 2, 0, 0));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 0, 120, 0);
    ck_assert_uint_eq(dest[9], 0xff); /* erased */
    ck_assert_uint_eq(dest[10], 0x5a);
    ck_assert_uint_eq(dest[109], 0x5a);
    ck_assert_uint_eq(dest[110], 0xff);
    /* In the flash: just past the 12-byte header, at offset 10. */
    ck_assert_uint_eq(emu_flash_data(e->model)[TK_INVS_HEADER_LEN + 10], 0x5a);
    env_free(e);
}
END_TEST

START_TEST(invs_apps_are_isolated)
{
    /* The second app gets the next region: its read sees erased flash, not
     * the first app's data. */
    struct env *e = env_new();
    allow_write(e, e->p[0], 0x11, 16);
    fx_command(&e->k, e->p[0], INVS, 3, 0, 0);
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 0, 16, 0);
    uint8_t *dest = allow_read(e, e->p[1], 16);
    fx_assert_success(fx_command(&e->k, e->p[1], INVS, 2, 0, 0));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[1], 0, 16, 0);
    ck_assert_uint_eq(dest[0], 0xff);
    const uint8_t *second = emu_flash_data(e->model) + TK_INVS_HEADER_LEN + TK_INVS_REGION_SIZE;
    ck_assert_uint_eq(le32(second + 4), 0x101);
    env_free(e);
}
END_TEST

START_TEST(invs_regions_are_found_again_after_a_reboot)
{
    /* A new kernel and capsule over the same flash read the headers and
     * give each app the region its write id names. */
    char *dir, *path = flash_env_tmpfile(&dir);
    struct env *e = env_on(path);
    allow_write(e, e->p[1], 0x77, 4);
    fx_command(&e->k, e->p[1], INVS, 3, 0, 0);
    fx_settle(&e->k);
    fx_expect_upcall(e->p[1], 0, 4, 0);
    env_free(e);
    e = env_on(path);
    uint8_t *dest = allow_read(e, e->p[1], 4);
    fx_command(&e->k, e->p[1], INVS, 2, 0, 0);
    fx_settle(&e->k);
    fx_expect_upcall(e->p[1], 0, 4, 0);
    ck_assert_uint_eq(dest[3], 0x77);
    env_free(e);
    flash_env_tmp_free(dir, path);
}
END_TEST

START_TEST(invs_without_write_id_or_permission_is_nosupport)
{
    /* check_userspace_perms: no write id -> F(NOSUPPORT) for every command;
     * no read (modify) permission for its own id -> F(NOSUPPORT) for read
     * (write); get size needs neither. */
    struct env *e = env_new();
    e->p[0]->storage = own(0);
    fx_assert_failure(fx_command(&e->k, e->p[0], INVS, 1, 0, 0), TK_NOSUPPORT);
    e->p[1]->storage = (struct tk_storage_permissions){.valid = true, .write_id = 0x101};
    fx_assert_failure(fx_command(&e->k, e->p[1], INVS, 2, 0, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e->k, e->p[1], INVS, 3, 0, 0), TK_NOSUPPORT);
    fx_assert_success(fx_command(&e->k, e->p[1], INVS, 1, 0, 0));
    fx_assert_failure(fx_command(&e->k, e->p[1], INVS, 4, 0, 0), TK_NOSUPPORT);
    env_free(e);
}
END_TEST

START_TEST(invs_second_command_while_pending_is_busy)
{
    struct env *e = env_new();
    fx_assert_success(fx_command(&e->k, e->p[0], INVS, 1, 0, 0));
    fx_assert_failure(fx_command(&e->k, e->p[0], INVS, 1, 0, 0), TK_BUSY);
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 0, TK_INVS_REGION_SIZE, 0);
    env_free(e);
}
END_TEST

START_TEST(invs_errors_come_as_upcalls)
{
    /* handle_syscall: no buffer allowed -> upcall (RESERVE); past the
     * region -> upcall (INVAL); both after a command that said S. */
    struct env *e = env_new();
    fx_assert_success(fx_command(&e->k, e->p[0], INVS, 2, 0, 0));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], TK_RESERVE, 0, 0);
    allow_write(e, e->p[0], 1, 16);
    fx_assert_success(fx_command(&e->k, e->p[0], INVS, 3, TK_INVS_REGION_SIZE - 8, 0));
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], TK_INVAL, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(invs_full_flash_leaves_the_operation_pending)
{
    /* Quirk: allocate_app_region fails NOMEM when no region fits; the
     * operation stays pending with no upcall (and later commands are BUSY). */
    struct env *e = env_new();
    struct tk_process *more[3];
    for (unsigned i = 0; i < 3; i++) {
        more[i] = fx_process_new(&e->k, "more", 0);
        more[i]->storage = own(0x200 + i);
    }
    for (unsigned i = 0; i < 3; i++) {
        fx_subscribe(&e->k, more[i], INVS, 0, fx_upcall_fn(more[i], 0), 0);
        fx_assert_success(fx_command(&e->k, more[i], INVS, 1, 0, 0));
        fx_settle(&e->k);
    }
    fx_expect_upcall(more[0], 0, TK_INVS_REGION_SIZE, 0);
    fx_expect_upcall(more[1], 0, TK_INVS_REGION_SIZE, 0);
    fx_expect_upcall(more[2], 0, TK_INVS_REGION_SIZE, 0);
    /* 8 KiB holds three regions with headers; a fourth does not fit. */
    fx_assert_success(fx_command(&e->k, e->p[0], INVS, 1, 0, 0));
    fx_settle(&e->k);
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    fx_assert_failure(fx_command(&e->k, e->p[0], INVS, 1, 0, 0), TK_BUSY);
    env_free(e);
}
END_TEST

Suite *isolated_nonvolatile_storage_suite(void)
{
    Suite *s = suite_create("isolated_nonvolatile_storage");
    TCase *tc = tcase_create("capsule");
    tcase_add_test(tc, invs_first_use_allocates_a_region_with_a_header);
    tcase_add_test(tc, invs_write_then_read_back);
    tcase_add_test(tc, invs_apps_are_isolated);
    tcase_add_test(tc, invs_regions_are_found_again_after_a_reboot);
    tcase_add_test(tc, invs_without_write_id_or_permission_is_nosupport);
    tcase_add_test(tc, invs_second_command_while_pending_is_busy);
    tcase_add_test(tc, invs_errors_come_as_upcalls);
    tcase_add_test(tc, invs_full_flash_leaves_the_operation_pending);
    suite_add_tcase(s, tc);
    return s;
}
