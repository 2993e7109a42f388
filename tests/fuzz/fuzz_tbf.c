/* libFuzzer target: TBF lengths, header, checks, footers, credentials, scan.
 *
 * Spec §6 and §7.2: every parser in emu/kernel/tbf.c, loader.c and appid.c
 * must take any byte string without reading past it, looping or tripping
 * UBSan. The input is app flash; each object found is walked completely:
 * getters, permissions and storage TLVs, footers, and the credential machine
 * with a hash and a signature checker over a fake digest HIL (the real
 * crypto lives in emu/hw and is not under test here). A second pass runs on
 * a copy whose header checksums are made right, so that mutations get past
 * the checksum into the TLV walk; the uniqueness rules then run over every
 * object that would load.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "appid.h"
#include "loader.h"
#include "tbf.h"

/* A digest that answers at once: zeros, and every signature invalid. */
static int fake_hash(struct tk_digest *d, enum tk_digest_alg alg, const uint8_t *data, size_t len,
                     uint8_t *out)
{
    (void)d;
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++)
        acc ^= data[i]; /* touch every byte of the integrity region */
    memset(out, acc, tk_digest_len(alg));
    return 0;
}

static int fake_p256(struct tk_digest *d, const uint8_t key[TK_P256_KEY_LEN], const uint8_t *hash,
                     const uint8_t sig[TK_P256_SIG_LEN], bool *valid)
{
    (void)d;
    *valid = key[0] == sig[0] && hash[0] == sig[63];
    return 0;
}

static int fake_rsa(struct tk_digest *d, const uint8_t *modulus, size_t len, enum tk_digest_alg alg,
                    const uint8_t *hash, const uint8_t *sig, bool *valid)
{
    (void)d, (void)alg;
    *valid = len > 0 && modulus[len - 1] == sig[len - 1] && hash[0] == 0;
    return 0;
}

static const struct tk_digest_ops fake_ops = {fake_hash, fake_p256, fake_rsa};

/* Everything the kernel may ask of one parsed header. */
static void walk_header(const struct tk_tbf_header *h)
{
    struct tk_flash_region r;
    struct tk_tbf_storage_ids ids;
    struct tk_permissions perms;
    struct tk_storage_permissions storage;
    struct tk_checked_binary bin = {.header = h};
    struct tk_syscall sc = {TK_CLASS_COMMAND, {0, 70, 0, 0}};

    (void)tk_tbf_init_fn_offset(h), (void)tk_tbf_minimum_ram_size(h);
    (void)tk_tbf_binary_version(h);
    (void)tk_tbf_app_start_offset(h), (void)tk_tbf_fixed_address_ram(h);
    for (unsigned i = 0; i <= tk_tbf_writeable_flash_region_count(h); i++)
        (void)tk_tbf_writeable_flash_region(h, i, &r);
    (void)tk_tbf_storage_ids(h, &ids);
    tk_storage_permissions_init(&storage, TK_STORAGE_POLICY_TBF_HEADER, tk_tbf_short_id(h), h);
    (void)tk_storage_can_read(&storage, 1);
    tk_permissions_init(&perms, h);
    (void)tk_command_permissions_name(tk_permissions_query(&perms, 1, 0, NULL));
    tk_storage_permissions_init(&storage, TK_STORAGE_POLICY_INDIVIDUAL, tk_tbf_short_id(h), h);
    (void)tk_storage_can_modify(&storage, tk_tbf_short_id(h));
    for (uint32_t driver = 0; driver < 4; driver++) {
        sc.arg[0] = driver;
        for (uint32_t class_id = 0; class_id < TK_CLASS_COUNT; class_id++) {
            sc.class_id = class_id;
            (void)tk_permissions_filter(&perms, &sc);
        }
    }
    for (int a = TK_APPID_NONE; a <= TK_APPID_NAME_METADATA; a++)
        (void)tk_appid_short_id((enum tk_appid_assigner)a, &bin);
}

