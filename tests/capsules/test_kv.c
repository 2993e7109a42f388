/* KV capsule (driver 0x50003) over the log-structured store (kv_store.c) on
 * the NOR flash model: spec §8.14, §7.6, §10.35.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "flash_env.h"
#include "kv_driver.h"
#include "kv_store.h"

#define KV        TK_DRIVER_NUM_KV
#define PAGE      1024
#define PAGES     4
#define KEY_OFF   0
#define VALUE_OFF 256
#define OUT_OFF   2048

struct env {
    struct tk_kernel k;
    struct tk_process *p[3];
    struct emu_flash_options o;
    struct emu_flash *model;
    struct tk_kv_store store;
    struct tk_kv_driver kvd;
    char *dir, *path;
};

/* App permissions as a TBF Storage Permissions TLV gives them (spec §7.6):
 * write id = ShortId, lists, no self access unless `self`. */
static struct tk_storage_permissions perms(uint32_t write_id, uint32_t read_id, uint32_t modify_id,
                                           bool self)
{
    struct tk_storage_permissions s = {.valid = true, .write_id = write_id};
    s.read_modify_self = self;
    if (read_id != 0)
        s.read_ids[s.read_count++] = read_id;
    if (modify_id != 0)
        s.modify_ids[s.modify_count++] = modify_id;
    return s;
}

/* Kernel, flash device, store and driver; then the processes. */
static void env_open(struct env *e)
{
    fx_kernel_init(&e->k);
    e->model = flash_env_open(&e->k, &e->o);
    struct tk_flash *fl = emu_flash_partition(e->model, 0, PAGES, NULL);
    ck_assert_int_eq(tk_kv_store_init(&e->store, &e->k, fl), 0);
    tk_kv_driver_init(&e->kvd, &e->store.kv);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->kvd.driver), 0);
    static const char *const names[] = {"app0", "app1", "app2"};
    for (unsigned i = 0; i < 3; i++) {
        e->p[i] = fx_process_new(&e->k, names[i], 0);
        e->p[i]->storage = perms(i + 1, 0, 0, true); /* like IndividualStoragePermissions */
        fx_assert_variant(fx_subscribe(&e->k, e->p[i], KV, 0, fx_upcall_fn(e->p[i], 0), 0),
                          TK_RV_SUCCESS_U32_U32);
    }
}

static void env_close(struct env *e)
{
    emu_flash_free(e->model);
    fx_kernel_fini(&e->k);
}

static struct env *env_new(bool file)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    if (file)
        e->path = flash_env_tmpfile(&e->dir);
    e->o = flash_env_options(e->path, PAGE, PAGES);
    env_open(e);
    return e;
}

/* Everything the emulator had goes; the flash file stays (a restart). */
static void env_restart(struct env *e)
{
    env_close(e);
    env_open(e);
}

static void env_free(struct env *e)
{
    env_close(e);
    emu_flash_options_fini(&e->o);
    if (e->path != NULL)
        flash_env_tmp_free(e->dir, e->path);
    free(e);
}

static void allow_key(struct env *e, struct tk_process *p, const char *key)
{
    size_t len = strlen(key);
    memcpy(fx_ram(p, KEY_OFF), key, len);
    fx_assert_variant(fx_allow_ro(&e->k, p, KV, 0, fx_addr(p, KEY_OFF), len),
                      TK_RV_SUCCESS_U32_U32);
}

static void allow_value(struct env *e, struct tk_process *p, const void *value, size_t len)
{
    memcpy(fx_ram(p, VALUE_OFF), value, len);
    fx_assert_variant(fx_allow_ro(&e->k, p, KV, 1, fx_addr(p, VALUE_OFF), len),
                      TK_RV_SUCCESS_U32_U32);
}

static uint8_t *allow_out(struct env *e, struct tk_process *p, size_t len)
{
    uint8_t *out = fx_ram(p, OUT_OFF);
    memset(out, 0xEE, len + 1);
    fx_assert_variant(fx_allow_rw(&e->k, p, KV, 0, fx_addr(p, OUT_OFF), len),
                      TK_RV_SUCCESS_U32_U32);
    return out;
}

