/* TBF credentials: make and check them, add them to and strip them from a TBF.
 *
 * The tool side of spec §6.6 (footers), §6.7 (integrity region) and §7.3
 * (checkers); tock/tockloader's `tbf_footer` code and tock/tock
 * capsules/system/src/process_checker/ are the upstream counterparts. All
 * hashing and signing goes through OpenSSL libcrypto.
 *
 * Credential data (spec §6.6), each computed over the integrity region
 * [0, binary_end_offset) of the object:
 *
 *   SHA256/384/512   the digest
 *   EcdsaNistP256    r || s, 32 bytes each, big-endian, over SHA-256 (prehash)
 *   Rsa3072Key       384-byte modulus n || 384-byte PKCS#1 v1.5 signature
 *   Rsa4096Key       512-byte modulus n || 512-byte signature, both over
 *                    SHA-512 (as elf2tab signs and emu/kernel/appid.c checks)
 *                    with public exponent 65537
 *
 * How footers are rearranged when a credential is added (offsets from the TBF
 * start; total_size and so the integrity region stay the same while the free
 * space lasts):
 *
 *   binary_end  kept credentials | new credential | Reserved (free space)
 *   total_size
 */
#ifndef EMU_TBF_SIGN_H
#define EMU_TBF_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <openssl/evp.h>

#include "emu_err.h"
#include "tbf.h"

/* Load a PEM key from `path`: a private key, or with `public_only` also a
 * public key ("-----BEGIN PUBLIC KEY-----"). EC keys must be on P-256, RSA
 * keys 3072 or 4096 bits. Returns 0 with `*key` (free with EVP_PKEY_free)
 * and `*format` (ECDSA_NIST_P256, RSA3072_KEY or RSA4096_KEY) set, or -EINVAL
 * / -errno with `err` naming the file. */
int emu_tbf_key_load(const char *path, bool public_only, EVP_PKEY **key,
                     enum tk_tbf_credential_format *format, struct emu_err *err);

/* The credential format a key signs with, as emu_tbf_key_load decides it;
 * -EINVAL (err says why, naming `name`) for any other key. */
int emu_tbf_key_format(EVP_PKEY *key, const char *name, enum tk_tbf_credential_format *format,
                       struct emu_err *err);

/* Compute credential `format` over `region` into `data`, which holds
 * tk_tbf_credential_data_len(format) bytes. `key` is the private key of a
 * signature format (its type and size must match `format`) and ignored for
 * hashes. Returns 0, or -EINVAL with `err` set and `data` unspecified. */
int emu_tbf_credential_make(uint32_t format, EVP_PKEY *key, const uint8_t *region, size_t len,
                            uint8_t *data, struct emu_err *err);

/* Add a credential of `format` (signed with `key` for the signature formats)
 * to the single TBF object that fills `tbf`; `name` names it in errors. With
 * `replace`, existing credentials are dropped first. The credential is carved
 * out of the free footer space when it fits, leaving total_size and the
 * integrity region unchanged; otherwise total_size grows (header checksum
 * recomputed), which is refused while other credentials remain. Returns 0,
 * or -EINVAL with `err` set and `tbf` unchanged. */
int emu_tbf_sign(GByteArray *tbf, const char *name, uint32_t format, EVP_PKEY *key, bool replace,
                 struct emu_err *err);

/* Remove every credential footer of the single TBF object in `tbf`, turning
 * the footer area back into Reserved space; total_size and the integrity
 * region are unchanged. Returns 0 or -EINVAL with `err` set, `tbf` unchanged. */
int emu_tbf_strip(GByteArray *tbf, const char *name, struct emu_err *err);

#endif
