/* Rainfall sensor API.
 *
 * Counterpart: tock/libtock-c libtock/sensors/rainfall.c @497ea7cf.
 */
#include "libtock/sensors/rainfall.h"

#include "libtock/sensors/syscalls/rainfall_syscalls.h"

/* Upcall 0 is (status, value, 0). */
static void rainfall_upcall(int status, int value, int unused, void *opaque)
{
    libtock_rainfall_callback cb = (libtock_rainfall_callback)opaque;
    (void)unused;
    cb(tock_status_to_returncode((statuscode_t)status), (uint32_t)value);
}

bool libtock_rainfall_exists(void)
{
    return libtock_rainfall_driver_exists();
}

returncode_t libtock_rainfall_read(int hours, libtock_rainfall_callback cb)
{
    returncode_t ret = libtock_rainfall_set_upcall(rainfall_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_rainfall_command_read(hours);
}