/* Issue command `cmd` (must succeed), settle, expect (status, length, 0). */
static void run(struct env *e, struct tk_process *p, uint32_t cmd, uint32_t status, uint32_t length)
{
    fx_assert_success(fx_command(&e->k, p, KV, cmd, 0, 0));
    fx_settle(&e->k);
    fx_expect_upcall(p, status, length, 0);
    ck_assert_uint_eq(fx_task_count(p), 0);
}

static void set_string(struct env *e, struct tk_process *p, const char *key, const char *value,
                       uint32_t status)
{
    allow_key(e, p, key);
    allow_value(e, p, value, strlen(value));
    run(e, p, 2, status, 0);
}

/* Get `key` into a 64-byte allow; expect `value` (NULL: the status). */
static void expect_get(struct env *e, struct tk_process *p, const char *key, const char *value,
                       uint32_t status)
{
    allow_key(e, p, key);
    uint8_t *out = allow_out(e, p, 64);
    run(e, p, 1, status, value != NULL ? (uint32_t)strlen(value) : 0);
    if (value != NULL)
        ck_assert_mem_eq(out, value, strlen(value));
}

START_TEST(command_0_exists_and_unknown_is_nosupport)
{
    /* spec §8.14: cmd 0 S; spec §8: unknown F(NOSUPPORT), no upcall. */
    struct env *e = env_new(false);
    fx_assert_success(fx_command(&e->k, e->p[0], KV, 0, 0, 0));
    fx_assert_failure(fx_command(&e->k, e->p[0], KV, 7, 0, 0), TK_NOSUPPORT);
    fx_settle(&e->k);
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    env_free(e);
}
END_TEST

START_TEST(set_then_get_returns_value_and_its_length)
{
    /* spec §8.14: set creates; get copies the value and upcalls (0, len, 0). */
    struct env *e = env_new(false);
    set_string(e, e->p[0], "colour", "blue", 0);
    expect_get(e, e->p[0], "colour", "blue", 0);
    set_string(e, e->p[0], "colour", "green", 0); /* set overwrites */
    expect_get(e, e->p[0], "colour", "green", 0);
    ck_assert_uint_eq(tk_kv_store_key_count(&e->store), 1);
    env_free(e);
}
END_TEST

START_TEST(get_missing_key_completes_nosupport)
{
    /* spec §8.14: missing key -> upcall status NOSUPPORT, length 0. */
    struct env *e = env_new(false);
    expect_get(e, e->p[0], "nothing", NULL, TK_NOSUPPORT);
    env_free(e);
}
END_TEST

START_TEST(get_into_short_buffer_is_size_with_full_length)
{
    /* spec §8.14: the upcall length is the full stored length; SIZE status
     * if it was truncated into the RW buffer (the prefix is copied). */
    struct env *e = env_new(false);
    set_string(e, e->p[0], "k", "0123456789abcdefghij", 0);
    allow_key(e, e->p[0], "k");
    uint8_t *out = allow_out(e, e->p[0], 8);
    run(e, e->p[0], 1, TK_SIZE, 20);
    ck_assert_mem_eq(out, "01234567", 8);
    ck_assert_uint_eq(out[8], 0xEE);
    env_free(e);
}
END_TEST

START_TEST(delete_removes_and_missing_delete_is_nosupport)
{
    /* spec §8.14: delete; a missing key completes NOSUPPORT. */
    struct env *e = env_new(false);
    set_string(e, e->p[0], "k", "v", 0);
    allow_key(e, e->p[0], "k");
    run(e, e->p[0], 3, 0, 0);
    expect_get(e, e->p[0], "k", NULL, TK_NOSUPPORT);
    allow_key(e, e->p[0], "k");
    run(e, e->p[0], 3, TK_NOSUPPORT, 0);
    ck_assert_uint_eq(tk_kv_store_key_count(&e->store), 0);
    env_free(e);
}
END_TEST

