/* NOR flash model (emu/hw/flash.c) behind the flash HIL: erase and program
 * rules, the AND option, erase counters, torn writes, persistence, options.
 * The HIL contract is emu/kernel/hil/flash.h (Tock kernel/src/hil/flash.rs).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "flash_env.h"

#define PAGE  256
#define PAGES 8

struct recorder {
    struct tk_flash_client client;
    unsigned reads, writes, erases;
    int last_rcode;
    size_t last_len;
    uint32_t last_page;
};

static void rec_read_done(struct tk_flash_client *c, uint8_t *buf, size_t len, int rcode)
{
    struct recorder *r = (struct recorder *)c;
    (void)buf;
    r->reads++;
    r->last_len = len;
    r->last_rcode = rcode;
}
static void rec_write_done(struct tk_flash_client *c, const uint8_t *buf, size_t len, int rcode)
{
    struct recorder *r = (struct recorder *)c;
    (void)buf;
    r->writes++;
    r->last_len = len;
    r->last_rcode = rcode;
}
static void rec_erase_done(struct tk_flash_client *c, uint32_t page, int rcode)
{
    struct recorder *r = (struct recorder *)c;
    r->erases++;
    r->last_page = page;
    r->last_rcode = rcode;
}

struct env {
    struct tk_kernel k;
    struct emu_flash_options o;
    struct emu_flash *f;
    struct tk_flash *fl; /* the whole device as one partition */
    struct recorder rec;
    char *dir, *path;
};

/* A device of PAGES pages; file-backed in a temporary directory if `file`. */
static struct env *env_new(bool file, bool and_writes)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    if (file)
        e->path = flash_env_tmpfile(&e->dir);
    e->o = flash_env_options(e->path, PAGE, PAGES);
    e->o.and_writes = and_writes;
    e->f = flash_env_open(&e->k, &e->o);
    e->fl = emu_flash_partition(e->f, 0, PAGES, NULL);
    ck_assert_ptr_nonnull(e->fl);
    e->rec.client = (struct tk_flash_client){rec_read_done, rec_write_done, rec_erase_done};
    e->fl->client = &e->rec.client;
    return e;
}

static void env_free(struct env *e)
{
    emu_flash_free(e->f);
    emu_flash_options_fini(&e->o);
    fx_kernel_fini(&e->k);
    if (e->path != NULL)
        flash_env_tmp_free(e->dir, e->path);
    free(e);
}

/* Program `len` bytes of `value` at `offset` and wait; returns the rcode. */
static int program(struct env *e, uint32_t offset, uint8_t value, size_t len)
{
    uint8_t buf[PAGE]; /* kept until the write completes, below */
    memset(buf, value, len);
    ck_assert_int_eq(e->fl->ops->write(e->fl, offset, buf, len), 0);
    fx_settle(&e->k);
    return e->rec.last_rcode;
}

static int erase(struct env *e, uint32_t page)
{
    ck_assert_int_eq(e->fl->ops->erase_page(e->fl, page), 0);
    fx_settle(&e->k);
    return e->rec.last_rcode;
}

static bool all_bytes(const uint8_t *p, size_t len, uint8_t value)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != value)
            return false;
    return true;
}

START_TEST(new_file_is_created_erased_to_ff)
{
    /* Brief: a new flash file is created with the device size and erased. */
    struct env *e = env_new(true, false);
    struct stat st;
    ck_assert_int_eq(stat(e->path, &st), 0);
    ck_assert_int_eq(st.st_size, PAGE * PAGES);
    ck_assert(all_bytes(emu_flash_data(e->f), PAGE * PAGES, 0xFF));
    ck_assert_uint_eq(e->fl->page_size, PAGE);
    ck_assert_uint_eq(e->fl->word_size, EMU_FLASH_DEFAULT_WORD_SIZE);
    ck_assert_uint_eq(e->fl->page_count, PAGES);
    env_free(e);
}
END_TEST

