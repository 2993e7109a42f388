/* CRC capsule (driver 0x40002) over the CRC engine model.
 *
 * capsules/extra/src/crc.rs @65608d71; vectors from libtock-c's CRC test
 * (examples/tests/crc/test_cases.h), as facts.
 */
#include <check.h>
#include <string.h>

#include "crc.h"
#include "emu_crc.h"
#include "fake_hil.h"
#include "fixture.h"

#define DRV         TK_DRIVER_NUM_CRC
#define NULL_UPCALL TK_TASK_RETURN_VALUE
#define BUF         0x100

struct crc_env {
    struct tk_kernel k;
    struct emu_crc engine;
    struct tk_crc_driver driver;
    struct tk_process *p[2];
};

static void env_init(struct crc_env *e)
{
    fx_kernel_init(&e->k);
    emu_crc_init(&e->engine, &e->k);
    tk_crc_driver_init(&e->driver, &e->engine.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->driver.driver), 0);
    e->p[0] = fx_process_new(&e->k, "one", 0);
    e->p[1] = fx_process_new(&e->k, "two", 0);
}

/* Put `len` bytes at BUF of `p` and allow them as RO 0. */
static void allow_data(struct crc_env *e, struct tk_process *p, const void *data, size_t len)
{
    memcpy(fx_ram(p, BUF), data, len);
    fx_assert_variant(fx_allow_ro(&e->k, p, DRV, 0, fx_addr(p, BUF), len), TK_RV_SUCCESS_U32_U32);
}

static void run_all(struct tk_kernel *k)
{
    while (tk_kernel_run_deferred_calls(k))
        ;
}

static const struct {
    enum tk_crc_algorithm algorithm;
    uint32_t crc;
    const char *input;
} vectors[] = {
    {TK_CRC_16CCITT, 0x1541, "ABCDEFG"},
    {TK_CRC_16CCITT, 0xB34B, "ABCD"},
    {TK_CRC_16CCITT, 0xB881, "01234567ABCDEFGHI"},
    {TK_CRC_32, 0x0E6F94BC, "ABCDEFG"},
    {TK_CRC_32, 0x44050CDA, "A man, a plan, a canal, Panama"},
    {TK_CRC_32C, 0x2C775665, "ABCDEFG"},
    {TK_CRC_32C, 0xB5DDEB44, "A man, a plan, a canal, Panama"},
};

START_TEST(crc_computes_libtock_c_vectors)
{
    /* Command 1 (algorithm, length) -> S; upcall 0 (0, crc, algorithm). */
    struct crc_env e;
    env_init(&e);
    size_t len = strlen(vectors[_i].input);
    allow_data(&e, e.p[0], vectors[_i].input, len);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, vectors[_i].algorithm, (uint32_t)len));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, vectors[_i].crc, vectors[_i].algorithm);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(crc_command0_succeeds_unknown_is_nosupport_bad_algorithm_is_inval)
{
    /* command: 0 -> S; 2 -> F(NOSUPPORT); algorithm 3 -> F(INVAL). */
    struct crc_env e;
    env_init(&e);
    allow_data(&e, e.p[0], "ABCD", 4);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 0, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 2, 0, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 3, 4), TK_INVAL);
    run_all(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(crc_length_beyond_buffer_is_size)
{
    /* length > RO allow 0's length -> F(SIZE), nothing starts. */
    struct crc_env e;
    env_init(&e);
    allow_data(&e, e.p[0], "ABCD", 4);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 0, 5), TK_SIZE);
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 1, 0, 1), TK_SIZE); /* no buffer */
    run_all(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(crc_second_request_while_pending_is_busy)
{
    /* A process with a request pending gets F(BUSY); the first completes. */
    struct crc_env e;
    env_init(&e);
    allow_data(&e, e.p[0], "ABCD", 4);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 2, 4));
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 2, 4), TK_BUSY);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, 0xB34B, 2);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(crc_zero_length_fails_and_upcalls_size)
{
    /* Quirk of next_request: length 0 cannot start, so it upcalls
     * (SIZE, 0, 0) and, nothing else starting, the command says F(FAIL). */
    struct crc_env e;
    env_init(&e);
    allow_data(&e, e.p[0], "ABCD", 4);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 0, 0), TK_FAIL);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, TK_SIZE, 0, 0);
    /* The request is gone: a new one is not BUSY. */
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 2, 4));
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(crc_long_buffer_goes_through_the_kernel_buffer_in_chunks)
{
    /* Inputs of at most DEFAULT_CRC_BUF_LENGTH (256) bytes; the CRC is the
     * same as over the whole buffer at once. */
    static uint8_t data[700];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    struct crc_env e;
    env_init(&e);
    allow_data(&e, e.p[0], data, sizeof data);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 1, sizeof data));
    ck_assert(tk_kernel_run_deferred_calls(&e.k)); /* chunk 1 */
    ck_assert(tk_kernel_run_deferred_calls(&e.k)); /* chunk 2 */
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, emu_crc_of(TK_CRC_32C, data, sizeof data), 1);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(crc_buffer_shrunk_mid_request_cuts_it_short)
{
    /* input_done re-reads the allow: size = min(buffer, length), so a
     * buffer swapped for a shorter one between chunks ends the request at
     * what was already fed. */
    static uint8_t data[600];
    memset(data, 'x', sizeof data);
    struct crc_env e;
    env_init(&e);
    allow_data(&e, e.p[0], data, sizeof data);
    fx_command(&e.k, e.p[0], DRV, 1, 0, sizeof data);
    fx_allow_ro(&e.k, e.p[0], DRV, 0, fx_addr(e.p[0], BUF), 100);
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, emu_crc_of(TK_CRC_32, data, 256), 0);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(crc_requests_wait_and_run_in_turn)
{
    /* While one request runs another process's command says S and its
     * request starts when the first finishes. */
    struct crc_env e;
    env_init(&e);
    allow_data(&e, e.p[0], "ABCD", 4);
    allow_data(&e, e.p[1], "ABCDEFG", 7);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 2, 4));
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 1, 0, 7));
    run_all(&e.k);
    fake_expect_upcall(e.p[0], NULL_UPCALL, DRV, 0, 0xB34B, 2);
    fake_expect_upcall(e.p[1], NULL_UPCALL, DRV, 0, 0x0E6F94BC, 0);
    fx_kernel_fini(&e.k);
}
END_TEST

Suite *crc_suite(void)
{
    Suite *s = suite_create("crc");
    TCase *tc = tcase_create("capsule");
    tcase_add_loop_test(tc, crc_computes_libtock_c_vectors, 0,
                        (int)(sizeof vectors / sizeof vectors[0]));
    tcase_add_test(tc, crc_command0_succeeds_unknown_is_nosupport_bad_algorithm_is_inval);
    tcase_add_test(tc, crc_length_beyond_buffer_is_size);
    tcase_add_test(tc, crc_second_request_while_pending_is_busy);
    tcase_add_test(tc, crc_zero_length_fails_and_upcalls_size);
    tcase_add_test(tc, crc_long_buffer_goes_through_the_kernel_buffer_in_chunks);
    tcase_add_test(tc, crc_buffer_shrunk_mid_request_cuts_it_short);
    tcase_add_test(tc, crc_requests_wait_and_run_in_turn);
    suite_add_tcase(s, tc);
    return s;
}