START_TEST(add_fails_nosupport_if_the_key_exists)
{
    /* spec §8.14: add creates only; an existing key completes NOSUPPORT. */
    struct env *e = env_new(false);
    allow_key(e, e->p[0], "k");
    allow_value(e, e->p[0], "one", 3);
    run(e, e->p[0], 4, 0, 0);
    allow_value(e, e->p[0], "two", 3);
    run(e, e->p[0], 4, TK_NOSUPPORT, 0);
    expect_get(e, e->p[0], "k", "one", 0);
    env_free(e);
}
END_TEST

START_TEST(update_fails_nosupport_if_the_key_is_missing)
{
    /* spec §8.14: update overwrites only; a missing key completes NOSUPPORT. */
    struct env *e = env_new(false);
    allow_key(e, e->p[0], "k");
    allow_value(e, e->p[0], "one", 3);
    run(e, e->p[0], 5, TK_NOSUPPORT, 0);
    expect_get(e, e->p[0], "k", NULL, TK_NOSUPPORT);
    set_string(e, e->p[0], "k", "one", 0);
    allow_value(e, e->p[0], "two", 3);
    run(e, e->p[0], 5, 0, 0);
    expect_get(e, e->p[0], "k", "two", 0);
    env_free(e);
}
END_TEST

START_TEST(set_add_update_without_write_id_are_inval)
{
    /* spec §8.14, §7.6: no write id -> F(INVAL) at once, no upcall; get and
     * delete report permission failures in the upcall instead. */
    struct env *e = env_new(false);
    set_string(e, e->p[0], "k", "v", 0);
    e->p[1]->storage = perms(0, 1, 1, false); /* may read/modify 1, not write */
    allow_key(e, e->p[1], "k");
    allow_value(e, e->p[1], "x", 1);
    for (uint32_t cmd = 2; cmd <= 5; cmd += cmd == 2 ? 2 : 1)
        fx_assert_failure(fx_command(&e->k, e->p[1], KV, cmd, 0, 0), TK_INVAL);
    fx_settle(&e->k);
    ck_assert_uint_eq(fx_task_count(e->p[1]), 0);
    expect_get(e, e->p[1], "k", "v", 0);
    e->p[1]->storage = (struct tk_storage_permissions){.valid = false};
    expect_get(e, e->p[1], "k", NULL, TK_NOSUPPORT);
    allow_key(e, e->p[1], "k");
    run(e, e->p[1], 3, TK_NOSUPPORT, 0);
    env_free(e);
}
END_TEST

START_TEST(oversized_key_or_value_is_size)
{
    /* spec §8.14: key > 64-byte kernel buffer or value > 512 - 9 -> F(SIZE). */
    struct env *e = env_new(false);
    char key[66];
    memset(key, 'k', 65);
    key[65] = '\0';
    allow_key(e, e->p[0], key);
    fx_assert_failure(fx_command(&e->k, e->p[0], KV, 1, 0, 0), TK_SIZE);
    key[64] = '\0';
    allow_key(e, e->p[0], key);
    uint8_t value[504];
    memset(value, 'v', sizeof value);
    allow_value(e, e->p[0], value, 504);
    fx_assert_failure(fx_command(&e->k, e->p[0], KV, 2, 0, 0), TK_SIZE);
    allow_value(e, e->p[0], value, 503);
    run(e, e->p[0], 2, 0, 0);
    allow_key(e, e->p[0], key);
    allow_out(e, e->p[0], 503);
    run(e, e->p[0], 1, 0, 503);
    env_free(e);
}
END_TEST

START_TEST(missing_key_allow_is_the_empty_key)
{
    /* spec §8.14 lists RESERVE for a missing allow; upstream enters the
     * unallowed slot as an empty slice, so the empty key is used. */
    struct env *e = env_new(false);
    allow_value(e, e->p[0], "nokey", 5);
    run(e, e->p[0], 2, 0, 0);
    allow_out(e, e->p[0], 16);
    run(e, e->p[0], 1, 0, 5);
    env_free(e);
}
END_TEST

