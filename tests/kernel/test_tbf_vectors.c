/* Suite tbf_vectors: TBF objects shaped like Tock's own, against the kernel's verdicts.
 *
 * Spec §6.2-§6.7. Each vector below rebuilds, with the tbf_builder, the header
 * of one real TBF that Tock's tools made (elf2tab 2019-2024, libtock-rs 2020,
 * tools/ota_app's deliberately broken files): the same TLVs in the same
 * order, the same fields, zeros for the app code (only headers and footers
 * matter here). The facts it is checked against are what the kernel's own
 * TBF library (tock-tbf @65608d71, driven as the kernel's loader scans app
 * flash, KernelVersion required, kernel 2.3) reported for that file: the
 * header checksum (so the rebuilt header is byte for byte the original), the
 * derived fields, the post-parse verdict, the footer walk and the end of the
 * scan. Together they cover every verdict kind those files exercised:
 * lengths, InvalidHeader, TbfHeaderParseFailure(UnsupportedVersion(0)),
 * IncompatibleKernelVersion(None), ok, Reserved footers, PastLastFooter,
 * NotEnoughFlash (fewer than 8 bytes left) and TbfHeaderNotFound(UnableToParse).
 */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "kernel/tbf_builder.h"
#include "loader.h"
#include "tbf.h"

#define MAX_OBJECTS  4
#define VECTOR_BYTES 16384

/* The Permissions TLV of tools/ota_app's ota_app_permission_btnv.tbf: one
 * entry declared (driver 5) in 16 bytes, too short for it (2 + 16). */
static const uint8_t btnv_permissions[16] = {1, 0, 5, 0};

struct vector {
    const char *mirrors; /* the upstream file: TAB--member or tbf/ name */
    /* Shape (elf2tab's TLV order: Main, Program, PackageName, Permissions,
     * FixedAddresses, KernelVersion; a Reserved footer fills the rest). */
    struct tk_tbf_main main;
    uint32_t program_binary_end; /* 0: no Program TLV */
    const char *name;
    const uint8_t *permissions;
    uint16_t permissions_len;
    uint32_t fixed_ram, fixed_flash; /* 0: no FixedAddresses TLV */
    bool kernel_version;             /* KernelVersion 2.0 */
    uint32_t total_size;
    uint16_t poke_version, poke_header_size; /* 0: as built (checksum kept) */

    /* The kernel's facts. */
    uint32_t checksum;
    uint32_t init_fn_offset_abs, protected_size, binary_end;
    const char *verdict; /* "ok", the ProcessBinaryError, or NULL: no object */
    unsigned reserved_footers;
    uint32_t end_offset;
    const char *end;
};

static const struct vector vectors[] = {
    {"tock-exit_2k.tab--cortex-m0.elf.tbf",
     {41, 0, 4604},
     0,
     "exit",
     NULL,
     0,
     0,
     0,
     true,
     2048,
     0,
     0,
     1951752635,
     89,
     48,
     2048,
     "ok",
     0,
     2048,
     "NotEnoughFlash(<8 bytes)"},
    {"blink_app.tbf",
     {41, 0, 4604},
     0,
     "blink",
     NULL,
     0,
     0,
     0,
     true,
     2048,
     0,
     0,
     1850766807,
     93,
     52,
     2048,
     "ok",
     0,
     2048,
     "NotEnoughFlash(<8 bytes)"},
    {"512_bare_app.tbf",
     {41, 0, 0},
     0,
     "bare_bones",
     NULL,
     0,
     0,
     0,
     true,
     512,
     0,
     0,
     187134586,
     97,
     56,
     512,
     "ok",
     0,
     512,
     "NotEnoughFlash(<8 bytes)"},
    {"ota_app_permission_btnv.tbf",
     {41, 0, 10568},
     0,
     "ota_app",
     btnv_permissions,
     sizeof btnv_permissions,
     0,
     0,
     true,
     16384,
     0,
     0,
     1598254435,
     113,
     72,
     16384,
     "ok",
     0,
     16384,
     "NotEnoughFlash(<8 bytes)"},
    {"06_screen_button.tab--cortex-m0.tbf",
     {41, 0, 5000},
     5708,
     "screen",
     NULL,
     0,
     0,
     0,
     true,
     16384,
     0,
     0,
     1696881496,
     117,
     76,
     5708,
     "ok",
     1,
     16384,
     "NotEnoughFlash(<8 bytes)"},
    {"06_screen_button.tab--rv32imac.0x20040080.0x80002800.tbf",
     {80, 40, 4552},
     6800,
     "screen",
     NULL,
     0,
     0x80002800,
     0x20040080,
     true,
     9800,
     0,
     0,
     3309050185,
     168,
     128,
     6800,
     "ok",
     1,
     9800,
     "NotEnoughFlash(<8 bytes)"},
    {"libtock-c-v1.0-tests_gpio.tab--cortex-m0.bin",
     {37, 0, 4668},
     0,
     "gpio",
     NULL,
     0,
     0,
     0,
     false,
     8192,
     0,
     0,
     1867072127,
     77,
     40,
     8192,
     "IncompatibleKernelVersion(None)",
     0,
     8192,
     "NotEnoughFlash(<8 bytes)"},
    {"libtock-rs-rv32imc.tbf",
     {80, 16, 4100},
     0,
     "hello_world",
     NULL,
     0,
     0,
     0,
     false,
     2048,
     0,
     0,
     55070256,
     128,
     64,
     2048,
     "IncompatibleKernelVersion(None)",
     0,
     2048,
     "NotEnoughFlash(<8 bytes)"},
    {"invalid_hdlen1_blink_app.tbf",
     {41, 0, 4604},
     0,
     "blink",
     NULL,
     0,
     0,
     0,
     true,
     2048,
     0,
     15,
     1850766807,
     0,
     0,
     0,
     "TbfHeaderParseFailure(UnsupportedVersion(0))",
     0,
     2048,
     "NotEnoughFlash(<8 bytes)"},
    {"invalid_hdlen2_blink_app_.tbf",
     {41, 0, 4604},
     0,
     "blink",
     NULL,
     0,
     0,
     0,
     true,
     2048,
     0,
     9,
     1850766807,
     0,
     0,
     0,
     "TbfHeaderParseFailure(UnsupportedVersion(0))",
     0,
     2048,
     "NotEnoughFlash(<8 bytes)"},
    {"invalid_version_blink_app.tbf",
     {41, 0, 4604},
     0,
     "blink",
     NULL,
     0,
     0,
     0,
     true,
     2048,
     1,
     0,
     1850766807,
     0,
     0,
     0,
     NULL,
     0,
     0,
     "TbfHeaderNotFound(UnableToParse)"},
};

