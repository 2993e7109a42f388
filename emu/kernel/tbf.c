/* TBF parsing: lengths, header TLVs, post-parse checks, footers, permissions.
 *
 * Mirrors tock/tock libraries/tock-tbf/src/parse.rs and types.rs, and the
 * checks of kernel/src/process_binary.rs ProcessBinary::create @65608d71
 * (spec §6, §1.7). Every read goes through read16/read32 after an explicit
 * length test, so no input makes us read past the caller's buffer.
 */
#include "tbf.h"

#include <stdio.h>
#include <string.h>

static uint16_t read16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t read32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t read64(const uint8_t *p)
{
    return (uint64_t)read32(p) | ((uint64_t)read32(p + 4) << 32);
}

static enum tk_tbf_err fail(struct tk_tbf_error *err, enum tk_tbf_err code, uint32_t a, uint32_t b)
{
    if (err != NULL)
        *err = (struct tk_tbf_error){.code = code, .a = a, .b = b};
    return code;
}

/* ---- Error names ---------------------------------------------------------- */

enum tbf_layer { LAYER_I, LAYER_P, LAYER_B, LAYER_F, LAYER_E };

struct tbf_err_info {
    const char *name;
    enum tbf_layer layer;
};

static const struct tbf_err_info err_info[TK_TBF_ERR_COUNT] = {[TK_TBF_OK] = {"Ok", LAYER_E},
#define TK__TBF_ERR_INFO(code, str, layer) [TK_TBF_##code] = {str, LAYER_##layer},
                                                               TK_TBF_ERROR_MAP(TK__TBF_ERR_INFO)
#undef TK__TBF_ERR_INFO
};

const char *tk_tbf_err_name(enum tk_tbf_err code)
{
    return (unsigned)code < TK_TBF_ERR_COUNT ? err_info[code].name : "Unknown";
}

/* The innermost value with its arguments, as Rust's derived Debug prints it. */
static int format_bare(enum tk_tbf_err code, uint32_t a, uint32_t b, bool has_version, char *out,
                       size_t len)
{
    const char *name = tk_tbf_err_name(code);
    switch (code) {
    case TK_TBF_UNSUPPORTED_VERSION:
    case TK_TBF_BAD_TLV_ENTRY:
    case TK_TBF_INVALID_HEADER:
        return snprintf(out, len, "%s(%u)", name, (unsigned)a);
    case TK_TBF_CHECKSUM_MISMATCH:
        return snprintf(out, len, "%s(%u, %u)", name, (unsigned)a, (unsigned)b);
    case TK_TBF_INCOMPATIBLE_KERNEL_VERSION:
        if (!has_version)
            return snprintf(out, len, "%s(None)", name);
        return snprintf(out, len, "%s(Some((%u, %u)))", name, (unsigned)a, (unsigned)b);
    case TK_TBF_INCORRECT_FLASH_ADDRESS:
        return snprintf(out, len, "%s(0x%08x, 0x%08x)", name, (unsigned)a, (unsigned)b);
    default:
        return snprintf(out, len, "%s", name);
    }
}

int tk_tbf_error_format(const struct tk_tbf_error *e, char *out, size_t len)
{
    char inner[96];
    if ((unsigned)e->code < TK_TBF_ERR_COUNT && err_info[e->code].layer == LAYER_P) {
        format_bare(e->code, e->a, e->b, e->has_version, inner, sizeof inner);
        return snprintf(out, len, "TbfHeaderParseFailure(%s)", inner);
    }
    if (e->cause != TK_TBF_OK) {
        /* A stop or skip with the lower-level reason behind it, e.g.
         * "TbfHeaderNotFound(UnableToParse)" or "BadFooter(BadTlvEntry(3))". */
        format_bare(e->cause, e->cause_a, 0, false, inner, sizeof inner);
        return snprintf(out, len, "%s(%s)", tk_tbf_err_name(e->code), inner);
    }
    return format_bare(e->code, e->a, e->b, e->has_version, out, len);
}

