/* Application identifiers: credential checking, ShortIds, uniqueness, storage.
 *
 * Mirrors tock/tock kernel/src/process_checker.rs (ProcessCheckerMachine),
 * capsules/system/src/process_checker/{basic,signature}.rs, the AppID
 * assigners, SequentialProcessLoaderMachine::load_process_objects,
 * capsules/system/src/storage_permissions/ and the TBF-header syscall filter
 * capsules/system/src/syscall_filter/tbf_header_filter.rs @65608d71
 * (spec §7, §1.7). Cryptography is reached only through the digest HIL.
 *
 * Credential checking, per process binary (spec §7.2):
 *
 *   footer i --parse--> end / bad footer --> require_credentials()
 *      |                                       ? CredentialsNotAccepted
 *      |                                       : accepted, no credential
 *      +--check()--> NOSUPPORT/ALREADY ------> footer i+1
 *      |             other sync error -------> InternalError
 *      +--result---> Accept(m) --------------> accepted with (footer i, m)
 *                    Pass / Err(_) ----------> footer i+1
 *                    Reject -----------------> CredentialsRejected(i)
 */
#ifndef TK_APPID_H
#define TK_APPID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hil/digest.h"
#include "process.h"
#include "syscall.h"
#include "tbf.h"

struct tk_kernel;

/* ---- CRC-32/POSIX and ShortIds (spec §7.1, §7.4) ------------------------ */

/* crc32_posix (kernel/src/utilities/helpers.rs): poly 0x04C11DB7, init 0,
 * MSB first, final XOR 0xFFFFFFFF, length not appended. "" -> 0xFFFFFFFF. */
uint32_t tk_crc32_posix(const uint8_t *data, size_t len);

/* ShortIds are u32 with 0 = LocallyUnique. Equal only when both are Fixed
 * with the same value: LocallyUnique never equals anything, not even itself. */
bool tk_short_id_equal(uint32_t a, uint32_t b);
/* "Unique" or "0x" + lowercase hex left-aligned in 8 columns + one space, as
 * ShortId's Display. Returns what snprintf returns. */
int tk_short_id_format(uint32_t id, char *out, size_t len);

/* ---- Credential checkers (spec §7.2, §7.3) ------------------------------ */

enum tk_check_kind {
    TK_CHECK_ACCEPT, /* Accept(metadata) */
    TK_CHECK_PASS,   /* not decisive: try the next footer */
    TK_CHECK_REJECT, /* the binary must not load */
    TK_CHECK_ERROR,  /* check_done(Err(_)): try the next footer */
};

struct tk_check_result {
    enum tk_check_kind kind;
    bool has_metadata; /* Accept(Some(metadata)) */
    uint32_t metadata;
};

struct tk_credential_checker;

/* AppCredentialsPolicy. Deviation: check() completes synchronously (its
 * result is written before it returns) instead of through check_done(). */
struct tk_credential_checker_ops {
    bool (*require_credentials)(const struct tk_credential_checker *c);
    /* Check `footer` against the integrity region. Returns 0 with *result
     * set; TK_NOSUPPORT or TK_ALREADY when the footer is not checkable (next
     * footer); any other code fails the binary with InternalError. */
    int (*check)(struct tk_credential_checker *c, const struct tk_tbf_footer *footer,
                 struct tk_tbf_region integrity, struct tk_check_result *result);
};

struct tk_credential_checker {
    const struct tk_credential_checker_ops *ops;
};

/* AppCheckerNull: credentials not required, every footer NOSUPPORT. */
struct tk_checker_null {
    struct tk_credential_checker base;
};
void tk_checker_null_init(struct tk_checker_null *c);

/* AppCheckerSha256 and its SHA-384/512 siblings: credentials required; a
 * footer of `format` is compared with the hash of the integrity region:
 * equal -> Accept(None), different -> Reject (spec §10.32); other formats
 * NOSUPPORT. The kernel ships only the SHA-256 one; the other two are our
 * addition, built the same way for the SHA384/SHA512 footers elf2tab writes. */
struct tk_checker_hash {
    struct tk_credential_checker base;
    struct tk_digest *digest;
    enum tk_tbf_credential_format format; /* SHA256, SHA384 or SHA512 */
    enum tk_digest_alg alg;
};
/* Returns 0, or TK_INVAL if `format` is not a hash format (c unusable). */
int tk_checker_hash_init(struct tk_checker_hash *c, struct tk_digest *digest,
                         enum tk_tbf_credential_format format);