START_TEST(write_completes_through_a_deferred_call)
{
    /* hil/flash.h: completion is reported later, never from inside the call,
     * and the bytes change when the operation completes. */
    struct env *e = env_new(false, false);
    uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    ck_assert_int_eq(e->fl->ops->write(e->fl, 16, buf, sizeof buf), 0);
    ck_assert_uint_eq(e->rec.writes, 0);
    ck_assert_uint_eq(emu_flash_data(e->f)[16], 0xFF);
    ck_assert_int_eq(e->fl->ops->write(e->fl, 32, buf, sizeof buf), TK_BUSY);
    fx_settle(&e->k);
    ck_assert_uint_eq(e->rec.writes, 1);
    ck_assert_int_eq(e->rec.last_rcode, 0);
    ck_assert_mem_eq(emu_flash_data(e->f) + 16, buf, sizeof buf);
    env_free(e);
}
END_TEST

START_TEST(read_copies_bytes_and_read_mapped_is_synchronous)
{
    /* hil/flash.h: read completes through the client; read_mapped at once. */
    struct env *e = env_new(false, false);
    ck_assert_int_eq(program(e, PAGE, 0x5A, 8), 0);
    uint8_t out[8] = {0}, page[PAGE];
    ck_assert_int_eq(tk_flash_read_page(e->fl, 1, page), 0);
    ck_assert_int_eq(e->fl->ops->read(e->fl, PAGE, out, 8), TK_BUSY);
    fx_settle(&e->k);
    ck_assert_uint_eq(e->rec.reads, 1);
    ck_assert_uint_eq(e->rec.last_len, PAGE);
    ck_assert(all_bytes(page, 8, 0x5A));
    ck_assert_int_eq(e->fl->ops->read(e->fl, PAGE, out, 8), 0);
    fx_settle(&e->k);
    ck_assert(all_bytes(out, 8, 0x5A));
    uint8_t mapped[4] = {0};
    ck_assert_int_eq(e->fl->ops->read_mapped(e->fl, PAGE + 4, mapped, 4), 0);
    ck_assert(all_bytes(mapped, 4, 0x5A));
    env_free(e);
}
END_TEST

START_TEST(misaligned_or_out_of_range_requests_are_inval)
{
    /* hil/flash.h: offset and length are word multiples inside the device. */
    struct env *e = env_new(false, false);
    uint8_t buf[8] = {0};
    ck_assert_int_eq(e->fl->ops->write(e->fl, 2, buf, 4), TK_INVAL);
    ck_assert_int_eq(e->fl->ops->write(e->fl, 0, buf, 3), TK_INVAL);
    ck_assert_int_eq(e->fl->ops->write(e->fl, PAGE * PAGES - 4, buf, 8), TK_INVAL);
    ck_assert_int_eq(e->fl->ops->read(e->fl, PAGE * PAGES, buf, 1), TK_INVAL);
    ck_assert_int_eq(e->fl->ops->erase_page(e->fl, PAGES), TK_INVAL);
    ck_assert_int_eq(e->fl->ops->read_mapped(e->fl, PAGE * PAGES - 2, buf, 4), TK_INVAL);
    fx_settle(&e->k);
    ck_assert_uint_eq(e->rec.writes + e->rec.reads + e->rec.erases, 0);
    env_free(e);
}
END_TEST

START_TEST(write_only_clears_bits_and_one_over_zero_fails)
{
    /* NOR rule (brief): programming clears bits; a 1 over a 0 is an error the
     * model reports, and the write then changes nothing. */
    struct env *e = env_new(false, false);
    ck_assert_int_eq(program(e, 0, 0xF0, 4), 0);
    ck_assert(all_bytes(emu_flash_data(e->f), 4, 0xF0));
    ck_assert_int_eq(program(e, 0, 0x30, 4), 0); /* only clears */
    ck_assert(all_bytes(emu_flash_data(e->f), 4, 0x30));
    ck_assert_int_eq(program(e, 0, 0x0F, 4), TK_FAIL);
    ck_assert(all_bytes(emu_flash_data(e->f), 4, 0x30));
    env_free(e);
}
END_TEST

START_TEST(and_writes_option_stores_old_and_new)
{
    /* --flash-and-writes: a 1 over a 0 stays 0, as real NOR does. */
    struct env *e = env_new(false, true);
    ck_assert_int_eq(program(e, 0, 0xF0, 4), 0);
    ck_assert_int_eq(program(e, 0, 0x3F, 4), 0);
    ck_assert(all_bytes(emu_flash_data(e->f), 4, 0x30));
    env_free(e);
}
END_TEST