/* ---- Lengths --------------------------------------------------------------- */

enum tk_tbf_err tk_tbf_parse_lengths(const uint8_t *buf, size_t len, struct tk_tbf_lengths *out,
                                     struct tk_tbf_error *err)
{
    if (len < TK_TBF_LENGTHS_SIZE)
        return fail(err, TK_TBF_NOT_ENOUGH_FLASH, (uint32_t)len, 0);
    out->version = read16(buf);
    out->header_size = read16(buf + 2);
    out->total_size = read32(buf + 4);
    /* spec §6.5: anything but version 2 (erased flash reads 0xFFFF) is the
     * end of the app list. */
    if (out->version != 2)
        return fail(err, TK_TBF_UNABLE_TO_PARSE, out->version, 0);
    if (out->header_size < TK_TBF_BASE_HEADER_SIZE || out->header_size > out->total_size)
        return fail(err, TK_TBF_INVALID_HEADER, out->total_size, 0);
    return TK_TBF_OK;
}

/* ---- Header ---------------------------------------------------------------- */

uint32_t tk_tbf_checksum(const uint8_t *header, size_t len)
{
    /* spec §6.2: whole words only, word 3 (the checksum) skipped. */
    uint32_t sum = 0;
    for (size_t i = 0; i + 4 <= len; i += 4)
        if (i != 12)
            sum ^= read32(header + i);
    return sum;
}

/* Length of the UTF-8 sequence starting at s[0] (at most `len` bytes), or 0
 * if it is not one Rust's str::from_utf8 accepts (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
static size_t utf8_sequence(const uint8_t *s, size_t len)
{
    uint8_t c = s[0];
    size_t n;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static bool utf8_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_sequence(s + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

/* Exact value length a fixed-size TLV must have; 0 for the variable ones. */
static size_t fixed_tlv_len(uint16_t type)
{
    switch (type) {
    case TK_TBF_TLV_MAIN:
        return TK_TBF_MAIN_LEN;
    case TK_TBF_TLV_PROGRAM:
        return TK_TBF_PROGRAM_LEN;
    case TK_TBF_TLV_FIXED_ADDRESSES:
        return TK_TBF_FIXED_ADDRESSES_LEN;
    case TK_TBF_TLV_KERNEL_VERSION:
        return TK_TBF_KERNEL_VERSION_LEN;
    case TK_TBF_TLV_SHORT_ID:
        return TK_TBF_SHORT_ID_LEN;
    default:
        return 0;
    }
}

/* A header TLV type the kernel parses (TbfHeaderTypes minus the footer's
 * Credentials; 4, PIC option 1, is not one of them). */
static bool is_header_type(uint16_t type)
{
    return fixed_tlv_len(type) != 0 || type == TK_TBF_TLV_WRITEABLE_FLASH_REGIONS ||
           type == TK_TBF_TLV_PACKAGE_NAME || type == TK_TBF_TLV_PERMISSIONS ||
           type == TK_TBF_TLV_STORAGE_PERMISSIONS;
}

