/* Credential checkers, AppID policy, one footer checked (see credentials.h). */
#include <errno.h>
#include <string.h>

#include <openssl/core_names.h>

#include "credentials.h"
#include "crypto.h"
#include "tbf_sign.h"

/* The raw public key a checker compares against: P-256 x || y (the
 * uncompressed point without its 0x04 prefix), or an RSA modulus. */
int emu_credentials_add_key(struct emu_credentials *c, EVP_PKEY *key, const char *name,
                            struct emu_err *err)
{
    if (EVP_PKEY_is_a(key, "EC")) {
        uint8_t point[TK_P256_KEY_LEN + 1];
        size_t len = 0;
        if (c->p256_count == EMU_MAX_KEYS ||
            !EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                             &len) ||
            len != sizeof point || point[0] != 0x04) {
            emu_err_set(err, "%s: not a P-256 public key (or more than %d keys)", name,
                        EMU_MAX_KEYS);
            return -EINVAL;
        }
        memcpy(c->p256_keys[c->p256_count++], point + 1, TK_P256_KEY_LEN);
        return 0;
    }
    BIGNUM *n = NULL;
    int bytes = 0;
    if (c->rsa_count == EMU_MAX_KEYS || !EVP_PKEY_is_a(key, "RSA") ||
        !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) ||
        ((bytes = BN_num_bytes(n)) != 384 && bytes != 512)) {
        BN_free(n);
        emu_err_set(err, "%s: not a P-256, RSA-3072 or RSA-4096 key (or more than %d keys)", name,
                    EMU_MAX_KEYS);
        return -EINVAL;
    }
    uint8_t *modulus = c->rsa_moduli[c->rsa_count];
    BN_bn2binpad(n, modulus, bytes);
    BN_free(n);
    c->rsa_keys[c->rsa_count++] = (struct tk_rsa_key){modulus, (size_t)bytes};
    return 0;
}

static int load_key(struct emu_credentials *c, const char *path, struct emu_err *err)
{
    EVP_PKEY *key = NULL;
    enum tk_tbf_credential_format format;
    if (emu_tbf_key_load(path, true, &key, &format, err) != 0)
        return -EINVAL;
    int rc = emu_credentials_add_key(c, key, path, err);
    EVP_PKEY_free(key);
    return rc;
}

static int parse_appid(struct emu_credentials *c, const char *appid, struct emu_err *err)
{
    static const struct {
        const char *name;
        enum tk_appid_assigner assigner;
    } table[] = {
        {"none", TK_APPID_NONE}, {"names", TK_APPID_NAMES}, {"tbf-header", TK_APPID_TBF_HEADER}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(appid, table[i].name) == 0) {
            c->assigner = table[i].assigner;
            return 0;
        }
    emu_err_set(err, "--appid: unknown policy '%s' (none, names, tbf-header)", appid);
    return -EINVAL;
}

static const struct {
    const char *name;
    enum tk_tbf_credential_format format;
} hash_kinds[] = {{"sha256", TK_TBF_CREDENTIAL_SHA256},
                  {"sha384", TK_TBF_CREDENTIAL_SHA384},
                  {"sha512", TK_TBF_CREDENTIAL_SHA512}};

int emu_credentials_init(struct emu_credentials *c, const char *kind, char *const *keys,
                         const char *appid, struct emu_err *err)
{
    memset(c, 0, sizeof *c);
    emu_crypto_init(&c->digest);
    if (parse_appid(c, appid != NULL ? appid : "none", err) != 0)
        return -EINVAL;
    for (char *const *k = keys; k != NULL && *k != NULL; k++)
        if (load_key(c, *k, err) != 0)
            return -EINVAL;
    if (kind == NULL || strcmp(kind, "none") == 0) {
        tk_checker_null_init(&c->u.null);
        c->checker = &c->u.null.base;
        return 0;
    }
    for (size_t i = 0; i < sizeof hash_kinds / sizeof hash_kinds[0]; i++)
        if (strcmp(kind, hash_kinds[i].name) == 0) {
            tk_checker_hash_init(&c->u.hash, &c->digest, hash_kinds[i].format);
            c->checker = &c->u.hash.base;
            return 0;
        }
    if (strcmp(kind, "rsa") == 0) {
        tk_checker_rsa_init(&c->u.rsa, &c->digest, c->rsa_keys, c->rsa_count);
        c->checker = &c->u.rsa.base;
        return 0;
    }
    if (strcmp(kind, "ecdsa-p256") != 0) {
        emu_err_set(err,
                    "--credentials: unknown checker '%s' "
                    "(none, sha256, sha384, sha512, ecdsa-p256, rsa)",
                    kind);
        return -EINVAL;
    }
    if (c->p256_count == 0) {
        emu_err_set(err, "--credentials ecdsa-p256 needs at least one --key with a P-256 key");
        return -EINVAL;
    }
    tk_checker_ecdsa_p256_init(&c->u.ecdsa, &c->digest,
                               (const uint8_t(*)[TK_P256_KEY_LEN])c->p256_keys, c->p256_count);
    c->checker = &c->u.ecdsa.base;
    return 0;
}

struct tk_check_result emu_credentials_check_footer(struct emu_credentials *c,
                                                    const struct tk_tbf_footer *footer,
                                                    struct tk_tbf_region integrity)
{
    union {
        struct tk_checker_hash hash;
        struct tk_checker_ecdsa_p256 ecdsa;
        struct tk_checker_rsa rsa;
    } u;
    struct tk_credential_checker *checker = NULL;
    struct tk_check_result result = {.kind = TK_CHECK_PASS};

    switch (footer->format) {
    case TK_TBF_CREDENTIAL_SHA256:
    case TK_TBF_CREDENTIAL_SHA384:
    case TK_TBF_CREDENTIAL_SHA512:
        if (tk_checker_hash_init(&u.hash, &c->digest, footer->format) == 0)
            checker = &u.hash.base;
        break;
    case TK_TBF_CREDENTIAL_ECDSA_NIST_P256:
        tk_checker_ecdsa_p256_init(&u.ecdsa, &c->digest,
                                   (const uint8_t(*)[TK_P256_KEY_LEN])c->p256_keys, c->p256_count);
        checker = &u.ecdsa.base;
        break;
    case TK_TBF_CREDENTIAL_RSA3072_KEY:
    case TK_TBF_CREDENTIAL_RSA4096_KEY:
        tk_checker_rsa_init(&u.rsa, &c->digest, c->rsa_keys, c->rsa_count);
        checker = &u.rsa.base;
        break;
    default:
        break;
    }
    if (checker == NULL || checker->ops->check(checker, footer, integrity, &result) != 0 ||
        result.kind == TK_CHECK_ERROR)
        result = (struct tk_check_result){.kind = TK_CHECK_PASS};
    return result;
}

const char *emu_check_kind_name(enum tk_check_kind kind)
{
    switch (kind) {
    case TK_CHECK_ACCEPT:
        return "Accept";
    case TK_CHECK_REJECT:
        return "Reject";
    default:
        return "Pass";
    }
}
