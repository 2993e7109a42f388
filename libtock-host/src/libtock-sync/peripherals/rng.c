/* Blocking RNG: allow, command, Yield-WaitFor, un-allow.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/rng.c @497ea7cf.
 */
#include "libtock-sync/peripherals/rng.h"

#include "libtock-sync/peripherals/syscalls/rng_syscalls.h"

bool libtocksync_rng_exists(void)
{
    return libtock_rng_driver_exists();
}

returncode_t libtocksync_rng_get_random_bytes(uint8_t *buf, uint32_t len, uint32_t num,
                                              int *num_received)
{
    returncode_t ret = libtock_rng_set_allow_readwrite(buf, len);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_rng_command_get_random(num);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtocksync_rng_yield_wait_for(num_received);
    /* Hand the buffer back whatever happened. */
    libtock_rng_set_allow_readwrite(NULL, 0);
    return ret;
}