START_TEST(store_full_is_nomem_until_garbage_collected)
{
    /* spec §8.14: NOMEM status when the store is full; cmd 6 (garbage
     * collect) completes (0, 0, 0) and frees the space of old values. */
    struct env *e = env_new(false);
    uint8_t value[400];
    memset(value, 0x5A, sizeof value);
    allow_key(e, e->p[0], "big");
    allow_value(e, e->p[0], value, sizeof value);
    unsigned stored = 0;
    for (;; stored++) {
        fx_assert_success(fx_command(&e->k, e->p[0], KV, 2, 0, 0));
        fx_settle(&e->k);
        struct tk_task t;
        ck_assert(fx_pop_task(e->p[0], &t));
        if ((uint32_t)t.arg[0] == TK_NOMEM)
            break;
        ck_assert_uint_eq((uint32_t)t.arg[0], 0);
        ck_assert_uint_lt(stored, 100);
    }
    ck_assert_uint_ge(stored, 2);
    allow_out(e, e->p[0], 64);
    run(e, e->p[0], 1, TK_SIZE, sizeof value); /* still there, 400 > 64 */
    run(e, e->p[0], 6, 0, 0);
    allow_key(e, e->p[0], "big");
    allow_value(e, e->p[0], "small", 5);
    run(e, e->p[0], 2, 0, 0);
    expect_get(e, e->p[0], "big", "small", 0);
    env_free(e);
}
END_TEST

START_TEST(garbage_collect_keeps_every_live_value)
{
    /* spec §8.14 cmd 6: collection drops overwritten and deleted records
     * only; live values read back the same after it. */
    struct env *e = env_new(false);
    char key[8], value[8];
    for (unsigned round = 0; round < 3; round++)
        for (unsigned i = 0; i < 10; i++) {
            snprintf(key, sizeof key, "k%u", i);
            snprintf(value, sizeof value, "v%u.%u", i, round);
            set_string(e, e->p[0], key, value, 0);
        }
    allow_key(e, e->p[0], "k3");
    run(e, e->p[0], 3, 0, 0);
    run(e, e->p[0], 6, 0, 0);
    ck_assert_uint_eq(tk_kv_store_key_count(&e->store), 9);
    for (unsigned i = 0; i < 10; i++) {
        snprintf(key, sizeof key, "k%u", i);
        snprintf(value, sizeof value, "v%u.2", i);
        expect_get(e, e->p[0], key, i == 3 ? NULL : value, i == 3 ? TK_NOSUPPORT : 0);
    }
    env_free(e);
}
END_TEST

START_TEST(command_while_other_process_runs_is_queued_then_nomem)
{
    /* spec §8.14: while another process's operation runs, one command per
     * process waits (S) and a second fails NOMEM; the waiting one runs
     * when the first completes. */
    struct env *e = env_new(false);
    set_string(e, e->p[0], "k", "v", 0);
    e->p[1]->storage = perms(2, 1, 0, false);
    allow_key(e, e->p[0], "k");
    allow_value(e, e->p[0], "w", 1);
    fx_assert_success(fx_command(&e->k, e->p[0], KV, 2, 0, 0));
    allow_key(e, e->p[1], "k");
    allow_out(e, e->p[1], 8);
    fx_assert_success(fx_command(&e->k, e->p[1], KV, 1, 0, 0));
    fx_assert_failure(fx_command(&e->k, e->p[1], KV, 1, 0, 0), TK_NOMEM);
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 0, 0, 0);
    fx_expect_upcall(e->p[1], 0, 1, 0);
    ck_assert_uint_eq(*(uint8_t *)fx_ram(e->p[1], OUT_OFF), 'w');
    env_free(e);
}
END_TEST

