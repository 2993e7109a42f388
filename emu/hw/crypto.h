/* Host cryptography behind the digest HIL (OpenSSL libcrypto).
 *
 * Implements emu/kernel/hil/digest.h for the credential checkers of
 * emu/kernel/appid.c (spec §7.3). Stateless: one instance serves any number
 * of kernels.
 */
#ifndef EMU_CRYPTO_H
#define EMU_CRYPTO_H

#include "hil/digest.h"

/* Point `d` at the libcrypto implementation: SHA-2, ECDSA P-256 and RSA
 * PKCS#1 v1.5 verification. */
void emu_crypto_init(struct tk_digest *d);

#endif
