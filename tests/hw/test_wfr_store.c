/* Writeable flash regions kept in the flash file (emu/hw/wfr_store.h).
 * Spec §6.3 type 2 (writeable flash regions), libtock-c-surface.md §1.5
 * (app state must persist across restarts). The rule under test: a region
 * gets its saved bytes back only when the TBF at the same address is the
 * same binary and the region has the same offset and size.
 */
#include <check.h>
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "container_of.h"
#include "tbf.h"
#include "tbf_write.h"
#include "wfr_store.h"

enum { TBF_LEN = 256, REGION_OFFSET = 128, REGION_LEN = 16, PARTITION_LEN = 4096 };

#define APP_A 0x40000000ull
#define APP_B 0x40400000ull

struct app {
    uint8_t tbf[TBF_LEN]; /* as laid out in app flash */
    struct tk_tbf_header header;
};

/* A TBF with one writeable region; `marker` goes into the binary, so two
 * markers are two different builds. */
static void app_build(struct app *a, uint8_t marker)
{
    const struct emu_tbf_wfr wfr = {REGION_OFFSET, REGION_LEN};
    struct emu_tbf_header h = {.total_size = TBF_LEN, .wfrs = &wfr, .wfr_count = 1};
    GByteArray *out = g_byte_array_new();
    size_t header_size = 0;
    ck_assert_int_eq(emu_tbf_header_encode(&h, out, &header_size, NULL), 0);
    memset(a->tbf, 0, sizeof a->tbf);
    memcpy(a->tbf, out->data, out->len);
    g_byte_array_unref(out);
    a->tbf[TBF_LEN - 1] = marker;
    struct tk_tbf_error e = {0};
    ck_assert_int_eq(tk_tbf_parse_header(a->tbf, header_size, 2, &a->header, &e), TK_TBF_OK);
}

static uint8_t *region(struct app *a)
{
    return a->tbf + REGION_OFFSET;
}

/* One emulator run over `partition`: lay out the apps, let them write
 * `fill` into their regions, save. Returns regions restored in total. */
static int run(uint8_t *partition, size_t len, struct app **apps, const uint64_t *addresses,
               unsigned n, int fill)
{
    struct emu_wfr_store s;
    struct emu_err err;
    int restored = 0;
    emu_wfr_store_init(&s, partition, len);
    for (unsigned i = 0; i < n; i++) {
        int rc = emu_wfr_store_add_tbf(&s, "app.tbf", apps[i]->tbf, addresses[i], &apps[i]->header,
                                       &err);
        ck_assert_int_ge(rc, 0);
        restored += rc;
        if (fill >= 0)
            memset(region(apps[i]), fill + (int)i, REGION_LEN);
    }
    emu_wfr_store_save(&s);
    emu_wfr_store_fini(&s);
    return restored;
}

START_TEST(same_binary_gets_its_saved_bytes_back)
{
    uint8_t partition[PARTITION_LEN];
    memset(partition, 0xFF, sizeof partition);
    struct app a;
    struct app *apps[] = {&a};
    uint64_t at[] = {APP_A};
    app_build(&a, 1);
    ck_assert_int_eq(run(partition, sizeof partition, apps, at, 1, 0x5A), 0);
    app_build(&a, 1); /* laid out again from the file: initial bytes */
    ck_assert_uint_eq(region(&a)[0], 0);
    ck_assert_int_eq(run(partition, sizeof partition, apps, at, 1, -1), 1);
    for (int i = 0; i < REGION_LEN; i++)
        ck_assert_uint_eq(region(&a)[i], 0x5A);
}
END_TEST

START_TEST(rebuilt_binary_starts_from_its_initial_bytes)
{
    uint8_t partition[PARTITION_LEN];
    memset(partition, 0xFF, sizeof partition);
    struct app a;
    struct app *apps[] = {&a};
    uint64_t at[] = {APP_A};
    app_build(&a, 1);
    run(partition, sizeof partition, apps, at, 1, 0x5A);
    app_build(&a, 2);
    ck_assert_int_eq(run(partition, sizeof partition, apps, at, 1, -1), 0);
    ck_assert_uint_eq(region(&a)[0], 0);
}
END_TEST

START_TEST(same_binary_at_another_address_starts_fresh)
{
    uint8_t partition[PARTITION_LEN];
    memset(partition, 0xFF, sizeof partition);
    struct app a;
    struct app *apps[] = {&a};
    uint64_t at_a[] = {APP_A}, at_b[] = {APP_B};
    app_build(&a, 1);
    run(partition, sizeof partition, apps, at_a, 1, 0x5A);
    app_build(&a, 1);
    ck_assert_int_eq(run(partition, sizeof partition, apps, at_b, 1, -1), 0);
}
END_TEST

/* A run without app A keeps A's record for a later run with it. */
START_TEST(records_of_apps_not_loaded_are_kept)
{
    uint8_t partition[PARTITION_LEN];
    memset(partition, 0xFF, sizeof partition);
    struct app a, b;
    struct app *only_a[] = {&a}, *only_b[] = {&b};
    uint64_t at_a[] = {APP_A}, at_b[] = {APP_B};
    app_build(&a, 1);
    app_build(&b, 2);
    run(partition, sizeof partition, only_a, at_a, 1, 0x11);
    run(partition, sizeof partition, only_b, at_b, 1, 0x22);
    app_build(&a, 1);
    app_build(&b, 2);
    struct app *both[] = {&a, &b};
    uint64_t at_both[] = {APP_A, APP_B};
    ck_assert_int_eq(run(partition, sizeof partition, both, at_both, 2, -1), 2);
    ck_assert_uint_eq(region(&a)[0], 0x11);
    ck_assert_uint_eq(region(&b)[0], 0x22);
}
END_TEST