START_TEST(failed_command_leaves_its_operation_recorded)
{
    /* spec §8.14 quirk: a command that fails at once keeps its operation
     * recorded, so a command while another process is served gets NOMEM,
     * and the recorded one is retried when that completes. */
    struct env *e = env_new(false);
    char key[70];
    memset(key, 'x', 69);
    key[69] = '\0';
    allow_key(e, e->p[1], key);
    fx_assert_failure(fx_command(&e->k, e->p[1], KV, 1, 0, 0), TK_SIZE);
    allow_key(e, e->p[0], "k");
    allow_value(e, e->p[0], "v", 1);
    fx_assert_success(fx_command(&e->k, e->p[0], KV, 2, 0, 0));
    fx_assert_failure(fx_command(&e->k, e->p[1], KV, 1, 0, 0), TK_NOMEM);
    /* Fix the key: the recorded get runs after p0's set, unasked. */
    allow_key(e, e->p[1], "k");
    allow_out(e, e->p[1], 8);
    e->p[1]->storage = perms(2, 1, 0, false);
    fx_settle(&e->k);
    fx_expect_upcall(e->p[0], 0, 0, 0);
    fx_expect_upcall(e->p[1], 0, 1, 0);
    env_free(e);
}
END_TEST

START_TEST(values_survive_a_restart_on_the_same_file)
{
    /* Brief: the store lives in the flash file, so a re-created store (a
     * restarted emulator) finds the values, tombstones included. */
    struct env *e = env_new(true);
    set_string(e, e->p[0], "name", "tock", 0);
    set_string(e, e->p[0], "gone", "soon", 0);
    allow_key(e, e->p[0], "gone");
    run(e, e->p[0], 3, 0, 0);
    env_restart(e);
    expect_get(e, e->p[0], "name", "tock", 0);
    expect_get(e, e->p[0], "gone", NULL, TK_NOSUPPORT);
    set_string(e, e->p[0], "name", "tock2", 0);
    env_restart(e);
    expect_get(e, e->p[0], "name", "tock2", 0);
    env_free(e);
}
END_TEST

START_TEST(interrupted_write_is_ignored_on_reload_and_recovered)
{
    /* Brief: a torn record (power loss mid-write) fails FAIL; after a
     * restart it is detected and ignored, older values stand, and writing
     * continues on a fresh page. */
    struct env *e = env_new(true);
    set_string(e, e->p[0], "a", "first", 0);
    emu_flash_fail_after(e->model, 1);
    set_string(e, e->p[0], "a", "second", TK_FAIL);
    set_string(e, e->p[0], "b", "other", 0); /* the store goes on meanwhile */
    env_restart(e);
    expect_get(e, e->p[0], "a", "first", 0);
    expect_get(e, e->p[0], "b", "other", 0);
    set_string(e, e->p[0], "a", "third", 0);
    env_restart(e);
    expect_get(e, e->p[0], "a", "third", 0);
    env_free(e);
}
END_TEST

START_TEST(torn_page_header_page_is_erased_before_reuse)
{
    /* Brief: power loss while opening a page leaves a torn page header; the
     * page is never read, and is erased before it is used again. */
    struct env *e = env_new(true);
    emu_flash_fail_after(e->model, 1); /* the first write: page 0's header */
    set_string(e, e->p[0], "a", "x", TK_FAIL);
    env_restart(e);
    expect_get(e, e->p[0], "a", NULL, TK_NOSUPPORT);
    /* Fill the other pages, then collect: the copies need page 0. */
    uint8_t value[400];
    memset(value, 0x33, sizeof value);
    allow_key(e, e->p[0], "a");
    allow_value(e, e->p[0], value, sizeof value);
    uint32_t status = 0;
    while (status == 0) {
        fx_assert_success(fx_command(&e->k, e->p[0], KV, 2, 0, 0));
        fx_settle(&e->k);
        struct tk_task t;
        ck_assert(fx_pop_task(e->p[0], &t));
        status = (uint32_t)t.arg[0];
    }
    ck_assert_uint_eq(status, TK_NOMEM);
    ck_assert_uint_eq(emu_flash_erase_count(e->model, 0), 0);
    run(e, e->p[0], 6, 0, 0);
    ck_assert_uint_eq(emu_flash_erase_count(e->model, 0), 1);
    env_restart(e);
    allow_key(e, e->p[0], "a");
    uint8_t *out = allow_out(e, e->p[0], sizeof value);
    run(e, e->p[0], 1, 0, sizeof value);
    ck_assert_mem_eq(out, value, sizeof value);
    env_free(e);
}
END_TEST

