/* RNG API: asynchronous random bytes with a completion callback.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/rng.c @497ea7cf.
 */
#include "libtock/peripherals/rng.h"

#include "libtock/peripherals/syscalls/rng_syscalls.h"

/* Upcall 0 is (0, bytes delivered, 0); the user's callback rides in userdata. */
static void rng_upcall(int unused1, int received, int unused2, void *userdata)
{
    libtock_rng_callback cb = (libtock_rng_callback)userdata;

    (void)unused1;
    (void)unused2;
    cb(RETURNCODE_SUCCESS, received);
}

bool libtock_rng_exists(void)
{
    return libtock_rng_driver_exists();
}

returncode_t libtock_rng_get_random_bytes(uint8_t *buf, uint32_t len, uint32_t num,
                                          libtock_rng_callback cb)
{
    returncode_t ret = libtock_rng_set_upcall(rng_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_rng_set_allow_readwrite(buf, len);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_rng_command_get_random(num);
}
