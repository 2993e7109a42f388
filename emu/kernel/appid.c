/* AppID: the credential-checking machine, checkers, assigners, uniqueness.
 *
 * Mirrors tock/tock kernel/src/process_checker.rs, capsules/system/src/
 * process_checker/{basic,signature}.rs, process_loading.rs
 * load_process_objects, capsules/system/src/storage_permissions/ and
 * syscall_filter/tbf_header_filter.rs @65608d71 (spec §7, §1.7). All
 * hashing and signature checks go through the digest HIL (hil/digest.h).
 */
#include "appid.h"

#include <stdio.h>
#include <string.h>

#include "errorcode.h"

/* ---- ShortIds -------------------------------------------------------------- */

bool tk_short_id_equal(uint32_t a, uint32_t b)
{
    /* spec §7.1, §10.33: LocallyUnique (0) equals nothing, itself included. */
    return a != 0 && a == b;
}

int tk_short_id_format(uint32_t id, char *out, size_t len)
{
    if (id == 0)
        return snprintf(out, len, "Unique");
    return snprintf(out, len, "0x%-8x ", (unsigned)id);
}

/* ---- The credential-checking machine --------------------------------------- */

void tk_credentials_check(struct tk_credential_checker *c, const uint8_t *object, size_t object_len,
                          const struct tk_tbf_header *h, struct tk_credentials_outcome *out)
{
    struct tk_tbf_footer_iter it;
    struct tk_tbf_footer footer;
    struct tk_tbf_region integrity = tk_tbf_integrity_region(object, h);

    memset(out, 0, sizeof *out);
    /* Never read past the object, even for a header that skipped
     * tk_tbf_check_binary (binary_end <= object_len is its check 4). */
    if (integrity.len > object_len)
        integrity.len = object_len;
    tk_tbf_footer_iter_init(&it, object, object_len, h);
    /* spec §7.2: footers in order from index 0. */
    while (tk_tbf_footer_next(&it, &footer, &out->footers_end) == TK_TBF_OK) {
        struct tk_check_result result = {TK_CHECK_PASS, false, 0};
        out->footer_index = footer.index;
        int rc = c->ops->check(c, &footer, integrity, &result);
        if (rc == TK_NOSUPPORT || rc == TK_ALREADY)
            continue;
        if (rc != 0) {
            out->verdict = TK_CREDENTIALS_INTERNAL_ERROR;
            out->error = rc;
            return;
        }
        out->result = result;
        if (result.kind == TK_CHECK_ACCEPT) {
            out->verdict = TK_CREDENTIALS_ACCEPTED;
            out->has_credential = true;
            out->credential = footer;
            return;
        }
        if (result.kind == TK_CHECK_REJECT) {
            out->verdict = TK_CREDENTIALS_REJECTED;
            return;
        }
        /* Pass and Err(_) both move on to the next footer. */
    }
    /* End of footers or a bad one: the policy decides (spec §7.2 step 1). */
    out->result = (struct tk_check_result){TK_CHECK_PASS, false, 0};
    out->verdict =
        c->ops->require_credentials(c) ? TK_CREDENTIALS_NOT_ACCEPTED : TK_CREDENTIALS_ACCEPTED;
}

const char *tk_credentials_verdict_name(enum tk_credentials_verdict verdict)
{
    switch (verdict) {
    case TK_CREDENTIALS_ACCEPTED:
        return "Accepted";
    case TK_CREDENTIALS_REJECTED:
        return "CredentialsRejected";
    case TK_CREDENTIALS_NOT_ACCEPTED:
        return "CredentialsNotAccepted";
    case TK_CREDENTIALS_INTERNAL_ERROR:
        return "InternalError";
    }
    return "Unknown";
}

/* ---- Checkers --------------------------------------------------------------- */

static bool credentials_required(const struct tk_credential_checker *c)
{
    (void)c;
    return true;
}

