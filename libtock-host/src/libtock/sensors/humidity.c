/* Humidity sensor API.
 *
 * Counterpart: tock/libtock-c libtock/sensors/humidity.c @497ea7cf.
 */
#include "libtock/sensors/humidity.h"

#include "libtock/sensors/syscalls/humidity_syscalls.h"

/* Upcall 0 is (value, 0, 0). */
static void humidity_upcall(int value, int unused1, int unused2, void *opaque)
{
    libtock_humidity_callback cb = (libtock_humidity_callback)opaque;
    (void)unused1;
    (void)unused2;
    cb(RETURNCODE_SUCCESS, (int)value);
}

bool libtock_humidity_exists(void)
{
    return libtock_humidity_driver_exists();
}

returncode_t libtock_humidity_read(libtock_humidity_callback cb)
{
    returncode_t ret = libtock_humidity_set_upcall(humidity_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_humidity_command_read();
}
