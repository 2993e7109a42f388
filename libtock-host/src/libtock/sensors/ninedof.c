/* Ninedof sensor API.
 *
 * Counterpart: tock/libtock-c libtock/sensors/ninedof.c @497ea7cf.
 */
#include "libtock/sensors/ninedof.h"

#include "libtock/sensors/syscalls/ninedof_syscalls.h"

static void ninedof_upcall(int x, int y, int z, void *opaque)
{
    libtock_ninedof_callback cb = (libtock_ninedof_callback)opaque;
    cb(RETURNCODE_SUCCESS, x, y, z);
}

bool libtock_ninedof_exists(void)
{
    return libtock_ninedof_driver_exists();
}

returncode_t libtock_ninedof_read_accelerometer(libtock_ninedof_callback cb)
{
    returncode_t ret = libtock_ninedof_set_upcall(ninedof_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_ninedof_command_start_accelerometer_reading();
}

returncode_t libtock_ninedof_read_magnetometer(libtock_ninedof_callback cb)
{
    returncode_t ret = libtock_ninedof_set_upcall(ninedof_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_ninedof_command_start_magnetometer_reading();
}

returncode_t libtock_ninedof_read_gyroscope(libtock_ninedof_callback cb)
{
    returncode_t ret = libtock_ninedof_set_upcall(ninedof_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_ninedof_command_start_gyroscope_reading();
}
