/* Suite tbf_vectors: real TBF and TAB files against the kernel's own verdicts.
 *
 * Spec §6.5-§6.7 as observed: shared/vectors/upstream/README.md. Every file
 * of tbf/ and every member of the TAB archives (tar) in tab/ is scanned as
 * app flash; each event of expected/NAME.jsonl (the kernel's tock-tbf run on
 * the same bytes) must be matched by our lengths, header fields, post-parse
 * verdict, footers and end of scan. JSON lines are read with a small
 * tolerant reader below (GLib has no JSON parser; json-glib is not a
 * dependency).
 */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "appid.h"
#include "loader.h"
#include "tbf.h"

#define VECTORS_DIR TOCKEMU_SOURCE_ROOT "/../shared/vectors/upstream"
#define MAX_OBJECTS 16

/* ---- A small JSON reader (objects, arrays, strings, integers, literals) --- */

enum json_type { JSON_NULL, JSON_BOOL, JSON_INT, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
    enum json_type type;
    gint64 integer;   /* JSON_INT, JSON_BOOL */
    char *string;     /* JSON_STRING */
    GPtrArray *items; /* JSON_ARRAY: struct json *; JSON_OBJECT: values */
    GPtrArray *keys;  /* JSON_OBJECT: char * */
};

static void json_free(gpointer p)
{
    struct json *j = p;
    if (j == NULL)
        return;
    g_free(j->string);
    if (j->items != NULL)
        g_ptr_array_free(j->items, TRUE);
    if (j->keys != NULL)
        g_ptr_array_free(j->keys, TRUE);
    g_free(j);
}

static struct json *json_parse_value(const char **s);

