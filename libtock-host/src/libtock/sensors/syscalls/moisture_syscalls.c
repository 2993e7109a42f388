/* Moisture driver 0x6000A syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/moisture_syscalls.c
 * @497ea7cf.
 */
#include "libtock/sensors/syscalls/moisture_syscalls.h"

#include "lth-internal.h"

bool libtock_moisture_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_MOISTURE);
}

returncode_t libtock_moisture_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_MOISTURE, 0, callback, opaque);
}

returncode_t libtock_moisture_command_read(void)
{
    return lth_command_novalue(DRIVER_NUM_MOISTURE, 1, 0, 0);
}
