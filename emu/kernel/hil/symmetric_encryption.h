/* Symmetric encryption HIL: AES-128 in CTR, CBC and ECB, CCM and GCM.
 *
 * Mirrors tock/tock kernel/src/hil/symmetric_encryption.rs @65608d71 (AES,
 * AESCtr, AESCBC, AESECB, AESCCM, AESGCM and their clients) for 128-bit
 * keys, the one size the AES capsule's board stack (an AES-128 block engine
 * under virtual_aes_ccm.rs and aes_gcm.rs) offers. Rust's buffer hand-over
 * becomes "lent until the done callback": a call that returns 0 keeps the
 * buffers until the client's crypt_done gives them back, a call that fails
 * lends nothing. Every crypt_done comes from the kernel loop, never inside
 * the call that started it.
 *
 * Implemented over libcrypto in emu/hw/aes.c; tests may fake it.
 */
#ifndef TK_HIL_SYMMETRIC_ENCRYPTION_H
#define TK_HIL_SYMMETRIC_ENCRYPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TK_AES_BLOCK_SIZE     16
#define TK_AES128_KEY_SIZE    16
#define TK_CCM_NONCE_LENGTH   13
#define TK_GCM_IV_LENGTH      12 /* NIST SP 800-38D's 96 bits; longer IVs are cut */
#define TK_AES_MAX_TAG_LENGTH 16

/* AESCtr, AESCBC, AESECB: the mode set before AES::crypt. */
enum tk_aes_mode {
    TK_AES_MODE_CTR,
    TK_AES_MODE_CBC,
    TK_AES_MODE_ECB,
};

struct tk_aes_client {
    /* AES::crypt finished: `dest` holds the output where crypt said;
     * `source` is the source buffer lent (NULL if none was). */
    void (*crypt_done)(struct tk_aes_client *c, uint8_t *source, uint8_t *dest);
};

/* CCMClient and GCMClient: `result` 0 or an ErrorCode. Encrypting,
 * `tag_is_valid` is true iff result is 0; decrypting, iff the tag matched. */
struct tk_aes_aead_client {
    void (*crypt_done)(struct tk_aes_aead_client *c, uint8_t *buf, int result, bool tag_is_valid);
};

struct tk_aes;

struct tk_aes_ops {
    /* AES::enable / disable: power the engine; disable forgets the running
     * message (its counter or chaining value). */
    void (*enable)(struct tk_aes *a);
    void (*disable)(struct tk_aes *a);
    /* AESCtr/AESCBC/AESECB::set_mode_*: 0 or TK_BUSY (an operation runs). */
    int (*set_mode)(struct tk_aes *a, enum tk_aes_mode mode, bool encrypting);
    /* AES::set_key and set_iv: 0, TK_INVAL (length), TK_BUSY. */
    int (*set_key)(struct tk_aes *a, const uint8_t *key, size_t len);
    int (*set_iv)(struct tk_aes *a, const uint8_t *iv, size_t len);
    /* AES::start_message: the next crypt starts a message at the IV. */
    void (*start_message)(struct tk_aes *a);
    /* AES::crypt: with `source`, its input is that whole buffer; without, the
     * input is dest[start, stop) in place. Returns 0 (crypt_done follows,
     * both buffers lent), TK_INVAL (range or lengths), TK_BUSY. */
    int (*crypt)(struct tk_aes *a, uint8_t *source, size_t source_len, uint8_t *dest,
                 size_t dest_len, size_t start, size_t stop);
    /* AESCCM::set_key, set_nonce (TK_CCM_NONCE_LENGTH bytes): 0, TK_INVAL. */
    int (*ccm_set_key)(struct tk_aes *a, const uint8_t *key, size_t len);
    int (*ccm_set_nonce)(struct tk_aes *a, const uint8_t *nonce, size_t len);
    /* AESCCM::crypt over buf: authenticated data [a_off, m_off), message
     * [m_off, m_off + m_len), tag of mic_len bytes right after. Returns 0
     * (the CCM client's crypt_done follows), TK_BUSY, TK_INVAL (offsets),
     * TK_NOMEM (too long for the engine's buffer), TK_FAIL. */
    int (*ccm_crypt)(struct tk_aes *a, uint8_t *buf, size_t len, size_t a_off, size_t m_off,
                     size_t m_len, size_t mic_len, bool confidential, bool encrypting);
    /* AESGCM::set_key, set_iv: 0, TK_INVAL. */
    int (*gcm_set_key)(struct tk_aes *a, const uint8_t *key, size_t len);
    int (*gcm_set_iv)(struct tk_aes *a, const uint8_t *iv, size_t len);
    /* AESGCM::crypt, laid out as ccm_crypt: 0 (the GCM client's crypt_done
     * follows), TK_BUSY, TK_INVAL. */
    int (*gcm_crypt)(struct tk_aes *a, uint8_t *buf, size_t len, size_t aad_off, size_t m_off,
                     size_t m_len, size_t tag_len, bool encrypting);
};

struct tk_aes {
    const struct tk_aes_ops *ops;
    struct tk_aes_client *client;
    struct tk_aes_aead_client *ccm_client, *gcm_client;
};

#endif