/* Store one TLV value `v` (`length` bytes, all inside the header) in `h`. */
static enum tk_tbf_err store_tlv(struct tk_tbf_header *h, uint16_t type, const uint8_t *v,
                                 uint16_t length, struct tk_tbf_error *err)
{
    switch (type) {
    case TK_TBF_TLV_MAIN:
        h->has_main = true;
        h->main = (struct tk_tbf_main){read32(v), read32(v + 4), read32(v + 8)};
        break;
    case TK_TBF_TLV_PROGRAM:
        h->has_program = true;
        h->program = (struct tk_tbf_program){read32(v), read32(v + 4), read32(v + 8),
                                             read32(v + 12), read32(v + 16)};
        break;
    case TK_TBF_TLV_WRITEABLE_FLASH_REGIONS:
        h->writeable_flash_regions = v;
        h->writeable_flash_regions_len = length;
        break;
    case TK_TBF_TLV_PACKAGE_NAME:
        if (!utf8_valid(v, length))
            return fail(err, TK_TBF_BAD_PROCESS_NAME, 0, 0);
        h->package_name = v;
        h->package_name_len = length;
        break;
    case TK_TBF_TLV_FIXED_ADDRESSES:
        h->has_fixed_addresses = true;
        h->fixed_address_ram = read32(v);
        h->fixed_address_flash = read32(v + 4);
        break;
    case TK_TBF_TLV_PERMISSIONS:
        h->permissions = v;
        h->permissions_len = length;
        break;
    case TK_TBF_TLV_STORAGE_PERMISSIONS:
        h->storage_permissions = v;
        h->storage_permissions_len = length;
        break;
    case TK_TBF_TLV_KERNEL_VERSION:
        h->has_kernel_version = true;
        h->kernel_major = read16(v);
        h->kernel_minor = read16(v + 2);
        break;
    case TK_TBF_TLV_SHORT_ID:
        h->has_short_id = true;
        h->short_id = read32(v);
        break;
    default:
        break;
    }
    return TK_TBF_OK;
}

/* One TLV at header[pos..]: validate and store it, then return the offset of
 * the next one in *next. */
static enum tk_tbf_err parse_tlv(struct tk_tbf_header *h, const uint8_t *header, size_t len,
                                 size_t pos, size_t *next, struct tk_tbf_error *err)
{
    if (len - pos < 4)
        return fail(err, TK_TBF_PARSE_NOT_ENOUGH_FLASH, 0, 0);
    uint16_t type = read16(header + pos);
    uint16_t length = read16(header + pos + 2);
    const uint8_t *value = header + pos + 4;
    size_t room = len - pos - 4;

    /* spec §6.4: only the first Main and Program count; later ones are
     * skipped without any length check. */
    bool duplicate =
        (type == TK_TBF_TLV_MAIN && h->has_main) || (type == TK_TBF_TLV_PROGRAM && h->has_program);
    size_t exact = fixed_tlv_len(type);
    if (is_header_type(type) && !duplicate) {
        /* spec §6.5: the length check comes before the bounds check. */
        if (exact != 0 && length != exact)
            return fail(err, TK_TBF_BAD_TLV_ENTRY, type, 0);
        if (type == TK_TBF_TLV_WRITEABLE_FLASH_REGIONS && length % TK_TBF_FLASH_REGION_LEN != 0)
            return fail(err, TK_TBF_BAD_TLV_ENTRY, type, 0);
        if (length > room)
            return fail(err, TK_TBF_PARSE_NOT_ENOUGH_FLASH, 0, 0);
        enum tk_tbf_err e = store_tlv(h, type, value, length, err);
        if (e != TK_TBF_OK)
            return e;
    }
    /* spec §6.3, §10.29: the padding of every TLV must fit in header_size. */
    size_t padded = ((size_t)length + 3) & ~(size_t)3;
    if (padded > room)
        return fail(err, TK_TBF_PARSE_NOT_ENOUGH_FLASH, 0, 0);
    *next = pos + 4 + padded;
    return TK_TBF_OK;
}

enum tk_tbf_err tk_tbf_parse_header(const uint8_t *header, size_t header_len, uint16_t version,
                                    struct tk_tbf_header *h, struct tk_tbf_error *err)
{
    if (version != 2)
        return fail(err, TK_TBF_UNSUPPORTED_VERSION, version, 0);
    if (header_len < TK_TBF_BASE_HEADER_SIZE)
        return fail(err, TK_TBF_PARSE_INTERNAL_ERROR, 0, 0);

    memset(h, 0, sizeof *h);
    h->version = read16(header);
    h->header_size = read16(header + 2);
    h->total_size = read32(header + 4);
    h->flags = read32(header + 8);
    h->checksum = read32(header + 12);
    h->fixed_address_ram = TK_TBF_NOT_FIXED;
    h->fixed_address_flash = TK_TBF_NOT_FIXED;

