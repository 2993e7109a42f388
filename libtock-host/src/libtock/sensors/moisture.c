/* Moisture sensor API.
 *
 * Counterpart: tock/libtock-c libtock/sensors/moisture.c @497ea7cf.
 */
#include "libtock/sensors/moisture.h"

#include "libtock/sensors/syscalls/moisture_syscalls.h"

/* Upcall 0 is (status, value, 0). */
static void moisture_upcall(int status, int value, int unused, void *opaque)
{
    libtock_moisture_callback cb = (libtock_moisture_callback)opaque;
    (void)unused;
    cb(tock_status_to_returncode((statuscode_t)status), (int)value);
}

bool libtock_moisture_exists(void)
{
    return libtock_moisture_driver_exists();
}

returncode_t libtock_moisture_read(libtock_moisture_callback cb)
{
    returncode_t ret = libtock_moisture_set_upcall(moisture_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_moisture_command_read();
}
