/* RNG capsule (driver 0x40001) over a fake source, and the seeded RNG model.
 *
 * Spec §8.11; capsules/core/src/rng.rs.
 */
#include <check.h>
#include <string.h>

#include "emu_rng.h"
#include "fake_hil.h"
#include "fake_peripherals.h"
#include "fixture.h"
#include "rng.h"

#define DRV TK_DRIVER_NUM_RNG
#define BUF 0x100 /* buffer offset in process RAM */

struct rng_env {
    struct tk_kernel k;
    struct fake_entropy source;
    struct tk_rng_driver rng;
    struct tk_process *p[2];
};

static void rng_env_init(struct rng_env *e, unsigned processes)
{
    static const char *const names[] = {"one", "two"};
    fx_kernel_init(&e->k);
    fake_entropy_init(&e->source);
    tk_rng_driver_init(&e->rng, &e->source.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->rng.driver), 0);
    for (unsigned i = 0; i < processes; i++)
        e->p[i] = fx_process_new(&e->k, names[i], 0);
}

static void rng_env_fini(struct rng_env *e)
{
    fx_kernel_fini(&e->k);
}

/* Fill 64 bytes at BUF of `p` with 0xee and allow the first `len` as RW
 * buffer 0. */
static uint8_t *rng_allow(struct tk_kernel *k, struct tk_process *p, size_t len)
{
    uint8_t *buf = fx_ram(p, BUF);
    memset(buf, 0xee, 64);
    fx_assert_variant(fx_allow_rw(k, p, DRV, 0, fx_addr(p, BUF), len), TK_RV_SUCCESS_U32_U32);
    return buf;
}

static const uint32_t words[] = {0x04030201, 0x08070605, 0x0c0b0a09, 0x100f0e0d};