    uint32_t computed = tk_tbf_checksum(header, header_len);
    if (computed != h->checksum)
        return fail(err, TK_TBF_CHECKSUM_MISMATCH, h->checksum, computed);

    /* spec §10.27: exactly the base header is padding; any TLV makes an app,
     * even without Main or Program. */
    h->is_app = header_len > TK_TBF_BASE_HEADER_SIZE;
    size_t pos = TK_TBF_BASE_HEADER_SIZE;
    while (pos < header_len) {
        enum tk_tbf_err e = parse_tlv(h, header, header_len, pos, &pos, err);
        if (e != TK_TBF_OK)
            return e;
    }
    return TK_TBF_OK;
}

/* ---- Derived values (types.rs getters) ------------------------------------ */

bool tk_tbf_is_enabled(const struct tk_tbf_header *h)
{
    return h->is_app && (h->flags & TK_TBF_FLAG_ENABLED) != 0;
}

/* The header Main/Program accessors read: Program wins, then Main (§6.4).
 * Returns false when the object has neither. */
static bool chosen_main(const struct tk_tbf_header *h, struct tk_tbf_main *out)
{
    if (!h->is_app)
        return false;
    if (h->has_program) {
        *out = (struct tk_tbf_main){h->program.init_fn_offset, h->program.protected_trailer_size,
                                    h->program.minimum_ram_size};
        return true;
    }
    *out = h->main;
    return h->has_main;
}

uint32_t tk_tbf_protected_size(const struct tk_tbf_header *h)
{
    struct tk_tbf_main m;
    /* Wrapping u32 arithmetic, as the kernel (built without overflow checks). */
    return chosen_main(h, &m) ? (uint32_t)(h->header_size + m.protected_trailer_size) : 0;
}

uint32_t tk_tbf_app_start_offset(const struct tk_tbf_header *h)
{
    return tk_tbf_protected_size(h);
}

uint32_t tk_tbf_init_fn_offset(const struct tk_tbf_header *h)
{
    struct tk_tbf_main m;
    return chosen_main(h, &m) ? (uint32_t)(h->header_size + m.init_fn_offset) : 0;
}

uint32_t tk_tbf_minimum_ram_size(const struct tk_tbf_header *h)
{
    struct tk_tbf_main m;
    return chosen_main(h, &m) ? m.minimum_ram_size : 0;
}

uint32_t tk_tbf_binary_end(const struct tk_tbf_header *h)
{
    if (!h->is_app)
        return 0;
    return h->has_program ? h->program.binary_end_offset : h->total_size;
}

uint32_t tk_tbf_binary_version(const struct tk_tbf_header *h)
{
    return h->is_app && h->has_program ? h->program.version : 0;
}

uint32_t tk_tbf_fixed_address_ram(const struct tk_tbf_header *h)
{
    return h->is_app && h->has_fixed_addresses ? h->fixed_address_ram : TK_TBF_NOT_FIXED;
}

uint32_t tk_tbf_fixed_address_flash(const struct tk_tbf_header *h)
{
    return h->is_app && h->has_fixed_addresses ? h->fixed_address_flash : TK_TBF_NOT_FIXED;
}

uint32_t tk_tbf_short_id(const struct tk_tbf_header *h)
{
    return h->is_app && h->has_short_id ? h->short_id : 0;
}

unsigned tk_tbf_writeable_flash_region_count(const struct tk_tbf_header *h)
{
    return (unsigned)(h->writeable_flash_regions_len / TK_TBF_FLASH_REGION_LEN);
}

