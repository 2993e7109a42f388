/* DAC capsule (driver 0x6) over a fake DAC.
 *
 * Rules from tock/tock capsules/extra/src/dac.rs @65608d71: 0 and 1
 * succeed, 2 is the DAC's set_value, other commands NOSUPPORT; no grant,
 * so subscribe and allow fail NOMEM (spec §10.6).
 */
#include <check.h>

#include "dac.h"
#include "fake_hil.h"
#include "fixture.h"

#define DRV 0x6

struct fake_dac {
    struct tk_dac hil;
    uint32_t value;
    int result;
};

static int fake_set_value(struct tk_dac *dac, uint32_t value)
{
    struct fake_dac *f = dac->state;
    if (f->result == 0)
        f->value = value;
    return f->result;
}

static const struct tk_dac_ops fake_ops = {.set_value = fake_set_value};

struct dac_env {
    struct tk_kernel k;
    struct fake_dac dac;
    struct tk_dac_driver d;
    struct tk_process *p;
};

static void env_init(struct dac_env *e)
{
    fx_kernel_init(&e->k);
    e->dac = (struct fake_dac){.hil = {.ops = &fake_ops, .state = &e->dac}};
    tk_dac_driver_init(&e->d, &e->dac.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->d.driver), 0);
    e->p = fx_process_new(&e->k, "dac", 0);
}

START_TEST(dac_set_value_reaches_the_dac_and_its_error_comes_back)
{
    /* dac.rs: 0 S, 1 S (a no-op), 2 CommandReturn::from(set_value(data)). */
    struct dac_env e;
    env_init(&e);
    fx_assert_success(fx_command(&e.k, e.p, DRV, 0, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p, DRV, 1, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p, DRV, 2, 1023, 0));
    ck_assert_uint_eq(e.dac.value, 1023);
    e.dac.result = TK_BUSY;
    fx_assert_failure(fx_command(&e.k, e.p, DRV, 2, 5, 0), TK_BUSY);
    ck_assert_uint_eq(e.dac.value, 1023);
    fx_assert_failure(fx_command(&e.k, e.p, DRV, 3, 0, 0), TK_NOSUPPORT);
    fx_kernel_fini(&e.k);
}
END_TEST

START_TEST(dac_has_no_grant_so_subscribe_and_allow_fail_nomem)
{
    /* spec §10.6: a capsule without a grant -> NOMEM for subscribe and allow. */
    struct dac_env e;
    env_init(&e);
    struct tk_syscall_return r = fx_subscribe(&e.k, e.p, DRV, 0, fx_upcall_fn(e.p, 0), 0);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOMEM);
    r = fx_allow_rw(&e.k, e.p, DRV, 0, fx_addr(e.p, 0), 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOMEM);
    fx_kernel_fini(&e.k);
}
END_TEST

Suite *dac_suite(void)
{
    Suite *s = suite_create("dac");
    TCase *tc = tcase_create("dac");
    tcase_add_test(tc, dac_set_value_reaches_the_dac_and_its_error_comes_back);
    tcase_add_test(tc, dac_has_no_grant_so_subscribe_and_allow_fail_nomem);
    suite_add_tcase(s, tc);
    return s;
}
