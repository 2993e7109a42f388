/* Rainfall driver 0x6000B syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/rainfall_syscalls.c
 * @497ea7cf.
 */
#include "libtock/sensors/syscalls/rainfall_syscalls.h"

#include "lth-internal.h"

bool libtock_rainfall_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_RAINFALL);
}

returncode_t libtock_rainfall_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_RAINFALL, 0, callback, opaque);
}

returncode_t libtock_rainfall_command_read(int hours)
{
    return lth_command_novalue(DRIVER_NUM_RAINFALL, 1, hours, 0);
}