/* AppCheckerSignature with ECDSA P-256 + SHA-256 and an in-memory key store:
 * credentials required; EcdsaNistP256 footers are verified against each key
 * in order; the first that verifies -> Accept(key index); none -> Pass
 * (spec §10.32); other formats NOSUPPORT. */
struct tk_checker_ecdsa_p256 {
    struct tk_credential_checker base;
    struct tk_digest *digest;
    const uint8_t (*keys)[TK_P256_KEY_LEN]; /* borrowed, x || y each */
    unsigned key_count;
};
void tk_checker_ecdsa_p256_init(struct tk_checker_ecdsa_p256 *c, struct tk_digest *digest,
                                const uint8_t (*keys)[TK_P256_KEY_LEN], unsigned key_count);

/* One trusted RSA public modulus (big-endian, 384 or 512 bytes). */
struct tk_rsa_key {
    const uint8_t *modulus;
    size_t len;
};

/* RSA checker for Rsa3072Key/Rsa4096Key footers (data = modulus n || PKCS#1
 * v1.5 signature). Deviation: the kernel's AppCheckerRsaSimulated accepts
 * these footers without looking at them; we verify the signature for real,
 * with e = 65537 and SHA-512 over the integrity region, which is what
 * elf2tab's --rsa4096-private writes (ring RSA_PKCS1_SHA512). With a key list,
 * the footer's modulus must also be one of `keys` and Accept carries its
 * index; with key_count 0 any modulus is taken (integrity, not authenticity)
 * and Accept carries no metadata. A signature that does not verify, an
 * untrusted modulus and every other format -> Pass, as the simulated checker
 * passes non-RSA footers. Credentials required. */
struct tk_checker_rsa {
    struct tk_credential_checker base;
    struct tk_digest *digest;
    const struct tk_rsa_key *keys;
    unsigned key_count;
};
void tk_checker_rsa_init(struct tk_checker_rsa *c, struct tk_digest *digest,
                         const struct tk_rsa_key *keys, unsigned key_count);

/* ---- The credential-checking machine (ProcessCheckerMachine) ------------ */

enum tk_credentials_verdict {
    TK_CREDENTIALS_ACCEPTED,     /* load (with or without a credential) */
    TK_CREDENTIALS_REJECTED,     /* CredentialsRejected(footer_index) */
    TK_CREDENTIALS_NOT_ACCEPTED, /* CredentialsNotAccepted */
    TK_CREDENTIALS_INTERNAL_ERROR,
};

struct tk_credentials_outcome {
    enum tk_credentials_verdict verdict;
    bool has_credential; /* ACCEPTED through a footer */
    struct tk_tbf_footer credential;
    struct tk_check_result result;   /* of the deciding footer */
    unsigned footer_index;           /* deciding footer (REJECTED, INTERNAL_ERROR) */
    int error;                       /* INTERNAL_ERROR: the synchronous code */
    struct tk_tbf_error footers_end; /* how the walk ended, if it did */
};

/* Run the machine over the footers of `object` (object_len bytes, header `h`
 * already accepted by tk_tbf_check_binary) with checker `c`. Fills `out`. */
void tk_credentials_check(struct tk_credential_checker *c, const uint8_t *object, size_t object_len,
                          const struct tk_tbf_header *h, struct tk_credentials_outcome *out);

/* Kernel-style name: "Accepted", "CredentialsRejected", "CredentialsNotAccepted",
 * "InternalError". */
const char *tk_credentials_verdict_name(enum tk_credentials_verdict verdict);

/* ---- AppID assigners and uniqueness (spec §7.4, §7.5) ------------------- */

enum tk_appid_assigner {
    TK_APPID_NONE,          /* (): LocallyUnique, never the same */
    TK_APPID_SIMULATED,     /* AppIdAssignerSimulated: same package name */
    TK_APPID_NAMES,         /* AppIdAssignerNames: crc32_posix(name) */
    TK_APPID_TBF_HEADER,    /* AppIdAssignerTbfHeader: ShortId TLV */
    TK_APPID_NAME_METADATA, /* tutorial AppIdAssignerNameMetadata */
};

