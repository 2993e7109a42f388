/* AES capsule (0x40006) over the libcrypto engine model.
 *
 * Spec §8 (driver numbers) and capsules/extra/src/symmetric_encryption/
 * aes.rs @65608d71 for the commands, allows and upcalls. Known answers are
 * facts from published vectors: NIST SP 800-38A F.1.1, F.2.1, F.5.1 (ECB,
 * CBC, CTR), RFC 3610 packet vector #1 (CCM), the GCM specification's test
 * case 2, and CCM/GCM tags of empty messages from standard implementations.
 */
#include <check.h>
#include <string.h>

#include "aes.h"
#include "emu_aes.h"
#include "fake_hil.h"
#include "fixture.h"

#define AES         TK_DRIVER_NUM_AES
#define NULL_UPCALL TK_TASK_RETURN_VALUE
#define KEY         0x100 /* offsets in process RAM */
#define IV          0x180
#define SOURCE      0x200
#define DEST        0x400

enum { ALG_CTR, ALG_CBC, ALG_ECB, ALG_CCM, ALG_GCM };

/* SP 800-38A: the key, the four plaintext blocks, the IVs. */
static const uint8_t nist_key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                     0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t nist_plain[64] = {
    0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
    0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03, 0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51,
    0x30, 0xc8, 0x1c, 0x46, 0xa3, 0x5c, 0xe4, 0x11, 0xe5, 0xfb, 0xc1, 0x19, 0x1a, 0x0a, 0x52, 0xef,
    0xf6, 0x9f, 0x24, 0x45, 0xdf, 0x4f, 0x9b, 0x17, 0xad, 0x2b, 0x41, 0x7b, 0xe6, 0x6c, 0x37, 0x10};
static const uint8_t cbc_iv[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                   0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
static const uint8_t ctr_iv[16] = {0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
                                   0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};
static const uint8_t ecb_cipher[64] = {
    0x3a, 0xd7, 0x7b, 0xb4, 0x0d, 0x7a, 0x36, 0x60, 0xa8, 0x9e, 0xca, 0xf3, 0x24, 0x66, 0xef, 0x97,
    0xf5, 0xd3, 0xd5, 0x85, 0x03, 0xb9, 0x69, 0x9d, 0xe7, 0x85, 0x89, 0x5a, 0x96, 0xfd, 0xba, 0xaf,
    0x43, 0xb1, 0xcd, 0x7f, 0x59, 0x8e, 0xce, 0x23, 0x88, 0x1b, 0x00, 0xe3, 0xed, 0x03, 0x06, 0x88,
    0x7b, 0x0c, 0x78, 0x5e, 0x27, 0xe8, 0xad, 0x3f, 0x82, 0x23, 0x20, 0x71, 0x04, 0x72, 0x5d, 0xd4};
static const uint8_t cbc_cipher[64] = {
    0x76, 0x49, 0xab, 0xac, 0x81, 0x19, 0xb2, 0x46, 0xce, 0xe9, 0x8e, 0x9b, 0x12, 0xe9, 0x19, 0x7d,
    0x50, 0x86, 0xcb, 0x9b, 0x50, 0x72, 0x19, 0xee, 0x95, 0xdb, 0x11, 0x3a, 0x91, 0x76, 0x78, 0xb2,
    0x73, 0xbe, 0xd6, 0xb8, 0xe3, 0xc1, 0x74, 0x3b, 0x71, 0x16, 0xe6, 0x9e, 0x22, 0x22, 0x95, 0x16,
    0x3f, 0xf1, 0xca, 0xa1, 0x68, 0x1f, 0xac, 0x09, 0x12, 0x0e, 0xca, 0x30, 0x75, 0x86, 0xe1, 0xa7};
static const uint8_t ctr_cipher[64] = {
    0x87, 0x4d, 0x61, 0x91, 0xb6, 0x20, 0xe3, 0x26, 0x1b, 0xef, 0x68, 0x64, 0x99, 0x0d, 0xb6, 0xce,
    0x98, 0x06, 0xf6, 0x6b, 0x79, 0x70, 0xfd, 0xff, 0x86, 0x17, 0x18, 0x7b, 0xb9, 0xff, 0xfd, 0xff,
    0x5a, 0xe4, 0xdf, 0x3e, 0xdb, 0xd5, 0xd3, 0x5e, 0x5b, 0x4f, 0x09, 0x02, 0x0d, 0xb0, 0x3e, 0xab,
    0x1e, 0x03, 0x1d, 0xda, 0x2f, 0xbe, 0x03, 0xd1, 0x79, 0x21, 0x70, 0xa0, 0xf3, 0x00, 0x9c, 0xee};
/* CCM, 13-byte nonce ctr_iv[0..13], no message, 16 bytes of authenticated
 * data nist_plain[0..16], 8-byte tag; GCM, IV ctr_iv[0..12], the same
 * data, 16-byte tag. */
static const uint8_t ccm_tag_aad16[8] = {0xf2, 0x90, 0x8e, 0x15, 0x01, 0xf9, 0x4a, 0x60};
static const uint8_t gcm_tag_aad16[16] = {0xfb, 0xd2, 0x5d, 0xa7, 0xd3, 0x86, 0x66, 0x6a,
                                          0xf6, 0xf6, 0x1d, 0x68, 0xe9, 0x12, 0x67, 0xe6};

struct aes_env {
    struct tk_kernel k;
    struct emu_aes engine;
    struct tk_aes_driver aes;
    struct tk_process *p[2];
};

static void env_init(struct aes_env *e)
{
    fx_kernel_init(&e->k);
    ck_assert_int_eq(emu_aes_init(&e->engine, &e->k), 0);
    tk_aes_driver_init(&e->aes, &e->engine.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->aes.driver), 0);
    e->p[0] = fx_process_new(&e->k, "one", 0);
    e->p[1] = fx_process_new(&e->k, "two", 0);
}

