/* ADC capsule (driver 0x5) over a fake ADC, and the ADC model.
 *
 * Rules from tock/tock capsules/core/src/adc.rs @65608d71 (AdcDedicated):
 * one owner, single and continuous samples, upcalls 0 and 1 with (mode,
 * channel, sample).
 */
#include <check.h>
#include <string.h>

#include "adc.h"
#include "emu_adc.h"
#include "fake_hil.h"
#include "fixture.h"

#define DRV 0x5

struct fake_adc {
    struct tk_adc hil;
    unsigned samples, continuous, stops, channel;
    uint32_t frequency;
};

static int fake_sample(struct tk_adc *a, unsigned channel)
{
    struct fake_adc *f = a->state;
    f->samples++, f->channel = channel;
    return 0;
}

static int fake_continuous(struct tk_adc *a, unsigned channel, uint32_t frequency)
{
    struct fake_adc *f = a->state;
    f->continuous++, f->channel = channel, f->frequency = frequency;
    return frequency == 0 ? TK_INVAL : 0;
}

static int fake_stop(struct tk_adc *a)
{
    ((struct fake_adc *)a->state)->stops++;
    return 0;
}

static unsigned fake_bits(struct tk_adc *a)
{
    (void)a;
    return 12;
}

static unsigned fake_reference(struct tk_adc *a)
{
    (void)a;
    return 0;
}

static const struct tk_adc_ops fake_ops = {fake_sample, fake_continuous, fake_stop,
                                           fake_bits,   fake_reference,  NULL};

struct adc_env {
    struct tk_kernel k;
    struct fake_adc adc;
    struct tk_adc_driver d;
    struct tk_process *p[2];
};

static void env_init(struct adc_env *e)
{
    fx_kernel_init(&e->k);
    e->adc = (struct fake_adc){.hil = {.ops = &fake_ops, .state = &e->adc}};
    tk_adc_driver_init(&e->d, &e->adc.hil, 4);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->d.driver), 0);
    for (unsigned i = 0; i < 2; i++) {
        e->p[i] = fx_process_new(&e->k, i == 0 ? "one" : "two", 0);
        fx_subscribe(&e->k, e->p[i], DRV, 0, fx_upcall_fn(e->p[i], 0), 0);
    }
}

static void sample_ready(struct adc_env *e, uint16_t sample)
{
    e->d.client.sample_ready(&e->d.client, sample);
}

START_TEST(adc_facts_and_buffered_commands_without_buffers)
{
    /* adc.rs: 0 S32(channels); 101 S32(bits); 102 F(NOSUPPORT) with no
     * reference; 3, 4 without a buffer F(NOMEM); unknown F(NOSUPPORT). */
    struct adc_env e;
    env_init(&e);
    struct tk_syscall_return r = fx_command(&e.k, e.p[0], DRV, 0, 0, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq(r.reg[1], 4);
    r = fx_command(&e.k, e.p[0], DRV, 101, 0, 0);
    ck_assert_uint_eq(r.reg[1], 12);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 102, 0, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 3, 0, 10), TK_NOMEM);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 4, 0, 10), TK_NOMEM);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 9, 0, 0), TK_NOSUPPORT);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(adc_single_sample_upcalls_0_and_1)
{
    /* adc.rs: cmd 1 channel -> S; the sample goes to upcalls 0 and 1 as
     * (0 single, channel, sample); then the ADC is free again. */
    struct adc_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 3, 0));
    ck_assert_uint_eq(e.adc.channel, 3);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 2, 0), TK_BUSY);
    sample_ready(&e, 0x1230);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 0, 3, 0x1230);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 1); /* upcall 1, a null upcall */
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 2, 0));
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(adc_checks_channel_and_owner)
{
    /* adc.rs: a channel past the list -> F(INVAL); another process while
     * the owner samples -> F(NOMEM), even for command 0. */
    struct adc_env e;
    env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 4, 0), TK_INVAL);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 2, 1, 100));
    ck_assert_uint_eq(e.adc.frequency, 100);
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 0, 0, 0), TK_NOMEM);
    sample_ready(&e, 7);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 1, 1, 7);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 5, 0, 0));
    ck_assert_uint_eq(e.adc.stops, 1);
    /* Idle, but the owner is alive: still NOMEM for the other. */
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 0, 0, 0), TK_NOMEM);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(adc_failed_start_frees_the_adc)
{
    /* adc.rs: a continuous start the ADC refuses -> F(e), and the capsule
     * is idle again. */
    struct adc_env e;
    env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 2, 1, 0), TK_INVAL);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 1, 0));
    fx_kernel_fini(&e.k);
}
END_TEST

