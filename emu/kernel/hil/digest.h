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

#endif