START_TEST(erase_sets_page_to_ff_and_counts_per_page)
{
    /* Brief: erase sets a page to 0xFF; erase counters per page. */
    struct env *e = env_new(false, false);
    ck_assert_int_eq(program(e, 2 * PAGE, 0x00, PAGE), 0);
    ck_assert_int_eq(program(e, 3 * PAGE, 0x00, 4), 0);
    ck_assert_int_eq(erase(e, 2), 0);
    ck_assert_uint_eq(e->rec.last_page, 2);
    ck_assert_int_eq(erase(e, 2), 0);
    ck_assert(all_bytes(emu_flash_data(e->f) + 2 * PAGE, PAGE, 0xFF));
    ck_assert_uint_eq(emu_flash_data(e->f)[3 * PAGE], 0x00); /* neighbour kept */
    ck_assert_uint_eq(emu_flash_erase_count(e->f, 2), 2);
    ck_assert_uint_eq(emu_flash_erase_count(e->f, 3), 0);
    ck_assert_uint_eq(emu_flash_op_count(e->f), 4);
    env_free(e);
}
END_TEST

START_TEST(fail_after_tears_the_nth_write)
{
    /* --flash-fail-after N: the Nth write/erase lands only a prefix (half,
     * rounded down to a word) and reports failure; later ones work. */
    struct env *e = env_new(false, false);
    emu_flash_fail_after(e->f, 2);
    ck_assert_int_eq(program(e, 0, 0x11, 16), 0);
    ck_assert_int_eq(program(e, 64, 0x22, 16), TK_FAIL);
    ck_assert(all_bytes(emu_flash_data(e->f) + 64, 8, 0x22));
    ck_assert(all_bytes(emu_flash_data(e->f) + 72, 8, 0xFF));
    ck_assert_int_eq(program(e, 128, 0x33, 16), 0);
    ck_assert(all_bytes(emu_flash_data(e->f) + 128, 16, 0x33));
    env_free(e);
}
END_TEST

START_TEST(fail_after_tears_an_erase)
{
    /* --flash-fail-after N counts erases too: a torn erase clears a prefix. */
    struct env *e = env_new(false, false);
    ck_assert_int_eq(program(e, PAGE, 0x00, PAGE), 0);
    emu_flash_fail_after(e->f, 1);
    ck_assert_int_eq(erase(e, 1), TK_FAIL);
    ck_assert(all_bytes(emu_flash_data(e->f) + PAGE, PAGE / 2, 0xFF));
    ck_assert(all_bytes(emu_flash_data(e->f) + PAGE + PAGE / 2, PAGE / 2, 0x00));
    ck_assert_uint_eq(emu_flash_erase_count(e->f, 1), 1);
    env_free(e);
}
END_TEST

START_TEST(fail_after_option_is_read_at_open)
{
    /* --flash-fail-after N from the options: the first write is N = 1. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct emu_flash_options o = flash_env_options(NULL, PAGE, PAGES);
    o.fail_after = 1;
    struct emu_flash *f = flash_env_open(&k, &o);
    struct tk_flash *fl = emu_flash_partition(f, 0, PAGES, NULL);
    struct recorder rec = {.client = {rec_read_done, rec_write_done, rec_erase_done}};
    fl->client = &rec.client;
    uint8_t buf[8] = {0};
    ck_assert_int_eq(fl->ops->write(fl, 0, buf, sizeof buf), 0);
    fx_settle(&k);
    ck_assert_int_eq(rec.last_rcode, TK_FAIL);
    emu_flash_free(f);
    emu_flash_options_fini(&o);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(contents_persist_across_free_and_reopen)
{
    /* Brief: the file backs the device, so contents survive the model. */
    struct env *e = env_new(true, false);
    ck_assert_int_eq(program(e, 3 * PAGE + 8, 0x42, 8), 0);
    emu_flash_free(e->f);
    e->f = flash_env_open(&e->k, &e->o);
    ck_assert(all_bytes(emu_flash_data(e->f) + 3 * PAGE + 8, 8, 0x42));
    ck_assert_uint_eq(emu_flash_data(e->f)[3 * PAGE], 0xFF);
    ck_assert_int_ge(emu_flash_fd(e->f), 0);
    env_free(e);
}
END_TEST