static void env_fini(struct aes_env *e)
{
    fx_kernel_fini(&e->k);
    emu_aes_fini(&e->engine);
}

static void run_all(struct tk_kernel *k)
{
    while (tk_kernel_run_deferred_calls(k))
        ;
}

/* Copy `len` bytes to `offset` in `p`'s RAM and allow them RO `number`. */
static void allow_ro(struct aes_env *e, struct tk_process *p, uint32_t number, size_t offset,
                     const void *bytes, size_t len)
{
    memcpy(fx_ram(p, offset), bytes, len);
    fx_assert_variant(fx_allow_ro(&e->k, p, AES, number, fx_addr(p, offset), len),
                      TK_RV_SUCCESS_U32_U32);
}

/* Allow `len` bytes at DEST (filled with 0xee) RW 0; their address. */
static uint8_t *allow_dest(struct aes_env *e, struct tk_process *p, size_t len)
{
    uint8_t *dest = fx_ram(p, DEST);
    memset(dest, 0xee, 256);
    fx_assert_variant(fx_allow_rw(&e->k, p, AES, 0, fx_addr(p, DEST), len), TK_RV_SUCCESS_U32_U32);
    return dest;
}

/* Algorithm, key, IV, source and a dest of `dest_len`; then setup. */
static uint8_t *setup_run(struct aes_env *e, struct tk_process *p, uint32_t alg, bool encrypt,
                          const uint8_t *iv, const uint8_t *source, size_t len, size_t dest_len)
{
    fx_assert_success(fx_command(&e->k, p, AES, 1, alg, encrypt));
    allow_ro(e, p, 0, KEY, nist_key, sizeof nist_key);
    allow_ro(e, p, 1, IV, iv, 16);
    allow_ro(e, p, 2, SOURCE, source, len);
    uint8_t *dest = allow_dest(e, p, dest_len);
    fx_assert_success(fx_command(&e->k, p, AES, 2, 0, 0));
    return dest;
}

START_TEST(block_modes_give_the_nist_sp800_38a_ciphertexts)
{
    /* aes.rs run(): the source goes 32 bytes at a time; the upcall after the
     * last chunk is (0, bytes done, 0). Known answers: SP 800-38A. */
    static const struct {
        uint32_t alg;
        const uint8_t *iv, *cipher;
    } cases[] = {{ALG_ECB, ctr_iv, ecb_cipher},
                 {ALG_CBC, cbc_iv, cbc_cipher},
                 {ALG_CTR, ctr_iv, ctr_cipher}};
    struct aes_env e;
    env_init(&e);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *dest = setup_run(&e, e.p[0], cases[i].alg, true, cases[i].iv, nist_plain, 64, 64);
        run_all(&e.k);
        fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 64, 0);
        ck_assert_mem_eq(dest, cases[i].cipher, 64);
        fx_assert_success(fx_command(&e.k, e.p[0], AES, 4, 0, 0));
    }
    env_fini(&e);
}
END_TEST

