/* SHA (0x40005) and HMAC (0x40003) capsules over the libcrypto engine model.
 *
 * capsules/extra/src/sha256_driver.rs and hmac.rs @65608d71, on the engines
 * of sha256.rs and hmac_sha256.rs. Digests are facts: libtock-c's SHA and
 * HMAC examples print them (examples/tests/sha, examples/tests/hmac).
 */
#include <check.h>
#include <string.h>

#include "emu_digest_engine.h"
#include "fake_hil.h"
#include "fixture.h"
#include "hmac.h"
#include "sha256_driver.h"

#define SHA         TK_DRIVER_NUM_SHA
#define HMAC        TK_DRIVER_NUM_HMAC
#define NULL_UPCALL TK_TASK_RETURN_VALUE
#define DATA        0x100 /* offsets in process RAM */
#define KEY         0x300
#define DEST        0x400

static const char text[] =
    "A language empowering everyone to build reliable and efficient software.";
static const uint8_t text_sha256[32] = {
    0xd9, 0x13, 0x44, 0xac, 0xb5, 0x29, 0xe0, 0x8a, 0xc1, 0x7b, 0xf4, 0x20, 0x9e, 0x66, 0x42, 0x48,
    0x36, 0x6c, 0x5d, 0x95, 0xec, 0xfe, 0x95, 0xd1, 0xe5, 0x07, 0x77, 0x80, 0x65, 0x9a, 0x91, 0x5b};
static const uint8_t key[11] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xA0, 0xA1};
static const uint8_t text_hmac[32] = {
    0xb5, 0x05, 0x55, 0x53, 0xbd, 0x5e, 0x75, 0xd4, 0xfc, 0x96, 0xbf, 0x25, 0x59, 0xd6, 0x55, 0xb7,
    0x7a, 0x58, 0xae, 0xa8, 0xb4, 0xc4, 0x07, 0x6c, 0x52, 0xf7, 0x74, 0x85, 0x1b, 0xba, 0x06, 0xd8};
/* SHA-256 of nothing. */
static const uint8_t empty_sha256[32] = {
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};

struct digest_env {
    struct tk_kernel k;
    struct emu_digest_engine sha_engine, hmac_engine;
    struct tk_sha_driver sha;
    struct tk_hmac_driver hmac;
    struct tk_process *p[2];
};

static void env_init(struct digest_env *e)
{
    fx_kernel_init(&e->k);
    ck_assert_int_eq(emu_digest_engine_init(&e->sha_engine, &e->k, false), 0);
    ck_assert_int_eq(emu_digest_engine_init(&e->hmac_engine, &e->k, true), 0);
    tk_sha_driver_init(&e->sha, &e->sha_engine.hil);
    tk_hmac_driver_init(&e->hmac, &e->hmac_engine.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->sha.driver), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->hmac.driver), 0);
    e->p[0] = fx_process_new(&e->k, "one", 0);
    e->p[1] = fx_process_new(&e->k, "two", 0);
}

static void env_fini(struct digest_env *e)
{
    fx_kernel_fini(&e->k);
    emu_digest_engine_fini(&e->sha_engine);
    emu_digest_engine_fini(&e->hmac_engine);
}

static void run_all(struct tk_kernel *k)
{
    while (tk_kernel_run_deferred_calls(k))
        ;
}

/* Copy `len` bytes to `offset` in `p`'s RAM and allow them RO `number`. */
static void allow_ro(struct digest_env *e, struct tk_process *p, uint32_t driver, uint32_t number,
                     size_t offset, const void *bytes, size_t len)
{
    memcpy(fx_ram(p, offset), bytes, len);
    fx_assert_variant(fx_allow_ro(&e->k, p, driver, number, fx_addr(p, offset), len),
                      TK_RV_SUCCESS_U32_U32);
}

/* Allow `len` bytes at DEST (filled with 0xee) RW `number`; their address. */
static uint8_t *allow_dest(struct digest_env *e, struct tk_process *p, uint32_t driver,
                           uint32_t number, size_t len)
{
    uint8_t *dest = fx_ram(p, DEST);
    memset(dest, 0xee, 64);
    fx_assert_variant(fx_allow_rw(&e->k, p, driver, number, fx_addr(p, DEST), len),
                      TK_RV_SUCCESS_U32_U32);
    return dest;
}

/* ---- SHA ---- */

START_TEST(sha_hashes_data_into_the_32_byte_destination)
{
    /* sha256_driver.rs: command 1 (0) -> S; command 2 -> S; data fed 64
     * bytes at a time; upcall 0 (0, 0, 0) with the digest in RW allow 0. */
    struct digest_env e;
    env_init(&e);
    allow_ro(&e, e.p[0], SHA, 0, DATA, text, strlen(text));
    uint8_t *dest = allow_dest(&e, e.p[0], SHA, 0, 32);
    fx_assert_success(fx_command(&e.k, e.p[0], SHA, 1, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[0], SHA, 2, 0, 0));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, SHA, 0, 0, 0);
    ck_assert_mem_eq(dest, text_sha256, 32);
    /* The engine was cleared: the same again gives the same digest. */
    fx_command(&e.k, e.p[0], SHA, 2, 0, 0);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, SHA, 0, 0, 0);
    ck_assert_mem_eq(dest, text_sha256, 32);
    env_fini(&e);
}
END_TEST

