/* Choosing the credential checker and the AppID policy from the command line.
 *
 * The checkers themselves are the kernel's (emu/kernel/appid.c); this file
 * turns `--credentials KIND`, `--key PEM...` and `--appid POLICY` into a
 * configured checker, loading PEM public keys into the raw forms the
 * checkers take (P-256: x || y; RSA: the big-endian modulus).
 */
#ifndef EMU_CREDENTIALS_H
#define EMU_CREDENTIALS_H

#include <stdbool.h>

#include "appid.h"
#include "emu_err.h"
#include "hil/digest.h"

#define EMU_MAX_KEYS 16

struct emu_credentials {
    struct tk_digest digest;
    union {
        struct tk_checker_null null;
        struct tk_checker_hash hash;
        struct tk_checker_ecdsa_p256 ecdsa;
        struct tk_checker_rsa rsa;
    } u;
    struct tk_credential_checker *checker;
    uint8_t p256_keys[EMU_MAX_KEYS][TK_P256_KEY_LEN];
    uint8_t rsa_moduli[EMU_MAX_KEYS][512];
    struct tk_rsa_key rsa_keys[EMU_MAX_KEYS];
    unsigned key_count;
    enum tk_appid_assigner assigner;
};

/* Configure `c`: `kind` is none (default), sha256, sha384, sha512,
 * ecdsa-p256 or rsa; `keys` (NULL-terminated, may be NULL) are PEM files;
 * `appid` is none (default), names or tbf-header. Returns 0, or -EINVAL with
 * `err` naming the option or key file and the reason. */
int emu_credentials_init(struct emu_credentials *c, const char *kind, char *const *keys,
                         const char *appid, struct emu_err *err);

#endif