START_TEST(rng_command0_succeeds)
{
    /* spec §8.11: cmd 0 is plain S. */
    struct rng_env e;
    rng_env_init(&e, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 0, 0, 0));
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_unknown_command_is_nosupport)
{
    /* spec §8 intro: unknown command -> F(NOSUPPORT). */
    struct rng_env e;
    rng_env_init(&e, 1);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 2, 4, 0), TK_NOSUPPORT);
    ck_assert_uint_eq(e.source.get_calls, 0);
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_request_fills_bytes_little_endian_then_upcalls)
{
    /* spec §8.11: cmd 1 n -> S; n bytes from 32-bit words, least significant
     * byte first, into RW allow 0; then upcall (0, n, 0). The last word's
     * unused bytes are dropped and the rest of the buffer is untouched. */
    static const uint8_t expect[8] = {1, 2, 3, 4, 5, 6, 0xee, 0xee};
    struct rng_env e;
    rng_env_init(&e, 1);
    uint8_t *buf = rng_allow(&e.k, e.p[0], 8);
    fx_subscribe(&e.k, e.p[0], DRV, 0, fx_upcall_fn(e.p[0], 0), 9);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 6, 0));
    ck_assert_uint_eq(e.source.get_calls, 1);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 4), TK_ENTROPY_DONE);
    ck_assert_uint_eq(e.source.words_pulled, 2);
    ck_assert_mem_eq(buf, expect, sizeof expect);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 0, 6, 0);
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_bytes_filled_is_min_of_request_and_buffer)
{
    /* spec §8.11: bytes_filled = min(n, buffer length). */
    struct rng_env e;
    rng_env_init(&e, 1);
    uint8_t *buf = rng_allow(&e.k, e.p[0], 5);
    fx_command(&e.k, e.p[0], DRV, 1, 16, 0);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 4), TK_ENTROPY_DONE);
    ck_assert_uint_eq(buf[4], 5);
    ck_assert_uint_eq(buf[5], 0xee);
    fake_expect_upcall(e.p[0], TK_TASK_RETURN_VALUE, DRV, 0, 5, 0);
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_request_longer_than_a_batch_asks_for_more)
{
    /* spec §8.11: the upcall comes only when the request is met; until then
     * the capsule asks the source for more words. */
    static const uint8_t expect[10] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2};
    struct rng_env e;
    rng_env_init(&e, 1);
    uint8_t *buf = rng_allow(&e.k, e.p[0], 16);
    fx_command(&e.k, e.p[0], DRV, 1, 10, 0);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 2), TK_ENTROPY_MORE);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 4), TK_ENTROPY_DONE);
    ck_assert_mem_eq(buf, expect, sizeof expect);
    fake_expect_upcall(e.p[0], TK_TASK_RETURN_VALUE, DRV, 0, 10, 0);
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_new_request_overwrites_the_previous_one)
{
    /* spec §8.11: a second cmd 1 replaces the first: one upcall, new size;
     * get() is not asked again while collecting. */
    struct rng_env e;
    rng_env_init(&e, 1);
    rng_allow(&e.k, e.p[0], 16);
    fx_command(&e.k, e.p[0], DRV, 1, 12, 0);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 3, 0));
    ck_assert_uint_eq(e.source.get_calls, 1);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 4), TK_ENTROPY_DONE);
    fake_expect_upcall(e.p[0], TK_TASK_RETURN_VALUE, DRV, 0, 3, 0);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_without_buffer_completes_with_zero_bytes)
{
    /* spec §8.11: bytes_filled = min(n, 0) = 0 when nothing is allowed. */
    struct rng_env e;
    rng_env_init(&e, 1);
    fx_command(&e.k, e.p[0], DRV, 1, 8, 0);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 4), TK_ENTROPY_DONE);
    ck_assert_uint_eq(e.source.words_pulled, 0);
    fake_expect_upcall(e.p[0], TK_TASK_RETURN_VALUE, DRV, 0, 0, 0);
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_buffer_swapped_for_shorter_one_ends_with_zero)
{
    /* spec §8.11 (RngDriver::randomness_available): a buffer shorter than
     * what was already filled ends the request with bytes_filled 0. */
    struct rng_env e;
    rng_env_init(&e, 1);
    rng_allow(&e.k, e.p[0], 16);
    fx_command(&e.k, e.p[0], DRV, 1, 16, 0);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 2), TK_ENTROPY_MORE);
    fx_allow_rw(&e.k, e.p[0], DRV, 0, fx_addr(e.p[0], BUF), 4);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 4), TK_ENTROPY_DONE);
    fake_expect_upcall(e.p[0], TK_TASK_RETURN_VALUE, DRV, 0, 0, 0);
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_zero_byte_request_never_completes)
{
    /* spec §8.11 (Tock RngDriver): n = 0 is S, but no upcall ever comes. */
    struct rng_env e;
    rng_env_init(&e, 1);
    rng_allow(&e.k, e.p[0], 8);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 0, 0));
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 4), TK_ENTROPY_DONE);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    ck_assert_uint_eq(e.source.words_pulled, 0);
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_requests_are_served_in_process_order)
{
    /* spec §8.11: each process has its own request; words go to the first
     * process (slot order) until it is satisfied, then to the next. */
    struct rng_env e;
    rng_env_init(&e, 2);
    uint8_t *one = rng_allow(&e.k, e.p[0], 4);
    uint8_t *two = rng_allow(&e.k, e.p[1], 4);
    fx_command(&e.k, e.p[1], DRV, 1, 4, 0);
    fx_command(&e.k, e.p[0], DRV, 1, 4, 0);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words, 1), TK_ENTROPY_MORE);
    ck_assert_uint_eq(one[0], 1);
    fake_expect_upcall(e.p[0], TK_TASK_RETURN_VALUE, DRV, 0, 4, 0);
    ck_assert_uint_eq(fx_task_count(e.p[1]), 0);
    ck_assert_int_eq(fake_entropy_deliver(&e.source, words + 1, 1), TK_ENTROPY_DONE);
    ck_assert_uint_eq(two[0], 5);
    fake_expect_upcall(e.p[1], TK_TASK_RETURN_VALUE, DRV, 0, 4, 0);
    rng_env_fini(&e);
}
END_TEST

START_TEST(rng_request_fails_nomem_when_grant_cannot_be_allocated)
{
    /* spec §8 intro, §10.42: cmd 1 enters the grant; no RAM -> NOMEM, and no
     * collection starts. */
    struct rng_env e;
    rng_env_init(&e, 1);
    fx_assert_success(fx_memop(&e.k, e.p[0], 0, e.p[0]->kernel_break));
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 4, 0), TK_NOMEM);
    ck_assert_uint_eq(e.source.get_calls, 0);
    rng_env_fini(&e);
}
END_TEST

/* ---- the model ---- */

/* Run a whole kernel + model + capsule with `seed`; one process makes
 * `count` requests of `sizes[i]` bytes (each <= 64) one after the other,
 * each completed before the next. `out` gets the bytes of every request,
 * concatenated; `words` (if not NULL) the words the model handed out. */
