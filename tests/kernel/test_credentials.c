/* Suite credentials: the credential-checking machine and the checkers.
 *
 * Spec §7.2, §7.3, §6.6, §6.7 and §10 items 30-32. Test data is hashed and
 * signed here with OpenSSL libcrypto; the checkers verify through the digest
 * HIL implemented by emu/hw/crypto.c.
 */
#include <check.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <string.h>

#include "appid.h"
#include "crypto.h"
#include "errorcode.h"
#include "tbf.h"
#include "tbf_builder.h"

#define OBJECT_SIZE 0x1000
#define BINARY_END  0x100

/* One app object under test: binary [0, 0x100), footers from 0x100. */
struct object {
    uint8_t buf[OBJECT_SIZE];
    struct tbf_builder b;
    struct tk_tbf_header h;
    size_t next_footer;
    struct tk_digest digest;
};

static void object_init(struct object *o)
{
    tb_app(&o->b, o->buf, sizeof o->buf, "signed", BINARY_END, OBJECT_SIZE, 1);
    for (size_t i = o->b.hdr; i < BINARY_END; i++)
        o->buf[i] = (uint8_t)(i * 7);
    ck_assert_int_eq(tk_tbf_parse_header(o->buf, o->b.hdr, 2, &o->h, NULL), TK_TBF_OK);
    o->next_footer = BINARY_END;
    emu_crypto_init(&o->digest);
}

/* Append a credentials footer of `format` carrying `data` (exact length). */
static void add_footer(struct object *o, uint32_t format, const uint8_t *data)
{
    int len = tk_tbf_credential_data_len(format);
    ck_assert_int_ge(len, 0);
    o->next_footer = tb_footer(&o->b, o->next_footer, TK_TBF_TLV_CREDENTIALS, (uint16_t)(4 + len),
                               format, data, (size_t)len);
}

/* Fill the rest of the footer space with one Reserved footer. */
static void close_footers(struct object *o)
{
    o->next_footer = tb_footer(&o->b, o->next_footer, TK_TBF_TLV_CREDENTIALS,
                               (uint16_t)(OBJECT_SIZE - o->next_footer - 4),
                               TK_TBF_CREDENTIAL_RESERVED, NULL, 0);
}

static void run(struct object *o, struct tk_credential_checker *c,
                struct tk_credentials_outcome *out)
{
    tk_credentials_check(c, o->buf, sizeof o->buf, &o->h, out);
}

static void hash_region(enum tk_digest_alg alg, const struct object *o, uint8_t *out)
{
    const EVP_MD *md = alg == TK_DIGEST_SHA256   ? EVP_sha256()
                       : alg == TK_DIGEST_SHA384 ? EVP_sha384()
                                                 : EVP_sha512();
    ck_assert_int_eq(EVP_Digest(o->buf, BINARY_END, out, NULL, md, NULL), 1);
}

/* ---- Null checker ------------------------------------------------------------- */

START_TEST(null_checker_loads_everything_without_credential)
{
    /* spec §7.3: AppCheckerNull answers NOSUPPORT to every footer and does
     * not require credentials. */
    struct object o;
    struct tk_checker_null c;
    struct tk_credentials_outcome out;
    uint8_t junk[32] = {1};
    object_init(&o);
    add_footer(&o, TK_TBF_CREDENTIAL_SHA256, junk);
    close_footers(&o);
    tk_checker_null_init(&c);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_ACCEPTED);
    ck_assert(!out.has_credential);
    ck_assert_int_eq(out.footers_end.code, TK_TBF_PAST_LAST_FOOTER);
}
END_TEST

/* ---- Hash checkers (SHA-256/384/512) ----------------------------------------- */

static const uint32_t hash_formats[] = {TK_TBF_CREDENTIAL_SHA256, TK_TBF_CREDENTIAL_SHA384,
                                        TK_TBF_CREDENTIAL_SHA512};
static const enum tk_digest_alg hash_algs[] = {TK_DIGEST_SHA256, TK_DIGEST_SHA384,
                                               TK_DIGEST_SHA512};

