/* AES-128 engine model (see emu_aes.h): block modes, CCM and GCM.
 *
 * Stands for an AES-128 block engine (chips/earlgrey/src/aes.rs),
 * capsules/core/src/virtualizers/virtual_aes_ccm.rs (CCM* on that engine)
 * and capsules/aes_gcm/src/aes_gcm.rs @65608d71. Every block operation is
 * libcrypto's EVP AES-128 (ECB, CBC, CTR, GCM); what is kept from the Tock
 * layers is their protocol: CTR and CBC messages run on across crypt calls
 * until a new key, IV, mode or start_message; CCM is IEEE 802.15.4 CCM*
 * built as virtual_aes_ccm.rs builds it, a CBC-MAC over B_0 | L(a) | a | m
 * and CTR from A_0 = 1 | nonce | 0, with the same buffer limits and errors.
 *
 * Deviation: set_key takes the first 16 bytes of a longer buffer (and the
 * block engine's set_iv the first 16 of a longer IV). Upstream's AES
 * capsule hands over its whole 32-byte buffer, which earlgrey's engine and
 * virtual_aes_ccm.rs refuse (INVAL) and aes_gcm.rs panics on, so no upstream
 * board runs the capsule's AES-128 at all; taking the prefix runs what the
 * app asked for. With a source buffer, crypt's input is that whole buffer
 * (the HIL's words), written at dest[start..]: the capsule passes 32 bytes
 * with a 16-byte range and copies 32 bytes of result.
 * Deviation: GCM follows NIST SP 800-38D: the message is encrypted in
 * place, a tag of tag_len bytes (at most 16) follows it, and decryption
 * checks the tag. aes_gcm.rs writes the ciphertext at the buffer's start,
 * always 16 tag bytes, and reports every tag valid. The AES capsule never
 * sets a message length, so its apps only see the tag either way.
 */
#include "emu_aes.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

#include "container_of.h"
#include "errorcode.h"

#define BLOCK TK_AES_BLOCK_SIZE

static size_t round_up_block(size_t n)
{
    return (n + BLOCK - 1) / BLOCK * BLOCK;
}

/* A key (or IV) of at least `want` bytes: its first `want` into `to`. */
static int take_prefix(uint8_t *to, size_t want, const uint8_t *from, size_t len)
{
    if (len < want)
        return TK_INVAL;
    memcpy(to, from, want);
    return 0;
}

/* One EVP pass over `len` bytes (a multiple of the block, or any length for
 * CTR) from `in` to `out` (the same or disjoint). 0 or TK_FAIL. */
static int evp_pass(const EVP_CIPHER *cipher, const uint8_t *key, const uint8_t *iv, bool encrypt,
                    const uint8_t *in, uint8_t *out, size_t len)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int outl = 0;
    bool ok = ctx != NULL && EVP_CipherInit_ex(ctx, cipher, NULL, key, iv, encrypt) == 1 &&
              EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
              (len == 0 || EVP_CipherUpdate(ctx, out, &outl, in, (int)len) == 1);
    EVP_CIPHER_CTX_free(ctx);
    return ok && (size_t)outl == len ? 0 : TK_FAIL;
}

static void aes_done(struct tk_deferred_call *dc)
{
    struct emu_aes *m = dc->owner;
    int pending = m->pending;
    m->pending = EMU_AES_IDLE;
    if (pending == EMU_AES_BLOCK)
        m->hil.client->crypt_done(m->hil.client, m->source, m->dest);
    else if (pending == EMU_AES_CCM)
        m->hil.ccm_client->crypt_done(m->hil.ccm_client, m->dest, m->result, m->tag_is_valid);
    else if (pending == EMU_AES_GCM)
        m->hil.gcm_client->crypt_done(m->hil.gcm_client, m->dest, m->result, m->tag_is_valid);
}

