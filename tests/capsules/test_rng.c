/* RNG capsule (driver 0x40001) over a fake source, and the seeded RNG model.
 *
 * Spec §8.11; capsules/core/src/rng.rs.
 */
#include <check.h>
#include <string.h>

#include "capsules/rng.h"
#include "fake_hil.h"
#include "fixture.h"
#include "hw/emu_rng.h"

#define DRV TK_RNG_DRIVER_NUM
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

/* Allow `len` bytes at BUF of `p`, filled with 0xee, as RW buffer 0. */
static uint8_t *rng_allow(struct rng_env *e, struct tk_process *p, size_t len)
{
    uint8_t *buf = fx_ram(p, BUF);
    memset(buf, 0xee, 64);
    fx_assert_variant(fx_allow_rw(&e->k, p, DRV, 0, fx_addr(p, BUF), len), TK_RV_SUCCESS_U32_U32);
    return buf;
}

static const uint32_t words[] = {0x04030201, 0x08070605, 0x0c0b0a09, 0x100f0e0d};

START_TEST(rng_command0_succeeds)
{
    /* spec §8.11: cmd 0 is plain S. */
    struct rng_env e;
    rng_env_init(&e, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 0, 0, 0));
    rng_env_env_unused:
    rng_env_fini(&e);
}
END_TEST