static void check_credentials(const struct tk_tbf_object *obj)
{
    struct tk_digest digest = {&fake_ops};
    struct tk_checker_hash sha;
    struct tk_checker_ecdsa_p256 ecdsa;
    struct tk_checker_rsa rsa;
    struct tk_credentials_outcome out;
    static const uint8_t keys[1][TK_P256_KEY_LEN] = {{0}};

    tk_checker_hash_init(&sha, &digest, TK_TBF_CREDENTIAL_SHA256);
    tk_checker_ecdsa_p256_init(&ecdsa, &digest, keys, 1);
    tk_checker_rsa_init(&rsa, &digest, NULL, 0);
    tk_credentials_check(&sha.base, obj->data, obj->len, &obj->header, &out);
    tk_credentials_check(&ecdsa.base, obj->data, obj->len, &obj->header, &out);
    tk_credentials_check(&rsa.base, obj->data, obj->len, &obj->header, &out);
    if (out.has_credential)
        (void)tk_tbf_credential_format_name(out.credential.format);
    (void)tk_credentials_verdict_name(out.verdict);
}

#define MAX_BINARIES 8

/* The binaries a scan would load, for the uniqueness rules. */
struct loadable {
    unsigned n;
    struct tk_tbf_header headers[MAX_BINARIES];
};

static bool on_object(void *ctx, const struct tk_tbf_object *obj)
{
    struct loadable *l = ctx;
    char text[160];
    tk_tbf_error_format(&obj->error, text, sizeof text);
    (void)tk_load_verdict_name(obj->verdict);
    if (obj->has_header)
        walk_header(&obj->header);
    if (obj->verdict == TK_LOAD_OK) {
        check_credentials(obj);
        if (l->n < MAX_BINARIES)
            l->headers[l->n++] = obj->header;
    }
    return true;
}

static void select_unique(const struct loadable *l)
{
    struct tk_checked_binary bins[MAX_BINARIES];
    struct tk_appid_decision decisions[MAX_BINARIES];
    struct tk_appid_process running = {(const uint8_t *)"app", 3, 0x1234};
    for (unsigned i = 0; i < l->n; i++)
        bins[i] = (struct tk_checked_binary){.header = &l->headers[i]};
    for (int a = TK_APPID_NONE; a <= TK_APPID_NAME_METADATA; a++)
        tk_appid_select((enum tk_appid_assigner)a, bins, l->n, &running, 1, decisions);
}

/* Make the checksum of each object that fits right (object chain as the
 * scan walks it). */
static void fix_checksums(uint8_t *buf, size_t size)
{
    size_t pos = 0;
    while (size - pos >= TK_TBF_BASE_HEADER_SIZE) {
        uint8_t *o = buf + pos;
        size_t header_size = (size_t)o[2] | ((size_t)o[3] << 8);
        size_t total =
            (size_t)o[4] | ((size_t)o[5] << 8) | ((size_t)o[6] << 16) | ((size_t)o[7] << 24);
        if (o[0] != 2 || o[1] != 0 || total == 0 || total > size - pos)
            return;
        if (header_size >= TK_TBF_BASE_HEADER_SIZE && header_size <= total) {
            uint32_t sum = tk_tbf_checksum(o, header_size);
            for (int i = 0; i < 4; i++)
                o[12 + i] = (uint8_t)(sum >> (8 * i));
        }
        pos += total;
    }
}

static void scan_image(const uint8_t *data, size_t size)
{
    struct loadable l = {0};
    tk_tbf_scan(data, size, 0x40000, on_object, &l);
    select_unique(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_tbf_lengths lengths;
    struct tk_tbf_header h;
    struct tk_tbf_error e;

    /* The pieces on their own, as the tockbin tool uses them. */
    tk_tbf_parse_lengths(data, size, &lengths, &e);
    if (size >= 4) {
        size_t header_len = (size_t)data[2] | ((size_t)data[3] << 8);
        if (header_len > size)
            header_len = size;
        if (tk_tbf_parse_header(data, header_len, 2, &h, &e) == TK_TBF_OK) {
            walk_header(&h);
            (void)tk_tbf_check_binary(&h, size, 0x40000, true, &e);
            if (tk_tbf_binary_end(&h) <= size) {
                struct tk_tbf_footer_iter it;
                struct tk_tbf_footer f;
                tk_tbf_footer_iter_init(&it, data, size, &h);
                while (tk_tbf_footer_next(&it, &f, &e) == TK_TBF_OK)
                    ;
            }
        }
    }
    /* The whole image as app flash, as given and with right checksums. */
    scan_image(data, size);
    uint8_t *copy = malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    fix_checksums(copy, size);
    scan_image(copy, size);
    free(copy);
    return 0;
}