START_TEST(hash_footer_that_matches_is_accepted_without_metadata)
{
    /* spec §7.3: equal digest -> Accept(None), after skipping the Reserved
     * footer before it (NOSUPPORT). */
    struct object o;
    struct tk_checker_hash c;
    struct tk_credentials_outcome out;
    uint8_t digest[64];
    object_init(&o);
    add_footer(&o, TK_TBF_CREDENTIAL_RESERVED, NULL);
    hash_region(hash_algs[_i], &o, digest);
    add_footer(&o, hash_formats[_i], digest);
    close_footers(&o);
    ck_assert_int_eq(tk_checker_hash_init(&c, &o.digest, hash_formats[_i]), 0);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_ACCEPTED);
    ck_assert(out.has_credential);
    ck_assert_uint_eq(out.credential.index, 1);
    ck_assert_int_eq(out.credential.format, hash_formats[_i]);
    ck_assert_int_eq(out.result.kind, TK_CHECK_ACCEPT);
    ck_assert(!out.result.has_metadata);
}
END_TEST

START_TEST(hash_footer_that_mismatches_rejects_the_binary)
{
    /* spec §10.32: a mismatch is Reject -> CredentialsRejected(i), even with
     * a good footer after it. */
    struct object o;
    struct tk_checker_hash c;
    struct tk_credentials_outcome out;
    uint8_t digest[64];
    object_init(&o);
    hash_region(hash_algs[_i], &o, digest);
    digest[0] ^= 1;
    add_footer(&o, hash_formats[_i], digest);
    digest[0] ^= 1;
    add_footer(&o, hash_formats[_i], digest);
    close_footers(&o);
    ck_assert_int_eq(tk_checker_hash_init(&c, &o.digest, hash_formats[_i]), 0);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_REJECTED);
    ck_assert_uint_eq(out.footer_index, 0);
    ck_assert_str_eq(tk_credentials_verdict_name(out.verdict), "CredentialsRejected");
}
END_TEST

START_TEST(hash_checker_without_its_footer_is_not_accepted)
{
    /* spec §7.2 step 1: end of footers and require_credentials() -> not
     * accepted; other hash formats are NOSUPPORT. */
    struct object o;
    struct tk_checker_hash c;
    struct tk_credentials_outcome out;
    uint8_t digest[64];
    object_init(&o);
    hash_region(TK_DIGEST_SHA512, &o, digest);
    add_footer(&o, TK_TBF_CREDENTIAL_SHA512, digest);
    close_footers(&o);
    ck_assert_int_eq(tk_checker_hash_init(&c, &o.digest, TK_TBF_CREDENTIAL_SHA256), 0);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_NOT_ACCEPTED);
    ck_assert_str_eq(tk_credentials_verdict_name(out.verdict), "CredentialsNotAccepted");
    ck_assert_int_eq(tk_checker_hash_init(&c, &o.digest, TK_TBF_CREDENTIAL_RESERVED), TK_INVAL);
}
END_TEST

START_TEST(integrity_region_covers_the_header_and_checksum)
{
    /* spec §10.31: changing a header byte (here the checksum word) changes
     * the hash, so the footer no longer matches -> Reject. */
    struct object o;
    struct tk_checker_hash c;
    struct tk_credentials_outcome out;
    uint8_t digest[32];
    object_init(&o);
    hash_region(TK_DIGEST_SHA256, &o, digest);
    add_footer(&o, TK_TBF_CREDENTIAL_SHA256, digest);
    close_footers(&o);
    o.buf[12] ^= 0x80; /* the parsed header stays as it was */
    ck_assert_int_eq(tk_checker_hash_init(&c, &o.digest, TK_TBF_CREDENTIAL_SHA256), 0);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_REJECTED);
}
END_TEST

