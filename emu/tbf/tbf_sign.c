/* TBF credentials: make and check them, add them to and strip them from a TBF.
 *
 * Owns the credential data layouts of spec §6.6 on the tool side; the footer
 * rearrangement is drawn in tbf_sign.h. Reading (header, footer walk) is
 * emu/kernel/tbf.c's; every hash and signature is OpenSSL libcrypto's.
 */
#include "tbf_sign.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "hil/digest.h"
#include "tbf_inspect.h"
#include "tbf_write.h"

enum {
    TLV_HEADER_SIZE = 4,
    /* One footer's length field is a u16 counting the format word too. */
    FOOTER_MAX = UINT16_MAX + TLV_HEADER_SIZE,
    P256_COORDINATE = 32,
    RSA3072_BYTES = 384,
    RSA4096_BYTES = 512,
};

/* Never prompt for a passphrase: encrypted keys simply fail to load. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

int emu_tbf_key_format(EVP_PKEY *key, const char *name, enum tk_tbf_credential_format *format,
                       struct emu_err *err)
{
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = "";
        size_t group_len;
        if (!EVP_PKEY_get_group_name(key, group, sizeof group, &group_len) ||
            (strcmp(group, SN_X9_62_prime256v1) != 0 && strcmp(group, "P-256") != 0)) {
            emu_err_set(err, "%s: EC key on curve '%s', not P-256", name, group);
            return -EINVAL;
        }
        *format = TK_TBF_CREDENTIAL_ECDSA_NIST_P256;
        return 0;
    }
    if (EVP_PKEY_is_a(key, "RSA")) {
        const int bits = EVP_PKEY_get_bits(key);
        if (bits != RSA3072_BYTES * 8 && bits != RSA4096_BYTES * 8) {
            emu_err_set(err, "%s: RSA key of %d bits; TBF credentials take 3072 or 4096", name,
                        bits);
            return -EINVAL;
        }
        *format = bits == RSA3072_BYTES * 8 ? TK_TBF_CREDENTIAL_RSA3072_KEY
                                            : TK_TBF_CREDENTIAL_RSA4096_KEY;
        return 0;
    }
    emu_err_set(err, "%s: %s key; TBF credentials take EC P-256 or RSA 3072/4096", name,
                EVP_PKEY_get0_type_name(key));
    return -EINVAL;
}

int emu_tbf_key_load(const char *path, bool public_only, EVP_PKEY **key,
                     enum tk_tbf_credential_format *format, struct emu_err *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        const int rc = -errno;
        emu_err_set(err, "%s: %s", path, strerror(errno));
        return rc;
    }
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, no_passphrase, NULL);
    if (k == NULL && public_only) {
        rewind(f);
        k = PEM_read_PUBKEY(f, NULL, no_passphrase, NULL);
    }
    fclose(f);
    ERR_clear_error();
    if (k == NULL) {
        emu_err_set(err, "%s: not an unencrypted PEM %s key", path,
                    public_only ? "public or private" : "private");
        return -EINVAL;
    }
    const int rc = emu_tbf_key_format(k, path, format, err);
    if (rc < 0) {
        EVP_PKEY_free(k);
        return rc;
    }
    *key = k;
    return 0;
}

/* ---- Making and checking credentials ----------------------------------- */

static const EVP_MD *hash_of(uint32_t format)
{
    switch (format) {
    case TK_TBF_CREDENTIAL_SHA256:
        return EVP_sha256();
    case TK_TBF_CREDENTIAL_SHA384:
        return EVP_sha384();
    case TK_TBF_CREDENTIAL_SHA512:
        return EVP_sha512();
    default:
        return NULL;
    }
}

static bool is_rsa(uint32_t format)
{
    return format == TK_TBF_CREDENTIAL_RSA3072_KEY || format == TK_TBF_CREDENTIAL_RSA4096_KEY;
}

/* The hash a signature format signs: SHA-256 for ECDSA (spec §7.3, the
 * P-256 prehash); SHA-512 for RSA, as elf2tab's --rsa4096-private writes
 * (ring RSA_PKCS1_SHA512) and emu/kernel/appid.c's RSA checker verifies. */
static const EVP_MD *signature_hash_of(uint32_t format)
{
    return is_rsa(format) ? EVP_sha512() : EVP_sha256();
}

/* The hash of `format`, then the key's signature scheme (PKCS#1 v1.5 for
 * RSA, DER ECDSA for EC). Returns the signature (g_free it) or NULL. */
static uint8_t *digest_sign(EVP_PKEY *key, uint32_t format, const uint8_t *region, size_t len,
                            size_t *sig_len)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    uint8_t *sig = NULL;
    if (ctx != NULL && EVP_DigestSignInit(ctx, NULL, signature_hash_of(format), NULL, key) == 1 &&
        EVP_DigestSign(ctx, NULL, sig_len, region, len) == 1) {
        sig = g_malloc(*sig_len);
        if (EVP_DigestSign(ctx, sig, sig_len, region, len) != 1)
            g_clear_pointer(&sig, g_free);
    }
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return sig;
}