START_TEST(block_modes_decrypt_back_to_the_plaintext)
{
    /* arg1 == 0 of command 1 decrypts (CBC and ECB); CTR is symmetric. */
    static const struct {
        uint32_t alg;
        const uint8_t *iv, *cipher;
    } cases[] = {{ALG_ECB, ctr_iv, ecb_cipher},
                 {ALG_CBC, cbc_iv, cbc_cipher},
                 {ALG_CTR, ctr_iv, ctr_cipher}};
    struct aes_env e;
    env_init(&e);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *dest =
            setup_run(&e, e.p[0], cases[i].alg, false, cases[i].iv, cases[i].cipher, 64, 64);
        run_all(&e.k);
        fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 64, 0);
        ck_assert_mem_eq(dest, nist_plain, 64);
        fx_assert_success(fx_command(&e.k, e.p[0], AES, 4, 0, 0));
    }
    env_fini(&e);
}
END_TEST

START_TEST(crypt_continues_the_key_stream_until_finish)
{
    /* Command 3: "Multiple calls to crypt will re-use the existing state":
     * the CTR counter runs on from setup's last block. */
    struct aes_env e;
    env_init(&e);
    uint8_t *dest = setup_run(&e, e.p[0], ALG_CTR, true, ctr_iv, nist_plain, 32, 32);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 32, 0);
    ck_assert_mem_eq(dest, ctr_cipher, 32);
    allow_ro(&e, e.p[0], 2, SOURCE, nist_plain + 32, 32);
    dest = allow_dest(&e, e.p[0], 32);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 3, 0, 0));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 32, 0);
    ck_assert_mem_eq(dest, ctr_cipher + 32, 32);
    /* After finish, crypt is not the caller's any more. */
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 4, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], AES, 3, 0, 0), TK_OFF);
    env_fini(&e);
}
END_TEST

START_TEST(a_destination_shorter_than_a_chunk_gets_its_length)
{
    /* crypt_done: app_len < static_len copies dest[offset..app_len]. */
    struct aes_env e;
    env_init(&e);
    uint8_t *dest = setup_run(&e, e.p[0], ALG_ECB, true, ctr_iv, nist_plain, 32, 20);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 32, 0);
    ck_assert_mem_eq(dest, ecb_cipher, 20);
    ck_assert_uint_eq(dest[20], 0xee);
    env_fini(&e);
}
END_TEST

START_TEST(ccm_tags_the_authenticated_data_and_verifies_it)
{
    /* No command sets m_len, so CCM authenticates source[a_off..m_off] and
     * writes the tag after it; decrypting reports the tag's validity in
     * the upcall's third argument. */
    struct aes_env e;
    env_init(&e);
    uint8_t source[24] = {0};
    memcpy(source, nist_plain, 16);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 6, 16, 0)); /* m_off */
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 7, 8, 0));  /* mic_len */
    uint8_t *dest = setup_run(&e, e.p[0], ALG_CCM, true, ctr_iv, source, 24, 24);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 24, 1);
    ck_assert_mem_eq(dest, nist_plain, 16);
    ck_assert_mem_eq(dest + 16, ccm_tag_aad16, 8);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 4, 0, 0));
    /* Decrypt and verify: the right tag, then a wrong one. */
    memcpy(source + 16, ccm_tag_aad16, 8);
    setup_run(&e, e.p[0], ALG_CCM, false, ctr_iv, source, 24, 24);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 24, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 4, 0, 0));
    source[23] ^= 1;
    setup_run(&e, e.p[0], ALG_CCM, false, ctr_iv, source, 24, 24);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 24, 0);
    env_fini(&e);
}
END_TEST