START_TEST(a_run_without_regions_leaves_the_partition_alone)
{
    uint8_t partition[PARTITION_LEN], before[PARTITION_LEN];
    memset(partition, 0xFF, sizeof partition);
    struct app a;
    struct app *apps[] = {&a};
    uint64_t at[] = {APP_A};
    app_build(&a, 1);
    run(partition, sizeof partition, apps, at, 1, 0x5A);
    memcpy(before, partition, sizeof before);
    run(partition, sizeof partition, apps, at, 0, -1);
    ck_assert_mem_eq(partition, before, sizeof before);
}
END_TEST

START_TEST(regions_that_do_not_fit_are_refused_by_name)
{
    uint8_t partition[32]; /* a 24-byte record header plus 16 bytes does not fit */
    memset(partition, 0xFF, sizeof partition);
    struct app a;
    app_build(&a, 1);
    struct emu_wfr_store s;
    struct emu_err err;
    emu_wfr_store_init(&s, partition, sizeof partition);
    ck_assert_int_eq(emu_wfr_store_add_tbf(&s, "big.tbf", a.tbf, APP_A, &a.header, &err), -ENOSPC);
    ck_assert_ptr_nonnull(strstr(err.msg, "big.tbf: its writeable flash regions"));
    ck_assert_uint_eq(s.count, 0);
    emu_wfr_store_fini(&s);
}
END_TEST

/* Garbage (a foreign or erased file) reads as no records. */
START_TEST(garbage_partition_has_no_records)
{
    uint8_t partition[PARTITION_LEN];
    memset(partition, 0xA5, sizeof partition);
    struct app a;
    struct app *apps[] = {&a};
    uint64_t at[] = {APP_A};
    app_build(&a, 1);
    ck_assert_int_eq(run(partition, sizeof partition, apps, at, 1, -1), 0);
    ck_assert_uint_eq(region(&a)[0], 0);
}
END_TEST

/* The pass-through of emu_wfr_store_wrap: a finished app flash write is
 * in the partition before the driver hears of it. */
struct fake_storage {
    struct tk_nonvolatile_storage storage;
    struct tk_nonvolatile_storage_client client; /* the driver's side */
    struct app *app;
    uint8_t *partition;
    int restored_when_done; /* regions a fresh store restored at write_done */
};

static int fake_write(struct tk_nonvolatile_storage *nv, uint8_t *buf, uint64_t address, size_t len)
{
    struct fake_storage *f = nv->state;
    memcpy(f->app->tbf + (address - APP_A), buf, len);
    nv->client->write_done(nv->client, buf, len, 0); /* completes at once */
    return 0;
}

static void fake_driver_write_done(struct tk_nonvolatile_storage_client *c, uint8_t *buf,
                                   size_t len, int rcode)
{
    (void)buf, (void)len, (void)rcode;
    struct fake_storage *f = tk_container_of(c, struct fake_storage, client);
    struct app again;
    app_build(&again, 1);
    struct emu_wfr_store fresh;
    struct emu_err err;
    emu_wfr_store_init(&fresh, f->partition, PARTITION_LEN);
    f->restored_when_done =
        emu_wfr_store_add_tbf(&fresh, "app.tbf", again.tbf, APP_A, &again.header, &err);
    ck_assert_uint_eq(region(&again)[0], 0x77);
    emu_wfr_store_fini(&fresh);
}

static const struct tk_nonvolatile_storage_ops fake_ops = {.write = fake_write};

START_TEST(wrapped_write_is_saved_before_the_driver_hears)
{
    uint8_t partition[PARTITION_LEN];
    memset(partition, 0xFF, sizeof partition);
    struct app a;
    app_build(&a, 1);
    struct fake_storage f = {.app = &a, .partition = partition, .restored_when_done = -1};
    f.storage.ops = &fake_ops;
    f.storage.state = &f;
    f.client.write_done = fake_driver_write_done;

    struct emu_wfr_store s;
    struct emu_err err;
    emu_wfr_store_init(&s, partition, sizeof partition);
    ck_assert_int_eq(emu_wfr_store_add_tbf(&s, "app.tbf", a.tbf, APP_A, &a.header, &err), 0);
    struct tk_nonvolatile_storage *wrapped = emu_wfr_store_wrap(&s, &f.storage);
    wrapped->client = &f.client;
    uint8_t data[REGION_LEN];
    memset(data, 0x77, sizeof data);
    ck_assert_int_eq(wrapped->ops->write(wrapped, data, APP_A + REGION_OFFSET, sizeof data), 0);
    ck_assert_int_eq(f.restored_when_done, 1);
    emu_wfr_store_fini(&s);
}
END_TEST

Suite *wfr_store_suite(void)
{
    Suite *s = suite_create("wfr_store");
    TCase *tc = tcase_create("wfr_store");
    tcase_add_test(tc, same_binary_gets_its_saved_bytes_back);
    tcase_add_test(tc, rebuilt_binary_starts_from_its_initial_bytes);
    tcase_add_test(tc, same_binary_at_another_address_starts_fresh);
    tcase_add_test(tc, records_of_apps_not_loaded_are_kept);
    tcase_add_test(tc, a_run_without_regions_leaves_the_partition_alone);
    tcase_add_test(tc, regions_that_do_not_fit_are_refused_by_name);
    tcase_add_test(tc, garbage_partition_has_no_records);
    tcase_add_test(tc, wrapped_write_is_saved_before_the_driver_hears);
    suite_add_tcase(s, tc);
    return s;
}