/* The RSA modulus, big-endian, left-padded to `len` bytes. */
static bool rsa_modulus(EVP_PKEY *key, uint8_t *out, size_t len)
{
    BIGNUM *n = NULL;
    const bool ok = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) == 1 &&
                    BN_bn2binpad(n, out, (int)len) == (int)len;
    BN_free(n);
    return ok;
}

/* r || s from a DER ECDSA signature. */
static bool ecdsa_raw(const uint8_t *der, size_t der_len, uint8_t *out)
{
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    const BIGNUM *r, *s;
    if (sig == NULL)
        return false;
    ECDSA_SIG_get0(sig, &r, &s);
    const bool ok = BN_bn2binpad(r, out, P256_COORDINATE) == P256_COORDINATE &&
                    BN_bn2binpad(s, out + P256_COORDINATE, P256_COORDINATE) == P256_COORDINATE;
    ECDSA_SIG_free(sig);
    return ok;
}

/* Signature formats: the data after any modulus, from digest_sign. */
static int signature_make(uint32_t format, EVP_PKEY *key, const uint8_t *region, size_t len,
                          uint8_t *data, struct emu_err *err)
{
    enum tk_tbf_credential_format key_format;
    const size_t data_len = (size_t)tk_tbf_credential_data_len(format);
    if (key == NULL || emu_tbf_key_format(key, "key", &key_format, NULL) < 0 ||
        key_format != format) {
        emu_err_set(err, "a %s credential needs a %s key", tk_tbf_credential_format_name(format),
                    format == TK_TBF_CREDENTIAL_ECDSA_NIST_P256 ? "P-256 EC"
                    : format == TK_TBF_CREDENTIAL_RSA3072_KEY   ? "3072-bit RSA"
                                                                : "4096-bit RSA");
        return -EINVAL;
    }
    size_t sig_len;
    uint8_t *sig = digest_sign(key, format, region, len, &sig_len);
    bool ok = sig != NULL;
    if (ok && is_rsa(format))
        ok = sig_len == data_len / 2 && rsa_modulus(key, data, data_len / 2);
    if (ok && is_rsa(format))
        memcpy(data + data_len / 2, sig, sig_len);
    else if (ok)
        ok = ecdsa_raw(sig, sig_len, data);
    g_free(sig);
    if (!ok) {
        emu_err_set(err, "libcrypto could not sign with the %s key",
                    tk_tbf_credential_format_name(format));
        return -EINVAL;
    }
    return 0;
}

int emu_tbf_credential_make(uint32_t format, EVP_PKEY *key, const uint8_t *region, size_t len,
                            uint8_t *data, struct emu_err *err)
{
    const EVP_MD *md = hash_of(format);
    if (md != NULL) {
        if (EVP_Digest(region, len, data, NULL, md, NULL) != 1) {
            emu_err_set(err, "libcrypto could not hash the integrity region");
            return -EINVAL;
        }
        return 0;
    }
    if (format == TK_TBF_CREDENTIAL_ECDSA_NIST_P256 || is_rsa(format))
        return signature_make(format, key, region, len, data, err);
    emu_err_set(err, "credential format %u cannot be made", format);
    return -EINVAL;
}

/* ---- Rearranging footers ------------------------------------------------ */

/* Parse the single object filling `tbf` far enough to touch its footers. */
static int object_open(const GByteArray *tbf, const char *name, struct tk_tbf_header *h,
                       struct emu_err *err)
{
    int rc = emu_tbf_open(tbf->data, tbf->len, name, true, h, err);
    if (rc != 0)
        return rc;
    /* spec §6.4: without a Program header binary_end is total_size. */
    if (!h->has_program || tk_tbf_binary_end(h) > h->total_size ||
        tk_tbf_binary_end(h) < h->header_size) {
        emu_err_set(err,
                    "%s: no footer area (no Program header, or binary_end %u outside "
                    "[header_size, total_size])",
                    name, tk_tbf_binary_end(h));
        return -EINVAL;
    }
    return 0;
}

/* Copy the credential footers to keep (all of them when `keep`, none
 * otherwise) into `kept`; `*credentials` counts the ones found. A walk that
 * ends on something other than zero fill is refused rather than dropped. */
