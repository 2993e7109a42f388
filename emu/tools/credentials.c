/* Choosing the credential checker and the AppID policy (see credentials.h). */
#include <errno.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "credentials.h"
#include "crypto.h"
#include "tbf_sign.h"

/* The raw public key a checker compares against: P-256 x || y (the
 * uncompressed point without its 0x04 prefix), or an RSA modulus. */
static int load_key(struct emu_credentials *c, const char *path, bool rsa, struct emu_err *err)
{
    EVP_PKEY *key = NULL;
    if (c->key_count == EMU_MAX_KEYS) {
        emu_err_set(err, "%s: more than %d keys", path, EMU_MAX_KEYS);
        return -E2BIG;
    }
    enum tk_tbf_credential_format format;
    if (emu_tbf_key_load(path, true, &key, &format, err) != 0)
        return -EINVAL;
    int rc = 0;
    unsigned i = c->key_count;
    if (!rsa) {
        uint8_t point[TK_P256_KEY_LEN + 1];
        size_t len = 0;
        if (!EVP_PKEY_is_a(key, "EC") ||
            !EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                             &len) ||
            len != sizeof point || point[0] != 0x04) {
            emu_err_set(err, "%s: not a P-256 public key", path);
            rc = -EINVAL;
        } else {
            memcpy(c->p256_keys[i], point + 1, TK_P256_KEY_LEN);
        }
    } else {
        BIGNUM *n = NULL;
        int bytes = 0;
        if (!EVP_PKEY_is_a(key, "RSA") || !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) ||
            ((bytes = BN_num_bytes(n)) != 384 && bytes != 512)) {
            emu_err_set(err, "%s: not an RSA-3072 or RSA-4096 public key", path);
            rc = -EINVAL;
        } else {
            BN_bn2binpad(n, c->rsa_moduli[i], bytes);
            c->rsa_keys[i] = (struct tk_rsa_key){c->rsa_moduli[i], (size_t)bytes};
        }
        BN_free(n);
    }
    EVP_PKEY_free(key);
    if (rc == 0)
        c->key_count++;
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

int emu_credentials_init(struct emu_credentials *c, const char *kind, char *const *keys,
                         const char *appid, struct emu_err *err)
{
    static const struct {
        const char *name;
        enum tk_tbf_credential_format format;
    } hashes[] = {{"sha256", TK_TBF_CREDENTIAL_SHA256},
                  {"sha384", TK_TBF_CREDENTIAL_SHA384},
                  {"sha512", TK_TBF_CREDENTIAL_SHA512}};
    memset(c, 0, sizeof *c);
    emu_crypto_init(&c->digest);
    if (parse_appid(c, appid != NULL ? appid : "none", err) != 0)
        return -EINVAL;
    if (kind == NULL || strcmp(kind, "none") == 0) {
        tk_checker_null_init(&c->u.null);
        c->checker = &c->u.null.base;
        return 0;
    }
    for (size_t i = 0; i < sizeof hashes / sizeof hashes[0]; i++)
        if (strcmp(kind, hashes[i].name) == 0) {
            tk_checker_hash_init(&c->u.hash, &c->digest, hashes[i].format);
            c->checker = &c->u.hash.base;
            return 0;
        }
    bool rsa = strcmp(kind, "rsa") == 0;
    if (!rsa && strcmp(kind, "ecdsa-p256") != 0) {
        emu_err_set(err,
                    "--credentials: unknown checker '%s' "
                    "(none, sha256, sha384, sha512, ecdsa-p256, rsa)",
                    kind);
        return -EINVAL;
    }
    for (char *const *k = keys; k != NULL && *k != NULL; k++)
        if (load_key(c, *k, rsa, err) != 0)
            return -EINVAL;
    if (rsa) {
        tk_checker_rsa_init(&c->u.rsa, &c->digest, c->rsa_keys, c->key_count);
        c->checker = &c->u.rsa.base;
    } else {
        if (c->key_count == 0) {
            emu_err_set(err, "--credentials ecdsa-p256 needs at least one --key PUBLIC.pem");
            return -EINVAL;
        }
        tk_checker_ecdsa_p256_init(&c->u.ecdsa, &c->digest,
                                   (const uint8_t(*)[TK_P256_KEY_LEN])c->p256_keys, c->key_count);
        c->checker = &c->u.ecdsa.base;
    }
    return 0;
}