static bool credentials_optional(const struct tk_credential_checker *c)
{
    (void)c;
    return false;
}

static int null_check(struct tk_credential_checker *c, const struct tk_tbf_footer *footer,
                      struct tk_tbf_region integrity, struct tk_check_result *result)
{
    (void)c, (void)footer, (void)integrity, (void)result;
    return TK_NOSUPPORT;
}

static const struct tk_credential_checker_ops null_ops = {
    .require_credentials = credentials_optional,
    .check = null_check,
};

void tk_checker_null_init(struct tk_checker_null *c)
{
    c->base.ops = &null_ops;
}

/* Recover the checker that embeds `base` (container_of). */
#define CHECKER_OF(type, base_ptr) ((type *)(void *)((char *)(base_ptr)-offsetof(type, base)))

static int hash_check(struct tk_credential_checker *base, const struct tk_tbf_footer *footer,
                      struct tk_tbf_region integrity, struct tk_check_result *result)
{
    struct tk_checker_hash *c = CHECKER_OF(struct tk_checker_hash, base);
    uint8_t digest[TK_DIGEST_MAX_LEN];
    if (footer->format != c->format)
        return TK_NOSUPPORT;
    if (c->digest->ops->hash(c->digest, c->alg, integrity.data, integrity.len, digest) != 0) {
        /* Deviation: the kernel panics when the hash engine fails; we report
         * Err(FAIL) from the check, which moves on to the next footer. */
        *result = (struct tk_check_result){TK_CHECK_ERROR, false, 0};
        return 0;
    }
    /* spec §10.32: a mismatch rejects the binary outright. */
    bool equal = memcmp(digest, footer->data, tk_digest_len(c->alg)) == 0;
    *result = (struct tk_check_result){equal ? TK_CHECK_ACCEPT : TK_CHECK_REJECT, false, 0};
    return 0;
}

static const struct tk_credential_checker_ops hash_ops = {
    .require_credentials = credentials_required,
    .check = hash_check,
};

int tk_checker_hash_init(struct tk_checker_hash *c, struct tk_digest *digest,
                         enum tk_tbf_credential_format format)
{
    switch (format) {
    case TK_TBF_CREDENTIAL_SHA256:
        c->alg = TK_DIGEST_SHA256;
        break;
    case TK_TBF_CREDENTIAL_SHA384:
        c->alg = TK_DIGEST_SHA384;
        break;
    case TK_TBF_CREDENTIAL_SHA512:
        c->alg = TK_DIGEST_SHA512;
        break;
    default:
        return TK_INVAL;
    }
    c->base.ops = &hash_ops;
    c->digest = digest;
    c->format = format;
    return 0;
}

static int ecdsa_check(struct tk_credential_checker *base, const struct tk_tbf_footer *footer,
                       struct tk_tbf_region integrity, struct tk_check_result *result)
{
    struct tk_checker_ecdsa_p256 *c = CHECKER_OF(struct tk_checker_ecdsa_p256, base);
    uint8_t hash[TK_DIGEST_MAX_LEN];
    if (footer->format != TK_TBF_CREDENTIAL_ECDSA_NIST_P256)
        return TK_NOSUPPORT;
    /* spec §6.7: the prehash is SHA-256 of the integrity region. */
    if (c->digest->ops->hash(c->digest, TK_DIGEST_SHA256, integrity.data, integrity.len, hash) !=
        0) {
        *result = (struct tk_check_result){TK_CHECK_ERROR, false, 0};
        return 0;
    }
    /* Keys in store order; the first that verifies wins. O(keys). */
    for (unsigned i = 0; i < c->key_count; i++) {
        bool valid = false;
        if (c->digest->ops->verify_p256(c->digest, c->keys[i], hash, footer->data, &valid) != 0) {
            /* SignatureVerify failing to start reports Err(FAIL). */
            *result = (struct tk_check_result){TK_CHECK_ERROR, false, 0};
            return 0;
        }
        if (valid) {
            *result = (struct tk_check_result){TK_CHECK_ACCEPT, true, i};
            return 0;
        }
    }
    /* spec §10.32: no key verifies -> Pass, not Reject. */
    *result = (struct tk_check_result){TK_CHECK_PASS, false, 0};
    return 0;
}