static void rng_model_run_requests(uint64_t seed, const size_t *sizes, size_t count, uint8_t *out,
                                   uint64_t *words)
{
    struct tk_kernel k;
    struct emu_rng model;
    struct tk_rng_driver rng;
    struct emu_rng_options o = {.seed_given = true, .seed = seed};

    fx_kernel_init(&k);
    emu_rng_init(&model, &k, &o);
    ck_assert_uint_eq(emu_rng_seed(&model), seed);
    tk_rng_driver_init(&rng, emu_rng_entropy(&model));
    ck_assert_int_eq(tk_kernel_add_driver(&k, &rng.driver), 0);
    struct tk_process *p = fx_process_new(&k, "app", 0);
    for (size_t r = 0; r < count; r++) {
        size_t n = sizes[r];
        uint8_t *buf = rng_allow(&k, p, n);
        fx_command(&k, p, DRV, 1, (uint32_t)n, 0);
        ck_assert_uint_eq(fx_task_count(p), 0); /* delivered later, not in the command */
        for (unsigned i = 0; i < 64 && fx_task_count(p) == 0; i++)
            fx_run_deferred(&k);
        fake_expect_upcall(p, TK_TASK_RETURN_VALUE, DRV, 0, (uint32_t)n, 0);
        memcpy(out, buf, n);
        out += n;
    }
    if (words != NULL)
        *words = model.words_delivered;
    emu_rng_fini(&model);
    fx_kernel_fini(&k);
}

/* One request of `n` bytes (n <= 64) into `out`. */
static void rng_model_run(uint64_t seed, size_t n, uint8_t *out)
{
    rng_model_run_requests(seed, &n, 1, out, NULL);
}

START_TEST(rng_model_same_seed_gives_same_bytes)
{
    /* spec §8.11 + architecture "Time": a fixed seed makes a run repeatable. */
    uint8_t a[64], b[64], c[64];
    rng_model_run(42, sizeof a, a);
    rng_model_run(42, sizeof b, b);
    rng_model_run(43, sizeof c, c);
    ck_assert_mem_eq(a, b, sizeof a);
    ck_assert(memcmp(a, c, sizeof a) != 0);
}
END_TEST

START_TEST(rng_model_bytes_do_not_depend_on_batch_boundaries)
{
    /* spec §8.11: bytes come from consecutive words; a request longer than
     * one delivery batch continues the same stream. */
    uint8_t small[4], large[64];
    rng_model_run(7, sizeof small, small);
    rng_model_run(7, sizeof large, large);
    ck_assert_mem_eq(small, large, sizeof small);

    /* emu/hw/rng.c: words are drawn only as the capsule pulls them, so the
     * stream does not restart at a batch (EMU_RNG_BATCH_WORDS = 8 words, 32
     * bytes). One 64-byte request takes words 0-7 and 8-15 in two batches;
     * 20 then 44 bytes take 0-4 from one batch (the rest of it is never
     * drawn), then 5-12 and 13-15: the same 64 bytes, split elsewhere.
     * Requests are whole words, as a request's unused last-word bytes are
     * dropped. */
    static const size_t one[] = {64}, split[] = {20, 44};
    uint8_t whole[64], parts[64];
    uint64_t whole_words = 0, parts_words = 0;
    rng_model_run_requests(7, one, 1, whole, &whole_words);
    rng_model_run_requests(7, split, 2, parts, &parts_words);
    ck_assert_mem_eq(parts, whole, sizeof whole);
    ck_assert_uint_eq(whole_words, 16);
    ck_assert_uint_eq(parts_words, 16);
    ck_assert_mem_eq(whole, large, sizeof large);
}
END_TEST

