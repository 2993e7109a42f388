/* Temperature sensor API.
 *
 * Counterpart: tock/libtock-c libtock/sensors/temperature.c @497ea7cf.
 */
#include "libtock/sensors/temperature.h"

#include "libtock/sensors/syscalls/temperature_syscalls.h"

/* Upcall 0 is (value, 0, 0). */
static void temperature_upcall(int value, int unused1, int unused2, void *opaque)
{
    libtock_temperature_callback cb = (libtock_temperature_callback)opaque;
    (void)unused1;
    (void)unused2;
    cb(RETURNCODE_SUCCESS, (int)value);
}

bool libtock_temperature_exists(void)
{
    return libtock_temperature_driver_exists();
}

returncode_t libtock_temperature_read(libtock_temperature_callback cb)
{
    returncode_t ret = libtock_temperature_set_upcall(temperature_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_temperature_command_read();
}