/* Build vector `v` into `buf` (VECTOR_BYTES); returns its length. */
static size_t build(const struct vector *v, uint8_t *buf)
{
    struct tbf_builder b;
    const struct tk_tbf_main *m = &v->main;
    ck_assert_uint_le(v->total_size, VECTOR_BYTES);
    tb_begin(&b, buf, VECTOR_BYTES, TK_TBF_FLAG_ENABLED);
    tb_main(&b, m->init_fn_offset, m->protected_trailer_size, m->minimum_ram_size);
    if (v->program_binary_end != 0)
        tb_program(&b, m->init_fn_offset, m->protected_trailer_size, m->minimum_ram_size,
                   v->program_binary_end, 0);
    tb_name(&b, v->name);
    if (v->permissions != NULL)
        tb_tlv(&b, TK_TBF_TLV_PERMISSIONS, v->permissions, v->permissions_len);
    if (v->fixed_flash != 0)
        tb_fixed_addresses(&b, v->fixed_ram, v->fixed_flash);
    if (v->kernel_version)
        tb_kernel_version(&b, 2, 0);
    tb_end_header(&b, v->total_size);
    if (v->program_binary_end != 0 && v->program_binary_end < v->total_size)
        tb_footer(&b, v->program_binary_end, TK_TBF_TLV_CREDENTIALS,
                  (uint16_t)(v->total_size - v->program_binary_end - 4), TK_TBF_CREDENTIAL_RESERVED,
                  NULL, 0);
    /* The broken files were edited after the fact: checksum left as it was. */
    if (v->poke_version != 0)
        tb_put16(buf, v->poke_version);
    if (v->poke_header_size != 0)
        tb_put16(buf + 2, v->poke_header_size);
    return v->total_size;
}

struct our_scan {
    unsigned n;
    struct tk_tbf_object obj[MAX_OBJECTS];
};

static bool keep(void *ctx, const struct tk_tbf_object *obj)
{
    struct our_scan *scan = ctx;
    ck_assert_uint_lt(scan->n, MAX_OBJECTS);
    scan->obj[scan->n++] = *obj;
    return true;
}

/* Where the image sits in flash: where a fixed-address app belongs (the
 * kernel's run placed it there and it passed check 5), else anywhere. */
static uint64_t image_base(const struct vector *v, uint32_t protected_size)
{
    return v->fixed_flash != 0 ? v->fixed_flash - protected_size : 0x40000;
}