START_TEST(blank_headed_page_with_any_stray_byte_is_erased_before_use)
{
    /* Brief: a page whose header reads erased but whose body does not (an
     * erase cut short) is never written into as it is: it is erased first.
     * One stray byte per page, each at another offset, the last byte too. */
    struct env *e = env_new(true);
    static const uint32_t stray[PAGES] = {PAGE - 1, 8, 517, PAGE - 3};
    for (uint32_t page = 0; page < PAGES; page++)
        emu_flash_data(e->model)[page * PAGE + stray[page]] = 0x5A;
    env_restart(e);
    set_string(e, e->p[0], "a", "x", 0);
    uint32_t erased = 0;
    for (uint32_t page = 0; page < PAGES; page++)
        erased += emu_flash_erase_count(e->model, page);
    ck_assert_uint_ge(erased, 1);
    env_restart(e);
    expect_get(e, e->p[0], "a", "x", 0);
    env_free(e);
}
END_TEST

START_TEST(permissions_allow_and_deny_across_processes)
{
    /* spec §7.6, §10.35: records carry the writer's id (its ShortId); read
     * and modify lists decide access; no self access unless granted. */
    struct env *e = env_new(false);
    e->p[0]->storage = perms(10, 20, 0, false);  /* reads 20, modifies none */
    e->p[1]->storage = perms(20, 10, 10, false); /* reads and modifies 10 */
    set_string(e, e->p[0], "shared", "from10", 0);
    expect_get(e, e->p[1], "shared", "from10", 0);           /* 20 may read 10 */
    expect_get(e, e->p[0], "shared", NULL, TK_NOSUPPORT);    /* not its own */
    set_string(e, e->p[0], "shared", "again", TK_NOSUPPORT); /* no self modify */
    set_string(e, e->p[1], "shared", "from20", 0);           /* 20 may modify 10 */
    expect_get(e, e->p[0], "shared", "from20", 0);           /* now id 20: 10 reads it */
    allow_key(e, e->p[0], "shared");
    run(e, e->p[0], 3, TK_NOSUPPORT, 0); /* 10 may not modify 20 */
    allow_value(e, e->p[0], "x", 1);
    run(e, e->p[0], 5, TK_NOSUPPORT, 0);
    run(e, e->p[0], 4, TK_NOSUPPORT, 0);                  /* add: exists */
    expect_get(e, e->p[2], "shared", NULL, TK_NOSUPPORT); /* id 3: not listed */
    allow_key(e, e->p[1], "shared");
    run(e, e->p[1], 3, TK_NOSUPPORT, 0); /* 20 may not modify its own */
    env_free(e);
}
END_TEST