START_TEST(erase_option_wipes_an_existing_file)
{
    /* --flash-erase: erase the whole device at start. */
    struct env *e = env_new(true, false);
    ck_assert_int_eq(program(e, 0, 0x00, 8), 0);
    emu_flash_free(e->f);
    e->o.erase = TRUE;
    e->f = flash_env_open(&e->k, &e->o);
    ck_assert(all_bytes(emu_flash_data(e->f), PAGE * PAGES, 0xFF));
    env_free(e);
}
END_TEST

START_TEST(ram_only_creates_no_file_and_forgets)
{
    /* --flash-ram: keep the flash in RAM; a named file is not touched. */
    char *dir;
    char *path = flash_env_tmpfile(&dir);
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct emu_flash_options o = flash_env_options(path, PAGE, PAGES);
    o.ram = TRUE;
    struct emu_flash *f = flash_env_open(&k, &o);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), -1);
    ck_assert_int_eq(emu_flash_fd(f), -1);
    emu_flash_data(f)[0] = 0;
    emu_flash_free(f);
    f = flash_env_open(&k, &o);
    ck_assert_uint_eq(emu_flash_data(f)[0], 0xFF);
    emu_flash_free(f);
    emu_flash_options_fini(&o);
    fx_kernel_fini(&k);
    flash_env_tmp_free(dir, path);
}
END_TEST

START_TEST(remove_option_deletes_the_file_on_free)
{
    /* --flash-remove: the file is removed when the model is freed. */
    struct env *e = env_new(true, false);
    emu_flash_free(e->f);
    e->o.remove = TRUE;
    e->f = flash_env_open(&e->k, &e->o);
    emu_flash_free(e->f);
    e->f = NULL;
    struct stat st;
    ck_assert_int_eq(stat(e->path, &st), -1);
    env_free(e);
}
END_TEST

START_TEST(size_mismatch_with_existing_file_names_the_file)
{
    /* style §3.2: a user input error names the input and the expectation. */
    struct env *e = env_new(true, false);
    emu_flash_free(e->f);
    e->f = NULL;
    e->o.size = 2 * PAGE * PAGES;
    struct emu_err err = {{0}};
    int errnum = 0;
    ck_assert_ptr_null(emu_flash_new(&e->k, &e->o, &err, &errnum));
    ck_assert_int_eq(errnum, -EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, e->path));
    ck_assert_ptr_nonnull(strstr(err.msg, "!= --flash-size"));
    e->o.size = PAGE + 1;
    ck_assert_ptr_null(emu_flash_new(&e->k, &e->o, &err, &errnum));
    ck_assert_ptr_nonnull(strstr(err.msg, "not a multiple of the 256-byte page"));
    env_free(e);
}
END_TEST

START_TEST(partitions_are_offset_and_may_not_overlap)
{
    /* Brief: the board partitions the device by page offsets. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct emu_flash_options o = flash_env_options(NULL, PAGE, PAGES);
    struct emu_flash *f = flash_env_open(&k, &o);
    struct emu_err err = {{0}};
    struct tk_flash *a = emu_flash_partition(f, 0, 2, &err);
    struct tk_flash *b = emu_flash_partition(f, 2, 6, &err);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(emu_flash_partition_offset(b), 2 * PAGE);
    ck_assert_uint_eq(b->page_count, 6);
    ck_assert_ptr_null(emu_flash_partition(f, 1, 2, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "overlaps"));
    ck_assert_ptr_null(emu_flash_partition(f, 7, 2, &err));
    struct recorder rec = {.client = {rec_read_done, rec_write_done, rec_erase_done}};
    b->client = &rec.client;
    uint8_t buf[4] = {0xAB, 0xAB, 0xAB, 0xAB};
    ck_assert_int_eq(b->ops->write(b, 0, buf, 4), 0);
    fx_settle(&k);
    ck_assert_int_eq(b->ops->erase_page(b, 6), TK_INVAL);
    ck_assert(all_bytes(emu_flash_data(f) + 2 * PAGE, 4, 0xAB));
    emu_flash_free(f);
    emu_flash_options_fini(&o);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(option_group_parses_every_flag)
{
    /* Brief: --flash FILE, --flash-size, --flash-erase, --flash-ram,
     * --flash-remove, --flash-fail-after N, --flash-and-writes. */
    struct emu_flash_options o;
    emu_flash_options_init(&o);
    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_add_group(ctx, emu_flash_option_group(&o));
    char *args[] = {"tockemu",
                    "--flash",
                    "state.bin",
                    "--flash-size",
                    "64K",
                    "--flash-erase",
                    "--flash-ram",
                    "--flash-remove",
                    "--flash-fail-after",
                    "3",
                    "--flash-and-writes",
                    NULL};
    int argc = 11;
    char **argv = args;
    GError *error = NULL;
    ck_assert(g_option_context_parse(ctx, &argc, &argv, &error));
    ck_assert_str_eq(o.path, "state.bin");
    ck_assert_int_eq(o.size, 65536);
    ck_assert(o.erase && o.ram && o.remove && o.and_writes);
    ck_assert_int_eq(o.fail_after, 3);
    ck_assert_uint_eq(o.page_size, 4096);
    ck_assert_uint_eq(o.word_size, 4);
    g_option_context_free(ctx);
    emu_flash_options_fini(&o);
}
END_TEST

