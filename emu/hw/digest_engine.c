/* SHA-256 and HMAC-SHA256 engine model (see emu_digest_engine.h).
 *
 * Stands for tock/tock capsules/extra/src/sha256.rs (Sha256Software) and
 * hmac_sha256.rs (HmacSha256Software) @65608d71. The hashing is libcrypto's
 * EVP SHA-256; what is kept from the software engines is their protocol:
 * set_mode on the SHA engine resets nothing (only clear_data does), and the
 * HMAC engine feeds key ^ ipad into its running SHA-256 before the first
 * data after each set_mode, and at run hashes key ^ opad || inner. So an
 * app that sets the mode twice without a clear gets what the Tock engine
 * gives it (two inner pads in one hash).
 */
#include "emu_digest_engine.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

#include "container_of.h"
#include "errorcode.h"

#define INNER_PAD 0x36
#define OUTER_PAD 0x5c

static void sha_restart(struct emu_digest_engine *m)
{
    if (m->sha != NULL)
        (void)EVP_DigestInit_ex(m->sha, EVP_sha256(), NULL);
}

/* The running SHA-256, made at its first use: libcrypto initialises itself
 * (reads openssl.cnf, fetches providers) at the first digest, which cost
 * every tockemu run about 60 page faults at start-up, and most apps never
 * hash. NULL when libcrypto cannot make one. */
static EVP_MD_CTX *running_sha(struct emu_digest_engine *m)
{
    if (m->sha == NULL) {
        m->sha = EVP_MD_CTX_new();
        sha_restart(m);
    }
    return m->sha;
}

/* The key XOR `pad` into the running hash (one block). */
static int sha_add_pad(struct emu_digest_engine *m, uint8_t pad)
{
    uint8_t block[EMU_DIGEST_BLOCK_LEN];
    for (size_t i = 0; i < sizeof block; i++)
        block[i] = m->key[i] ^ pad;
    EVP_MD_CTX *sha = running_sha(m);
    return sha != NULL && EVP_DigestUpdate(sha, block, sizeof block) == 1 ? 0 : TK_FAIL;
}

/* Finish the hash (or the HMAC) into `out` and start a fresh one. */
static int engine_finish(struct emu_digest_engine *m, uint8_t out[TK_DIGEST_ENGINE_LEN])
{
    uint8_t inner[TK_DIGEST_ENGINE_LEN];
    EVP_MD_CTX *sha = running_sha(m);
    if (sha == NULL)
        return TK_FAIL;
    int rc = EVP_DigestFinal_ex(sha, m->hmac ? inner : out, NULL) == 1 ? 0 : TK_FAIL;
    sha_restart(m);
    if (rc != 0 || !m->hmac)
        return rc;
    rc = sha_add_pad(m, OUTER_PAD);
    if (rc == 0 && (EVP_DigestUpdate(sha, inner, sizeof inner) != 1 ||
                    EVP_DigestFinal_ex(sha, out, NULL) != 1))
        rc = TK_FAIL;
    sha_restart(m);
    return rc;
}

static void engine_done(struct tk_deferred_call *dc)
{
    struct emu_digest_engine *m = dc->owner;
    struct tk_digest_engine_client *c = m->hil.client;
    int pending = m->pending;
    m->pending = EMU_DIGEST_NONE;
    if (pending == EMU_DIGEST_ADD)
        c->add_data_done(c, m->result, m->lent, m->lent_len);
    else if (pending == EMU_DIGEST_RUN)
        c->hash_done(c, m->result, m->lent);
    else if (pending == EMU_DIGEST_VERIFY)
        c->verification_done(c, m->result, m->equal, m->lent);
}

static int engine_start(struct emu_digest_engine *m, int what, uint8_t *lent, size_t len,
                        int result)
{
    m->pending = what;
    m->lent = lent;
    m->lent_len = len;
    m->result = result;
    tk_deferred_call_schedule(m->kernel, &m->done);
    return 0;
}

