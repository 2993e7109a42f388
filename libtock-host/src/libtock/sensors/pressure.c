/* Pressure sensor API.
 *
 * Counterpart: tock/libtock-c libtock/sensors/pressure.c @497ea7cf.
 */
#include "libtock/sensors/pressure.h"

#include "libtock/sensors/syscalls/pressure_syscalls.h"

/* Upcall 0 is (value, 0, 0). */
static void pressure_upcall(int value, int unused1, int unused2, void *opaque)
{
    libtock_pressure_callback cb = (libtock_pressure_callback)opaque;
    (void)unused1;
    (void)unused2;
    cb(RETURNCODE_SUCCESS, (int)value);
}

bool libtock_pressure_exists(void)
{
    return libtock_pressure_driver_exists();
}

returncode_t libtock_pressure_read(libtock_pressure_callback cb)
{
    returncode_t ret = libtock_pressure_set_upcall(pressure_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_pressure_command_read();
}