bool tk_tbf_writeable_flash_region(const struct tk_tbf_header *h, unsigned index,
                                   struct tk_flash_region *out)
{
    *out = (struct tk_flash_region){0, 0};
    if (index >= tk_tbf_writeable_flash_region_count(h))
        return false;
    const uint8_t *r = h->writeable_flash_regions + (size_t)index * TK_TBF_FLASH_REGION_LEN;
    *out = (struct tk_flash_region){read32(r), read32(r + 4)};
    return true;
}

/* ---- Post-parse checks ----------------------------------------------------- */

enum tk_tbf_err tk_tbf_check_binary(const struct tk_tbf_header *h, size_t object_len,
                                    uint64_t flash_address, bool require_kernel_version,
                                    struct tk_tbf_error *err)
{
    /* spec §6.5, post-parse checks 1-5, in the kernel's order. */
    if (!h->is_app)
        return fail(err, TK_TBF_PADDING, 0, 0);
    if (!tk_tbf_is_enabled(h))
        return fail(err, TK_TBF_NOT_ENABLED_PROCESS, 0, 0);
    if (h->has_kernel_version) {
        if (h->kernel_major != TK_TBF_KERNEL_MAJOR || h->kernel_minor > TK_TBF_KERNEL_MINOR) {
            fail(err, TK_TBF_INCOMPATIBLE_KERNEL_VERSION, h->kernel_major, h->kernel_minor);
            if (err != NULL)
                err->has_version = true;
            return TK_TBF_INCOMPATIBLE_KERNEL_VERSION;
        }
    } else if (require_kernel_version) {
        /* spec §10.25: the loader hard-wires require_kernel_version. */
        return fail(err, TK_TBF_INCOMPATIBLE_KERNEL_VERSION, 0, 0);
    }
    uint32_t binary_end = tk_tbf_binary_end(h);
    if (binary_end > object_len)
        return fail(err, TK_TBF_NOT_ENOUGH_FLASH, binary_end, (uint32_t)object_len);
    uint32_t fixed = tk_tbf_fixed_address_flash(h);
    if (fixed != TK_TBF_NOT_FIXED) {
        /* The kernel compares 32-bit addresses: `as u32` truncates. */
        uint32_t actual = (uint32_t)flash_address + tk_tbf_protected_size(h);
        if (actual != fixed)
            return fail(err, TK_TBF_INCORRECT_FLASH_ADDRESS, actual, fixed);
    }
    return TK_TBF_OK;
}

/* ---- Footers --------------------------------------------------------------- */

static const struct {
    const char *name;
    int data_len;
} credential_formats[TK_TBF_CREDENTIAL_FORMAT_COUNT] = {
    [TK_TBF_CREDENTIAL_RESERVED] = {"Reserved", 0},
    [TK_TBF_CREDENTIAL_RSA3072_KEY] = {"Rsa3072Key", 768},
    [TK_TBF_CREDENTIAL_RSA4096_KEY] = {"Rsa4096Key", 1024},
    [TK_TBF_CREDENTIAL_SHA256] = {"SHA256", 32},
    [TK_TBF_CREDENTIAL_SHA384] = {"SHA384", 48},
    [TK_TBF_CREDENTIAL_SHA512] = {"SHA512", 64},
    [TK_TBF_CREDENTIAL_ECDSA_NIST_P256] = {"EcdsaNistP256", 64},
};

const char *tk_tbf_credential_format_name(uint32_t format)
{
    return format < TK_TBF_CREDENTIAL_FORMAT_COUNT ? credential_formats[format].name : NULL;
}

int tk_tbf_credential_data_len(uint32_t format)
{
    return format < TK_TBF_CREDENTIAL_FORMAT_COUNT ? credential_formats[format].data_len : -1;
}

void tk_tbf_footer_iter_init(struct tk_tbf_footer_iter *it, const uint8_t *object,
                             size_t object_len, const struct tk_tbf_header *h)
{
    uint32_t end = h->total_size < object_len ? h->total_size : (uint32_t)object_len;
    uint32_t start = tk_tbf_binary_end(h);
    *it = (struct tk_tbf_footer_iter){object, start > end ? end : start, end, 0};
}

