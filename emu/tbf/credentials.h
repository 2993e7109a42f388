/* Credential checkers and AppID policy from the command line, and one
 * footer checked the kernel's way (tockemu's loader and `tockbin verify`).
 *
 * The checkers themselves are the kernel's (emu/kernel/appid.c, over the
 * digest HIL that emu/hw/crypto.c implements with libcrypto); this file
 * turns `--credentials KIND`, `--key PEM...` and `--appid POLICY` into a
 * configured checker, loading PEM public keys into the raw forms the
 * checkers take (P-256: x || y; RSA: the big-endian modulus).
 */
#ifndef EMU_CREDENTIALS_H
#define EMU_CREDENTIALS_H

#include <stdbool.h>

#include <openssl/evp.h>

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
    struct tk_credential_checker *checker; /* the loader's, from `kind` */
    uint8_t p256_keys[EMU_MAX_KEYS][TK_P256_KEY_LEN];
    unsigned p256_count;
    uint8_t rsa_moduli[EMU_MAX_KEYS][512];
    struct tk_rsa_key rsa_keys[EMU_MAX_KEYS];
    unsigned rsa_count;
    enum tk_appid_assigner assigner;
};

/* Configure `c`: `kind` is none (default), sha256, sha384, sha512,
 * ecdsa-p256 or rsa; `keys` (NULL-terminated, may be NULL) are PEM files,
 * public or private, P-256 or RSA-3072/4096, sorted by their type; `appid`
 * is none (default), names or tbf-header. Returns 0, or -EINVAL with `err`
 * naming the option or key file and the reason. */
int emu_credentials_init(struct emu_credentials *c, const char *kind, char *const *keys,
                         const char *appid, struct emu_err *err);

/* Trust one more key (tests and tools holding keys in memory). Returns 0 or
 * -EINVAL with `err` naming `name`. */
int emu_credentials_add_key(struct emu_credentials *c, EVP_PKEY *key, const char *name,
                            struct emu_err *err);

/* Check one footer with the kernel checker for its format, whatever the
 * loader's checker is: a hash footer with the hash checker (Accept or
 * Reject), ECDSA with the P-256 keys and RSA with the RSA keys (Accept, with
 * the key index as metadata, or Pass; RSA with no RSA key checks the
 * footer's own modulus), anything else Pass. */
struct tk_check_result emu_credentials_check_footer(struct emu_credentials *c,
                                                    const struct tk_tbf_footer *footer,
                                                    struct tk_tbf_region integrity);

/* "Accept", "Pass", "Reject" (spec §7.2 CheckResult; an error counts as Pass). */
const char *emu_check_kind_name(enum tk_check_kind kind);

#endif