START_TEST(ccm_with_nothing_but_mic_len_set_writes_the_empty_messages_tag_at_0)
{
    /* libtock-c's tests/aes (497ea7cf) sets only mic_len 8 and expects the
     * 96-byte CTR keystream from counter 1 over its text. The kernel has no
     * command for m_len (aes.rs @65608d71: commands 5-8 set a_off, m_off,
     * mic_len, confidential; App.mlen stays 0), so VirtualAES128CCM encrypts
     * an empty message and end_ccm writes its 8-byte tag at m_off + m_len =
     * 0; the rest of dest is the copied source. Tag: AES-128 of B_0 = 0x19 |
     * nonce | 0x0000 XOR AES-128 of A_0 = 0x01 | nonce | 0x0000. */
    static const uint8_t tag[8] = {0x02, 0x27, 0xe8, 0xc0, 0xf9, 0x52, 0x45, 0xe8};
    static const char text[] = "A language empowering everyone to build reliable and efficient "
                               "software.";
    struct aes_env e;
    env_init(&e);
    uint8_t source[96] = {0};
    memcpy(source, text, sizeof text - 1);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 7, 8, 0)); /* mic_len */
    uint8_t *dest = setup_run(&e, e.p[0], ALG_CCM, true, ctr_iv, source, 96, 96);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 96, 1);
    ck_assert_mem_eq(dest, tag, 8);
    ck_assert_mem_eq(dest + 8, source + 8, 88);
    env_fini(&e);
}
END_TEST

START_TEST(gcm_tags_the_authenticated_data)
{
    /* GCM takes the IV's first 12 bytes; a 16-byte tag follows the data. */
    struct aes_env e;
    env_init(&e);
    uint8_t source[32] = {0};
    memcpy(source, nist_plain, 16);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 6, 16, 0));
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 7, 16, 0));
    uint8_t *dest = setup_run(&e, e.p[0], ALG_GCM, true, ctr_iv, source, 32, 32);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 32, 1);
    ck_assert_mem_eq(dest + 16, gcm_tag_aad16, 16);
    env_fini(&e);
}
END_TEST

START_TEST(ccm_offsets_past_the_buffer_or_too_long_data_fail_the_setup)
{
    /* The CCM layer: m_off + m_len + mic_len > 112 is INVAL; authenticated
     * data that does not fit its 112-byte working buffer with B_0 and L(a)
     * is NOMEM. A failed setup frees the engine and sends no upcall. */
    struct aes_env e;
    env_init(&e);
    uint8_t source[112] = {0};
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 1, ALG_CCM, 1));
    allow_ro(&e, e.p[0], 2, SOURCE, source, sizeof source);
    allow_dest(&e, e.p[0], 112);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 6, 100, 0));
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 7, 16, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], AES, 2, 0, 0), TK_INVAL);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 7, 8, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], AES, 2, 0, 0), TK_NOMEM);
    run_all(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    /* The engine is free: the other process may set up. */
    setup_run(&e, e.p[1], ALG_ECB, true, ctr_iv, nist_plain, 32, 32);
    run_all(&e.k);
    fake_expect_upcall(e.p[1], NULL_UPCALL, AES, 0, 32, 0);
    env_fini(&e);
}
END_TEST

START_TEST(command_errors)
{
    /* Command 1: algorithms 0..4, else NOSUPPORT; setup without an
     * algorithm is INVAL; unknown commands NOSUPPORT; 0 exists. */
    struct aes_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 0, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], AES, 1, 5, 1), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p[0], AES, 2, 0, 0), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[0], AES, 9, 0, 0), TK_NOSUPPORT);
    /* Crypt and finish before setup: OFF. */
    fx_assert_failure(fx_command(&e.k, e.p[0], AES, 3, 0, 0), TK_OFF);
    fx_assert_failure(fx_command(&e.k, e.p[0], AES, 4, 0, 0), TK_OFF);
    env_fini(&e);
}
END_TEST

START_TEST(a_second_process_waits_and_runs_after_finish)
{
    /* Setup while another process owns the engine is queued (S), a second
     * one is NOMEM; crypt and finish by a non-owner are OFF; the owner's
     * finish starts the waiting setup. */
    struct aes_env e;
    env_init(&e);
    setup_run(&e, e.p[0], ALG_ECB, true, ctr_iv, nist_plain, 32, 32);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, AES, 0, 32, 0);
    uint8_t *dest = setup_run(&e, e.p[1], ALG_CBC, true, cbc_iv, nist_plain, 64, 64);
    fx_assert_failure(fx_command(&e.k, e.p[1], AES, 2, 0, 0), TK_NOMEM);
    fx_assert_failure(fx_command(&e.k, e.p[1], AES, 3, 0, 0), TK_OFF);
    fx_assert_failure(fx_command(&e.k, e.p[1], AES, 4, 0, 0), TK_OFF);
    run_all(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p[1]), 0);
    fx_assert_success(fx_command(&e.k, e.p[0], AES, 4, 0, 0));
    run_all(&e.k);
    fake_expect_upcall(e.p[1], NULL_UPCALL, AES, 0, 64, 0);
    ck_assert_mem_eq(dest, cbc_cipher, 64);
    env_fini(&e);
}
END_TEST