struct model_env {
    struct tk_kernel k;
    struct emu_adc m;
    struct tk_adc_client client;
    unsigned count;
    uint16_t last;
};

static void model_sample(struct tk_adc_client *c, uint16_t sample)
{
    struct model_env *e = (struct model_env *)((char *)c - offsetof(struct model_env, client));
    e->count++, e->last = sample;
}

START_TEST(adc_model_samples_scenario_codes_on_the_clock)
{
    /* emu_adc.h: 12-bit codes, left-justified; a single sample 10 us after
     * the request; continuous at the frequency; `adc CH CODE` lines. */
    struct emu_pins_options pins;
    struct emu_adc_options o;
    struct emu_err err;
    emu_pins_options_init(&pins);
    emu_adc_options_init(&o, &pins);
    ck_assert_int_eq(emu_pins_options_add_scenario(&pins, "s", "1ms adc 1 4095\n", &err), 0);
    ck_assert_int_eq(emu_pins_options_add_scenario(&pins, "s", "1ms adc 8 1\n", &err), -EINVAL);
    ck_assert_str_eq(err.msg, "s:1: expected 'TIME adc CHANNEL CODE', CHANNEL 0..7, CODE 0..4095");
    struct model_env e = {0};
    fx_kernel_init(&e.k);
    emu_adc_init(&e.m, &e.k, &o);
    e.client.sample_ready = model_sample;
    e.m.hil.client = &e.client;
    ck_assert_int_eq(e.m.hil.ops->sample(&e.m.hil, 1), 0);
    fx_advance(&e.k, EMU_ADC_LATENCY_NS);
    ck_assert_uint_eq(e.count, 1);
    ck_assert_uint_eq(e.last, 0);
    fx_advance(&e.k, 1000000);
    ck_assert_int_eq(e.m.hil.ops->sample_continuous(&e.m.hil, 1, 1000), 0);
    fx_advance(&e.k, 3000000);
    ck_assert_uint_eq(e.count, 4);
    ck_assert_uint_eq(e.last, 0xfff0);
    ck_assert_int_eq(e.m.hil.ops->sample_continuous(&e.m.hil, 1, 0), TK_INVAL);
    emu_adc_fini(&e.m);
    fx_kernel_fini(&e.k);
    emu_adc_options_fini(&o);
    emu_pins_options_fini(&pins);
}
END_TEST

struct buffered_env {
    struct tk_kernel k;
    struct emu_adc m;
    struct tk_adc_driver d;
    struct tk_process *p;
};

static void buffered_env_init(struct buffered_env *e)
{
    fx_kernel_init(&e->k);
    emu_adc_init(&e->m, &e->k, NULL);
    tk_adc_driver_init(&e->d, &e->m.hil, EMU_ADC_CHANNELS);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->d.driver), 0);
    e->p = fx_process_new(&e->k, "buffered", 0);
    for (unsigned n = 0; n < 2; n++)
        fx_subscribe(&e->k, e->p, DRV, n, fx_upcall_fn(e->p, n), 0);
    emu_adc_set(&e->m, 0, 3, 1000); /* channel 3 reads 1000 << 4 */
}

static void buffered_env_fini(struct buffered_env *e)
{
    emu_adc_fini(&e->m);
    fx_kernel_fini(&e->k);
}

/* Pop upcalls 0 and 1 of one full buffer and check them. */
static void expect_buffer_full(struct buffered_env *e, uint32_t mode, size_t samples, size_t offset,
                               uint32_t index)
{
    uint32_t len_chan = (uint32_t)samples << 8 | 3;
    fake_expect_upcall_on(e->p, DRV, 0, mode, len_chan, (uint32_t)(uintptr_t)fx_ram(e->p, offset));
    fake_expect_upcall_on(e->p, DRV, 1, mode, len_chan, index);
}