START_TEST(bad_footer_ends_the_walk_before_a_good_one)
{
    /* spec §10.30: a non-credential TLV ends the scan, falling back to
     * require_credentials(). */
    struct object o;
    struct tk_checker_hash c;
    struct tk_credentials_outcome out;
    uint8_t digest[32];
    object_init(&o);
    o.next_footer = tb_footer(&o.b, o.next_footer, TK_TBF_TLV_PACKAGE_NAME, 4, 0, NULL, 0);
    hash_region(TK_DIGEST_SHA256, &o, digest);
    add_footer(&o, TK_TBF_CREDENTIAL_SHA256, digest);
    ck_assert_int_eq(tk_checker_hash_init(&c, &o.digest, TK_TBF_CREDENTIAL_SHA256), 0);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_NOT_ACCEPTED);
    ck_assert_int_eq(out.footers_end.code, TK_TBF_BAD_FOOTER);
}
END_TEST

/* ---- ECDSA P-256 --------------------------------------------------------------- */

static EVP_PKEY *p256_new(uint8_t key[TK_P256_KEY_LEN])
{
    uint8_t point[65];
    size_t len = 0;
    EVP_PKEY *pkey = EVP_EC_gen("P-256");
    ck_assert_ptr_nonnull(pkey);
    ck_assert_int_eq(
        EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len),
        1);
    ck_assert_uint_eq(len, 65);
    memcpy(key, point + 1, TK_P256_KEY_LEN);
    return pkey;
}

/* r || s over the SHA-256 of the integrity region. */
static void p256_sign(EVP_PKEY *pkey, const struct object *o, uint8_t sig[TK_P256_SIG_LEN])
{
    uint8_t hash[32], der[80];
    size_t der_len = sizeof der;
    const BIGNUM *r, *s;
    hash_region(TK_DIGEST_SHA256, o, hash);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, NULL);
    ck_assert_int_eq(EVP_PKEY_sign_init(ctx), 1);
    ck_assert_int_eq(EVP_PKEY_sign(ctx, der, &der_len, hash, sizeof hash), 1);
    EVP_PKEY_CTX_free(ctx);
    const unsigned char *p = der;
    ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    ck_assert_ptr_nonnull(es);
    ECDSA_SIG_get0(es, &r, &s);
    ck_assert_int_eq(BN_bn2binpad(r, sig, 32), 32);
    ck_assert_int_eq(BN_bn2binpad(s, sig + 32, 32), 32);
    ECDSA_SIG_free(es);
}

START_TEST(ecdsa_footer_accepted_by_the_first_key_that_verifies)
{
    /* spec §7.3: keys tried in order; Accept(metadata = key index). */
    struct object o;
    struct tk_checker_ecdsa_p256 c;
    struct tk_credentials_outcome out;
    uint8_t keys[2][TK_P256_KEY_LEN], sig[TK_P256_SIG_LEN];
    EVP_PKEY *other = p256_new(keys[0]), *signer = p256_new(keys[1]);
    object_init(&o);
    p256_sign(signer, &o, sig);
    add_footer(&o, TK_TBF_CREDENTIAL_ECDSA_NIST_P256, sig);
    close_footers(&o);
    tk_checker_ecdsa_p256_init(&c, &o.digest, (const uint8_t(*)[TK_P256_KEY_LEN])keys, 2);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_ACCEPTED);
    ck_assert(out.result.has_metadata);
    ck_assert_uint_eq(out.result.metadata, 1);
    EVP_PKEY_free(other);
    EVP_PKEY_free(signer);
}
END_TEST

START_TEST(failed_signature_passes_to_the_next_footer)
{
    /* spec §10.32: no key verifies -> Pass (not Reject); the next footer is
     * checked; with none left, not accepted. */
    struct object o;
    struct tk_checker_ecdsa_p256 c;
    struct tk_credentials_outcome out;
    uint8_t key[1][TK_P256_KEY_LEN], stranger_key[TK_P256_KEY_LEN], sig[TK_P256_SIG_LEN];
    EVP_PKEY *signer = p256_new(key[0]), *stranger = p256_new(stranger_key);
    object_init(&o);
    p256_sign(stranger, &o, sig);
    add_footer(&o, TK_TBF_CREDENTIAL_ECDSA_NIST_P256, sig);
    size_t second = o.next_footer;
    p256_sign(signer, &o, sig);
    add_footer(&o, TK_TBF_CREDENTIAL_ECDSA_NIST_P256, sig);
    close_footers(&o);
    tk_checker_ecdsa_p256_init(&c, &o.digest, (const uint8_t(*)[TK_P256_KEY_LEN])key, 1);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_ACCEPTED);
    ck_assert_uint_eq(out.credential.index, 1);
    ck_assert_uint_eq(out.credential.offset, second);

    /* Spoil the good signature: both Pass, then the end -> not accepted. */
    o.buf[second + 8] ^= 1;
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_NOT_ACCEPTED);
    EVP_PKEY_free(signer);
    EVP_PKEY_free(stranger);
}
END_TEST

