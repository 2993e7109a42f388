/* Ambient light driver 0x60002 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/ambient_light_syscalls.c
 * @497ea7cf.
 */
#include "libtock/sensors/syscalls/ambient_light_syscalls.h"

#include "lth-internal.h"

bool libtock_ambient_light_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_AMBIENT_LIGHT);
}

returncode_t libtock_ambient_light_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_AMBIENT_LIGHT, 0, callback, opaque);
}

returncode_t libtock_ambient_light_command_start_intensity_reading(void)
{
    return lth_command_novalue(DRIVER_NUM_AMBIENT_LIGHT, 1, 0, 0);
}