static void aes_complete_later(struct emu_aes *m, int what, uint8_t *source, uint8_t *dest,
                               bool tag_is_valid)
{
    m->pending = what;
    m->source = source;
    m->dest = dest;
    m->result = 0;
    m->tag_is_valid = tag_is_valid;
    tk_deferred_call_schedule(m->kernel, &m->done);
}

/* ---- The block engine ---- */

static void aes_enable(struct tk_aes *a)
{
    (void)a; /* always powered */
}

static void aes_disable(struct tk_aes *a)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    m->in_message = false;
}

static int aes_set_mode(struct tk_aes *a, enum tk_aes_mode mode, bool encrypting)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    if (m->pending != EMU_AES_IDLE)
        return TK_BUSY;
    m->mode = mode;
    m->encrypting = encrypting;
    m->in_message = false;
    return 0;
}

static int aes_set_key(struct tk_aes *a, const uint8_t *key, size_t len)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    if (m->pending != EMU_AES_IDLE)
        return TK_BUSY;
    m->in_message = false;
    return take_prefix(m->key, sizeof m->key, key, len);
}

static int aes_set_iv(struct tk_aes *a, const uint8_t *iv, size_t len)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    if (m->pending != EMU_AES_IDLE)
        return TK_BUSY;
    m->in_message = false;
    return take_prefix(m->iv, sizeof m->iv, iv, len);
}

static void aes_start_message(struct tk_aes *a)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    if (m->pending == EMU_AES_IDLE) /* the HIL: no effect while one runs */
        m->in_message = false;
}

/* Run `len` bytes through the running message, starting one if needed. */
static int aes_block_run(struct emu_aes *m, const uint8_t *in, uint8_t *out, size_t len)
{
    const EVP_CIPHER *cipher = m->mode == TK_AES_MODE_CTR   ? EVP_aes_128_ctr()
                               : m->mode == TK_AES_MODE_CBC ? EVP_aes_128_cbc()
                                                            : EVP_aes_128_ecb();
    if (m->block == NULL && (m->block = EVP_CIPHER_CTX_new()) == NULL)
        return TK_FAIL;
    if (!m->in_message) {
        int encrypt = m->mode == TK_AES_MODE_CTR || m->encrypting; /* CTR is its own inverse */
        if (EVP_CipherInit_ex(m->block, cipher, NULL, m->key,
                              m->mode == TK_AES_MODE_ECB ? NULL : m->iv, encrypt) != 1 ||
            EVP_CIPHER_CTX_set_padding(m->block, 0) != 1)
            return TK_FAIL;
        m->in_message = true;
    }
    int outl = 0;
    if (EVP_CipherUpdate(m->block, out, &outl, in, (int)len) != 1 || (size_t)outl != len)
        return TK_FAIL;
    return 0;
}

static int aes_crypt(struct tk_aes *a, uint8_t *source, size_t source_len, uint8_t *dest,
                     size_t dest_len, size_t start, size_t stop)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    if (m->pending != EMU_AES_IDLE)
        return TK_BUSY;
    const uint8_t *in;
    size_t len;
    if (source != NULL) {
        if (source_len == 0 || source_len % BLOCK != 0 || start > dest_len ||
            source_len > dest_len - start)
            return TK_INVAL;
        in = source;
        len = source_len;
    } else {
        if (start >= stop || (stop - start) % BLOCK != 0 || stop > dest_len)
            return TK_INVAL;
        in = dest + start;
        len = stop - start;
    }
    int rc = aes_block_run(m, in, dest + start, len);
    if (rc != 0)
        return rc;
    aes_complete_later(m, EMU_AES_BLOCK, source, dest, false);
    return 0;
}

/* ---- CCM* (virtual_aes_ccm.rs) ---- */

static int ccm_set_key(struct tk_aes *a, const uint8_t *key, size_t len)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    return take_prefix(m->ccm_key, sizeof m->ccm_key, key, len);
}

