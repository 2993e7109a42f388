/* Humidity driver 0x60001 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/humidity_syscalls.c
 * @497ea7cf.
 */
#include "libtock/sensors/syscalls/humidity_syscalls.h"

#include "lth-internal.h"

bool libtock_humidity_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_HUMIDITY);
}

returncode_t libtock_humidity_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_HUMIDITY, 0, callback, opaque);
}

returncode_t libtock_humidity_command_read(void)
{
    return lth_command_novalue(DRIVER_NUM_HUMIDITY, 1, 0, 0);
}