START_TEST(sha_without_data_hashes_nothing)
{
    /* No RO allow: the first chunk is empty; the digest is SHA-256(""). */
    struct digest_env e;
    env_init(&e);
    uint8_t *dest = allow_dest(&e, e.p[0], SHA, 0, 32);
    fx_assert_success(fx_command(&e.k, e.p[0], SHA, 2, 0, 0));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, SHA, 0, 0, 0);
    ck_assert_mem_eq(dest, empty_sha256, 32);
    env_fini(&e);
}
END_TEST

START_TEST(sha_only_sha256_and_known_commands)
{
    /* command 0 -> S; command 1 with 1 or 2 -> F(NOSUPPORT); 3 -> NOSUPPORT. */
    struct digest_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], SHA, 0, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], SHA, 1, 1, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p[0], SHA, 1, 2, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p[0], SHA, 3, 0, 0), TK_NOSUPPORT);
    env_fini(&e);
}
END_TEST

START_TEST(sha_destination_not_32_bytes_ends_nomem)
{
    /* hash_done: a destination of any length but 32 -> upcall (NOMEM, 0, 0),
     * nothing written. */
    struct digest_env e;
    env_init(&e);
    allow_ro(&e, e.p[0], SHA, 0, DATA, text, strlen(text));
    uint8_t *dest = allow_dest(&e, e.p[0], SHA, 0, 33);
    fx_command(&e.k, e.p[0], SHA, 2, 0, 0);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, SHA, TK_NOMEM, 0, 0);
    ck_assert_uint_eq(dest[0], 0xee);
    env_fini(&e);
}
END_TEST

START_TEST(sha_second_hash_while_pending_is_success_and_does_nothing)
{
    /* Quirk: the grant's NOMEM for a pending hash is dropped: S, and still
     * one hash, one upcall. */
    struct digest_env e;
    env_init(&e);
    allow_ro(&e, e.p[0], SHA, 0, DATA, text, strlen(text));
    allow_dest(&e, e.p[0], SHA, 0, 32);
    fx_assert_success(fx_command(&e.k, e.p[0], SHA, 2, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[0], SHA, 2, 0, 0));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, SHA, 0, 0, 0);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    env_fini(&e);
}
END_TEST

START_TEST(sha_requests_of_two_processes_run_in_turn)
{
    /* While the engine hashes for one process another's command 2 says S;
     * its hash runs next (check_queue_async). */
    struct digest_env e;
    env_init(&e);
    allow_ro(&e, e.p[0], SHA, 0, DATA, text, strlen(text));
    uint8_t *dest0 = allow_dest(&e, e.p[0], SHA, 0, 32);
    uint8_t *dest1 = allow_dest(&e, e.p[1], SHA, 0, 32);
    fx_assert_success(fx_command(&e.k, e.p[0], SHA, 2, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[1], SHA, 2, 0, 0));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, SHA, 0, 0, 0);
    fake_expect_upcall(e.p[1], NULL_UPCALL, SHA, 0, 0, 0);
    ck_assert_mem_eq(dest0, text_sha256, 32);
    ck_assert_mem_eq(dest1, empty_sha256, 32);
    env_fini(&e);
}
END_TEST

/* ---- HMAC ---- */

/* Key, data and a 32-byte destination for `p`, algorithm SHA-256. */
static uint8_t *hmac_setup(struct digest_env *e, struct tk_process *p)
{
    allow_ro(e, p, HMAC, 0, KEY, key, sizeof key);
    allow_ro(e, p, HMAC, 1, DATA, text, strlen(text));
    fx_assert_success(fx_command(&e->k, p, HMAC, 0, 0, 0));
    return allow_dest(e, p, HMAC, 2, 32);
}

START_TEST(hmac_run_gives_hmac_sha256_and_its_first_byte)
{
    /* hmac.rs: command 1 -> S; upcall 0 (0, digest[0], 0) with the HMAC in
     * RW allow 2 (upstream passes the first byte where a pointer was meant). */
    struct digest_env e;
    env_init(&e);
    uint8_t *dest = hmac_setup(&e, e.p[0]);
    fx_assert_success(fx_command(&e.k, e.p[0], HMAC, 1, 0, 0));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, HMAC, 0, 0xb5, 0);
    ck_assert_mem_eq(dest, text_hmac, 32);
    env_fini(&e);
}
END_TEST

START_TEST(hmac_short_destination_gets_the_first_bytes)
{
    /* hash_done copies min(length, 32) bytes. */
    struct digest_env e;
    env_init(&e);
    hmac_setup(&e, e.p[0]);
    uint8_t *dest = allow_dest(&e, e.p[0], HMAC, 2, 5);
    fx_command(&e.k, e.p[0], HMAC, 1, 0, 0);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, HMAC, 0, 0xb5, 0);
    ck_assert_mem_eq(dest, text_hmac, 5);
    ck_assert_uint_eq(dest[5], 0xee);
    env_fini(&e);
}
END_TEST