START_TEST(self_permissions_read_and_modify_own_records)
{
    /* spec §7.6 IndividualStoragePermissions: a fixed ShortId reads and
     * modifies only its own records. */
    struct env *e = env_new(false);
    set_string(e, e->p[0], "mine", "1", 0);
    set_string(e, e->p[0], "mine", "2", 0);
    expect_get(e, e->p[0], "mine", "2", 0);
    expect_get(e, e->p[1], "mine", NULL, TK_NOSUPPORT);
    set_string(e, e->p[1], "mine", "3", TK_NOSUPPORT);
    allow_key(e, e->p[0], "mine");
    run(e, e->p[0], 3, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(get_without_output_allow_is_size_with_length)
{
    /* spec §8.14: the value is copied into RW allow 0; with none allowed
     * nothing fits, so the status is SIZE with the stored length. */
    struct env *e = env_new(false);
    set_string(e, e->p[0], "k", "abc", 0);
    allow_key(e, e->p[0], "k");
    run(e, e->p[0], 1, TK_SIZE, 3);
    env_free(e);
}
END_TEST

START_TEST(operation_of_a_terminated_process_completes_silently)
{
    /* spec §3.4: in-flight operations of a process that is gone are dropped
     * silently. Deviation (kv_driver.c): the driver keeps its buffers and
     * serves the next process. */
    struct env *e = env_new(false);
    set_string(e, e->p[0], "k", "v", 0);
    allow_key(e, e->p[0], "k");
    allow_out(e, e->p[0], 8);
    fx_assert_success(fx_command(&e->k, e->p[0], KV, 1, 0, 0));
    tk_process_terminate(e->p[0], TK_COMPLETION_CODE, 0);
    fx_settle(&e->k);
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    e->p[1]->storage = perms(2, 1, 0, false);
    expect_get(e, e->p[1], "k", "v", 0);
    env_free(e);
}
END_TEST

START_TEST(interrupted_garbage_collection_loses_nothing)
{
    /* Brief: collection copies live records before it erases their page, so
     * a power loss at any step of it keeps every value. */
    for (unsigned tear = 1; tear <= 6; tear++) {
        struct env *e = env_new(true);
        char key[8], value[64];
        for (unsigned round = 0; round < 4; round++)
            for (unsigned i = 0; i < 6; i++) {
                snprintf(key, sizeof key, "k%u", i);
                snprintf(value, sizeof value, "%u.%u-%040u", i, round, 0u);
                set_string(e, e->p[0], key, value, 0);
            }
        allow_key(e, e->p[0], "k5");
        run(e, e->p[0], 3, 0, 0);
        emu_flash_fail_after(e->model, tear);
        fx_assert_success(fx_command(&e->k, e->p[0], KV, 6, 0, 0));
        fx_settle(&e->k);
        struct tk_task t;
        ck_assert(fx_pop_task(e->p[0], &t));
        ck_assert_uint_eq((uint32_t)t.arg[0], TK_FAIL); /* the tear hit it */
        env_restart(e);
        run(e, e->p[0], 6, 0, 0); /* a second collection tidies up */
        for (unsigned pass = 0; pass < 2; pass++) {
            for (unsigned i = 0; i < 6; i++) {
                snprintf(key, sizeof key, "k%u", i);
                snprintf(value, sizeof value, "%u.3-%040u", i, 0u);
                expect_get(e, e->p[0], key, i == 5 ? NULL : value, i == 5 ? TK_NOSUPPORT : 0);
            }
            env_restart(e);
        }
        env_free(e);
    }
}
END_TEST

Suite *kv_suite(void)
{
    Suite *s = suite_create("kv");
    TCase *tc = tcase_create("kv");
    tcase_add_test(tc, command_0_exists_and_unknown_is_nosupport);
    tcase_add_test(tc, set_then_get_returns_value_and_its_length);
    tcase_add_test(tc, get_missing_key_completes_nosupport);
    tcase_add_test(tc, get_into_short_buffer_is_size_with_full_length);
    tcase_add_test(tc, delete_removes_and_missing_delete_is_nosupport);
    tcase_add_test(tc, add_fails_nosupport_if_the_key_exists);
    tcase_add_test(tc, update_fails_nosupport_if_the_key_is_missing);
    tcase_add_test(tc, set_add_update_without_write_id_are_inval);
    tcase_add_test(tc, oversized_key_or_value_is_size);
    tcase_add_test(tc, missing_key_allow_is_the_empty_key);
    tcase_add_test(tc, store_full_is_nomem_until_garbage_collected);
    tcase_add_test(tc, garbage_collect_keeps_every_live_value);
    tcase_add_test(tc, command_while_other_process_runs_is_queued_then_nomem);
    tcase_add_test(tc, failed_command_leaves_its_operation_recorded);
    tcase_add_test(tc, values_survive_a_restart_on_the_same_file);
    tcase_add_test(tc, interrupted_write_is_ignored_on_reload_and_recovered);
    tcase_add_test(tc, torn_page_header_page_is_erased_before_reuse);
    tcase_add_test(tc, blank_headed_page_with_any_stray_byte_is_erased_before_use);
    tcase_add_test(tc, get_without_output_allow_is_size_with_length);
    tcase_add_test(tc, operation_of_a_terminated_process_completes_silently);
    tcase_add_test(tc, interrupted_garbage_collection_loses_nothing);
    tcase_add_test(tc, permissions_allow_and_deny_across_processes);
    tcase_add_test(tc, self_permissions_read_and_modify_own_records);
    suite_add_tcase(s, tc);
    return s;
}
