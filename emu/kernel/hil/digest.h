/* Digest HIL: hashes and signature verification for credential checkers.
 *
 * Stands for tock/tock kernel/src/hil/digest.rs (Sha256/Sha384/Sha512) and
 * hil/public_key_crypto/signature.rs (SignatureVerify) @65608d71, reduced to
 * what the credential checkers of emu/kernel/appid.c use (spec §7.3).
 * Deviation: every call completes synchronously and returns its result,
 * where Tock's HILs report through a client callback; the checker machine
 * sees the same sequence of results either way.
 *
 * Implemented with OpenSSL libcrypto in emu/hw/crypto.c; tests may fake it.
 * The asynchronous engine below (for the SHA and HMAC capsules) is
 * emu/hw/digest_engine.c, also over libcrypto.
 */
#ifndef TK_HIL_DIGEST_H
#define TK_HIL_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tk_digest_alg {
    TK_DIGEST_SHA256,
    TK_DIGEST_SHA384,
    TK_DIGEST_SHA512,
};

#define TK_DIGEST_MAX_LEN 64 /* SHA-512 */
#define TK_P256_KEY_LEN   64 /* x || y, big-endian, no 0x04 prefix */
#define TK_P256_SIG_LEN   64 /* r || s, big-endian */
#define TK_RSA_EXPONENT   65537u

/* Digest length of `alg` in bytes (32, 48, 64). */
static inline size_t tk_digest_len(enum tk_digest_alg alg)
{
    return alg == TK_DIGEST_SHA256 ? 32 : alg == TK_DIGEST_SHA384 ? 48 : 64;
}

struct tk_digest;

struct tk_digest_ops {
    /* Hash `len` bytes of `data` into `out` (tk_digest_len(alg) bytes).
     * Returns 0, or TK_FAIL if the engine failed (out is then unspecified). */
    int (*hash)(struct tk_digest *d, enum tk_digest_alg alg, const uint8_t *data, size_t len,
                uint8_t *out);
    /* ECDSA NIST P-256 verification of a 32-byte prehash (p256_verifier.rs).
     * Returns 0 with *valid set; a key that is not a curve point or a
     * malformed signature is *valid = false, not an error. TK_FAIL only if the
     * engine itself failed. */
    int (*verify_p256)(struct tk_digest *d, const uint8_t key[TK_P256_KEY_LEN], const uint8_t *hash,
                       const uint8_t sig[TK_P256_SIG_LEN], bool *valid);
    /* RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) with public modulus
     * `modulus` (big-endian, `len` bytes), exponent 65537, a `len`-byte
     * signature and the DigestInfo of `alg` over `hash`. Returns 0 with *valid
     * set, TK_FAIL if the engine failed. */
    int (*verify_rsa_pkcs1)(struct tk_digest *d, const uint8_t *modulus, size_t len,
                            enum tk_digest_alg alg, const uint8_t *hash, const uint8_t *sig,
                            bool *valid);
};

struct tk_digest {
    const struct tk_digest_ops *ops;
};

/* ---- The asynchronous engine the SHA and HMAC capsules drive ----
 *
 * Mirrors hil/digest.rs DigestData, DigestHash, DigestVerify, Sha256 and
 * the HmacSha* mode setters for DIGEST_LEN 32 @65608d71. Data is lent to the
 * engine and handed back by add_data_done; the digest and compare buffers
 * likewise. Every completion comes from the kernel loop, never inside the
 * call that started it.
 */
#define TK_DIGEST_ENGINE_LEN 32 /* DIGEST_LEN of the board's engines */

/* The HMAC capsule's ShaOperation, numbered as its command 0 takes them. */
enum tk_hmac_alg {
    TK_HMAC_SHA256,
    TK_HMAC_SHA384,
    TK_HMAC_SHA512,
    TK_HMAC_SHA224,
    TK_HMAC_SHA1,
    TK_HMAC_MD5,
    TK_HMAC_ALGS, /* how many */
};

struct tk_digest_engine_client {
    /* Lent data was absorbed (`error` 0) or refused; `data`, `len` as lent. */
    void (*add_data_done)(struct tk_digest_engine_client *c, int error, uint8_t *data, size_t len);
    /* run finished: `digest` (TK_DIGEST_ENGINE_LEN bytes) as lent, filled
     * when `error` is 0. */
    void (*hash_done)(struct tk_digest_engine_client *c, int error, uint8_t *digest);
    /* verify finished: `equal` when `error` is 0; `compare` as lent. */
    void (*verification_done)(struct tk_digest_engine_client *c, int error, bool equal,
                              uint8_t *compare);
};

struct tk_digest_engine;

struct tk_digest_engine_ops {
    /* Sha256::set_mode_sha256: 0 or TK_NOSUPPORT. */
    int (*set_mode_sha256)(struct tk_digest_engine *e);
    /* HmacSha*::set_mode_hmac*(key): 0, TK_SIZE (key too long for the block),
     * TK_NOSUPPORT (an algorithm the engine lacks). */
    int (*set_mode_hmac)(struct tk_digest_engine *e, enum tk_hmac_alg alg, const uint8_t *key,
                         size_t key_len);
    /* DigestData::add_mut_data: 0 (add_data_done follows), TK_BUSY, TK_OFF
     * (an HMAC engine with no mode set). */
    int (*add_data)(struct tk_digest_engine *e, uint8_t *data, size_t len);
    /* DigestHash::run into `digest`: 0 (hash_done follows) or TK_BUSY. */
    int (*run)(struct tk_digest_engine *e, uint8_t *digest);
    /* DigestVerify::verify against `compare`: 0 (verification_done follows),
     * TK_BUSY. */
    int (*verify)(struct tk_digest_engine *e, uint8_t *compare);
    /* DigestData::clear_data: forget the data and the mode. */
    void (*clear_data)(struct tk_digest_engine *e);
};

struct tk_digest_engine {
    const struct tk_digest_engine_ops *ops;
    struct tk_digest_engine_client *client;
};

#endif