static const struct tk_credential_checker_ops ecdsa_ops = {
    .require_credentials = credentials_required,
    .check = ecdsa_check,
};

void tk_checker_ecdsa_p256_init(struct tk_checker_ecdsa_p256 *c, struct tk_digest *digest,
                                const uint8_t (*keys)[TK_P256_KEY_LEN], unsigned key_count)
{
    *c = (struct tk_checker_ecdsa_p256){{&ecdsa_ops}, digest, keys, key_count};
}

/* Index of `modulus` in the trusted list, or -1. */
static int rsa_trusted_index(const struct tk_checker_rsa *c, const uint8_t *modulus, size_t len)
{
    for (unsigned i = 0; i < c->key_count; i++)
        if (c->keys[i].len == len && memcmp(c->keys[i].modulus, modulus, len) == 0)
            return (int)i;
    return -1;
}

static int rsa_check(struct tk_credential_checker *base, const struct tk_tbf_footer *footer,
                     struct tk_tbf_region integrity, struct tk_check_result *result)
{
    struct tk_checker_rsa *c = CHECKER_OF(struct tk_checker_rsa, base);
    uint8_t hash[TK_DIGEST_MAX_LEN];
    bool valid = false;
    *result = (struct tk_check_result){TK_CHECK_PASS, false, 0};
    if (footer->format != TK_TBF_CREDENTIAL_RSA3072_KEY &&
        footer->format != TK_TBF_CREDENTIAL_RSA4096_KEY)
        return 0;
    /* data = modulus n || signature, each half the data (spec §6.6). */
    size_t n_len = footer->data_len / 2;
    int trusted = rsa_trusted_index(c, footer->data, n_len);
    if (c->key_count > 0 && trusted < 0)
        return 0;
    if (c->digest->ops->hash(c->digest, TK_DIGEST_SHA512, integrity.data, integrity.len, hash) !=
            0 ||
        c->digest->ops->verify_rsa_pkcs1(c->digest, footer->data, n_len, TK_DIGEST_SHA512, hash,
                                         footer->data + n_len, &valid) != 0) {
        result->kind = TK_CHECK_ERROR;
        return 0;
    }
    if (valid)
        *result = (struct tk_check_result){TK_CHECK_ACCEPT, trusted >= 0,
                                           trusted >= 0 ? (uint32_t)trusted : 0};
    return 0;
}

static const struct tk_credential_checker_ops rsa_ops = {
    .require_credentials = credentials_required,
    .check = rsa_check,
};

void tk_checker_rsa_init(struct tk_checker_rsa *c, struct tk_digest *digest,
                         const struct tk_rsa_key *keys, unsigned key_count)
{
    *c = (struct tk_checker_rsa){{&rsa_ops}, digest, keys, key_count};
}

/* ---- Assigners and uniqueness ---------------------------------------------- */

static uint32_t name_crc(const struct tk_tbf_header *h)
{
    return tk_crc32_posix(h->package_name, h->package_name_len);
}

uint32_t tk_appid_short_id(enum tk_appid_assigner assigner, const struct tk_checked_binary *b)
{
    switch (assigner) {
    case TK_APPID_NAMES:
        /* A zero CRC means LocallyUnique, which 0 already encodes. */
        return name_crc(b->header);
    case TK_APPID_TBF_HEADER:
        return tk_tbf_short_id(b->header);
    case TK_APPID_NAME_METADATA: {
        /* Metadata 0xF when no credential was accepted (spec §7.4). */
        uint32_t meta =
            b->has_credential && b->credential.has_metadata ? b->credential.metadata : 0xF;
        return ((meta & 0xFu) << 28) | (name_crc(b->header) & 0x0FFFFFFFu);
    }
    case TK_APPID_NONE:
    case TK_APPID_SIMULATED:
        break;
    }
    return 0;
}