START_TEST(hmac_algorithm_errors)
{
    /* Command 0 takes 0..5 (else NOSUPPORT); a run with none chosen is
     * F(INVAL); SHA-384 is chosen but the engine lacks it: F(NOSUPPORT). No
     * upcall follows a failed run. */
    struct digest_env e;
    env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p[0], HMAC, 0, 6, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p[0], HMAC, 1, 0, 0), TK_INVAL);
    fx_assert_success(fx_command(&e.k, e.p[0], HMAC, 0, 1, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], HMAC, 1, 0, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p[0], HMAC, 6, 0, 0), TK_NOSUPPORT);
    run_all(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    env_fini(&e);
}
END_TEST

START_TEST(hmac_finish_needs_the_engine_to_be_the_callers)
{
    /* Commands 3 and 5 with the engine free or another's -> F(OFF). */
    struct digest_env e;
    env_init(&e);
    hmac_setup(&e, e.p[0]);
    fx_assert_failure(fx_command(&e.k, e.p[0], HMAC, 3, 0, 0), TK_OFF);
    fx_command(&e.k, e.p[0], HMAC, 1, 0, 0);
    fx_assert_failure(fx_command(&e.k, e.p[1], HMAC, 5, 0, 0), TK_OFF);
    env_fini(&e);
}
END_TEST

START_TEST(hmac_update_then_finish_equals_run)
{
    /* Command 2 adds the data and upcalls (0, 0, 0), the engine stays the
     * caller's; command 3 then gives the HMAC of what was added. */
    struct digest_env e;
    env_init(&e);
    uint8_t *dest = hmac_setup(&e, e.p[0]);
    fx_assert_success(fx_command(&e.k, e.p[0], HMAC, 2, 0, 0));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, HMAC, 0, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[0], HMAC, 3, 0, 0));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, HMAC, 0, 0xb5, 0);
    ck_assert_mem_eq(dest, text_hmac, 32);
    env_fini(&e);
}
END_TEST

START_TEST(hmac_waiting_request_runs_next_and_a_second_is_nomem)
{
    /* With the engine another's, command 1 waits in the grant (S); a second
     * while one waits -> F(NOMEM). The waiting one runs when the first ends. */
    struct digest_env e;
    env_init(&e);
    hmac_setup(&e, e.p[0]);
    uint8_t *dest1 = hmac_setup(&e, e.p[1]);
    fx_assert_success(fx_command(&e.k, e.p[0], HMAC, 1, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[1], HMAC, 1, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[1], HMAC, 1, 0, 0), TK_NOMEM);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, HMAC, 0, 0xb5, 0);
    fake_expect_upcall(e.p[1], NULL_UPCALL, HMAC, 0, 0xb5, 0);
    ck_assert_mem_eq(dest1, text_hmac, 32);
    env_fini(&e);
}
END_TEST

START_TEST(hmac_verify_result_is_lost_on_the_missing_upcall)
{
    /* Quirk: verify (command 4) reports on subscribe 1, which the grant does
     * not have (one upcall): the command says S, the engine frees, and no
     * upcall arrives. */
    struct digest_env e;
    env_init(&e);
    hmac_setup(&e, e.p[0]);
    allow_ro(&e, e.p[0], HMAC, 2, DEST + 64, text_hmac, 32);
    fx_assert_success(fx_command(&e.k, e.p[0], HMAC, 4, 0, 0));
    run_all(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    ck_assert(!e.hmac.has_process);
    env_fini(&e);
}
END_TEST

Suite *digest_suite(void)
{
    Suite *s = suite_create("digest");
    TCase *tc = tcase_create("sha");
    tcase_add_test(tc, sha_hashes_data_into_the_32_byte_destination);
    tcase_add_test(tc, sha_without_data_hashes_nothing);
    tcase_add_test(tc, sha_only_sha256_and_known_commands);
    tcase_add_test(tc, sha_destination_not_32_bytes_ends_nomem);
    tcase_add_test(tc, sha_second_hash_while_pending_is_success_and_does_nothing);
    tcase_add_test(tc, sha_requests_of_two_processes_run_in_turn);
    suite_add_tcase(s, tc);
    tc = tcase_create("hmac");
    tcase_add_test(tc, hmac_run_gives_hmac_sha256_and_its_first_byte);
    tcase_add_test(tc, hmac_short_destination_gets_the_first_bytes);
    tcase_add_test(tc, hmac_algorithm_errors);
    tcase_add_test(tc, hmac_finish_needs_the_engine_to_be_the_callers);
    tcase_add_test(tc, hmac_update_then_finish_equals_run);
    tcase_add_test(tc, hmac_waiting_request_runs_next_and_a_second_is_nomem);
    tcase_add_test(tc, hmac_verify_result_is_lost_on_the_missing_upcall);
    suite_add_tcase(s, tc);
    return s;
}
