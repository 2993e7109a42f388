/* Describing TBF objects for people and programs: every header field, footer.
 *
 * One walk over the parsed header (emu/kernel/tbf.h) feeds a small emitter
 * that renders either indented text or JSON, so the two never disagree:
 *
 *   text                              JSON
 *   key: value                        "key": value
 *   key:            (nested object)   "key": { ... }
 *   key:            (list of objects) "key": [ {...}, ... ]
 *     - a: 1, b: 2                    {"a": 1, "b": 2}
 *   key: [1, 2]     (list of numbers) "key": [1, 2]
 */
#include "tbf_inspect.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum {
    EMIT_DEPTH_MAX = 8,
};

/* Emitter state; one level per open object or list. */
struct emit {
    GString *out;
    bool json;
    int depth;
    bool is_list[EMIT_DEPTH_MAX];
    bool is_inline[EMIT_DEPTH_MAX]; /* text: an object inside a list, one line */
    bool has_items[EMIT_DEPTH_MAX];
};

int emu_tbf_open(const uint8_t *buf, size_t len, const char *name, bool exact,
                 struct tk_tbf_header *h, struct emu_err *err)
{
    return emu_tbf_open_prefix(buf, len, len, name, exact, h, err);
}

int emu_tbf_open_prefix(const uint8_t *buf, size_t available, size_t len, const char *name,
                        bool exact, struct tk_tbf_header *h, struct emu_err *err)
{
    struct tk_tbf_lengths lengths;
    struct tk_tbf_error e = {0};
    char why[160];

    if (tk_tbf_parse_lengths(buf, available < len ? available : len, &lengths, &e) != TK_TBF_OK) {
        tk_tbf_error_format(&e, why, sizeof why);
        if (len < 8 || lengths.version != 2)
            emu_err_set(err, "%s: not a TBF (%s)", name, len < 8 ? "shorter than 8 bytes" : why);
        else
            emu_err_set(err, "%s: invalid TBF base header (%s)", name, why);
        return -EINVAL;
    }
    if (lengths.total_size > len) {
        emu_err_set(err, "%s: truncated TBF: total_size %u but the file has %zu bytes", name,
                    lengths.total_size, len);
        return -EINVAL;
    }
    if (exact && lengths.total_size != len) {
        emu_err_set(err, "%s: total_size %u but %zu bytes; expected exactly one TBF object", name,
                    lengths.total_size, len);
        return -EINVAL;
    }
    if (lengths.header_size > available) {
        emu_err_set(err, "%s: bad TBF header: %u bytes, %zu read", name, lengths.header_size,
                    available);
        return -EINVAL;
    }
    if (tk_tbf_parse_header(buf, lengths.header_size, lengths.version, h, &e) != TK_TBF_OK) {
        tk_tbf_error_format(&e, why, sizeof why);
        emu_err_set(err, "%s: bad TBF header: %s", name, why);
        return -EINVAL;
    }
    return 0;
}

void emu_tbf_stop_reason(const struct tk_tbf_object *obj, size_t left, char *out, size_t len)
{
    char why[160];
    tk_tbf_error_format(&obj->error, why, sizeof why);
    if (!obj->has_lengths)
        snprintf(out, len, "%zu bytes, fewer than the 8 of a base header (%s)", left, why);
    else if (obj->error.code == TK_TBF_NOT_ENOUGH_FLASH && obj->has_header)
        snprintf(out, len, "binary_end %" PRIu32 " is past total_size %" PRIu32 " (%s)",
                 tk_tbf_binary_end(&obj->header), obj->lengths.total_size, why);
    else if (obj->error.code == TK_TBF_NOT_ENOUGH_FLASH)
        snprintf(out, len, "truncated: total_size %" PRIu32 " but only %zu bytes left (%s)",
                 obj->lengths.total_size, left, why);
    else if (obj->error.code == TK_TBF_TOTAL_SIZE_ZERO)
        snprintf(out, len, "total_size 0 (%s)", why);
    else
        snprintf(out, len, "%s", why);
}

void emu_json_string(GString *out, const char *s, size_t len)
{
    g_string_append_c(out, '"');
    for (size_t i = 0; i < len; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            g_string_append_printf(out, "\\%c", c);
        else if (c < 0x20)
            g_string_append_printf(out, "\\u%04x", c);
        else
            g_string_append_c(out, (char)c);
    }
    g_string_append_c(out, '"');
}

/* Start one value: separator, indentation and key. */
static void emit_key(struct emit *e, const char *key)
{
    const int d = e->depth;
    const bool first = !e->has_items[d];
    e->has_items[d] = true;
    if (e->json) {
        if (!first)
            g_string_append(e->out, ", ");
        if (!e->is_list[d]) {
            emu_json_string(e->out, key, strlen(key));
            g_string_append(e->out, ": ");
        }
        return;
    }
    if (e->is_inline[d]) {
        g_string_append_printf(e->out, "%s%s: ", first ? "" : ", ", key);
        return;
    }
    g_string_append_printf(e->out, "%*s", 2 * d, "");
    if (e->is_list[d])
        g_string_append(e->out, "- ");
    else
        g_string_append_printf(e->out, "%s: ", key);
}