static int ccm_set_nonce(struct tk_aes *a, const uint8_t *nonce, size_t len)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    if (len != TK_CCM_NONCE_LENGTH)
        return TK_INVAL;
    memcpy(m->ccm_nonce, nonce, len);
    return 0;
}

/* Where the parts of a CCM* computation sit in its working buffer. */
struct ccm_layout {
    size_t auth_len; /* B_0 | L(a) | a, padded: the tag block is the last */
    size_t enc_len;  /* then the message, padded */
};

/* encode_ccm_buffer: B_0 | L(a) | a | 0-pad | m | 0-pad into cbuf. */
static int ccm_encode(const struct emu_aes *m, uint8_t cbuf[EMU_AES_CCM_BUFFER_LEN], size_t mic_len,
                      const uint8_t *a_data, size_t a_len, const uint8_t *m_data, size_t m_len,
                      struct ccm_layout *lay)
{
    if (a_len >= 0xff00)
        return TK_FAIL; /* longer encodings of l(a): stream_err */
    size_t off = BLOCK + (a_len != 0 ? 2 + a_len : 0);
    lay->auth_len = round_up_block(off);
    lay->enc_len = lay->auth_len + round_up_block(m_len);
    if (lay->enc_len > EMU_AES_CCM_BUFFER_LEN)
        return TK_NOMEM;
    memset(cbuf, 0, EMU_AES_CCM_BUFFER_LEN);
    /* flags = Adata | (M - 2) / 2 | (L - 1), computed in u8 as upstream */
    uint8_t flags = a_len != 0 ? 0x40 : 0;
    if (mic_len != 0)
        flags |= (uint8_t)((uint8_t)((mic_len - 2) / 2) << 3);
    cbuf[0] = flags | 1;
    memcpy(cbuf + 1, m->ccm_nonce, TK_CCM_NONCE_LENGTH);
    cbuf[14] = (uint8_t)(m_len >> 8);
    cbuf[15] = (uint8_t)m_len;
    if (a_len != 0) {
        cbuf[16] = (uint8_t)(a_len >> 8);
        cbuf[17] = (uint8_t)a_len;
        memcpy(cbuf + 18, a_data, a_len);
    }
    memcpy(cbuf + lay->auth_len, m_data, m_len);
    return 0;
}

/* CBC-MAC over cbuf[0, end): the last block of a zero-IV CBC pass, into
 * mac (a copy of cbuf, as the engine works on its own buffer). */
static int ccm_mac(const struct emu_aes *m, const uint8_t *cbuf, size_t end,
                   uint8_t mac_buf[EMU_AES_CCM_BUFFER_LEN])
{
    static const uint8_t zero_iv[BLOCK];
    return evp_pass(EVP_aes_128_cbc(), m->ccm_key, zero_iv, true, cbuf, mac_buf, end);
}

/* CTR from A_0 = 1 | nonce | 0 over cbuf[from, to), in place. */
static int ccm_ctr(const struct emu_aes *m, uint8_t *cbuf, size_t from, size_t to)
{
    uint8_t a0[BLOCK] = {1};
    memcpy(a0 + 1, m->ccm_nonce, TK_CCM_NONCE_LENGTH);
    return evp_pass(EVP_aes_128_ctr(), m->ccm_key, a0, true, cbuf + from, cbuf + from, to - from);
}

/* Authenticate, then encrypt (encrypting, or not confidential): the tag
 * lands in the tag block, which CTR's first key block then encrypts. */
static int ccm_forward(const struct emu_aes *m, uint8_t *cbuf, const struct ccm_layout *lay,
                       bool confidential)
{
    uint8_t mac_buf[EMU_AES_CCM_BUFFER_LEN];
    size_t auth_end = confidential ? lay->enc_len : lay->auth_len;
    int rc = ccm_mac(m, cbuf, auth_end, mac_buf);
    if (rc != 0)
        return rc;
    memcpy(cbuf + lay->auth_len - BLOCK, mac_buf + auth_end - BLOCK, BLOCK);
    return ccm_ctr(m, cbuf, lay->auth_len - BLOCK, lay->enc_len);
}

