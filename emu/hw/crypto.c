/* Host cryptography behind the digest HIL, with OpenSSL libcrypto.
 *
 * Stands for the hardware or software engines a Tock board wires under its
 * credential checker (tock/tock capsules/ecdsa_sw/src/p256_verifier.rs,
 * chips' SHA engines) @65608d71 (spec §7.3). Nothing is hand-rolled: hashes
 * are EVP_Digest, signatures EVP_PKEY_verify over keys built with
 * EVP_PKEY_fromdata. A key or signature OpenSSL cannot even decode is "not
 * verified", not an engine failure, as a Tock verifier answers Ok(false).
 */
#include "crypto.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <string.h>

#include "errorcode.h"

static const EVP_MD *md_of(enum tk_digest_alg alg)
{
    switch (alg) {
    case TK_DIGEST_SHA256:
        return EVP_sha256();
    case TK_DIGEST_SHA384:
        return EVP_sha384();
    case TK_DIGEST_SHA512:
        return EVP_sha512();
    }
    return NULL;
}

static int crypto_hash(struct tk_digest *d, enum tk_digest_alg alg, const uint8_t *data, size_t len,
                       uint8_t *out)
{
    (void)d;
    const EVP_MD *md = md_of(alg);
    if (md == NULL || EVP_Digest(data, len, out, NULL, md, NULL) != 1)
        return TK_FAIL;
    return 0;
}

/* Build a public key of `type` ("EC", "RSA") from `params`; NULL if OpenSSL
 * rejects the material (e.g. a point not on the curve). */
static EVP_PKEY *key_from_params(const char *type, OSSL_PARAM_BLD *bld)
{
    EVP_PKEY *key = NULL;
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        key = NULL;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return key;
}

/* r || s (32 bytes each, big-endian) as the DER ECDSA-Sig-Value OpenSSL
 * verifies. Returns the DER length, 0 on failure; *der is OPENSSL_free'd by
 * the caller. */
static int p256_sig_to_der(const uint8_t sig[TK_P256_SIG_LEN], unsigned char **der)
{
    ECDSA_SIG *s = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, 32, NULL);
    BIGNUM *sv = BN_bin2bn(sig + 32, 32, NULL);
    int len = 0;
    if (s != NULL && r != NULL && sv != NULL && ECDSA_SIG_set0(s, r, sv) == 1) {
        r = sv = NULL; /* owned by s now */
        len = i2d_ECDSA_SIG(s, der);
    }
    BN_free(r);
    BN_free(sv);
    ECDSA_SIG_free(s);
    return len > 0 ? len : 0;
}

/* EVP_PKEY_verify of `sig` over the digest `hash` with `key`, after
 * `setup` adjusted the context. *valid is false unless OpenSSL says 1. */
static int verify_with(EVP_PKEY *key, const uint8_t *sig, size_t sig_len, const uint8_t *hash,
                       size_t hash_len, const EVP_MD *md, bool rsa, bool *valid)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    int rc = TK_FAIL;
    *valid = false;
    if (ctx == NULL || EVP_PKEY_verify_init(ctx) != 1)
        goto out;
    if (rsa && (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1 ||
                EVP_PKEY_CTX_set_signature_md(ctx, md) != 1))
        goto out;
    /* 1 = verified, 0 = bad signature, < 0 = malformed input: only 1 counts. */
    *valid = EVP_PKEY_verify(ctx, sig, sig_len, hash, hash_len) == 1;
    rc = 0;
out:
    EVP_PKEY_CTX_free(ctx);
    return rc;
}

static int crypto_verify_p256(struct tk_digest *d, const uint8_t key[TK_P256_KEY_LEN],
                              const uint8_t *hash, const uint8_t sig[TK_P256_SIG_LEN], bool *valid)
{
    (void)d;
    unsigned char point[1 + TK_P256_KEY_LEN];
    unsigned char *der = NULL;
    int rc = TK_FAIL;
    *valid = false;

    /* The footer's key has no SEC1 prefix; OpenSSL wants 0x04 || x || y. */
    point[0] = 0x04;
    memcpy(point + 1, key, TK_P256_KEY_LEN);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    if (bld == NULL ||
        OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point) != 1)
        goto out;
    EVP_PKEY *pkey = key_from_params("EC", bld);
    int der_len = p256_sig_to_der(sig, &der);
    if (pkey == NULL || der_len == 0)
        rc = 0; /* undecodable key or signature: not verified */
    else
        rc = verify_with(pkey, der, (size_t)der_len, hash, 32, NULL, false, valid);
    EVP_PKEY_free(pkey);
out:
    OPENSSL_free(der);
    OSSL_PARAM_BLD_free(bld);
    return rc;
}

static int crypto_verify_rsa_pkcs1(struct tk_digest *d, const uint8_t *modulus, size_t len,
                                   enum tk_digest_alg alg, const uint8_t *hash, const uint8_t *sig,
                                   bool *valid)
{
    (void)d;
    int rc = TK_FAIL;
    *valid = false;
    BIGNUM *n = BN_bin2bn(modulus, (int)len, NULL);
    BIGNUM *e = BN_new();
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    if (n == NULL || e == NULL || bld == NULL || BN_set_word(e, TK_RSA_EXPONENT) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) != 1)
        goto out;
    EVP_PKEY *pkey = key_from_params("RSA", bld);
    if (pkey == NULL)
        rc = 0;
    else
        rc = verify_with(pkey, sig, len, hash, tk_digest_len(alg), md_of(alg), true, valid);
    EVP_PKEY_free(pkey);
out:
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    return rc;
}

static const struct tk_digest_ops crypto_digest_ops = {
    .hash = crypto_hash,
    .verify_p256 = crypto_verify_p256,
    .verify_rsa_pkcs1 = crypto_verify_rsa_pkcs1,
};

void emu_crypto_init(struct tk_digest *d)
{
    d->ops = &crypto_digest_ops;
}
