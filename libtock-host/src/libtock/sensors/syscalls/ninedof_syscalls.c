/* Ninedof driver 0x60004 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/ninedof_syscalls.c
 * @497ea7cf.
 */
#include "libtock/sensors/syscalls/ninedof_syscalls.h"

#include "lth-internal.h"

bool libtock_ninedof_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_NINEDOF);
}

returncode_t libtock_ninedof_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_NINEDOF, 0, callback, opaque);
}

returncode_t libtock_ninedof_command_start_accelerometer_reading(void)
{
    return lth_command_novalue(DRIVER_NUM_NINEDOF, 1, 0, 0);
}

returncode_t libtock_ninedof_command_start_magnetometer_reading(void)
{
    return lth_command_novalue(DRIVER_NUM_NINEDOF, 100, 0, 0);
}

returncode_t libtock_ninedof_command_start_gyroscope_reading(void)
{
    return lth_command_novalue(DRIVER_NUM_NINEDOF, 200, 0, 0);
}