START_TEST(rng_model_without_seed_draws_one_and_reports_it)
{
    /* emu_rng.h: The seed drawn from the host is exposed so that a run can be repeated. */
    struct tk_kernel k;
    struct emu_rng a, b;
    fx_kernel_init(&k);
    emu_rng_init(&a, &k, NULL);
    struct emu_rng_options o = {.seed_given = true, .seed = emu_rng_seed(&a)};
    emu_rng_init(&b, &k, &o);
    for (int i = 0; i < 8; i++)
        ck_assert_uint_eq(g_rand_int(a.rand), g_rand_int(b.rand));
    /* Drawn, not fixed: another unseeded model gets another 64-bit seed (a
     * clash has odds of 2^-64). */
    struct emu_rng c;
    emu_rng_init(&c, &k, NULL);
    ck_assert_uint_ne(emu_rng_seed(&c), emu_rng_seed(&a));
    emu_rng_fini(&a);
    emu_rng_fini(&b);
    emu_rng_fini(&c);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(rng_model_cancel_stops_delivery)
{
    /* hil/entropy.h: after cancel() returns 0 no entropy_available comes. */
    struct tk_kernel k;
    struct emu_rng model;
    struct tk_rng_driver rng;
    struct emu_rng_options o = {.seed_given = true, .seed = 1};
    fx_kernel_init(&k);
    emu_rng_init(&model, &k, &o);
    tk_rng_driver_init(&rng, emu_rng_entropy(&model));
    ck_assert_int_eq(tk_kernel_add_driver(&k, &rng.driver), 0);
    struct tk_process *p = fx_process_new(&k, "app", 0);
    rng_allow(&k, p, 4);
    fx_command(&k, p, DRV, 1, 4, 0);
    ck_assert_int_eq(model.entropy.ops->cancel(&model.entropy), 0);
    fx_run_deferred(&k);
    ck_assert_uint_eq(fx_task_count(p), 0);
    ck_assert_uint_eq(model.words_delivered, 0);
    emu_rng_fini(&model);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(rng_seed_option_parses_decimal_and_names_bad_input)
{
    /* emu_rng.h: --seed N: decimal 0..2^64-1; anything else is an error naming it. */
    uint64_t seed = 0;
    struct emu_err err;
    ck_assert_int_eq(emu_rng_parse_seed("18446744073709551615", &seed, &err), 0);
    ck_assert_uint_eq(seed, UINT64_MAX);
    ck_assert_int_eq(emu_rng_parse_seed("12x", &seed, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "--seed 12x: expected a decimal number from 0 to "
                              "18446744073709551615");
    ck_assert_int_eq(emu_rng_parse_seed("-1", &seed, &err), -EINVAL);
    ck_assert_int_eq(emu_rng_parse_seed("18446744073709551616", &seed, &err), -EINVAL);
    ck_assert_uint_eq(seed, UINT64_MAX);
}
END_TEST

START_TEST(rng_option_group_sets_the_seed)
{
    /* emu_rng.h: The CLI's --seed reaches the model's options. */
    struct emu_rng_options o;
    emu_rng_options_init(&o);
    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_add_group(ctx, emu_rng_option_group(&o));
    char *argv_data[] = {"tockemu", "--seed", "1234", NULL};
    char **argv = argv_data;
    int argc = 3;
    GError *error = NULL;
    ck_assert(g_option_context_parse(ctx, &argc, &argv, &error));
    ck_assert(o.seed_given);
    ck_assert_uint_eq(o.seed, 1234);
    g_option_context_free(ctx);
}
END_TEST

Suite *rng_suite(void)
{
    Suite *s = suite_create("rng");
    TCase *tc = tcase_create("capsule");
    tcase_add_test(tc, rng_command0_succeeds);
    tcase_add_test(tc, rng_unknown_command_is_nosupport);
    tcase_add_test(tc, rng_request_fills_bytes_little_endian_then_upcalls);
    tcase_add_test(tc, rng_bytes_filled_is_min_of_request_and_buffer);
    tcase_add_test(tc, rng_request_longer_than_a_batch_asks_for_more);
    tcase_add_test(tc, rng_new_request_overwrites_the_previous_one);
    tcase_add_test(tc, rng_without_buffer_completes_with_zero_bytes);
    tcase_add_test(tc, rng_buffer_swapped_for_shorter_one_ends_with_zero);
    tcase_add_test(tc, rng_zero_byte_request_never_completes);
    tcase_add_test(tc, rng_requests_are_served_in_process_order);
    tcase_add_test(tc, rng_request_fails_nomem_when_grant_cannot_be_allocated);
    suite_add_tcase(s, tc);

    tc = tcase_create("model");
    tcase_add_test(tc, rng_model_same_seed_gives_same_bytes);
    tcase_add_test(tc, rng_model_bytes_do_not_depend_on_batch_boundaries);
    tcase_add_test(tc, rng_model_without_seed_draws_one_and_reports_it);
    tcase_add_test(tc, rng_model_cancel_stops_delivery);
    tcase_add_test(tc, rng_seed_option_parses_decimal_and_names_bad_input);
    tcase_add_test(tc, rng_option_group_sets_the_seed);
    suite_add_tcase(s, tc);
    return s;
}