/* A binary that passed credential checking. */
struct tk_checked_binary {
    const struct tk_tbf_header *header;
    bool has_credential;
    struct tk_check_result credential; /* the Accept result, if has_credential */
};

/* A process already loaded, as the uniqueness rules see it. */
struct tk_appid_process {
    const uint8_t *name; /* package name, not NUL-terminated */
    size_t name_len;
    uint32_t short_id;
};

/* to_short_id(binary) under `assigner`; 0 = LocallyUnique. */
uint32_t tk_appid_short_id(enum tk_appid_assigner assigner, const struct tk_checked_binary *b);

/* !different_identifier(a, b): true when the assigner says both binaries are
 * the same application (NONE and TBF_HEADER: never; SIMULATED: same package
 * name; NAMES and NAME_METADATA: equal ShortIds). */
bool tk_appid_same_identifier(enum tk_appid_assigner assigner, const struct tk_checked_binary *a,
                              const struct tk_checked_binary *b);

struct tk_appid_decision {
    bool load;
    bool by_process; /* blocked by procs[by] (else by bins[by]) */
    unsigned by;
};

/* load_process_objects: decide, in array (flash) order, which of `bins` load.
 * bins[i] is blocked by a later pending bins[j] with the same identifier or
 * ShortId and a strictly greater binary version, or by any process (given
 * ones, then the bins loaded earlier in this pass) with the same identifier or
 * ShortId. So the highest version wins, and the first in flash wins a tie
 * (spec §7.5, §10.34). Assumes every binary decided `load` becomes a process.
 * `out` has n entries. */
void tk_appid_select(enum tk_appid_assigner assigner, const struct tk_checked_binary *bins,
                     unsigned n, const struct tk_appid_process *procs, unsigned nprocs,
                     struct tk_appid_decision *out);

/* ---- Storage permissions (spec §7.6) ------------------------------------ */

enum tk_storage_policy {
    TK_STORAGE_POLICY_TBF_HEADER, /* TbfHeaderStoragePermissions (the default) */
    TK_STORAGE_POLICY_NULL,       /* deny everything */
    TK_STORAGE_POLICY_INDIVIDUAL, /* IndividualStoragePermissions */
    /* The nrf52840dk-test-invs board's InvsStoragePermissions: the TBF
     * header's permissions when the TLV is there, else self-only. */
    TK_STORAGE_POLICY_TBF_HEADER_ELSE_INDIVIDUAL,
};

/* The permissions a process with `short_id` (0 = LocallyUnique) and header
 * `h` gets under `policy`. TBF_HEADER: needs a Fixed ShortId and a parseable
 * Storage Permissions TLV; the write id is the ShortId, writing allowed iff
 * the TLV's write_id != 0 (spec §10.35); read/modify lists from the TLV; no
 * read/modify of its own records unless listed. INDIVIDUAL: Fixed ShortId ->
 * only its own id. TBF_HEADER_ELSE_INDIVIDUAL: TBF_HEADER when `h` has the
 * TLV, else INDIVIDUAL. Otherwise null permissions. */
void tk_storage_permissions_init(struct tk_storage_permissions *p, enum tk_storage_policy policy,
                                 uint32_t short_id, const struct tk_tbf_header *h);
/* check_read_permission / check_modify_permission: id 0 is never readable or
 * modifiable from a list. */
bool tk_storage_can_read(const struct tk_storage_permissions *p, uint32_t stored_id);
bool tk_storage_can_modify(const struct tk_storage_permissions *p, uint32_t stored_id);

/* ---- TBF-header syscall filter (spec §1.7) ------------------------------ */

/* TbfHeaderFilterDefaultAllow for one syscall: 0 to allow, TK_NODEVICE to
 * refuse (delivered as a plain Failure, spec §10.2). NULL `perms` or no TLV
 * or a malformed one allows everything; Yield, Memop and Exit always pass. */
int tk_permissions_filter(const struct tk_permissions *perms, const struct tk_syscall *sc);

/* The same, shaped for tk_kernel.filter: reads p->permissions. */
int tk_permissions_kernel_filter(struct tk_kernel *k, struct tk_process *p,
                                 const struct tk_syscall *sc);

#endif