/* End one scalar value. */
static void emit_end_value(struct emit *e)
{
    if (!e->json && !e->is_inline[e->depth])
        g_string_append_c(e->out, '\n');
}

static void emit_u64(struct emit *e, const char *key, uint64_t v, bool hex)
{
    emit_key(e, key);
    g_string_append_printf(e->out, hex && !e->json ? "0x%" PRIx64 : "%" PRIu64, v);
    emit_end_value(e);
}

static void emit_bool(struct emit *e, const char *key, bool v)
{
    emit_key(e, key);
    g_string_append(e->out, v ? "true" : "false");
    emit_end_value(e);
}

static void emit_null(struct emit *e, const char *key)
{
    emit_key(e, key);
    g_string_append(e->out, e->json ? "null" : "none");
    emit_end_value(e);
}

static void emit_string(struct emit *e, const char *key, const char *s, size_t len)
{
    emit_key(e, key);
    emu_json_string(e->out, s, len);
    emit_end_value(e);
}

static void emit_list_u32(struct emit *e, const char *key, const uint32_t *v, size_t n)
{
    emit_key(e, key);
    g_string_append_c(e->out, '[');
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(e->out, "%s%" PRIu32, i == 0 ? "" : ", ", v[i]);
    g_string_append_c(e->out, ']');
    emit_end_value(e);
}

/* Open an object (`key` ignored inside a list) or a list. */
static void emit_open(struct emit *e, const char *key, bool list)
{
    const bool item = e->is_list[e->depth];
    g_assert(e->depth + 1 < EMIT_DEPTH_MAX);
    if (e->json || item)
        emit_key(e, key);
    else
        g_string_append_printf(e->out, "%*s%s:\n", 2 * e->depth, "", key);
    if (e->json)
        g_string_append_c(e->out, list ? '[' : '{');
    e->depth++;
    e->is_list[e->depth] = list;
    e->is_inline[e->depth] = !e->json && item;
    e->has_items[e->depth] = false;
}

static void emit_close(struct emit *e)
{
    const bool list = e->is_list[e->depth], was_inline = e->is_inline[e->depth];
    e->depth--;
    if (e->json)
        g_string_append_c(e->out, list ? ']' : '}');
    else if (was_inline)
        g_string_append_c(e->out, '\n');
}

/* A fixed-address field: the address, or none when not fixed. */
static void emit_fixed(struct emit *e, const char *key, uint32_t address)
{
    if (address == TK_TBF_NOT_FIXED)
        emit_null(e, key);
    else
        emit_u64(e, key, address, true);
}

/* The Permissions TLV entry by entry, as tbf.h reads it; the list stops at
 * a truncated entry (which the kernel's queries treat as "no permissions at
 * all"). */
static void emit_permissions(struct emit *e, const struct tk_tbf_header *h)
{
    if (h->permissions == NULL) {
        emit_null(e, "permissions");
        return;
    }
    const struct tk_permissions perms = {h->permissions, h->permissions_len};
    const unsigned count = tk_permissions_count(&perms);
    uint32_t driver, offset;
    uint64_t mask;
    emit_open(e, "permissions", true);
    for (unsigned i = 0; tk_permissions_entry(&perms, i, &driver, &offset, &mask); i++) {
        emit_open(e, NULL, false);
        emit_u64(e, "driver", driver, true);
        emit_u64(e, "offset", offset, false);
        emit_u64(e, "allowed_commands", mask, true);
        emit_close(e);
    }
    emit_close(e);
    emit_bool(e, "permissions_well_formed",
              h->permissions_len >= 2 + (size_t)count * TK_TBF_PERMISSION_ENTRY_LEN);
}

static void emit_storage(struct emit *e, const struct tk_tbf_header *h)
{
    struct tk_tbf_storage_ids ids;
    if (h->storage_permissions == NULL) {
        emit_null(e, "storage_permissions");
        return;
    }
    emit_open(e, "storage_permissions", false);
    const bool ok = tk_tbf_storage_ids(h, &ids);
    /* spec §6.5: a malformed TLV or > 8 ids gives null permissions. */
    emit_bool(e, "valid", ok);
    emit_u64(e, "write_id", ids.write_id, true);
    emit_list_u32(e, "read_ids", ids.read_ids, ids.read_count);
    emit_list_u32(e, "modify_ids", ids.modify_ids, ids.modify_count);
    emit_close(e);
}

static void emit_program(struct emit *e, const struct tk_tbf_header *h)
{
    if (h->has_main) {
        emit_open(e, "main", false);
        emit_u64(e, "init_fn_offset", h->main.init_fn_offset, false);
        emit_u64(e, "protected_trailer_size", h->main.protected_trailer_size, false);
        emit_u64(e, "minimum_ram_size", h->main.minimum_ram_size, false);
        emit_close(e);
    }
    if (!h->has_program) {
        emit_null(e, "program");
        return;
    }
    emit_open(e, "program", false);
    emit_u64(e, "init_fn_offset", h->program.init_fn_offset, false);
    emit_u64(e, "protected_trailer_size", h->program.protected_trailer_size, false);
    emit_u64(e, "minimum_ram_size", h->program.minimum_ram_size, false);
    emit_u64(e, "binary_end_offset", h->program.binary_end_offset, false);
    emit_u64(e, "version", h->program.version, false);
    emit_close(e);
}