START_TEST(option_size_rejects_garbage_and_takes_suffixes)
{
    /* style §3.2: a bad flag value is refused with a message naming it. */
    static const struct {
        const char *arg;
        gint64 size;
    } cases[] = {{"4096", 4096}, {"8k", 8192}, {"1M", 1048576}, {"12x", -1},
                 {"0", -1},      {"", -1},     {"5000M", -1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct emu_flash_options o;
        emu_flash_options_init(&o);
        GOptionContext *ctx = g_option_context_new(NULL);
        g_option_context_add_group(ctx, emu_flash_option_group(&o));
        char *args[] = {"tockemu", "--flash-size", (char *)cases[i].arg, NULL};
        int argc = 3;
        char **argv = args;
        GError *error = NULL;
        gboolean ok = g_option_context_parse(ctx, &argc, &argv, &error);
        if (cases[i].size < 0) {
            ck_assert_msg(!ok, "accepted %s", cases[i].arg);
            ck_assert_ptr_nonnull(strstr(error->message, "is not a size"));
            g_error_free(error);
        } else {
            ck_assert_msg(ok, "refused %s", cases[i].arg);
            ck_assert_int_eq(o.size, cases[i].size);
        }
        g_option_context_free(ctx);
        emu_flash_options_fini(&o);
    }
}
END_TEST

Suite *flash_model_suite(void)
{
    Suite *s = suite_create("flash_model");
    TCase *tc = tcase_create("model");
    tcase_add_test(tc, new_file_is_created_erased_to_ff);
    tcase_add_test(tc, write_completes_through_a_deferred_call);
    tcase_add_test(tc, read_copies_bytes_and_read_mapped_is_synchronous);
    tcase_add_test(tc, misaligned_or_out_of_range_requests_are_inval);
    tcase_add_test(tc, write_only_clears_bits_and_one_over_zero_fails);
    tcase_add_test(tc, and_writes_option_stores_old_and_new);
    tcase_add_test(tc, erase_sets_page_to_ff_and_counts_per_page);
    tcase_add_test(tc, fail_after_tears_the_nth_write);
    tcase_add_test(tc, fail_after_tears_an_erase);
    tcase_add_test(tc, fail_after_option_is_read_at_open);
    tcase_add_test(tc, contents_persist_across_free_and_reopen);
    tcase_add_test(tc, erase_option_wipes_an_existing_file);
    tcase_add_test(tc, ram_only_creates_no_file_and_forgets);
    tcase_add_test(tc, remove_option_deletes_the_file_on_free);
    tcase_add_test(tc, size_mismatch_with_existing_file_names_the_file);
    tcase_add_test(tc, partitions_are_offset_and_may_not_overlap);
    tcase_add_test(tc, option_group_parses_every_flag);
    tcase_add_test(tc, option_size_rejects_garbage_and_takes_suffixes);
    suite_add_tcase(s, tc);
    return s;
}