static int engine_set_mode_sha256(struct tk_digest_engine *e)
{
    struct emu_digest_engine *m = tk_container_of(e, struct emu_digest_engine, hil);
    return m->hmac ? TK_NOSUPPORT : 0; /* resets nothing, as Sha256Software */
}

static int engine_set_mode_hmac(struct tk_digest_engine *e, enum tk_hmac_alg alg,
                                const uint8_t *key, size_t key_len)
{
    struct emu_digest_engine *m = tk_container_of(e, struct emu_digest_engine, hil);
    if (!m->hmac || alg != TK_HMAC_SHA256)
        return TK_NOSUPPORT;
    if (key_len > EMU_DIGEST_BLOCK_LEN)
        return TK_SIZE;
    memset(m->key, 0, sizeof m->key);
    memcpy(m->key, key, key_len);
    m->hmac_state = EMU_HMAC_KEY_PENDING;
    return 0;
}

static int engine_add_data(struct tk_digest_engine *e, uint8_t *data, size_t len)
{
    struct emu_digest_engine *m = tk_container_of(e, struct emu_digest_engine, hil);
    if (m->pending != EMU_DIGEST_NONE)
        return TK_BUSY;
    int rc = 0;
    if (m->hmac) {
        if (m->hmac_state == EMU_HMAC_IDLE)
            return TK_OFF;
        if (m->hmac_state == EMU_HMAC_KEY_PENDING)
            rc = sha_add_pad(m, INNER_PAD);
        m->hmac_state = EMU_HMAC_DATA;
    }
    if (rc == 0 && len > 0) {
        EVP_MD_CTX *sha = running_sha(m);
        if (sha == NULL || EVP_DigestUpdate(sha, data, len) != 1)
            rc = TK_FAIL;
    }
    return engine_start(m, EMU_DIGEST_ADD, data, len, rc);
}

static int engine_run(struct tk_digest_engine *e, uint8_t *digest)
{
    struct emu_digest_engine *m = tk_container_of(e, struct emu_digest_engine, hil);
    if (m->pending != EMU_DIGEST_NONE)
        return TK_BUSY;
    return engine_start(m, EMU_DIGEST_RUN, digest, TK_DIGEST_ENGINE_LEN, engine_finish(m, digest));
}

static int engine_verify(struct tk_digest_engine *e, uint8_t *compare)
{
    struct emu_digest_engine *m = tk_container_of(e, struct emu_digest_engine, hil);
    if (m->pending != EMU_DIGEST_NONE)
        return TK_BUSY;
    uint8_t digest[TK_DIGEST_ENGINE_LEN];
    int rc = engine_finish(m, digest);
    m->equal = rc == 0 && CRYPTO_memcmp(digest, compare, sizeof digest) == 0;
    return engine_start(m, EMU_DIGEST_VERIFY, compare, TK_DIGEST_ENGINE_LEN, rc);
}

static void engine_clear_data(struct tk_digest_engine *e)
{
    struct emu_digest_engine *m = tk_container_of(e, struct emu_digest_engine, hil);
    m->hmac_state = EMU_HMAC_IDLE;
    sha_restart(m);
}

static const struct tk_digest_engine_ops engine_ops = {
    .set_mode_sha256 = engine_set_mode_sha256,
    .set_mode_hmac = engine_set_mode_hmac,
    .add_data = engine_add_data,
    .run = engine_run,
    .verify = engine_verify,
    .clear_data = engine_clear_data,
};

int emu_digest_engine_init(struct emu_digest_engine *m, struct tk_kernel *k, bool hmac)
{
    *m = (struct emu_digest_engine){
        .hil = {.ops = &engine_ops},
        .kernel = k,
        .hmac = hmac,
        .done = {.fn = engine_done, .owner = m},
    };
    return 0;
}

void emu_digest_engine_fini(struct emu_digest_engine *m)
{
    if (m->sha != NULL) /* never made: libcrypto's code stays paged out */
        EVP_MD_CTX_free(m->sha);
    m->sha = NULL;
}