START_TEST(ecdsa_checker_ignores_other_formats_and_bad_keys)
{
    /* spec §7.3: other formats NOSUPPORT; a key that is not a curve point
     * verifies nothing (Pass). */
    struct object o;
    struct tk_checker_ecdsa_p256 c;
    struct tk_credentials_outcome out;
    uint8_t keys[1][TK_P256_KEY_LEN], sig[TK_P256_SIG_LEN], digest[32];
    memset(keys, 0x11, sizeof keys);
    memset(sig, 0x22, sizeof sig);
    object_init(&o);
    hash_region(TK_DIGEST_SHA256, &o, digest);
    add_footer(&o, TK_TBF_CREDENTIAL_SHA256, digest);
    add_footer(&o, TK_TBF_CREDENTIAL_ECDSA_NIST_P256, sig);
    close_footers(&o);
    tk_checker_ecdsa_p256_init(&c, &o.digest, (const uint8_t(*)[TK_P256_KEY_LEN])keys, 1);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_NOT_ACCEPTED);
}
END_TEST

/* ---- RSA (verified for real; the kernel's checker is simulated) ----------------- */

/* A fresh RSA key of `bits`: modulus out (big-endian, bits/8 bytes). */
static EVP_PKEY *rsa_new(unsigned bits, uint8_t *modulus)
{
    BIGNUM *n = NULL;
    EVP_PKEY *pkey = EVP_RSA_gen(bits);
    ck_assert_ptr_nonnull(pkey);
    ck_assert_int_eq(EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n), 1);
    ck_assert_int_eq(BN_bn2binpad(n, modulus, (int)(bits / 8)), (int)(bits / 8));
    BN_free(n);
    return pkey;
}

/* PKCS#1 v1.5 signature with SHA-512 over the integrity region. */
static void rsa_sign(EVP_PKEY *pkey, const struct object *o, uint8_t *sig, size_t len)
{
    uint8_t hash[64];
    size_t sig_len = len;
    hash_region(TK_DIGEST_SHA512, o, hash);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, NULL);
    ck_assert_int_eq(EVP_PKEY_sign_init(ctx), 1);
    ck_assert_int_eq(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING), 1);
    ck_assert_int_eq(EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha512()), 1);
    ck_assert_int_eq(EVP_PKEY_sign(ctx, sig, &sig_len, hash, sizeof hash), 1);
    ck_assert_uint_eq(sig_len, len);
    EVP_PKEY_CTX_free(ctx);
}

START_TEST(rsa3072_footer_is_verified_for_real)
{
    /* spec §7.3 Deviation: the kernel accepts RSA footers unverified; we
     * verify n || signature (e = 65537, SHA-512, PKCS#1 v1.5). */
    struct object o;
    struct tk_checker_rsa c;
    struct tk_credentials_outcome out;
    uint8_t data[768];
    EVP_PKEY *pkey = rsa_new(3072, data);
    struct tk_rsa_key trusted = {data, 384};
    object_init(&o);
    rsa_sign(pkey, &o, data + 384, 384);
    add_footer(&o, TK_TBF_CREDENTIAL_RSA3072_KEY, data);
    close_footers(&o);

    tk_checker_rsa_init(&c, &o.digest, NULL, 0);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_ACCEPTED);
    ck_assert(!out.result.has_metadata);

    tk_checker_rsa_init(&c, &o.digest, &trusted, 1);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_ACCEPTED);
    ck_assert(out.result.has_metadata);
    ck_assert_uint_eq(out.result.metadata, 0);

    /* A flipped signature bit: Pass, then nothing left -> not accepted. */
    o.buf[BINARY_END + 8 + 384 + 10] ^= 1;
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_NOT_ACCEPTED);
    EVP_PKEY_free(pkey);
}
END_TEST