/* Decrypt, then authenticate (decrypting a confidential message): the
 * tag's key block comes from CTR over a zeroed tag block, the CBC-MAC runs
 * over the recovered plaintext. Leaves the encrypted tag at mac_tag. */
static int ccm_reverse(const struct emu_aes *m, uint8_t *cbuf, const struct ccm_layout *lay,
                       size_t m_len, uint8_t mac_tag[EMU_AES_CCM_BUFFER_LEN])
{
    uint8_t saved[BLOCK], key_block[BLOCK];
    uint8_t *tag_block = cbuf + lay->auth_len - BLOCK;
    memcpy(saved, tag_block, BLOCK);
    memset(tag_block, 0, BLOCK);
    int rc = ccm_ctr(m, cbuf, lay->auth_len - BLOCK, lay->enc_len);
    if (rc != 0)
        return rc;
    memcpy(key_block, tag_block, BLOCK);
    memcpy(tag_block, saved, BLOCK);
    memset(cbuf + lay->auth_len + m_len, 0, lay->enc_len - lay->auth_len - m_len);
    rc = ccm_mac(m, cbuf, lay->enc_len, mac_tag);
    for (size_t i = 0; i < BLOCK; i++)
        mac_tag[lay->enc_len - BLOCK + i] ^= key_block[i];
    return rc;
}

static int ccm_crypt(struct tk_aes *a, uint8_t *buf, size_t len, size_t a_off, size_t m_off,
                     size_t m_len, size_t mic_len, bool confidential, bool encrypting)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    if (m->pending != EMU_AES_IDLE)
        return TK_BUSY;
    if (a_off > m_off || m_off > len || m_len > len - m_off || mic_len > len - m_off - m_len)
        return TK_INVAL;
    uint8_t cbuf[EMU_AES_CCM_BUFFER_LEN], mac_tag[EMU_AES_CCM_BUFFER_LEN];
    struct ccm_layout lay;
    int rc = ccm_encode(m, cbuf, mic_len, buf + a_off, m_off - a_off, buf + m_off, m_len, &lay);
    if (rc != 0)
        return rc;
    bool reversed = confidential && !encrypting;
    /* Deviation: a tag reaching past the working buffer (mic_len > 16 near
     * its end) panics upstream on a slice index; here it fails. */
    size_t tag_off = reversed ? lay.enc_len - BLOCK : lay.auth_len - BLOCK;
    if (mic_len > EMU_AES_CCM_BUFFER_LEN - tag_off)
        return TK_FAIL;
    rc = reversed ? ccm_reverse(m, cbuf, &lay, m_len, mac_tag)
                  : ccm_forward(m, cbuf, &lay, confidential);
    if (rc != 0)
        return rc;
    const uint8_t *tag = reversed ? mac_tag + tag_off : cbuf + tag_off;
    memcpy(buf + m_off, cbuf + lay.auth_len, m_len);
    bool valid = true;
    if (encrypting)
        memcpy(buf + m_off + m_len, tag, mic_len);
    else
        valid = CRYPTO_memcmp(buf + m_off + m_len, tag, mic_len) == 0;
    aes_complete_later(m, EMU_AES_CCM, NULL, buf, valid);
    return 0;
}

/* ---- GCM (NIST SP 800-38D; see the deviation above) ---- */

static int gcm_set_key(struct tk_aes *a, const uint8_t *key, size_t len)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    return take_prefix(m->gcm_key, sizeof m->gcm_key, key, len);
}

static int gcm_set_iv(struct tk_aes *a, const uint8_t *iv, size_t len)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    /* aes_gcm.rs: at most 12 bytes, the rest zero; never an error. */
    memset(m->gcm_iv, 0, sizeof m->gcm_iv);
    memcpy(m->gcm_iv, iv, len < sizeof m->gcm_iv ? len : sizeof m->gcm_iv);
    return 0;
}