/* Every header field: raw TLVs, then the values the kernel derives. */
static void emit_header(struct emit *e, const struct tk_tbf_header *h)
{
    emit_u64(e, "flags", h->flags, true);
    emit_bool(e, "enabled", tk_tbf_is_enabled(h));
    emit_bool(e, "sticky", (h->flags & TK_TBF_FLAG_STICKY) != 0);
    emit_u64(e, "checksum", h->checksum, true);
    emit_bool(e, "is_app", h->is_app);
    emit_string(e, "package_name", (const char *)h->package_name, h->package_name_len);
    emit_program(e, h);
    if (h->has_kernel_version) {
        const uint32_t version[2] = {h->kernel_major, h->kernel_minor};
        emit_list_u32(e, "kernel_version", version, 2);
    } else {
        emit_null(e, "kernel_version");
    }
    emit_fixed(e, "fixed_address_ram", tk_tbf_fixed_address_ram(h));
    emit_fixed(e, "fixed_address_flash", tk_tbf_fixed_address_flash(h));
    if (h->has_short_id)
        emit_u64(e, "short_id", h->short_id, true);
    else
        emit_null(e, "short_id");
    emit_open(e, "writeable_flash_regions", true);
    struct tk_flash_region region;
    for (unsigned i = 0; tk_tbf_writeable_flash_region(h, i, &region); i++) {
        emit_open(e, NULL, false);
        emit_u64(e, "offset", region.offset, true);
        emit_u64(e, "size", region.size, true);
        emit_close(e);
    }
    emit_close(e);
    emit_permissions(e, h);
    emit_storage(e, h);
    /* Derived (tock-tbf types.rs getters, spec §6.4). */
    emit_u64(e, "init_fn_offset_abs", tk_tbf_init_fn_offset(h), true);
    emit_u64(e, "protected_size", tk_tbf_protected_size(h), true);
    emit_u64(e, "minimum_ram_size", tk_tbf_minimum_ram_size(h), false);
    emit_u64(e, "binary_end", tk_tbf_binary_end(h), true);
    emit_u64(e, "binary_version", tk_tbf_binary_version(h), false);
}

static void emit_error(struct emit *e, const char *key, const struct tk_tbf_error *error)
{
    char text[160];
    tk_tbf_error_format(error, text, sizeof text);
    emit_string(e, key, text, strlen(text));
}

/* spec §6.6: the footer walk, each footer and why it ended. */
static void emit_footers(struct emit *e, const struct tk_tbf_object *obj,
                         const struct emu_tbf_footer_verdicts *verdicts)
{
    struct tk_tbf_footer_iter it;
    struct tk_tbf_footer footer;
    struct tk_tbf_error end = {0};
    tk_tbf_footer_iter_init(&it, obj->data, obj->len, &obj->header);
    emit_open(e, "footers", true);
    while ((end.code = tk_tbf_footer_next(&it, &footer, &end)) == TK_TBF_OK) {
        const char *format = tk_tbf_credential_format_name(footer.format);
        emit_open(e, NULL, false);
        emit_u64(e, "index", footer.index, false);
        emit_u64(e, "offset", footer.offset, true);
        emit_u64(e, "length", footer.tlv_length, false);
        emit_string(e, "format", format, strlen(format));
        if (verdicts != NULL && footer.index < verdicts->count)
            emit_string(e, "check", verdicts->names[footer.index],
                        strlen(verdicts->names[footer.index]));
        emit_close(e);
    }
    emit_close(e);
    emit_error(e, "footers_end", &end);
}

void emu_tbf_inspect(GString *out, const struct tk_tbf_object *obj, bool json,
                     const struct emu_tbf_footer_verdicts *verdicts)
{
    /* JSON: one object, as the item of an outer list; text: top-level lines. */
    struct emit e = {.out = out, .json = json, .is_list = {json}};
    const char *verdict = tk_load_verdict_name(obj->verdict);
    if (json)
        emit_open(&e, NULL, false);
    emit_u64(&e, "object", obj->index, false);
    emit_u64(&e, "offset", obj->offset, true);
    emit_u64(&e, "address", obj->address, true);
    emit_string(&e, "verdict", verdict, strlen(verdict));
    if (obj->verdict != TK_LOAD_OK)
        emit_error(&e, "error", &obj->error);
    if (obj->has_lengths) {
        emit_u64(&e, "version", obj->lengths.version, false);
        emit_u64(&e, "header_size", obj->lengths.header_size, false);
        emit_u64(&e, "total_size", obj->lengths.total_size, false);
    }
    if (obj->has_header) {
        emit_header(&e, &obj->header);
        if (tk_tbf_binary_end(&obj->header) <= obj->len)
            emit_footers(&e, obj, verdicts);
    }
    if (json)
        emit_close(&e);
}