/* The header fields tock-tbf reported. */
static void check_header(const struct vector *v, const struct tk_tbf_object *o)
{
    const struct tk_tbf_header *h = &o->header;
    ck_assert(o->has_header);
    ck_assert(h->is_app);
    ck_assert(tk_tbf_is_enabled(h));
    ck_assert_uint_eq(h->checksum, v->checksum);
    ck_assert_uint_eq(tk_tbf_checksum(o->data, h->header_size), v->checksum);
    ck_assert_int_eq((int)h->package_name_len, (int)strlen(v->name));
    ck_assert_mem_eq(h->package_name, v->name, h->package_name_len);
    ck_assert_uint_eq(tk_tbf_init_fn_offset(h), v->init_fn_offset_abs);
    ck_assert_uint_eq(tk_tbf_protected_size(h), v->protected_size);
    ck_assert_uint_eq(tk_tbf_app_start_offset(h), v->protected_size);
    ck_assert_uint_eq(tk_tbf_minimum_ram_size(h), v->main.minimum_ram_size);
    ck_assert_uint_eq(tk_tbf_binary_end(h), v->binary_end);
    ck_assert_uint_eq(tk_tbf_binary_version(h), 0);
    ck_assert_int_eq(h->has_kernel_version, v->kernel_version);
    if (v->kernel_version)
        ck_assert(h->kernel_major == 2 && h->kernel_minor == 0);
    ck_assert_uint_eq(tk_tbf_fixed_address_ram(h),
                      v->fixed_flash ? v->fixed_ram : TK_TBF_NOT_FIXED);
    ck_assert_uint_eq(tk_tbf_fixed_address_flash(h),
                      v->fixed_flash ? v->fixed_flash : TK_TBF_NOT_FIXED);
    ck_assert_uint_eq(tk_tbf_short_id(h), 0);
    ck_assert_uint_eq(tk_tbf_writeable_flash_region_count(h), 0);
    struct tk_tbf_storage_ids ids;
    ck_assert(!tk_tbf_storage_ids(h, &ids));
    /* The probes of drivers 0-5 and 0x90000 at offset 0: no permissions at
     * all, the truncated btnv entry included. */
    static const uint32_t probes[] = {0, 1, 2, 3, 4, 5, 589824};
    struct tk_permissions perms;
    tk_permissions_init(&perms, h);
    for (size_t i = 0; i < G_N_ELEMENTS(probes); i++)
        ck_assert_str_eq(
            tk_command_permissions_name(tk_permissions_query(&perms, probes[i], 0, NULL)),
            "NoPermsAtAll");
}

/* An accepted object: integrity region, then the footer walk. */
static void check_footers(const struct vector *v, const struct tk_tbf_object *o)
{
    struct tk_tbf_region r = tk_tbf_integrity_region(o->data, &o->header);
    struct tk_tbf_footer_iter it;
    struct tk_tbf_footer f;
    ck_assert_uint_eq(r.len, v->binary_end);
    tk_tbf_footer_iter_init(&it, o->data, o->len, &o->header);
    for (unsigned i = 0; i < v->reserved_footers; i++) {
        ck_assert_int_eq(tk_tbf_footer_next(&it, &f, NULL), TK_TBF_OK);
        ck_assert_uint_eq(f.index, i);
        ck_assert_uint_eq(f.offset, v->binary_end);
        ck_assert_uint_eq(f.tlv_length, v->total_size - v->binary_end - 4);
        ck_assert_str_eq(tk_tbf_credential_format_name(f.format), "Reserved");
        ck_assert_uint_eq(f.data_len, 0);
    }
    ck_assert_str_eq(tk_tbf_err_name(tk_tbf_footer_next(&it, &f, NULL)), "PastLastFooter");
    ck_assert_uint_eq(it.index, v->reserved_footers);
    ck_assert_uint_eq(it.pos, v->total_size);
}

/* The scan's end: the generator's "NotEnoughFlash(<8 bytes)" is our
 * NotEnoughFlash with fewer than 8 bytes left. */
static void check_end(const struct vector *v, const struct tk_tbf_object *o, size_t image_len)
{
    char text[160];
    ck_assert_int_eq(o->verdict, TK_LOAD_STOP);
    ck_assert_uint_eq(o->offset, v->end_offset);
    tk_tbf_error_format(&o->error, text, sizeof text);
    if (strcmp(v->end, "NotEnoughFlash(<8 bytes)") == 0) {
        ck_assert_int_eq(o->error.code, TK_TBF_NOT_ENOUGH_FLASH);
        ck_assert_uint_lt(image_len - o->offset, 8);
    } else {
        ck_assert_str_eq(text, v->end);
    }
}

