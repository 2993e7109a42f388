/* RNG driver 0x40001 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/syscalls/rng_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.11.
 */
#include "libtock/peripherals/syscalls/rng_syscalls.h"

#include "lth-internal.h"

enum { RNG_COMMAND_GET = 1 };

bool libtock_rng_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_RNG);
}

returncode_t libtock_rng_set_allow_readwrite(uint8_t *buf, uint32_t len)
{
    return lth_allow_rw(DRIVER_NUM_RNG, 0, buf, len);
}

returncode_t libtock_rng_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_RNG, 0, callback, opaque);
}

returncode_t libtock_rng_command_get_random(uint32_t num_bytes)
{
    return lth_command_novalue(DRIVER_NUM_RNG, RNG_COMMAND_GET, (int)num_bytes, 0);
}
