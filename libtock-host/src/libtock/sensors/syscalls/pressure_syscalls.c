/* Pressure driver 0x60008 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/pressure_syscalls.c
 * @497ea7cf.
 */
#include "libtock/sensors/syscalls/pressure_syscalls.h"

#include "lth-internal.h"

bool libtock_pressure_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_PRESSURE);
}

returncode_t libtock_pressure_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_PRESSURE, 0, callback, opaque);
}

returncode_t libtock_pressure_command_read(void)
{
    return lth_command_novalue(DRIVER_NUM_PRESSURE, 1, 0, 0);
}