START_TEST(rsa_footer_with_an_untrusted_modulus_passes)
{
    /* spec §7.3 (Deviation: real RSA): with a key list, a valid signature
     * under another key is not enough -> Pass. */
    struct object o;
    struct tk_checker_rsa c;
    struct tk_credentials_outcome out;
    uint8_t data[768], other[384];
    EVP_PKEY *pkey = rsa_new(3072, data);
    struct tk_rsa_key trusted = {other, sizeof other};
    memset(other, 0xC3, sizeof other);
    object_init(&o);
    rsa_sign(pkey, &o, data + 384, 384);
    add_footer(&o, TK_TBF_CREDENTIAL_RSA3072_KEY, data);
    close_footers(&o);
    tk_checker_rsa_init(&c, &o.digest, &trusted, 1);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_NOT_ACCEPTED);
    EVP_PKEY_free(pkey);
}
END_TEST

START_TEST(rsa4096_footer_is_verified_for_real)
{
    /* spec §6.6: Rsa4096Key carries a 512-byte modulus and signature. */
    struct object o;
    struct tk_checker_rsa c;
    struct tk_credentials_outcome out;
    uint8_t data[1024];
    EVP_PKEY *pkey = rsa_new(4096, data);
    object_init(&o);
    rsa_sign(pkey, &o, data + 512, 512);
    add_footer(&o, TK_TBF_CREDENTIAL_RSA4096_KEY, data);
    close_footers(&o);
    tk_checker_rsa_init(&c, &o.digest, NULL, 0);
    run(&o, &c.base, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_ACCEPTED);
    ck_assert_int_eq(out.credential.format, TK_TBF_CREDENTIAL_RSA4096_KEY);
    EVP_PKEY_free(pkey);
}
END_TEST

/* ---- The machine with a scripted checker ---------------------------------------- */

/* A checker that answers footer i with script[i]: a sync code, or (code 0) a
 * result kind. */
struct scripted {
    struct tk_credential_checker base;
    bool require;
    unsigned calls;
    int codes[4];
    enum tk_check_kind kinds[4];
};

static bool scripted_require(const struct tk_credential_checker *c)
{
    return ((const struct scripted *)(const void *)c)->require;
}

static int scripted_check(struct tk_credential_checker *c, const struct tk_tbf_footer *footer,
                          struct tk_tbf_region integrity, struct tk_check_result *result)
{
    struct scripted *s = (struct scripted *)(void *)c;
    (void)integrity;
    ck_assert_uint_eq(footer->index, s->calls);
    unsigned i = s->calls++;
    *result = (struct tk_check_result){s->kinds[i], s->kinds[i] == TK_CHECK_ACCEPT, 0xAB};
    return s->codes[i];
}

static const struct tk_credential_checker_ops scripted_ops = {scripted_require, scripted_check};

/* Three Reserved footers, checked by `s`. */
static void run_scripted(struct scripted *s, struct tk_credentials_outcome *out)
{
    struct object o;
    object_init(&o);
    add_footer(&o, TK_TBF_CREDENTIAL_RESERVED, NULL);
    add_footer(&o, TK_TBF_CREDENTIAL_RESERVED, NULL);
    close_footers(&o);
    s->base.ops = &scripted_ops;
    s->calls = 0;
    run(&o, &s->base, out);
}