/* ---- The engine alone (what the capsule cannot reach: CCM messages) ---- */

struct aead_seen {
    struct tk_aes_aead_client client; /* first: the callback casts back */
    uint8_t buf[64];
    int result;
    bool valid, called;
};

static void aead_done(struct tk_aes_aead_client *c, uint8_t *buf, int result, bool valid)
{
    struct aead_seen *s = (struct aead_seen *)c;
    ck_assert_ptr_eq(buf, s->buf);
    s->result = result;
    s->valid = valid;
    s->called = true;
}

START_TEST(engine_ccm_gives_rfc3610_packet_vector_1)
{
    /* RFC 3610 §8 packet vector #1: 8 bytes header, 23 bytes payload, M 8. */
    static const uint8_t key[16] = {0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
                                    0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf};
    static const uint8_t nonce[13] = {0x00, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                                      0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5};
    static const uint8_t expect[39] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x58, 0x8c,
                                       0x97, 0x9a, 0x61, 0xc6, 0x63, 0xd2, 0xf0, 0x66, 0xd0, 0xc2,
                                       0xc0, 0xf9, 0x89, 0x80, 0x6d, 0x5f, 0x6b, 0x61, 0xda, 0xc3,
                                       0x84, 0x17, 0xe8, 0xd1, 0x2c, 0xfd, 0xf9, 0x26, 0xe0};
    struct tk_kernel k;
    struct emu_aes m;
    struct aead_seen seen = {.client = {.crypt_done = aead_done}};
    fx_kernel_init(&k);
    ck_assert_int_eq(emu_aes_init(&m, &k), 0);
    m.hil.ccm_client = &seen.client;
    for (unsigned i = 0; i < 31; i++)
        seen.buf[i] = (uint8_t)i;
    ck_assert_int_eq(m.hil.ops->ccm_set_key(&m.hil, key, 16), 0);
    ck_assert_int_eq(m.hil.ops->ccm_set_nonce(&m.hil, nonce, 12), TK_INVAL);
    ck_assert_int_eq(m.hil.ops->ccm_set_nonce(&m.hil, nonce, 13), 0);
    ck_assert_int_eq(m.hil.ops->ccm_crypt(&m.hil, seen.buf, 39, 0, 8, 23, 8, true, true), 0);
    ck_assert_int_eq(m.hil.ops->ccm_crypt(&m.hil, seen.buf, 39, 0, 8, 23, 8, true, true), TK_BUSY);
    ck_assert(!seen.called); /* never inside the call */
    run_all(&k);
    ck_assert(seen.called && seen.result == 0 && seen.valid);
    ck_assert_mem_eq(seen.buf, expect, 39);
    /* Decrypting recovers the payload and checks the tag. */
    seen.called = false;
    ck_assert_int_eq(m.hil.ops->ccm_crypt(&m.hil, seen.buf, 39, 0, 8, 23, 8, true, false), 0);
    run_all(&k);
    ck_assert(seen.called && seen.valid);
    for (unsigned i = 0; i < 31; i++)
        ck_assert_uint_eq(seen.buf[i], i);
    emu_aes_fini(&m);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(engine_gcm_gives_test_case_2_and_rejects_a_bad_tag)
{
    /* GCM specification test case 2: K = 0, IV = 0 (96 bits), P = 0^128. */
    static const uint8_t zero_key[16];
    static const uint8_t expect[32] = {0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92,
                                       0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2, 0xfe, 0x78,
                                       0xab, 0x6e, 0x47, 0xd4, 0x2c, 0xec, 0x13, 0xbd,
                                       0xf5, 0x3a, 0x67, 0xb2, 0x12, 0x57, 0xbd, 0xdf};
    struct tk_kernel k;
    struct emu_aes m;
    struct aead_seen seen = {.client = {.crypt_done = aead_done}};
    fx_kernel_init(&k);
    ck_assert_int_eq(emu_aes_init(&m, &k), 0);
    m.hil.gcm_client = &seen.client;
    memset(seen.buf, 0, sizeof seen.buf);
    ck_assert_int_eq(m.hil.ops->gcm_set_key(&m.hil, zero_key, 8), TK_INVAL);
    ck_assert_int_eq(m.hil.ops->gcm_set_key(&m.hil, zero_key, 16), 0);
    ck_assert_int_eq(m.hil.ops->gcm_set_iv(&m.hil, zero_key, 12), 0);
    ck_assert_int_eq(m.hil.ops->gcm_crypt(&m.hil, seen.buf, 32, 0, 0, 16, 17, true), TK_INVAL);
    ck_assert_int_eq(m.hil.ops->gcm_crypt(&m.hil, seen.buf, 32, 0, 0, 16, 16, true), 0);
    run_all(&k);
    ck_assert(seen.called && seen.valid);
    ck_assert_mem_eq(seen.buf, expect, 32);
    seen.buf[31] ^= 1;
    ck_assert_int_eq(m.hil.ops->gcm_crypt(&m.hil, seen.buf, 32, 0, 0, 16, 16, false), 0);
    run_all(&k);
    ck_assert(!seen.valid);
    emu_aes_fini(&m);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(engine_block_crypt_checks_its_range)
{
    /* AES::crypt: in place needs start < stop, a whole number of blocks,
     * inside dest; a source must be whole blocks that fit from start. */
    struct tk_kernel k;
    struct emu_aes m;
    uint8_t src[32] = {0}, dest[48];
    fx_kernel_init(&k);
    ck_assert_int_eq(emu_aes_init(&m, &k), 0);
    ck_assert_int_eq(m.hil.ops->set_key(&m.hil, nist_key, 15), TK_INVAL);
    ck_assert_int_eq(m.hil.ops->set_iv(&m.hil, ctr_iv, 8), TK_INVAL);
    ck_assert_int_eq(m.hil.ops->crypt(&m.hil, NULL, 0, dest, 48, 16, 16), TK_INVAL);
    ck_assert_int_eq(m.hil.ops->crypt(&m.hil, NULL, 0, dest, 48, 0, 20), TK_INVAL);
    ck_assert_int_eq(m.hil.ops->crypt(&m.hil, NULL, 0, dest, 48, 16, 64), TK_INVAL);
    ck_assert_int_eq(m.hil.ops->crypt(&m.hil, src, 20, dest, 48, 0, 16), TK_INVAL);
    ck_assert_int_eq(m.hil.ops->crypt(&m.hil, src, 32, dest, 48, 32, 48), TK_INVAL);
    emu_aes_fini(&m);
    fx_kernel_fini(&k);
}
END_TEST

Suite *aes_suite(void)
{
    Suite *s = suite_create("aes");
    TCase *tc = tcase_create("capsule");
    tcase_add_test(tc, block_modes_give_the_nist_sp800_38a_ciphertexts);
    tcase_add_test(tc, block_modes_decrypt_back_to_the_plaintext);
    tcase_add_test(tc, crypt_continues_the_key_stream_until_finish);
    tcase_add_test(tc, a_destination_shorter_than_a_chunk_gets_its_length);
    tcase_add_test(tc, ccm_tags_the_authenticated_data_and_verifies_it);
    tcase_add_test(tc, ccm_with_nothing_but_mic_len_set_writes_the_empty_messages_tag_at_0);
    tcase_add_test(tc, gcm_tags_the_authenticated_data);
    tcase_add_test(tc, ccm_offsets_past_the_buffer_or_too_long_data_fail_the_setup);
    tcase_add_test(tc, command_errors);
    tcase_add_test(tc, a_second_process_waits_and_runs_after_finish);
    suite_add_tcase(s, tc);
    tc = tcase_create("engine");
    tcase_add_test(tc, engine_ccm_gives_rfc3610_packet_vector_1);
    tcase_add_test(tc, engine_gcm_gives_test_case_2_and_rejects_a_bad_tag);
    tcase_add_test(tc, engine_block_crypt_checks_its_range);
    suite_add_tcase(s, tc);
    return s;
}