static int footers_collect(const GByteArray *tbf, const struct tk_tbf_header *h, const char *name,
                           bool keep, GByteArray *kept, unsigned *credentials, struct emu_err *err)
{
    struct tk_tbf_footer_iter it;
    struct tk_tbf_footer footer;
    struct tk_tbf_error e;
    enum tk_tbf_err end;

    *credentials = 0;
    tk_tbf_footer_iter_init(&it, tbf->data, tbf->len, h);
    while ((end = tk_tbf_footer_next(&it, &footer, &e)) == TK_TBF_OK) {
        if (footer.format == TK_TBF_CREDENTIAL_RESERVED)
            continue;
        (*credentials)++;
        if (keep)
            g_byte_array_append(kept, tbf->data + footer.offset,
                                TLV_HEADER_SIZE + footer.tlv_length);
    }
    for (size_t i = it.pos; end == TK_TBF_BAD_FOOTER && i < tbf->len; i++) {
        if (tbf->data[i] != 0) {
            emu_err_set(err, "%s: unknown footer at offset %u; refusing to drop it", name, it.pos);
            return -EINVAL;
        }
    }
    return 0;
}

/* Fill `n` bytes with Reserved footers (several if one cannot span them; a
 * tail under EMU_TBF_FOOTER_MIN is zero fill, which ends the footer walk). */
static void free_space_append(GByteArray *out, size_t n)
{
    while (n >= EMU_TBF_FOOTER_MIN) {
        size_t chunk = MIN(n, (size_t)FOOTER_MAX);
        if (n - chunk > 0 && n - chunk < EMU_TBF_FOOTER_MIN)
            chunk -= EMU_TBF_FOOTER_MIN;
        emu_tbf_reserved_footer_append(out, chunk, NULL);
        n -= chunk;
    }
    const guint old = out->len;
    g_byte_array_set_size(out, old + (guint)n);
    memset(out->data + old, 0, n);
}

/* Replace the contents of `tbf` with `with`, consuming `with`. */
static void buffer_swap(GByteArray *tbf, GByteArray *with)
{
    g_byte_array_set_size(tbf, 0);
    g_byte_array_append(tbf, with->data, with->len);
    g_byte_array_unref(with);
}

int emu_tbf_sign(GByteArray *tbf, const char *name, uint32_t format, EVP_PKEY *key, bool replace,
                 struct emu_err *err)
{
    struct tk_tbf_header h;
    unsigned credentials;
    const int data_len = tk_tbf_credential_data_len(format);
    if (data_len <= 0) {
        emu_err_set(err, "%s: credential format %u cannot be added", name, format);
        return -EINVAL;
    }
    GByteArray *kept = g_byte_array_new();
    int rc = object_open(tbf, name, &h, err);
    if (rc == 0)
        rc = footers_collect(tbf, &h, name, !replace, kept, &credentials, err);
    if (rc < 0) {
        g_byte_array_unref(kept);
        return rc;
    }

    /* 1. Room: carve from the free space, else grow total_size. Growing
     * changes the header, so every kept credential would go stale. */
    const size_t binary_end = tk_tbf_binary_end(&h);
    const size_t need = EMU_TBF_FOOTER_MIN + (size_t)data_len;
    size_t room = h.total_size - binary_end - kept->len;
    GByteArray *out = g_byte_array_new();
    g_byte_array_append(out, tbf->data, (guint)binary_end);
    if (room < need && kept->len > 0) {
        emu_err_set(err,
                    "%s: %zu bytes of footer space left, %zu needed; growing total_size "
                    "would invalidate the %u existing credential(s) (use --replace)",
                    name, room, need, credentials);
        rc = -EINVAL;
    } else if (room < need) {
        room = need;
        emu_tbf_header_set_total_size(out->data, out->len, (uint32_t)(binary_end + need));
    }

    /* 2. The credential over the final integrity region, then the footers. */
    uint8_t *data = g_malloc((size_t)data_len);
    if (rc == 0)
        rc = emu_tbf_credential_make(format, key, out->data, binary_end, data, err);
    if (rc == 0) {
        /* Under EMU_TBF_FOOTER_MIN left over: the credential absorbs it
         * (spec §6.6: bytes past the data are ignored). */
        const size_t slack = room - need < EMU_TBF_FOOTER_MIN ? room - need : 0;
        g_byte_array_append(out, kept->data, kept->len);
        emu_tbf_footer_append(out, format, data, (size_t)data_len, slack);
        free_space_append(out, room - need - slack);
        buffer_swap(tbf, g_steal_pointer(&out));
    }
    g_free(data);
    g_byte_array_unref(kept);
    if (out != NULL)
        g_byte_array_unref(out);
    return rc;
}

int emu_tbf_strip(GByteArray *tbf, const char *name, struct emu_err *err)
{
    struct tk_tbf_header h;
    unsigned credentials;
    int rc = object_open(tbf, name, &h, err);
    if (rc == 0)
        rc = footers_collect(tbf, &h, name, false, NULL, &credentials, err);
    if (rc < 0)
        return rc;
    const size_t binary_end = tk_tbf_binary_end(&h);
    GByteArray *out = g_byte_array_new();
    g_byte_array_append(out, tbf->data, (guint)binary_end);
    free_space_append(out, h.total_size - binary_end);
    buffer_swap(tbf, out);
    return 0;
}