static bool same_name(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    return a_len == b_len && (a_len == 0 || memcmp(a, b, a_len) == 0);
}

bool tk_appid_same_identifier(enum tk_appid_assigner assigner, const struct tk_checked_binary *a,
                              const struct tk_checked_binary *b)
{
    switch (assigner) {
    case TK_APPID_SIMULATED:
        return same_name(a->header->package_name, a->header->package_name_len,
                         b->header->package_name, b->header->package_name_len);
    case TK_APPID_NAMES:
    case TK_APPID_NAME_METADATA:
        return tk_short_id_equal(tk_appid_short_id(assigner, a), tk_appid_short_id(assigner, b));
    case TK_APPID_NONE:
    case TK_APPID_TBF_HEADER:
        break;
    }
    return false;
}

/* is_blocked_from_loading_by_process, with the process as name + ShortId. */
static bool blocked_by_process(enum tk_appid_assigner assigner, const struct tk_checked_binary *b,
                               const uint8_t *name, size_t name_len, uint32_t short_id)
{
    uint32_t mine = tk_appid_short_id(assigner, b);
    if (tk_short_id_equal(mine, short_id))
        return true;
    /* Only the simulated assigner compares anything but ShortIds. */
    return assigner == TK_APPID_SIMULATED &&
           same_name(b->header->package_name, b->header->package_name_len, name, name_len);
}

/* is_blocked_from_loading_by(bins[i], bins[j]) for a still-pending j. */
static bool blocked_by_binary(enum tk_appid_assigner assigner, const struct tk_checked_binary *b,
                              const struct tk_checked_binary *other)
{
    bool same =
        tk_appid_same_identifier(assigner, b, other) ||
        tk_short_id_equal(tk_appid_short_id(assigner, b), tk_appid_short_id(assigner, other));
    return same && tk_tbf_binary_version(other->header) > tk_tbf_binary_version(b->header);
}

void tk_appid_select(enum tk_appid_assigner assigner, const struct tk_checked_binary *bins,
                     unsigned n, const struct tk_appid_process *procs, unsigned nprocs,
                     struct tk_appid_decision *out)
{
    /* O(n^2 + n*procs); n is bounded by the process slots. */
    for (unsigned i = 0; i < n; i++) {
        out[i] = (struct tk_appid_decision){.load = true};
        /* Earlier binaries were taken out of the array (loaded or not), so
         * only later ones are still pending (spec §7.5). */
        for (unsigned j = i + 1; j < n && out[i].load; j++)
            if (blocked_by_binary(assigner, &bins[i], &bins[j]))
                out[i] = (struct tk_appid_decision){false, false, j};
        for (unsigned p = 0; p < nprocs && out[i].load; p++)
            if (blocked_by_process(assigner, &bins[i], procs[p].name, procs[p].name_len,
                                   procs[p].short_id))
                out[i] = (struct tk_appid_decision){false, true, p};
        /* Binaries loaded earlier in this pass are processes now. */
        for (unsigned k = 0; k < i && out[i].load; k++)
            if (out[k].load && blocked_by_process(assigner, &bins[i], bins[k].header->package_name,
                                                  bins[k].header->package_name_len,
                                                  tk_appid_short_id(assigner, &bins[k])))
                out[i] = (struct tk_appid_decision){false, false, k};
    }
}

/* ---- Storage permissions --------------------------------------------------- */

