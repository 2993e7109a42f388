/* SHA-256 and HMAC-SHA256 engine model behind hil/digest.h (the async part).
 *
 * Plays Tock's software engines a board without a hash block uses
 * (capsules/extra/src/sha256.rs Sha256Software and hmac_sha256.rs
 * HmacSha256Software over its own Sha256Software), with libcrypto's EVP
 * SHA-256 doing the hashing. Other algorithms answer TK_NOSUPPORT, as those
 * engines do. One operation at a time, each completing from a deferred call.
 */
#ifndef EMU_HW_EMU_DIGEST_ENGINE_H
#define EMU_HW_EMU_DIGEST_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "hil/digest.h"
#include "kernel.h"

#define EMU_DIGEST_BLOCK_LEN 64 /* SHA-256's block: the HMAC key's room */

struct evp_md_ctx_st; /* OpenSSL's EVP_MD_CTX */

struct emu_digest_engine {
    struct tk_digest_engine hil;
    struct tk_kernel *kernel;
    bool hmac;                 /* HmacSha256Software; else Sha256Software */
    struct evp_md_ctx_st *sha; /* the running SHA-256 */
    /* HMAC: no mode, key set (its inner pad goes in before the next data),
     * absorbing data. */
    enum { EMU_HMAC_IDLE, EMU_HMAC_KEY_PENDING, EMU_HMAC_DATA } hmac_state;
    uint8_t key[EMU_DIGEST_BLOCK_LEN];
    enum { EMU_DIGEST_NONE, EMU_DIGEST_ADD, EMU_DIGEST_RUN, EMU_DIGEST_VERIFY } pending;
    uint8_t *lent; /* the data, digest or compare buffer being worked on */
    size_t lent_len;
    int result; /* of the pending operation */
    bool equal; /* of a pending verify */
    struct tk_deferred_call done;
};

/* Set up an engine on `k`: HMAC-SHA256 if `hmac`, else SHA-256. Returns 0
 * or -ENOMEM (nothing to free). */
int emu_digest_engine_init(struct emu_digest_engine *m, struct tk_kernel *k, bool hmac);
void emu_digest_engine_fini(struct emu_digest_engine *m);

#endif
