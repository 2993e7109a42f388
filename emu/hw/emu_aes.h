/* AES-128 engine model behind hil/symmetric_encryption.h (libcrypto).
 *
 * Plays the AES stack of the one upstream board whose AES driver offers all
 * five modes (boards/opentitan/earlgrey-cw310 @65608d71: an AES-128 block
 * engine, virtual_aes_ccm.rs for CCM on it, aes_gcm.rs for GCM), with
 * libcrypto's EVP ciphers doing every block operation. One operation at a
 * time, each completing from a deferred call.
 */
#ifndef EMU_HW_EMU_AES_H
#define EMU_HW_EMU_AES_H

#include <stdbool.h>
#include <stdint.h>

#include "hil/symmetric_encryption.h"
#include "kernel.h"

/* virtual_aes_ccm.rs's working buffer (CRYPT_SIZE, 7 blocks): B_0, the
 * encoded authenticated data and the message must fit in it. */
#define EMU_AES_CCM_BUFFER_LEN (7 * TK_AES_BLOCK_SIZE)

struct evp_cipher_ctx_st; /* OpenSSL's EVP_CIPHER_CTX */

struct emu_aes {
    struct tk_aes hil;
    struct tk_kernel *kernel;
    /* The block engine: mode, key, IV, and the running message (its CTR
     * counter or CBC chaining value) while `in_message`. */
    enum tk_aes_mode mode;
    bool encrypting, in_message;
    uint8_t key[TK_AES128_KEY_SIZE], iv[TK_AES_BLOCK_SIZE];
    struct evp_cipher_ctx_st *block; /* made at the first block run; NULL before */
    /* CCM and GCM keep their own key and nonce, as their layers do. */
    uint8_t ccm_key[TK_AES128_KEY_SIZE], ccm_nonce[TK_CCM_NONCE_LENGTH];
    uint8_t gcm_key[TK_AES128_KEY_SIZE], gcm_iv[TK_GCM_IV_LENGTH];
    /* The operation whose done call is pending, and what it reports. */
    enum { EMU_AES_IDLE, EMU_AES_BLOCK, EMU_AES_CCM, EMU_AES_GCM } pending;
    uint8_t *source, *dest;
    int result;
    bool tag_is_valid;
    struct tk_deferred_call done;
};

/* Set up an engine on `k`. Returns 0 or -ENOMEM (nothing to free). */
int emu_aes_init(struct emu_aes *m, struct tk_kernel *k);
void emu_aes_fini(struct emu_aes *m);

#endif