void tk_storage_permissions_init(struct tk_storage_permissions *p, enum tk_storage_policy policy,
                                 uint32_t short_id, const struct tk_tbf_header *h)
{
    struct tk_tbf_storage_ids ids;
    memset(p, 0, sizeof *p);
    /* spec §7.6: LocallyUnique processes get null permissions either way. */
    if (short_id == 0)
        return;
    if (policy == TK_STORAGE_POLICY_TBF_HEADER_ELSE_INDIVIDUAL)
        policy = h != NULL && tk_tbf_storage_ids(h, &ids) ? TK_STORAGE_POLICY_TBF_HEADER
                                                          : TK_STORAGE_POLICY_INDIVIDUAL;
    if (policy == TK_STORAGE_POLICY_INDIVIDUAL) {
        /* SelfOnly(id): its own records only, expressed as read_modify_self. */
        *p = (struct tk_storage_permissions){
            .valid = true, .write_id = short_id, .read_modify_self = true};
        return;
    }
    if (policy != TK_STORAGE_POLICY_TBF_HEADER || h == NULL || !tk_tbf_storage_ids(h, &ids))
        return;
    p->valid = true;
    /* spec §10.35: the TLV's write_id only says whether writing is allowed;
     * records are written under the ShortId. */
    p->write_id = ids.write_id != 0 ? short_id : 0;
    p->read_count = ids.read_count;
    memcpy(p->read_ids, ids.read_ids, sizeof p->read_ids);
    p->modify_count = ids.modify_count;
    memcpy(p->modify_ids, ids.modify_ids, sizeof p->modify_ids);
    p->read_modify_self = false;
}

static bool listed(const uint32_t *ids, unsigned count, uint32_t id)
{
    for (unsigned i = 0; i < count && i < TK_TBF_STORAGE_IDS_MAX; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* The record owner test shared by read and modify: its own records when
 * read_modify_self (write_id is then the ShortId), else a non-zero listed id. */
static bool storage_allows(const struct tk_storage_permissions *p, const uint32_t *ids,
                           unsigned count, uint32_t stored_id)
{
    if (!p->valid)
        return false;
    if (p->read_modify_self && stored_id == p->write_id)
        return true;
    return stored_id != 0 && listed(ids, count, stored_id);
}

bool tk_storage_can_read(const struct tk_storage_permissions *p, uint32_t stored_id)
{
    return storage_allows(p, p->read_ids, p->read_count, stored_id);
}

bool tk_storage_can_modify(const struct tk_storage_permissions *p, uint32_t stored_id)
{
    return storage_allows(p, p->modify_ids, p->modify_count, stored_id);
}

/* ---- Syscall filter --------------------------------------------------------- */

int tk_permissions_filter(const struct tk_permissions *perms, const struct tk_syscall *sc)
{
    uint64_t mask = 0;
    uint32_t driver = (uint32_t)sc->arg[0];
    uint32_t number = (uint32_t)sc->arg[1];
    if (perms == NULL)
        return 0;
    switch (sc->class_id) {
    case TK_CLASS_COMMAND:
        /* spec §1.7: command n needs bit n % 64 of the entry at offset n / 64. */
        switch (tk_permissions_query(perms, driver, number / 64, &mask)) {
        case TK_PERMS_NONE_AT_ALL:
            return 0;
        case TK_PERMS_NONE_THIS_DRIVER:
            return TK_NODEVICE;
        case TK_PERMS_MASK:
            return (mask >> (number % 64)) & 1 ? 0 : TK_NODEVICE;
        }
        return TK_NODEVICE;
    case TK_CLASS_SUBSCRIBE:
    case TK_CLASS_ALLOW_RW:
    case TK_CLASS_ALLOW_RO:
    case TK_CLASS_ALLOW_UR:
        /* Any entry for the driver (even a mask of 0) lets these through. */
        return tk_permissions_query(perms, driver, 0, NULL) == TK_PERMS_NONE_THIS_DRIVER
                   ? TK_NODEVICE
                   : 0;
    default:
        return 0;
    }
}

int tk_permissions_kernel_filter(struct tk_kernel *k, struct tk_process *p,
                                 const struct tk_syscall *sc)
{
    (void)k;
    return tk_permissions_filter(p->permissions, sc);
}