START_TEST(adc_single_buffer_fills_allow_0_then_stops)
{
    /* adc.rs sample_buffer: BUSY, INVAL, NOMEM without allow 0; len / 2
     * little-endian samples at the frequency, then upcalls 0 (2, n << 8 |
     * channel, address) and 1 (2, n << 8 | channel, 0); then idle. */
    struct buffered_env e;
    buffered_env_init(&e);
    fx_assert_failure(fx_command(&e.k, e.p, DRV, 3, 3, 1000), TK_NOMEM);
    uint8_t *buf = fx_ram(e.p, 512);
    memset(buf, 0xee, 8);
    fx_allow_rw(&e.k, e.p, DRV, 0, fx_addr(e.p, 512), 7); /* 3 samples, a byte spare */
    fx_assert_failure(fx_command(&e.k, e.p, DRV, 3, 8, 1000), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p, DRV, 3, 3, 0), TK_INVAL); /* the ADC's */
    fx_assert_success(fx_command(&e.k, e.p, DRV, 3, 3, 1000));
    fx_assert_failure(fx_command(&e.k, e.p, DRV, 1, 3, 0), TK_BUSY);
    fx_advance(&e.k, 2999999);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    fx_advance(&e.k, 1);
    expect_buffer_full(&e, TK_ADC_SINGLE_BUFFER, 3, 512, 0);
    const uint8_t samples[7] = {0x80, 0x3e, 0x80, 0x3e, 0x80, 0x3e, 0xee};
    ck_assert_mem_eq(buf, samples, 7);
    fx_assert_success(fx_command(&e.k, e.p, DRV, 1, 3, 0)); /* idle again */
    buffered_env_fini(&e);
}
END_TEST

START_TEST(adc_continuous_buffer_alternates_allows_in_128_sample_chunks)
{
    /* adc.rs sample_buffer_continuous: NOMEM unless both allows hold
     * bytes; allow 0 (300 samples: three kernel buffers' worth), then
     * allow 1, then allow 0 again, mode 3, until command 5. */
    struct buffered_env e;
    buffered_env_init(&e);
    fx_allow_rw(&e.k, e.p, DRV, 0, fx_addr(e.p, 0), 600);
    fx_assert_failure(fx_command(&e.k, e.p, DRV, 4, 3, 1000), TK_NOMEM);
    fx_allow_rw(&e.k, e.p, DRV, 1, fx_addr(e.p, 1024), 4);
    fx_assert_success(fx_command(&e.k, e.p, DRV, 4, 3, 1000));
    fx_advance(&e.k, 300000000ull - 1);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    fx_advance(&e.k, 1);
    expect_buffer_full(&e, TK_ADC_CONTINUOUS_BUFFER, 300, 0, 0);
    fx_advance(&e.k, 2000000);
    expect_buffer_full(&e, TK_ADC_CONTINUOUS_BUFFER, 2, 1024, 1);
    ck_assert_uint_eq(e.m.samples, 302);
    fx_assert_success(fx_command(&e.k, e.p, DRV, 5, 0, 0));
    fx_advance(&e.k, 400000000ull);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    ck_assert_uint_eq(e.m.samples, 302);
    buffered_env_fini(&e);
}
END_TEST

Suite *adc_suite(void)
{
    Suite *s = suite_create("adc");
    TCase *tc = tcase_create("adc");
    tcase_add_test(tc, adc_facts_and_buffered_commands_without_buffers);
    tcase_add_test(tc, adc_single_sample_upcalls_0_and_1);
    tcase_add_test(tc, adc_checks_channel_and_owner);
    tcase_add_test(tc, adc_failed_start_frees_the_adc);
    tcase_add_test(tc, adc_model_samples_scenario_codes_on_the_clock);
    tcase_add_test(tc, adc_single_buffer_fills_allow_0_then_stops);
    tcase_add_test(tc, adc_continuous_buffer_alternates_allows_in_128_sample_chunks);
    suite_add_tcase(s, tc);
    return s;
}