/* GCM over buf with EVP; *valid says whether a decryption's tag matched. */
static int gcm_run(struct emu_aes *m, uint8_t *buf, size_t aad_off, size_t m_off, size_t m_len,
                   size_t tag_len, bool encrypting, bool *valid)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    uint8_t *tag = buf + m_off + m_len;
    size_t n = tag_len < TK_AES_MAX_TAG_LENGTH ? tag_len : TK_AES_MAX_TAG_LENGTH;
    uint8_t full_tag[TK_AES_MAX_TAG_LENGTH], scratch[BLOCK];
    int outl = 0;
    bool ok =
        ctx != NULL &&
        EVP_CipherInit_ex(ctx, EVP_aes_128_gcm(), NULL, m->gcm_key, m->gcm_iv, encrypting) == 1 &&
        (m_off == aad_off ||
         EVP_CipherUpdate(ctx, NULL, &outl, buf + aad_off, (int)(m_off - aad_off)) == 1) &&
        (m_len == 0 || EVP_CipherUpdate(ctx, buf + m_off, &outl, buf + m_off, (int)m_len) == 1);
    *valid = true;
    if (ok && encrypting) {
        ok = EVP_CipherFinal_ex(ctx, scratch, &outl) == 1 &&
             EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, sizeof full_tag, full_tag) == 1;
        if (ok)
            memcpy(tag, full_tag, n);
    } else if (ok && n > 0) {
        memcpy(full_tag, tag, n);
        ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)n, full_tag) == 1;
        *valid = ok && EVP_CipherFinal_ex(ctx, scratch, &outl) == 1;
    }
    EVP_CIPHER_CTX_free(ctx);
    return ok ? 0 : TK_FAIL;
}

static int gcm_crypt(struct tk_aes *a, uint8_t *buf, size_t len, size_t aad_off, size_t m_off,
                     size_t m_len, size_t tag_len, bool encrypting)
{
    struct emu_aes *m = tk_container_of(a, struct emu_aes, hil);
    if (m->pending != EMU_AES_IDLE)
        return TK_BUSY;
    if (aad_off > m_off || m_off > len || m_len > len - m_off || tag_len > len - m_off - m_len)
        return TK_INVAL;
    bool valid;
    int rc = gcm_run(m, buf, aad_off, m_off, m_len, tag_len, encrypting, &valid);
    if (rc != 0)
        return rc;
    aes_complete_later(m, EMU_AES_GCM, NULL, buf, valid);
    return 0;
}

static const struct tk_aes_ops aes_ops = {
    .enable = aes_enable,
    .disable = aes_disable,
    .set_mode = aes_set_mode,
    .set_key = aes_set_key,
    .set_iv = aes_set_iv,
    .start_message = aes_start_message,
    .crypt = aes_crypt,
    .ccm_set_key = ccm_set_key,
    .ccm_set_nonce = ccm_set_nonce,
    .ccm_crypt = ccm_crypt,
    .gcm_set_key = gcm_set_key,
    .gcm_set_iv = gcm_set_iv,
    .gcm_crypt = gcm_crypt,
};

int emu_aes_init(struct emu_aes *m, struct tk_kernel *k)
{
    *m = (struct emu_aes){
        .hil = {.ops = &aes_ops},
        .kernel = k,
        .done = {.fn = aes_done, .owner = m},
    };
    /* The cipher context (m->block) is made at the first block run: most
     * apps never encrypt, and making it faulted libcrypto's code in at
     * every start (two page faults, ~50 us of `tockemu hello.tbf`). */
    return 0;
}

void emu_aes_fini(struct emu_aes *m)
{
    if (m->block != NULL) /* not even libcrypto's free is paged in for nothing */
        EVP_CIPHER_CTX_free(m->block);
    m->block = NULL;
}