START_TEST(nosupport_already_pass_and_async_error_move_to_the_next_footer)
{
    /* spec §7.2 steps 2-3. */
    struct scripted s = {.require = true,
                         .codes = {TK_NOSUPPORT, TK_ALREADY, 0},
                         .kinds = {TK_CHECK_PASS, TK_CHECK_PASS, TK_CHECK_ACCEPT}};
    struct tk_credentials_outcome out;
    run_scripted(&s, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_ACCEPTED);
    ck_assert_uint_eq(out.credential.index, 2);
    ck_assert_uint_eq(out.result.metadata, 0xAB);

    struct scripted t = {.require = true, .kinds = {TK_CHECK_ERROR, TK_CHECK_PASS, TK_CHECK_PASS}};
    run_scripted(&t, &out);
    ck_assert_uint_eq(t.calls, 3);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_NOT_ACCEPTED);
}
END_TEST

START_TEST(other_synchronous_error_is_internal_error)
{
    /* spec §7.2 step 2: any other synchronous error -> InternalError. */
    struct scripted s = {.require = false, .codes = {TK_BUSY}};
    struct tk_credentials_outcome out;
    run_scripted(&s, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_INTERNAL_ERROR);
    ck_assert_int_eq(out.error, TK_BUSY);
    ck_assert_uint_eq(out.footer_index, 0);
    ck_assert_str_eq(tk_credentials_verdict_name(out.verdict), "InternalError");
}
END_TEST

START_TEST(reject_stops_at_its_footer)
{
    /* spec §7.2 step 3: Reject -> CredentialsRejected(i), no further footer. */
    struct scripted s = {.require = false, .kinds = {TK_CHECK_PASS, TK_CHECK_REJECT}};
    struct tk_credentials_outcome out;
    run_scripted(&s, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_REJECTED);
    ck_assert_uint_eq(out.footer_index, 1);
    ck_assert_uint_eq(s.calls, 2);
}
END_TEST

START_TEST(end_of_footers_accepts_when_credentials_are_optional)
{
    /* spec §7.2 step 1: !require_credentials() -> accepted, no credential. */
    struct scripted s = {.require = false, .kinds = {TK_CHECK_PASS, TK_CHECK_PASS, TK_CHECK_PASS}};
    struct tk_credentials_outcome out;
    run_scripted(&s, &out);
    ck_assert_int_eq(out.verdict, TK_CREDENTIALS_ACCEPTED);
    ck_assert(!out.has_credential);
    ck_assert_uint_eq(s.calls, 3);
    ck_assert_str_eq(tk_credentials_verdict_name(out.verdict), "Accepted");
}
END_TEST

Suite *credentials_suite(void)
{
    Suite *s = suite_create("credentials");
    TCase *t = tcase_create("hash");
    tcase_add_test(t, null_checker_loads_everything_without_credential);
    tcase_add_loop_test(t, hash_footer_that_matches_is_accepted_without_metadata, 0, 3);
    tcase_add_loop_test(t, hash_footer_that_mismatches_rejects_the_binary, 0, 3);
    tcase_add_test(t, hash_checker_without_its_footer_is_not_accepted);
    tcase_add_test(t, integrity_region_covers_the_header_and_checksum);
    tcase_add_test(t, bad_footer_ends_the_walk_before_a_good_one);
    suite_add_tcase(s, t);

    t = tcase_create("signature");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, ecdsa_footer_accepted_by_the_first_key_that_verifies);
    tcase_add_test(t, failed_signature_passes_to_the_next_footer);
    tcase_add_test(t, ecdsa_checker_ignores_other_formats_and_bad_keys);
    tcase_add_test(t, rsa3072_footer_is_verified_for_real);
    tcase_add_test(t, rsa_footer_with_an_untrusted_modulus_passes);
    tcase_add_test(t, rsa4096_footer_is_verified_for_real);
    suite_add_tcase(s, t);

    t = tcase_create("machine");
    tcase_add_test(t, nosupport_already_pass_and_async_error_move_to_the_next_footer);
    tcase_add_test(t, other_synchronous_error_is_internal_error);
    tcase_add_test(t, reject_stops_at_its_footer);
    tcase_add_test(t, end_of_footers_accepts_when_credentials_are_optional);
    suite_add_tcase(s, t);
    return s;
}