START_TEST(tock_shaped_objects_reach_the_kernels_verdicts)
{
    /* Spec §6.5-§6.7: lengths, header, post-parse verdict, footers, end. */
    const struct vector *v = &vectors[_i];
    uint8_t *buf = g_malloc(VECTOR_BYTES);
    size_t len = build(v, buf);
    struct our_scan scan = {0};
    char text[160];

    tk_tbf_scan(buf, len, image_base(v, v->protected_size), keep, &scan);
    const struct tk_tbf_object *o = &scan.obj[0];
    if (v->verdict == NULL) {
        ck_assert_uint_eq(scan.n, 1);
        check_end(v, o, len);
        g_free(buf);
        return;
    }
    ck_assert_uint_eq(scan.n, 2); /* the object, then the end */
    ck_assert(o->has_lengths);
    ck_assert_uint_eq(o->lengths.total_size, v->total_size);
    if (v->poke_header_size != 0) {
        ck_assert_str_eq(tk_tbf_err_name(o->initial_error), "InvalidHeader");
    } else {
        ck_assert_int_eq(o->initial_error, TK_TBF_OK);
        ck_assert_uint_eq(o->lengths.version, 2);
        check_header(v, o);
    }
    if (strcmp(v->verdict, "ok") == 0) {
        ck_assert_int_eq(o->verdict, TK_LOAD_OK);
        check_footers(v, o);
    } else {
        ck_assert_int_eq(o->verdict, TK_LOAD_SKIP);
        tk_tbf_error_format(&o->error, text, sizeof text);
        ck_assert_str_eq(text, v->verdict);
    }
    check_end(v, &scan.obj[1], len);
    g_free(buf);
}
END_TEST

START_TEST(back_to_back_vectors_keep_their_verdicts)
{
    /* Spec §6.5: installed one after another (as tockloader does), each
     * object gets its own verdict and the scan moves on by total_size. The
     * version-1 file goes last: it ends the list. */
    uint8_t *image = g_malloc0(G_N_ELEMENTS(vectors) * VECTOR_BYTES);
    uint8_t *buf = g_malloc(VECTOR_BYTES);
    uint32_t offsets[G_N_ELEMENTS(vectors)];
    size_t len = 0;
    unsigned n = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        if (vectors[i].fixed_flash != 0)
            continue; /* it belongs at its own address */
        offsets[n++] = (uint32_t)len;
        len += build(&vectors[i], buf);
        memcpy(image + offsets[n - 1], buf, vectors[i].total_size);
    }
    struct tk_tbf_object obj;
    unsigned seen = 0;
    for (size_t i = 0, at = 0; i < G_N_ELEMENTS(vectors); i++) {
        const struct vector *v = &vectors[i];
        if (v->fixed_flash != 0)
            continue;
        memset(&obj, 0, sizeof obj);
        size_t step = tk_tbf_discover(image + at, len - at, 0x40000 + at, &obj);
        ck_assert_uint_eq(at, offsets[seen++]);
        if (v->verdict == NULL) {
            ck_assert_int_eq(obj.verdict, TK_LOAD_STOP);
            break;
        }
        ck_assert_int_eq(obj.verdict, strcmp(v->verdict, "ok") == 0 ? TK_LOAD_OK : TK_LOAD_SKIP);
        ck_assert_uint_eq(step, v->total_size);
        at += step;
    }
    ck_assert_uint_eq(seen, n);
    g_free(buf);
    g_free(image);
}
END_TEST

START_TEST(every_verdict_kind_of_the_upstream_files_is_covered)
{
    /* The kinds the 31 TBF files and 114 TAB members of Tock's history
     * exercised; each must appear in the table above. */
    static const char *const kinds[] = {
        "ok",
        "IncompatibleKernelVersion(None)",
        "TbfHeaderParseFailure(UnsupportedVersion(0))",
        "NotEnoughFlash(<8 bytes)",
        "TbfHeaderNotFound(UnableToParse)",
    };
    bool invalid_header = false, reserved = false, fixed = false, no_footer = false;
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        bool found = false;
        for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++)
            found |= (vectors[i].verdict != NULL && strcmp(vectors[i].verdict, kinds[k]) == 0) ||
                     strcmp(vectors[i].end, kinds[k]) == 0;
        ck_assert_msg(found, "no vector for %s", kinds[k]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        invalid_header |= vectors[i].poke_header_size != 0;
        reserved |= vectors[i].reserved_footers > 0;
        fixed |= vectors[i].fixed_flash != 0;
        no_footer |= vectors[i].verdict != NULL && strcmp(vectors[i].verdict, "ok") == 0 &&
                     vectors[i].reserved_footers == 0;
    }
    ck_assert(invalid_header && reserved && fixed && no_footer);
}
END_TEST

Suite *tbf_vectors_suite(void)
{
    Suite *s = suite_create("tbf_vectors");
    TCase *t = tcase_create("tock_shaped");
    tcase_add_loop_test(t, tock_shaped_objects_reach_the_kernels_verdicts, 0,
                        G_N_ELEMENTS(vectors));
    tcase_add_test(t, back_to_back_vectors_keep_their_verdicts);
    tcase_add_test(t, every_verdict_kind_of_the_upstream_files_is_covered);
    suite_add_tcase(s, t);
    return s;
}