static void skip_space(const char **s)
{
    while (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')
        (*s)++;
}

/* A string after its opening quote; escapes decoded (\uXXXX as UTF-8). */
static char *json_parse_string(const char **s)
{
    GString *out = g_string_new(NULL);
    while (**s != '\0' && **s != '"') {
        char c = *(*s)++;
        if (c != '\\') {
            g_string_append_c(out, c);
            continue;
        }
        c = *(*s)++;
        switch (c) {
        case 'n':
            g_string_append_c(out, '\n');
            break;
        case 't':
            g_string_append_c(out, '\t');
            break;
        case 'r':
            g_string_append_c(out, '\r');
            break;
        case 'b':
            g_string_append_c(out, '\b');
            break;
        case 'f':
            g_string_append_c(out, '\f');
            break;
        case 'u': {
            char hex[5] = {0};
            for (int i = 0; i < 4 && **s != '\0'; i++)
                hex[i] = *(*s)++;
            g_string_append_unichar(out, (gunichar)g_ascii_strtoull(hex, NULL, 16));
            break;
        }
        case '\0':
            (*s)--;
            break;
        default:
            g_string_append_c(out, c);
            break;
        }
    }
    if (**s == '"')
        (*s)++;
    return g_string_free(out, FALSE);
}

static struct json *json_parse_container(const char **s, bool object)
{
    struct json *j = g_new0(struct json, 1);
    j->type = object ? JSON_OBJECT : JSON_ARRAY;
    j->items = g_ptr_array_new_with_free_func(json_free);
    if (object)
        j->keys = g_ptr_array_new_with_free_func(g_free);
    char close = object ? '}' : ']';
    skip_space(s);
    while (**s != '\0' && **s != close) {
        if (object) {
            skip_space(s);
            if (**s == '"')
                (*s)++;
            g_ptr_array_add(j->keys, json_parse_string(s));
            skip_space(s);
            if (**s == ':')
                (*s)++;
        }
        g_ptr_array_add(j->items, json_parse_value(s));
        skip_space(s);
        if (**s == ',')
            (*s)++;
        skip_space(s);
    }
    if (**s == close)
        (*s)++;
    return j;
}

static struct json *json_parse_value(const char **s)
{
    struct json *j;
    skip_space(s);
    switch (**s) {
    case '{':
    case '[': {
        bool object = **s == '{';
        (*s)++;
        return json_parse_container(s, object);
    }
    case '"':
        (*s)++;
        j = g_new0(struct json, 1);
        j->type = JSON_STRING;
        j->string = json_parse_string(s);
        return j;
    default:
        break;
    }
    j = g_new0(struct json, 1);
    if (g_str_has_prefix(*s, "true") || g_str_has_prefix(*s, "false")) {
        j->type = JSON_BOOL;
        j->integer = **s == 't';
        *s += j->integer ? 4 : 5;
    } else if (g_str_has_prefix(*s, "null")) {
        j->type = JSON_NULL;
        *s += 4;
    } else {
        char *end;
        j->type = JSON_INT;
        j->integer = g_ascii_strtoll(*s, &end, 10);
        *s = end > *s ? end : *s + 1; /* tolerate junk: never loop */
    }
    return j;
}

static const struct json *json_get(const struct json *o, const char *key)
{
    ck_assert(o->type == JSON_OBJECT);
    for (guint i = 0; i < o->keys->len; i++)
        if (strcmp(g_ptr_array_index(o->keys, i), key) == 0)
            return g_ptr_array_index(o->items, i);
    ck_abort_msg("missing key %s", key);
    return NULL;
}

static gint64 json_int(const struct json *o, const char *key)
{
    const struct json *v = json_get(o, key);
    ck_assert_msg(v->type == JSON_INT || v->type == JSON_BOOL, "%s is not a number", key);
    return v->integer;
}

static const char *json_str(const struct json *o, const char *key)
{
    const struct json *v = json_get(o, key);
    ck_assert_msg(v->type == JSON_STRING, "%s is not a string", key);
    return v->string;
}

static bool json_is_null(const struct json *o, const char *key)
{
    return json_get(o, key)->type == JSON_NULL;
}

/* ---- Our side: scan the image, keeping every object ----------------------- */

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

/* Where the image sits in flash. The vectors' fixed-address apps (RISC-V)
 * all passed check 5, so the generator placed them where they belong: put
 * the image at fixed flash - protected size when the first object asks for
 * it, else anywhere. */
static uint64_t image_base(const uint8_t *data, size_t len)
{
    struct tk_tbf_object first = {0};
    tk_tbf_discover(data, len, 0, &first);
    uint32_t fixed = first.has_header ? tk_tbf_fixed_address_flash(&first.header) : 0;
    if (first.has_header && fixed != TK_TBF_NOT_FIXED)
        return (uint32_t)(fixed - tk_tbf_protected_size(&first.header));
    return 0x40000;
}

/* ---- Checking one expected event --------------------------------------------- */

static void check_lengths(const struct tk_tbf_object *o, const struct json *ev)
{
    ck_assert(o->has_lengths);
    ck_assert_int_eq(o->initial_error, TK_TBF_OK);
    ck_assert_uint_eq(o->lengths.version, json_int(ev, "version"));
    ck_assert_uint_eq(o->lengths.header_size, json_int(ev, "header_size"));
    ck_assert_uint_eq(o->lengths.total_size, json_int(ev, "total_size"));
}

static void check_initial_error(const struct tk_tbf_object *o, const struct json *ev)
{
    ck_assert(o->has_lengths);
    ck_assert_str_eq(tk_tbf_err_name(o->initial_error), json_str(ev, "error"));
    ck_assert_uint_eq(o->lengths.total_size, json_int(ev, "total_size"));
}

/* `key` holds null or the number `value` (present = not null). */
static void check_optional(const struct json *ev, const char *key, bool present, gint64 value)
{
    ck_assert_msg(json_is_null(ev, key) == !present, "%s presence differs", key);
    if (present)
        ck_assert_int_eq(json_int(ev, key), value);
}

/* `key` holds null or an array of ids equal to ids[0..count). */
static void check_id_list(const struct json *ev, const char *key, bool present, const uint32_t *ids,
                          unsigned count)
{
    const struct json *v = json_get(ev, key);
    ck_assert_msg((v->type == JSON_NULL) == !present, "%s presence differs", key);
    if (!present)
        return;
    ck_assert_uint_eq(v->items->len, count);
    for (unsigned i = 0; i < count; i++)
        ck_assert_int_eq(((struct json *)g_ptr_array_index(v->items, i))->integer, ids[i]);
}

static void check_permission_probes(const struct tk_tbf_header *h, const struct json *ev)
{
    const struct json *probes = json_get(ev, "perms_probe_offset0");
    struct tk_permissions perms;
    tk_permissions_init(&perms, h);
    for (guint i = 0; i < probes->keys->len; i++) {
        uint32_t driver = (uint32_t)g_ascii_strtoull(g_ptr_array_index(probes->keys, i), NULL, 10);
        const struct json *want = g_ptr_array_index(probes->items, i);
        enum tk_command_permissions got = tk_permissions_query(&perms, driver, 0, NULL);
        ck_assert_str_eq(tk_command_permissions_name(got), want->string);
    }
}

static void check_header(const struct tk_tbf_object *o, const struct json *ev)
{
    const struct tk_tbf_header *h = &o->header;
    struct tk_tbf_storage_ids ids;
    ck_assert(o->has_header);
    ck_assert_int_eq(h->is_app, json_int(ev, "is_app"));
    ck_assert_int_eq(tk_tbf_is_enabled(h), json_int(ev, "enabled"));
    ck_assert_uint_eq(h->flags, json_int(ev, "flags"));
    ck_assert_uint_eq(h->checksum, json_int(ev, "checksum"));
    ck_assert_uint_eq(h->header_size, json_int(ev, "length"));
    char *name = g_strndup((const char *)h->package_name, h->package_name_len);
    ck_assert_str_eq(name, json_str(ev, "package_name"));
    g_free(name);
    ck_assert_uint_eq(tk_tbf_init_fn_offset(h), json_int(ev, "init_fn_offset_abs"));
    ck_assert_uint_eq(tk_tbf_protected_size(h), json_int(ev, "protected_size"));
    ck_assert_uint_eq(tk_tbf_app_start_offset(h), json_int(ev, "app_start_offset"));
    ck_assert_uint_eq(tk_tbf_minimum_ram_size(h), json_int(ev, "minimum_ram_size"));
    ck_assert_uint_eq(tk_tbf_binary_end(h), json_int(ev, "binary_end"));
    ck_assert_uint_eq(tk_tbf_binary_version(h), json_int(ev, "binary_version"));

    const struct json *kv = json_get(ev, "kernel_version");
    ck_assert_int_eq(kv->type == JSON_ARRAY, h->has_kernel_version);
    if (h->has_kernel_version) {
        ck_assert_int_eq(((struct json *)g_ptr_array_index(kv->items, 0))->integer,
                         h->kernel_major);
        ck_assert_int_eq(((struct json *)g_ptr_array_index(kv->items, 1))->integer,
                         h->kernel_minor);
    }
    uint32_t ram = tk_tbf_fixed_address_ram(h), flash = tk_tbf_fixed_address_flash(h);
    check_optional(ev, "fixed_address_ram", ram != TK_TBF_NOT_FIXED, ram);
    check_optional(ev, "fixed_address_flash", flash != TK_TBF_NOT_FIXED, flash);
    check_optional(ev, "short_id", tk_tbf_short_id(h) != 0, tk_tbf_short_id(h));
    ck_assert_uint_eq(json_get(ev, "writeable_flash_regions")->items->len,
                      tk_tbf_writeable_flash_region_count(h));

    /* get_storage_write_id reads the first word on its own. */
    bool has_write = h->storage_permissions != NULL && h->storage_permissions_len >= 4;
    uint32_t write_id = has_write ? (uint32_t)h->storage_permissions[0] |
                                        ((uint32_t)h->storage_permissions[1] << 8) |
                                        ((uint32_t)h->storage_permissions[2] << 16) |
                                        ((uint32_t)h->storage_permissions[3] << 24)
                                  : 0;
    check_optional(ev, "storage_write_id", write_id != 0, write_id);
    bool has_ids = tk_tbf_storage_ids(h, &ids);
    check_id_list(ev, "storage_read_ids", has_ids, ids.read_ids, ids.read_count);
    check_id_list(ev, "storage_modify_ids", has_ids, ids.modify_ids, ids.modify_count);
    check_permission_probes(h, ev);
}

static void check_process_binary(const struct tk_tbf_object *o, const struct json *ev)
{
    if (!json_int(ev, "ok")) {
        char text[160];
        ck_assert_int_ne(o->verdict, TK_LOAD_OK);
        tk_tbf_error_format(&o->error, text, sizeof text);
        ck_assert_str_eq(text, json_str(ev, "error"));
        return;
    }
    ck_assert_int_eq(o->verdict, TK_LOAD_OK);
    struct tk_tbf_region r = tk_tbf_integrity_region(o->data, &o->header);
    ck_assert_int_eq(json_int(ev, "integrity_start"), 0);
    ck_assert_uint_eq(r.len, json_int(ev, "integrity_end"));
    ck_assert_uint_eq(tk_tbf_binary_end(&o->header), json_int(ev, "footer_start"));
    ck_assert_uint_eq(o->len - tk_tbf_binary_end(&o->header), json_int(ev, "footer_len"));
}

/* Footer walk of one object, advanced as the expected events ask. */
struct footer_walk {
    bool started;
    struct tk_tbf_footer_iter it;
};

static void check_footer(const struct tk_tbf_object *o, struct footer_walk *w,
                         const struct json *ev, bool end)
{
    struct tk_tbf_footer f;
    struct tk_tbf_error e;
    if (!w->started) {
        tk_tbf_footer_iter_init(&w->it, o->data, o->len, &o->header);
        w->started = true;
    }
    enum tk_tbf_err r = tk_tbf_footer_next(&w->it, &f, &e);
    if (end) {
        ck_assert_int_ne(r, TK_TBF_OK);
        ck_assert_str_eq(tk_tbf_err_name(r), json_str(ev, "reason"));
        ck_assert_uint_eq(w->it.index, json_int(ev, "count"));
        ck_assert_uint_eq(w->it.pos, json_int(ev, "at"));
        return;
    }
    ck_assert_int_eq(r, TK_TBF_OK);
    ck_assert_uint_eq(f.index, json_int(ev, "index"));
    ck_assert_uint_eq(f.offset, json_int(ev, "at"));
    ck_assert_uint_eq(f.tlv_length, json_int(ev, "tlv_length"));
    ck_assert_str_eq(tk_tbf_credential_format_name(f.format), json_str(ev, "format"));
    ck_assert_uint_eq(f.data_len, json_int(ev, "data_len"));
    char *hex = g_malloc0(f.data_len * 2 + 1);
    for (size_t i = 0; i < f.data_len; i++)
        snprintf(hex + 2 * i, 3, "%02x", f.data[i]);
    ck_assert_str_eq(hex, json_str(ev, "data"));
    g_free(hex);
}

static void check_end(const struct tk_tbf_object *o, size_t image_len, const struct json *ev)
{
    const char *reason = json_str(ev, "reason");
    char text[160];
    ck_assert_int_eq(o->verdict, TK_LOAD_STOP);
    tk_tbf_error_format(&o->error, text, sizeof text);
    /* The generator spells "fewer than 8 bytes left" as a detail of its own. */
    if (strcmp(reason, "NotEnoughFlash(<8 bytes)") == 0) {
        ck_assert_int_eq(o->error.code, TK_TBF_NOT_ENOUGH_FLASH);
        ck_assert_uint_lt(image_len - o->offset, 8);
    } else {
        ck_assert_str_eq(text, reason);
    }
}

/* ---- One image ------------------------------------------------------------------ */

static void check_image(const char *label, const uint8_t *data, size_t len,
                        const char *expected_path)
{
    char *text = NULL;
    struct our_scan scan = {0};
    struct footer_walk walks[MAX_OBJECTS] = {0};
    unsigned last_obj = 0;

    ck_assert_msg(g_file_get_contents(expected_path, &text, NULL, NULL), "%s: no %s", label,
                  expected_path);
    tk_tbf_scan(data, len, image_base(data, len), keep, &scan);

    char **lines = g_strsplit(text, "\n", -1);
    for (char **line = lines; *line != NULL; line++) {
        if (**line == '\0')
            continue;
        const char *cursor = *line;
        struct json *ev = json_parse_value(&cursor);
        const char *kind = json_str(ev, "event");
        if (strcmp(kind, "file") == 0) {
            ck_assert_uint_eq(json_int(ev, "size"), len);
            json_free(ev);
            continue;
        }
        unsigned n = (unsigned)json_int(ev, "obj");
        ck_assert_msg(n < scan.n, "%s: object %u not reached", label, n);
        const struct tk_tbf_object *o = &scan.obj[n];
        ck_assert_uint_eq(o->offset, json_int(ev, "offset"));
        last_obj = n;
        if (strcmp(kind, "lengths") == 0)
            check_lengths(o, ev);
        else if (strcmp(kind, "initial_error") == 0)
            check_initial_error(o, ev);
        else if (strcmp(kind, "header") == 0)
            check_header(o, ev);
        else if (strcmp(kind, "process_binary") == 0)
            check_process_binary(o, ev);
        else if (strcmp(kind, "footer") == 0 || strcmp(kind, "footers_end") == 0)
            check_footer(o, &walks[n], ev, strcmp(kind, "footers_end") == 0);
        else if (strcmp(kind, "end") == 0)
            check_end(o, len, ev);
        else
            ck_abort_msg("%s: unknown event %s", label, kind);
        json_free(ev);
    }
    /* Same number of objects: nothing scanned past the kernel's end. */
    ck_assert_uint_eq(scan.n, last_obj + 1);
    g_strfreev(lines);
    g_free(text);
}

/* ---- The files ------------------------------------------------------------------- */

static GPtrArray *list_dir(const char *sub)
{
    char *path = g_build_filename(VECTORS_DIR, sub, NULL);
    GDir *dir = g_dir_open(path, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    ck_assert_msg(dir != NULL, "cannot open %s", path);
    for (const char *name; (name = g_dir_read_name(dir)) != NULL;)
        g_ptr_array_add(names, g_strdup(name));
    g_dir_close(dir);
    g_free(path);
    g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
    return names;
}

START_TEST(every_tbf_file_reaches_the_kernels_verdicts)
{
    /* Spec §6.5-§6.7 against shared/vectors/upstream/expected/NAME.jsonl. */
    GPtrArray *names = list_dir("tbf");
    ck_assert_uint_ge(names->len, 31);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *path = g_build_filename(VECTORS_DIR, "tbf", name, NULL);
        char *expected = g_strdup_printf("%s/expected/%s.jsonl", VECTORS_DIR, name);
        gchar *data;
        gsize len;
        ck_assert(g_file_get_contents(path, &data, &len, NULL));
        check_image(name, (const uint8_t *)data, len, expected);
        g_free(data);
        g_free(expected);
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
}
END_TEST

/* Octal field of a tar header. */
static gsize tar_octal(const char *field, size_t len)
{
    char buf[16] = {0};
    memcpy(buf, field, len < sizeof buf - 1 ? len : sizeof buf - 1);
    return (gsize)g_ascii_strtoull(buf, NULL, 8);
}

/* Check every regular member of one TAB (a ustar archive) but metadata.toml.
 * Returns the number of members checked. */
static unsigned check_tab(const char *tab, const uint8_t *data, gsize len)
{
    unsigned checked = 0;
    for (gsize at = 0; at + 512 <= len;) {
        const char *h = (const char *)data + at;
        if (h[0] == '\0')
            break; /* end-of-archive blocks */
        char name[101] = {0};
        memcpy(name, h, 100);
        gsize size = tar_octal(h + 124, 12);
        ck_assert_msg(at + 512 + size <= len, "%s: truncated member %s", tab, name);
        if ((h[156] == '0' || h[156] == '\0') && strcmp(name, "metadata.toml") != 0) {
            char *label = g_strdup_printf("%s--%s", tab, name);
            char *expected = g_strdup_printf("%s/expected/%s.jsonl", VECTORS_DIR, label);
            check_image(label, data + at + 512, size, expected);
            g_free(expected);
            g_free(label);
            checked++;
        }
        at += 512 + (size + 511) / 512 * 512;
    }
    return checked;
}

START_TEST(every_tab_member_reaches_the_kernels_verdicts)
{
    /* Spec §6.5-§6.7; expected/TAB.tab--MEMBER.jsonl per member. */
    GPtrArray *names = list_dir("tab");
    unsigned members = 0;
    ck_assert_uint_ge(names->len, 13);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *path = g_build_filename(VECTORS_DIR, "tab", name, NULL);
        gchar *data;
        gsize len;
        ck_assert(g_file_get_contents(path, &data, &len, NULL));
        members += check_tab(name, (const uint8_t *)data, len);
        g_free(data);
        g_free(path);
    }
    ck_assert_uint_eq(members, 114);
    g_ptr_array_free(names, TRUE);
}
END_TEST

START_TEST(every_expected_file_has_its_vector)
{
    /* Spec §6.5: no verdict goes unchecked (31 TBF files + 114 TAB members). */
    GPtrArray *names = list_dir("expected");
    unsigned tab_members = 0;
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        if (strstr(name, ".tab--") != NULL) {
            tab_members++;
            continue;
        }
        char *base = g_strndup(name, strlen(name) - strlen(".jsonl"));
        char *path = g_build_filename(VECTORS_DIR, "tbf", base, NULL);
        ck_assert_msg(g_file_test(path, G_FILE_TEST_EXISTS), "no vector for %s", name);
        g_free(path);
        g_free(base);
    }
    ck_assert_uint_eq(tab_members, 114);
    g_ptr_array_free(names, TRUE);
}
END_TEST

Suite *tbf_vectors_suite(void)
{
    Suite *s = suite_create("tbf_vectors");
    TCase *t = tcase_create("upstream");
    tcase_add_test(t, every_tbf_file_reaches_the_kernels_verdicts);
    tcase_add_test(t, every_tab_member_reaches_the_kernels_verdicts);
    tcase_add_test(t, every_expected_file_has_its_vector);
    suite_add_tcase(s, t);
    return s;
}
