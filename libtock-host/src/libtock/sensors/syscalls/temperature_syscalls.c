/* Temperature driver 0x60000 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/temperature_syscalls.c
 * @497ea7cf.
 */
#include "libtock/sensors/syscalls/temperature_syscalls.h"

#include "lth-internal.h"

bool libtock_temperature_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_TEMPERATURE);
}

returncode_t libtock_temperature_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_TEMPERATURE, 0, callback, opaque);
}

returncode_t libtock_temperature_command_read(void)
{
    return lth_command_novalue(DRIVER_NUM_TEMPERATURE, 1, 0, 0);
}