/* The number tock-tbf reports in BadTlvEntry for a TLV type: its
 * TbfHeaderTypes discriminant, where every unknown type is `Unknown` = 129. */
static uint32_t tlv_type_discriminant(uint16_t type)
{
    bool known = is_header_type(type) || type == TK_TBF_TLV_CREDENTIALS;
    return known ? type : TK_TBF_TLV_CREDENTIALS + 1;
}

/* End the walk: `end` is the FooterCheckResult, `cause` the TbfParseError. */
static enum tk_tbf_err footer_end(struct tk_tbf_footer_iter *it, enum tk_tbf_err end,
                                  enum tk_tbf_err cause, uint32_t cause_a, struct tk_tbf_error *err)
{
    /* Park at the end so that every later call ends the same way. */
    it->end = it->pos;
    if (err != NULL)
        *err = (struct tk_tbf_error){.code = end, .cause = cause, .cause_a = cause_a};
    return end;
}

enum tk_tbf_err tk_tbf_footer_next(struct tk_tbf_footer_iter *it, struct tk_tbf_footer *out,
                                   struct tk_tbf_error *err)
{
    /* spec §6.6; the parse errors map to check_footer's results:
     * NotEnoughFlash -> PastLastFooter, anything else -> BadFooter. */
    uint32_t room = it->end - it->pos;
    if (room < 4)
        return footer_end(it, TK_TBF_PAST_LAST_FOOTER, TK_TBF_PARSE_NOT_ENOUGH_FLASH, 0, err);
    const uint8_t *tlv = it->object + it->pos;
    uint16_t type = read16(tlv);
    uint16_t length = read16(tlv + 2);
    if (type != TK_TBF_TLV_CREDENTIALS)
        return footer_end(it, TK_TBF_BAD_FOOTER, TK_TBF_BAD_TLV_ENTRY, tlv_type_discriminant(type),
                          err);
    if (length > room - 4)
        return footer_end(it, TK_TBF_PAST_LAST_FOOTER, TK_TBF_PARSE_NOT_ENOUGH_FLASH, 0, err);
    if (length < 4)
        return footer_end(it, TK_TBF_BAD_FOOTER, TK_TBF_PARSE_INTERNAL_ERROR, 0, err);
    uint32_t format = read32(tlv + 4);
    int data_len = tk_tbf_credential_data_len(format);
    /* spec §6.6: an unknown format (the book's 0xA RSA2048 too) ends the walk. */
    if (data_len < 0)
        return footer_end(it, TK_TBF_BAD_FOOTER, TK_TBF_BAD_TLV_ENTRY, TK_TBF_TLV_CREDENTIALS, err);
    if ((size_t)length < 4 + (size_t)data_len)
        return footer_end(it, TK_TBF_PAST_LAST_FOOTER, TK_TBF_PARSE_NOT_ENOUGH_FLASH, 0, err);

    *out = (struct tk_tbf_footer){
        .index = it->index,
        .offset = it->pos,
        .tlv_length = length,
        .format = (enum tk_tbf_credential_format)format,
        .data = tlv + 8,
        .data_len = (size_t)data_len,
    };
    /* spec §10.30: no rounding to 4 bytes between footers. */
    it->pos += 4 + (uint32_t)length;
    it->index++;
    return TK_TBF_OK;
}

/* ---- Integrity region ------------------------------------------------------ */

struct tk_tbf_region tk_tbf_integrity_region(const uint8_t *object, const struct tk_tbf_header *h)
{
    /* spec §6.7, §10.31: from offset 0, checksum word included. */
    return (struct tk_tbf_region){object, tk_tbf_binary_end(h)};
}

/* ---- Permissions TLV ------------------------------------------------------- */

void tk_permissions_init(struct tk_permissions *p, const struct tk_tbf_header *h)
{
    *p = (struct tk_permissions){h->is_app ? h->permissions : NULL,
                                 h->is_app ? h->permissions_len : 0};
}

unsigned tk_permissions_count(const struct tk_permissions *p)
{
    return p->tlv == NULL || p->len < 2 ? 0 : read16(p->tlv);
}

bool tk_permissions_entry(const struct tk_permissions *p, unsigned i, uint32_t *driver,
                          uint32_t *offset, uint64_t *mask)
{
    if (i >= tk_permissions_count(p))
        return false;
    size_t at = 2 + (size_t)i * TK_TBF_PERMISSION_ENTRY_LEN;
    if (at + TK_TBF_PERMISSION_ENTRY_LEN > p->len)
        return false;
    const uint8_t *e = p->tlv + at;
    *driver = read32(e);
    *offset = read32(e + 4);
    *mask = read64(e + 8);
    return true;
}

enum tk_command_permissions tk_permissions_query(const struct tk_permissions *p, uint32_t driver,
                                                 uint32_t offset, uint64_t *mask)
{
    if (p->tlv == NULL || p->len < 2)
        return TK_PERMS_NONE_AT_ALL;
    unsigned count = tk_permissions_count(p);
    bool driver_found = false;
    for (unsigned i = 0; i < count; i++) {
        uint32_t entry_driver, entry_offset;
        uint64_t entry_mask;
        /* spec §6.5 quirk: a truncated entry fails the whole query, which
         * the filter reads as "no permissions at all". */
        if (!tk_permissions_entry(p, i, &entry_driver, &entry_offset, &entry_mask))
            return TK_PERMS_NONE_AT_ALL;
        if (entry_driver != driver)
            continue;
        driver_found = true;
        if (entry_offset == offset) {
            if (mask != NULL)
                *mask = entry_mask;
            return TK_PERMS_MASK;
        }
    }
    if (!driver_found)
        return TK_PERMS_NONE_THIS_DRIVER;
    if (mask != NULL)
        *mask = 0;
    return TK_PERMS_MASK;
}

const char *tk_command_permissions_name(enum tk_command_permissions perms)
{
    switch (perms) {
    case TK_PERMS_NONE_AT_ALL:
        return "NoPermsAtAll";
    case TK_PERMS_NONE_THIS_DRIVER:
        return "NoPermsThisDriver";
    case TK_PERMS_MASK:
        return "Mask";
    }
    return "Unknown";
}

/* ---- Storage Permissions TLV ----------------------------------------------- */

/* Read `count` u32 ids at tlv[at..] into ids[]; false if more than the
 * kernel's 8 or past the end. */
static bool read_ids(const uint8_t *tlv, size_t len, size_t at, uint16_t count, uint32_t *ids)
{
    if (count > TK_TBF_STORAGE_IDS_MAX || at + (size_t)count * 4 > len)
        return false;
    for (uint16_t i = 0; i < count; i++)
        ids[i] = read32(tlv + at + (size_t)i * 4);
    return true;
}

bool tk_tbf_storage_ids(const struct tk_tbf_header *h, struct tk_tbf_storage_ids *out)
{
    const uint8_t *tlv = h->is_app ? h->storage_permissions : NULL;
    size_t len = h->storage_permissions_len;
    memset(out, 0, sizeof *out);
    /* Layout: write_id u32, read_count u16, ids, modify_count u16, ids. */
    if (tlv == NULL || len < 6)
        goto fail;
    out->write_id = read32(tlv);
    out->read_count = read16(tlv + 4);
    if (!read_ids(tlv, len, 6, out->read_count, out->read_ids))
        goto fail;
    size_t at = 6 + (size_t)out->read_count * 4;
    if (at + 2 > len)
        goto fail;
    out->modify_count = read16(tlv + at);
    if (!read_ids(tlv, len, at + 2, out->modify_count, out->modify_ids))
        goto fail;
    return true;
fail:
    memset(out, 0, sizeof *out);
    return false;
}
